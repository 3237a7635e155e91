# Hopper: a ride-hailing platform. When a trip ends, the trips service puts a
# billing message on a FIFO queue and moves on; billing charges the rider at
# its own pace, with no shared tables between the two teams.

architecture "hopper-trip-billing" {
  description         = "Ride-hailing trip completion and rider billing"
  region              = "us-east-1"
  account_concurrency = 1000
}

pattern "decoupled_messaging" "trip_billing" {
  channel   = queue.trip_billing
  producers = [function.complete_trip, function.cancel_trip]
  consumers = [function.charge_rider]
}

workload "friday_night" {
  entry    = api.mobile
  route    = "POST /trips/{trip_id}/complete"
  rate     = 60
  arrival  = "poisson"
  duration = "1h"
  monthly  = 95000000
  payload  = "1KB"

  # bars closing: a wave of short trips ending at once
  burst {
    at   = "30m"
    rate = 350
    for  = "10m"
  }
}
