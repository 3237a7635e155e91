service "reporting" {
  owner       = "team-loyalty-insights"
  description = "Read models of the ledger and the routes that serve them"

  # --- projectors: one per view, each fed by the ledger's change stream ---

  function "project_balances" {
    description  = "Keeps one balance item per member"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "30s"
    duration     = "150ms" # a batch of up to 100 records
    duration_p99 = "800ms"
    idempotent   = true # applies a movement only if its sequence is newer
    tracing      = true
    writes       = [database.member_balances]
    trigger {
      source                 = database.ledger
      batch_size             = 100
      parallelization        = 2
      bisect_on_error        = true
      max_retries            = 3
      max_record_age         = "1h"
      partial_batch_response = true
      on_failure             = queue.projection_failures
    }
  }

  function "project_leaderboard" {
    description  = "Updates the per-tier sorted sets of points earned this month"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "30s"
    duration     = "100ms"
    duration_p99 = "600ms"
    concurrency  = 10 # Redis connections are the scarce resource
    idempotent   = true
    tracing      = true
    writes       = [database.tier_leaderboard]
    trigger {
      source                 = database.ledger
      batch_size             = 200
      bisect_on_error        = true
      max_retries            = 3
      max_record_age         = "1h"
      partial_batch_response = true
      on_failure             = queue.projection_failures
    }
  }

  function "project_activity" {
    description  = "Indexes movements with the partner's name for the activity search"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "60s"
    duration     = "400ms"
    duration_p99 = "2s"
    concurrency  = 10   # the search domain is sized for a steady bulk rate
    idempotent   = true # document id = ledger movement id
    tracing      = true
    writes       = [database.activity_index]
    trigger {
      source                 = database.ledger
      batch_size             = 500
      bisect_on_error        = true
      max_retries            = 2
      max_record_age         = "6h"
      partial_batch_response = true
      on_failure             = queue.projection_failures
    }
  }

  queue "projection_failures" {
    description = "Stream records a projector gave up on; replayed after a fix"
    retention   = "14d"
  }

  # --- views ---

  database "member_balances" {
    description = "Balance, tier and expiring points per member"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "1KB"
  }

  database "tier_leaderboard" {
    description     = "ElastiCache Redis sorted sets, one per tier and month"
    engine          = "redis"
    max_connections = 2000
  }

  database "activity_index" {
    description = "OpenSearch index of point movements, searchable by partner and date"
    engine      = "opensearch"
    item_size   = "2KB"
  }

  # --- query routes ---

  function "get_balance" {
    description  = "The app's home screen: balance and tier"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "3s"
    duration     = "15ms"
    duration_p99 = "80ms"
    concurrency  = 200
    provisioned  = 20
    tracing      = true
    reads        = [database.member_balances]
    trigger {
      source = api.loyalty
      route  = "GET /members/{member_id}/balance"
    }
  }

  function "get_leaderboard" {
    description  = "Top members of a tier this month"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "3s"
    duration     = "10ms"
    duration_p99 = "60ms"
    concurrency  = 60
    tracing      = true
    reads        = [database.tier_leaderboard]
    trigger {
      source = api.loyalty
      route  = "GET /leaderboards/{tier}"
    }
  }

  function "search_activity" {
    description  = "A member's point movements, filtered by partner or date"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "5s"
    duration     = "60ms"
    duration_p99 = "400ms"
    concurrency  = 40
    tracing      = true
    reads        = [database.activity_index]
    trigger {
      source = api.loyalty
      route  = "GET /members/{member_id}/activity"
    }
  }
}
