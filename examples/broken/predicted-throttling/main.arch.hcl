architecture "order-texts" {
  description = "Texts a confirmation for every order placed"
}

service "notifications" {
  owner = "team-notifications"

  topic "orders" {}

  # Capped at 15 for an SMS plan of 20 requests a second, while orders
  # arrive at 20 a second and 120 in the rush: Lambda throttles the
  # asynchronous events, retries them, and dead-letters what is left.
  function "send_sms" {
    runtime         = "nodejs20.x"
    memory          = 256
    timeout         = "10s"
    duration        = "60ms"
    concurrency     = 15
    idempotent      = true
    tracing         = true
    circuit_breaker = true
    retries         = 2
    on_failure      = queue.sms_dlq
    calls           = [external.sms_provider]
    trigger {
      source      = topic.orders
      dead_letter = queue.sms_dlq
    }
  }

  external "sms_provider" {
    latency    = "250ms"
    rate_limit = 20
  }

  queue "sms_dlq" {
    retention = "14d"
  }
}

workload "rush" {
  entry    = topic.orders
  rate     = 20
  duration = "30m"

  burst {
    at   = "10m"
    rate = 120
    for  = "5m"
  }
}
