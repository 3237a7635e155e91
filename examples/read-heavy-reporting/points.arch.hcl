service "points" {
  owner       = "team-loyalty-core"
  description = "The ledger: the only place points are earned or spent"

  api "loyalty" {
    description    = "Public HTTP API for the member app and partner tills"
    type           = "http"
    timeout        = "30s"
    throttle_rate  = 2000
    throttle_burst = 4000
  }

  function "earn_points" {
    description  = "Books points for a purchase at a partner shop"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 512
    timeout      = "6s"
    duration     = "50ms"
    duration_p99 = "250ms"
    concurrency  = 80
    idempotent   = true # keyed by partner transaction id
    tracing      = true
    writes       = [database.ledger]
    trigger {
      source = api.loyalty
      route  = "POST /members/{member_id}/earn"
    }
  }

  # Spending must see every earlier movement, so it sums the ledger with a
  # consistent read instead of trusting the eventually consistent balance view.
  function "redeem_points" {
    description  = "Spends points after a consistent check of the member's ledger"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 512
    timeout      = "6s"
    duration     = "70ms"
    duration_p99 = "350ms"
    concurrency  = 40
    idempotent   = true
    tracing      = true
    reads        = [database.ledger]
    writes       = [database.ledger]
    trigger {
      source = api.loyalty
      route  = "POST /members/{member_id}/redeem"
    }
  }

  database "ledger" {
    description      = "Append-only point movements, partitioned by member"
    engine           = "dynamodb"
    capacity         = "on_demand"
    consistent_reads = true
    stream           = true
    item_size        = "1KB"
  }
}
