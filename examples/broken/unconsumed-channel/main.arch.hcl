architecture "bookshelf" {
  description = "Orders for an online bookshop"
}

service "orders" {
  owner = "team-orders"

  api "shop" {
    type          = "http"
    throttle_rate = 300
  }

  function "ship_order" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "10s"
    duration     = "80ms"
    duration_p99 = "400ms"
    concurrency  = 50
    writes       = [database.orders]
    emits        = [topic.order_shipped]
    trigger {
      source = api.shop
      route  = "POST /orders/{id}/ship"
    }
  }

  database "orders" {
    engine = "dynamodb"
  }

  # The notification service that used to subscribe was retired; nothing
  # subscribes any more, so SNS drops every "order shipped" event.
  topic "order_shipped" {}
}
