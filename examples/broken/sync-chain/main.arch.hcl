architecture "storefront" {
  description = "Checkout that prices a cart synchronously"
}

service "checkout" {
  owner = "team-checkout"

  api "storefront" {
    type          = "http"
    throttle_rate = 300
  }

  function "checkout" {
    runtime     = "nodejs20.x"
    memory      = 512
    timeout     = "25s"
    concurrency = 100
    tracing     = true
    calls       = [function.price]
    trigger {
      source = api.storefront
      route  = "POST /checkout"
    }
  }

  # price waits on tax, which waits on the rates service: three compute
  # hops, each billed while it waits.
  function "price" {
    runtime = "nodejs20.x"
    memory  = 256
    timeout = "10s"
    tracing = true
    calls   = [function.tax]
  }

  function "tax" {
    runtime = "nodejs20.x"
    memory  = 256
    timeout = "5s"
    tracing = true
    calls   = [external.tax_rates]
  }

  external "tax_rates" {
    latency = "150ms"
  }
}
