architecture "skyscan" {
  description = "Flight fare comparison over three airlines' APIs"
}

pattern "aggregator" "fares" {
  aggregator = function.compare_fares
  sources    = [external.northjet, external.bluewing, external.coastair]
}

service "fares" {
  owner = "team-fares"

  api "public" {
    type          = "http"
    throttle_rate = 50
  }

  # Traced, but no retries and no circuit breaker: one airline's blip fails
  # the whole comparison, and an airline that is down makes every search
  # wait for its full latency.
  function "compare_fares" {
    runtime      = "python3.12"
    memory       = 1024
    timeout      = "12s"
    duration     = "200ms"
    duration_p99 = "800ms"
    concurrency  = 30
    tracing      = true
    calls        = [external.northjet, external.bluewing, external.coastair]
    trigger {
      source = api.public
      route  = "GET /fares"
    }
  }

  external "northjet" {
    latency     = "700ms"
    latency_p99 = "3s"
  }

  external "bluewing" {
    latency     = "500ms"
    latency_p99 = "2500ms"
  }

  external "coastair" {
    latency     = "900ms"
    latency_p99 = "3500ms"
  }
}
