service "checkout" {
  owner       = "team-checkout"
  description = "Baskets, orders and the order event stream"

  api "shop" {
    description    = "Public HTTP API of the web shop and the apps"
    type           = "http"
    throttle_rate  = 400
    throttle_burst = 800
  }

  function "place_order" {
    description  = "Stores the order and publishes OrderPlaced"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "8s"
    duration     = "90ms"
    duration_p99 = "400ms"
    concurrency  = 100
    idempotent   = true
    tracing      = true
    writes       = [database.orders]
    emits        = [topic.order_events]
    trigger {
      source = api.shop
      route  = "POST /orders"
    }
  }

  function "amend_order" {
    description  = "Changes items before the picking cut-off and publishes OrderAmended"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "8s"
    duration     = "80ms"
    duration_p99 = "350ms"
    concurrency  = 40
    idempotent   = true
    tracing      = true
    reads        = [database.orders]
    writes       = [database.orders]
    emits        = [topic.order_events]
    trigger {
      source = api.shop
      route  = "PUT /orders/{order_id}/items"
    }
  }

  database "orders" {
    description = "Orders and their line items"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "6KB"
  }

  # Standard topic: subscribers must cope with duplicates and with events
  # arriving out of order (they compare the order's version number).
  topic "order_events" {
    description = "OrderPlaced and OrderAmended, with event_type as a message attribute"
  }
}
