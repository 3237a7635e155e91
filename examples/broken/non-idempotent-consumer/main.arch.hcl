architecture "parcelpost" {
  description = "Receipts for online orders"
}

service "orders" {
  owner = "team-orders"

  api "public" {
    type          = "http"
    throttle_rate = 300
  }

  function "place_order" {
    runtime      = "go1.x"
    memory       = 256
    timeout      = "5s"
    duration     = "40ms"
    duration_p99 = "150ms"
    concurrency  = 100
    writes       = [database.orders]
    emits        = [topic.order_placed]
    trigger {
      source = api.public
      route  = "POST /orders"
    }
  }

  database "orders" {}

  topic "order_placed" {}
}

service "notifications" {
  owner = "team-notifications"

  # SNS delivers at least once: a duplicate delivery sends the customer a
  # second receipt, and nothing here says the handler guards against it.
  function "send_receipt" {
    runtime      = "go1.x"
    memory       = 256
    timeout      = "10s"
    duration     = "300ms"
    duration_p99 = "1s"
    concurrency  = 20
    calls        = [external.mailer]
    trigger {
      source      = topic.order_placed
      dead_letter = queue.receipts_dlq
    }
  }

  queue "receipts_dlq" {
    retention = "14d"
  }

  external "mailer" {
    latency    = "250ms"
    rate_limit = 50
  }
}
