architecture "shop" {
  description = "Orders and billing sharing one table"
}

service "orders" {
  owner = "team-orders"

  api "public" {
    throttle_rate = 100
  }

  function "place_order" {
    runtime     = "python3.12"
    memory      = 256
    timeout     = "5s"
    concurrency = 50
    writes      = [database.orders]
    trigger {
      source = api.public
      route  = "POST /orders"
    }
  }

  database "orders" {}
}

service "billing" {
  owner = "team-billing"

  # Billing marks orders as paid in the orders team's table.
  function "mark_paid" {
    runtime     = "python3.12"
    memory      = 256
    timeout     = "5s"
    concurrency = 20
    idempotent  = true
    writes      = [database.orders]
    trigger {
      source      = "schedule"
      schedule    = "rate(5 minutes)"
      dead_letter = queue.billing_failures
    }
  }

  queue "billing_failures" {
    retention = "14d"
  }
}

service "reporting" {
  owner = "team-data"

  # Reporting reads the orders table directly instead of consuming events.
  function "daily_revenue" {
    runtime     = "python3.12"
    memory      = 512
    timeout     = "60s"
    concurrency = 1
    reads       = [database.orders]
    idempotent  = true
    trigger {
      source      = "schedule"
      schedule    = "cron(0 6 * * ? *)"
      dead_letter = queue.reporting_failures
    }
  }

  queue "reporting_failures" {
    retention = "14d"
  }
}
