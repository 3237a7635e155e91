service "ordering" {
  owner       = "team-ordering"
  description = "Takes, shows and cancels customer orders"

  api "storefront" {
    description    = "Public HTTP API used by the iOS and Android apps"
    type           = "http"
    timeout        = "30s"
    throttle_rate  = 300
    throttle_burst = 600
  }

  function "place_order" {
    description  = "Checks the basket against the signed price list from get_menu and stores the order"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 512
    timeout      = "6s"
    duration     = "70ms"
    duration_p99 = "300ms"
    concurrency  = 120
    idempotent   = true # clients send an Idempotency-Key header
    tracing      = true
    writes       = [database.orders]
    trigger {
      source = api.storefront
      route  = "POST /orders"
    }
  }

  function "get_order" {
    description  = "Returns one order and its preparation status"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "3s"
    duration     = "25ms"
    duration_p99 = "120ms"
    concurrency  = 80
    tracing      = true
    reads        = [database.orders]
    trigger {
      source = api.storefront
      route  = "GET /orders/{order_id}"
    }
  }

  function "cancel_order" {
    description  = "Cancels an order that the barista has not started yet"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "45ms"
    duration_p99 = "200ms"
    concurrency  = 30
    idempotent   = true
    tracing      = true
    reads        = [database.orders]
    writes       = [database.orders]
    trigger {
      source = api.storefront
      route  = "DELETE /orders/{order_id}"
    }
  }

  function "list_customer_orders" {
    description  = "Order history for the signed-in customer, newest first"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "60ms"
    duration_p99 = "250ms"
    concurrency  = 40
    tracing      = true
    reads        = [database.orders]
    trigger {
      source = api.storefront
      route  = "GET /customers/{customer_id}/orders"
    }
  }

  database "orders" {
    description = "Orders keyed by order id, with a customer_id index"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "3KB"
  }
}
