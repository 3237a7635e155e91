service "fulfilment" {
  owner       = "team-warehouse"
  description = "Turns orders into pick lists for the dark stores"

  function "build_pick_list" {
    description  = "Groups the items by aisle for the picker's handheld"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "30s"
    duration     = "250ms"
    duration_p99 = "1200ms"
    idempotent   = true # upsert keyed by order id and version
    tracing      = true
    retries      = 2
    on_failure   = queue.pick_list_dlq
    writes       = [database.pick_lists]
    trigger {
      source      = topic.order_events
      dead_letter = queue.pick_list_dlq
    }
  }

  database "pick_lists" {
    description = "Pick lists per store and delivery slot"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "4KB"
  }

  queue "pick_list_dlq" {
    description = "Undeliverable or failed order events; an alarm pages the warehouse on-call"
    retention   = "14d"
  }
}

service "notifications" {
  owner       = "team-crm"
  description = "Customer messages by SMS and push"

  function "send_order_sms" {
    description     = "Texts the confirmation and the delivery slot"
    runtime         = "nodejs20.x"
    arch            = "arm64"
    memory          = 256
    timeout         = "10s"
    duration        = "60ms"
    duration_p99    = "250ms"
    concurrency     = 60 # the SMS provider allows 200 requests/s on our plan
    idempotent      = true
    tracing         = true
    call_retries    = 1
    circuit_breaker = true
    retries         = 2
    on_failure      = queue.sms_dlq
    calls           = [external.sms_provider]
    trigger {
      source      = topic.order_events
      filter      = "{\"event_type\": [\"OrderPlaced\"], \"sms_opt_in\": [\"true\"]}"
      dead_letter = queue.sms_dlq
    }
  }

  external "sms_provider" {
    description = "SMS gateway"
    latency     = "250ms"
    latency_p99 = "1500ms"
    error_rate  = 0.005
    rate_limit  = 200
  }

  queue "sms_dlq" {
    description = "Messages that could not be sent"
    retention   = "14d"
  }
}

service "loyalty" {
  owner       = "team-loyalty"
  description = "Points for every euro spent"

  function "accrue_points" {
    description  = "Adds pending points for the order; confirmed on delivery"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "10s"
    duration     = "40ms"
    duration_p99 = "200ms"
    idempotent   = true # conditional write on order id
    tracing      = true
    retries      = 2
    on_failure   = queue.points_dlq
    writes       = [database.points_ledger]
    trigger {
      source      = topic.order_events
      filter      = "{\"event_type\": [\"OrderPlaced\", \"OrderAmended\"]}"
      dead_letter = queue.points_dlq
    }
  }

  database "points_ledger" {
    description = "Append-only ledger of point movements"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "1KB"
  }

  queue "points_dlq" {
    description = "Order events the loyalty service failed to book"
    retention   = "14d"
  }
}
