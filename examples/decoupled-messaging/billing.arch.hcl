service "billing" {
  owner       = "team-payments"
  description = "Charges riders and keeps the receipts"

  # FIFO with the rider id as message group: a rider's charges are taken in
  # order, and the content-based deduplication drops a resent trip.
  queue "trip_billing" {
    description        = "One message per fare or cancellation fee to charge"
    fifo               = true
    visibility_timeout = "3m" # 6 x charge_rider's 25s timeout = 150s, rounded up
    retention          = "4d"
    dead_letter        = queue.trip_billing_dlq
    max_receive_count  = 5
  }

  queue "trip_billing_dlq" {
    description = "Charges that failed five times; replayed by on-call after a fix"
    fifo        = true
    retention   = "14d"
  }

  function "charge_rider" {
    description     = "Charges the rider's stored card and records the receipt"
    runtime         = "java21"
    memory          = 1024
    timeout         = "25s"
    duration        = "150ms"
    duration_p99    = "700ms"
    concurrency     = 25
    idempotent      = true # the trip id is the payment provider's idempotency key
    tracing         = true
    call_retries    = 1
    circuit_breaker = true
    calls           = [external.payment_gateway]
    writes          = [database.charges]
    trigger {
      source                 = queue.trip_billing
      batch_size             = 5
      max_concurrency        = 20
      partial_batch_response = true
    }
  }

  function "get_receipt" {
    description  = "Receipt for a finished trip, shown in the rider app"
    runtime      = "java21"
    memory       = 512
    timeout      = "5s"
    duration     = "40ms"
    duration_p99 = "180ms"
    concurrency  = 60
    tracing      = true
    reads        = [database.charges]
    trigger {
      source = api.mobile
      route  = "GET /trips/{trip_id}/receipt"
    }
  }

  external "payment_gateway" {
    description     = "Card payment provider; contract allows 100 requests/s"
    latency         = "350ms"
    latency_p99     = "2s"
    error_rate      = 0.002
    rate_limit      = 100
    max_concurrency = 40
  }

  database "charges" {
    description = "Charges and receipts by trip id"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "2KB"
  }
}
