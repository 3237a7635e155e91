service "quotes" {
  owner       = "team-quotes"
  description = "Collects, ranks and caches insurance quotes"

  api "public" {
    description    = "HTTP API of the comparison site"
    type           = "http"
    timeout        = "30s"
    throttle_rate  = 20
    throttle_burst = 40
  }

  # The aggregator. Its calls run in parallel in the code; archie adds them
  # up, so the timeout below covers even the sequential worst case.
  function "compare_quotes" {
    description     = "Asks every insurer for a price, ranks the answers, caches them"
    runtime         = "nodejs20.x"
    arch            = "arm64"
    memory          = 1024
    timeout         = "22s"
    duration        = "150ms"
    duration_p99    = "600ms"
    concurrency     = 60
    tracing         = true
    call_retries    = 1
    circuit_breaker = true # an open breaker drops that insurer from the list
    calls = [
      external.northwind_mutual,
      external.harbor_insurance,
      external.greenline_direct,
      external.atlas_motor,
    ]
    reads  = [database.quote_cache]
    writes = [database.quote_cache]
    emits  = [queue.quote_leads]
    trigger {
      source = api.public
      route  = "POST /quotes"
    }
  }

  function "get_quote" {
    description  = "Reloads a saved comparison from the cache (valid 30 days)"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "25ms"
    duration_p99 = "120ms"
    concurrency  = 30
    tracing      = true
    reads        = [database.quote_cache]
    trigger {
      source = api.public
      route  = "GET /quotes/{quote_id}"
    }
  }

  database "quote_cache" {
    description = "Quotes by risk fingerprint, with a 30-day TTL"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "8KB"
  }

  external "northwind_mutual" {
    description     = "Northwind Mutual rating API"
    latency         = "800ms"
    latency_p99     = "2500ms"
    error_rate      = 0.01
    rate_limit      = 40
    max_concurrency = 40
  }

  external "harbor_insurance" {
    description     = "Harbor Insurance rating API, SOAP behind a REST shim"
    latency         = "1200ms"
    latency_p99     = "3s"
    error_rate      = 0.02
    max_concurrency = 30
  }

  external "greenline_direct" {
    description = "Greenline Direct quote API"
    latency     = "350ms"
    latency_p99 = "1200ms"
    error_rate  = 0.005
    rate_limit  = 100
  }

  external "atlas_motor" {
    description = "Atlas Motor broker API"
    latency     = "600ms"
    latency_p99 = "2s"
    error_rate  = 0.01
    rate_limit  = 50
  }
}
