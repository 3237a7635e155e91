architecture "fleetpulse" {
  description = "Telemetry from delivery vans"
}

service "telemetry" {
  owner = "team-fleet"

  api "ingest" {
    type          = "rest"
    throttle_rate = 2000
  }

  # The API writes readings straight into the stream.
  stream "readings" {
    shards = 4
    trigger {
      source = api.ingest
    }
  }

  # Retries a failing batch until its records expire (24 h): one malformed
  # reading stops its shard for a day. on_failure is never reached.
  function "aggregate" {
    runtime      = "python3.12"
    memory       = 512
    timeout      = "30s"
    duration     = "400ms"
    duration_p99 = "2s"
    concurrency  = 8
    idempotent   = true # per-minute buckets are overwritten, not added to
    writes       = [database.van_minutes]
    trigger {
      source                 = stream.readings
      batch_size             = 200
      partial_batch_response = true
      on_failure             = queue.failed_readings
    }
  }

  queue "failed_readings" {
    retention = "14d"
  }

  database "van_minutes" {}
}
