architecture "tillpoint" {
  description = "Card payments at checkout"
}

service "checkout" {
  owner = "team-checkout"

  api "storefront" {
    type          = "http"
    throttle_rate = 200
  }

  # Retries the authorisation twice: three 5 s attempts do not fit in the
  # 10 s checkout, so checkout times out before its last retry ends.
  function "checkout" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "10s"
    duration     = "120ms"
    duration_p99 = "400ms"
    concurrency  = 100
    tracing      = true
    call_retries = 2
    calls        = [function.authorize]
    trigger {
      source = api.storefront
      route  = "POST /checkout"
    }
  }
}

service "payments" {
  owner = "team-payments"

  function "authorize" {
    runtime      = "nodejs20.x"
    memory       = 256
    timeout      = "5s"
    duration     = "60ms"
    duration_p99 = "200ms"
    concurrency  = 100
    tracing      = true
    calls        = [external.card_gateway]
  }

  external "card_gateway" {
    latency     = "350ms"
    latency_p99 = "1200ms"
  }
}
