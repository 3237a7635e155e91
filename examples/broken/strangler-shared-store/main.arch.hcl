architecture "boxoffice" {
  description = "Ticketing monolith, orders being moved to a new service"
}

pattern "strangler" "orders_migration" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.place_order]
}

service "ticketing" {
  owner = "team-ticketing"

  api "edge" {
    type          = "alb"
    throttle_rate = 300
  }

  container "monolith" {
    description = "The PHP ticketing app, still serving everything but orders"
    cpu         = 1
    memory      = 2048
    tasks       = 4
    timeout     = "30s"
    concurrency = 200
    writes      = [database.shop]
    trigger {
      source = api.edge
      route  = "/*"
    }
  }

  # The new order service writes straight into the monolith's MySQL
  # schema: it inherits its tables, and the old database can never go.
  function "place_order" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "10s"
    duration     = "90ms"
    duration_p99 = "500ms"
    concurrency  = 40
    writes       = [database.shop]
    trigger {
      source = api.edge
      route  = "/orders/*"
    }
  }

  database "shop" {
    engine          = "mysql"
    max_connections = 300
  }
}
