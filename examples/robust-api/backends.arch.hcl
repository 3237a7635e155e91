service "flights" {
  owner       = "team-flights"
  description = "Flight search over the global distribution system"

  function "search_flights" {
    description     = "Searches fares, caching answers for popular routes for 5 minutes"
    runtime         = "python3.12"
    arch            = "arm64"
    memory          = 1024
    timeout         = "15s"
    duration        = "180ms"
    duration_p99    = "800ms"
    concurrency     = 800
    tracing         = true
    call_retries    = 1
    circuit_breaker = true # serve stale cache when the GDS is failing
    calls           = [external.flight_gds]
    reads           = [database.fare_cache]
    writes          = [database.fare_cache]
    trigger {
      source = api.travel
      route  = "GET /flights/search"
    }
  }

  external "flight_gds" {
    description     = "Global distribution system, billed per search"
    latency         = "900ms"
    latency_p99     = "4s"
    distribution    = "lognormal"
    error_rate      = 0.01
    rate_limit      = 800
    max_concurrency = 800
  }

  database "fare_cache" {
    description = "Search results with a 5-minute TTL"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "24KB"
  }
}

service "stays" {
  owner       = "team-stays"
  description = "Hotel search and booking, a Spring Boot service on Fargate"

  container "stays_service" {
    description  = "Hotel catalogue, availability and bookings"
    cpu          = 1
    memory       = 2048
    tasks        = 3
    max_tasks    = 10
    concurrency  = 300 # 10 tasks x 30 worker threads
    timeout      = "25s"
    duration     = "120ms"
    duration_p99 = "900ms"
    tracing      = true
    reads        = [database.stays]
    writes       = [database.stays]
    trigger {
      source = api.travel
      route  = "ANY /stays/{proxy+}"
    }
  }

  database "stays" {
    description     = "Hotels, rooms and bookings"
    engine          = "aurora"
    max_connections = 400
    item_size       = "2KB"
  }
}
