architecture "threadline" {
  description = "Storefront of a clothing retailer, stock from the warehouse system"
}

service "storefront" {
  owner = "team-storefront"

  api "shop" {
    type          = "http"
    throttle_rate = 400
  }

  # Three routes wait on the warehouse system. Checkout protects itself
  # with a circuit breaker; browse and cart do not, so when the warehouse
  # is down they hold every request until their own timeout.
  function "browse" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "5s"
    duration     = "60ms"
    duration_p99 = "300ms"
    concurrency  = 100
    calls        = [external.warehouse]
    trigger {
      source = api.shop
      route  = "GET /products"
    }
  }

  function "cart" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "5s"
    duration     = "50ms"
    duration_p99 = "250ms"
    concurrency  = 100
    calls        = [external.warehouse]
    trigger {
      source = api.shop
      route  = "POST /cart"
    }
  }

  function "checkout" {
    runtime         = "nodejs20.x"
    memory          = 512
    timeout         = "8s"
    duration        = "120ms"
    duration_p99    = "600ms"
    concurrency     = 50
    circuit_breaker = true
    calls           = [external.warehouse]
    trigger {
      source = api.shop
      route  = "POST /checkout"
    }
  }
}

service "warehouse" {
  owner = "team-logistics"

  external "warehouse" {
    description = "Stock levels from the warehouse management system"
    latency     = "120ms"
    latency_p99 = "900ms"
  }
}
