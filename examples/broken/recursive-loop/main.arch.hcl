architecture "cartwheel" {
  description = "Order table with derived fields kept up to date"
}

service "orders" {
  owner = "team-orders"

  api "public" {
    type          = "http"
    throttle_rate = 300
  }

  function "place_order" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "5s"
    duration     = "50ms"
    duration_p99 = "200ms"
    concurrency  = 100
    writes       = [database.orders]
    trigger {
      source = api.public
      route  = "POST /orders"
    }
  }

  database "orders" {
    stream = true
  }

  # Recomputes the order total and writes it back to the same table: the
  # write is a new change on the stream, which invokes the function again.
  # Lambda does not detect loops through DynamoDB streams.
  function "compute_totals" {
    runtime      = "nodejs20.x"
    memory       = 256
    timeout      = "10s"
    duration     = "30ms"
    duration_p99 = "100ms"
    concurrency  = 10
    idempotent   = true
    reads        = [database.orders]
    writes       = [database.orders]
    trigger {
      source                 = database.orders
      max_retries            = 3
      bisect_on_error        = true
      partial_batch_response = true
      on_failure             = queue.failed_totals
    }
  }

  queue "failed_totals" {
    retention = "14d"
  }
}
