architecture "cartwheel" {
  description = "Checkout that prices the cart through the pricing service"
}

service "checkout" {
  owner = "team-checkout"

  api "store" {
    type          = "http"
    throttle_rate = 200
  }

  # Two compute hops on one request and neither is traced: a slow checkout
  # cannot be pinned on checkout or on pricing.
  function "checkout" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "10s"
    duration     = "100ms"
    duration_p99 = "500ms"
    concurrency  = 60
    calls        = [function.price_cart]
    writes       = [database.orders]
    trigger {
      source = api.store
      route  = "POST /checkout"
    }
  }

  database "orders" {
    engine = "dynamodb"
  }
}

service "pricing" {
  owner = "team-pricing"

  function "price_cart" {
    runtime      = "nodejs20.x"
    memory       = 256
    timeout      = "3s"
    duration     = "40ms"
    duration_p99 = "200ms"
    concurrency  = 60
    reads        = [database.prices]
  }

  database "prices" {
    engine = "dynamodb"
  }
}
