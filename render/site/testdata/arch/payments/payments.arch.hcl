service "payments" {
  owner       = "team-payments"
  description = "Takes card payments; see `payments.md` for the <script>alert(1)</script> runbook"

  api "public" {
    type          = "http"
    throttle_rate = 200
  }

  # No reserved concurrency: a burst opens more connections than the
  # ledger accepts.
  function "record_payment" {
    runtime    = "java21"
    memory     = 1024
    timeout    = "10s"
    idempotent = true
    writes     = [database.ledger]
    emits      = [queue.settlements]
    trigger {
      source = api.public
      route  = "POST /payments"
    }
  }

  function "balance" {
    runtime     = "java21"
    memory      = 512
    timeout     = "5s"
    concurrency = 10
    calls       = [external.bank]
    trigger {
      source = api.public
      route  = "GET /balance"
    }
  }

  database "ledger" {
    engine          = "postgres"
    max_connections = 100
  }

  queue "settlements" {
    visibility_timeout = "2m"
    retention          = "14d"
    dead_letter        = queue.settlements_dlq
  }
}

service "settlement" {
  owner = "team-settlement"

  queue "settlements_dlq" {
    retention = "14d"
  }

  # The queue was meant to level the load on the bank's API, but its
  # consumer scales without a limit.
  function "settle" {
    runtime    = "java21"
    memory     = 1024
    timeout    = "20s"
    idempotent = true
    calls      = [external.bank]
    trigger {
      source     = queue.settlements
      batch_size = 1
    }
  }

  external "bank" {
    latency    = "400ms"
    rate_limit = 50
  }
}
