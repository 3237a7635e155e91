architecture "roomfinder" {
  description = "Hotel availability search"
}

service "search" {
  owner = "team-search"

  api "public" {
    type          = "http"
    throttle_rate = 200
  }

  # 900 ms of its own work at p99, then two partner calls tried twice each:
  # 0.9 + 2 x 1.8 + 2 x 2.2 = 8.9 s in the slow case, against 6 s. Each
  # call alone fits; together they do not.
  function "search_rooms" {
    runtime      = "java21"
    memory       = 1024
    timeout      = "6s"
    duration     = "250ms"
    duration_p99 = "900ms"
    concurrency  = 40
    call_retries = 1
    calls        = [external.rates_api, external.reviews_api]
    trigger {
      source = api.public
      route  = "GET /rooms"
    }
  }

  external "rates_api" {
    latency     = "400ms"
    latency_p99 = "1800ms"
  }

  external "reviews_api" {
    latency     = "300ms"
    latency_p99 = "2200ms"
  }
}
