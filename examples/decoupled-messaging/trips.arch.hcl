service "trips" {
  owner       = "team-trips"
  description = "Trip lifecycle as seen by the driver app"

  api "mobile" {
    description    = "HTTP API behind the rider and driver apps"
    type           = "http"
    throttle_rate  = 800
    throttle_burst = 1500
  }

  function "complete_trip" {
    description  = "Closes the trip, computes the fare and queues the charge"
    runtime      = "java21"
    memory       = 1024
    timeout      = "8s"
    duration     = "120ms"
    duration_p99 = "600ms"
    cold_start   = "900ms" # java21 with SnapStart off
    concurrency  = 200
    idempotent   = true
    tracing      = true
    reads        = [database.trips]
    writes       = [database.trips]
    emits        = [queue.trip_billing]
    trigger {
      source = api.mobile
      route  = "POST /trips/{trip_id}/complete"
    }
  }

  function "cancel_trip" {
    description  = "Cancels a trip and queues a cancellation fee when one is due"
    runtime      = "java21"
    memory       = 1024
    timeout      = "8s"
    duration     = "90ms"
    duration_p99 = "450ms"
    concurrency  = 50
    idempotent   = true
    tracing      = true
    reads        = [database.trips]
    writes       = [database.trips]
    emits        = [queue.trip_billing]
    trigger {
      source = api.mobile
      route  = "POST /trips/{trip_id}/cancel"
    }
  }

  database "trips" {
    description = "Trip state, route summary and fare breakdown"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "4KB"
  }
}
