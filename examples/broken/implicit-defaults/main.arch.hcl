architecture "tidy" {
  description = "Nightly clean-up of expired shopping carts"
}

service "carts" {
  owner = "team-carts"

  database "carts" {
    engine = "dynamodb"
  }

  # No memory and no timeout: it runs with 128 MB and 3 seconds, which
  # nobody chose and which a growing table will outgrow.
  function "purge_expired_carts" {
    runtime    = "nodejs20.x"
    idempotent = true
    reads      = [database.carts]
    writes     = [database.carts]
    trigger {
      source      = "schedule"
      schedule    = "cron(0 3 * * ? *)"
      dead_letter = queue.purge_failures
    }
  }

  queue "purge_failures" {
    retention = "14d"
  }
}
