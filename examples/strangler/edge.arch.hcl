service "edge" {
  owner       = "team-platform"
  description = "The facade: every client request enters here"

  api "facade" {
    description    = "HTTP API; the catch-all route still goes to the monolith"
    type           = "http"
    timeout        = "30s"
    throttle_rate  = 600
    throttle_burst = 1200
  }
}

service "legacy" {
  owner       = "team-boxoffice-core"
  description = "The Rails monolith, shrinking with every migrated route"

  container "monolith" {
    description  = "Rails app on Fargate: venues, accounts, refunds, admin"
    cpu          = 2
    memory       = 4096
    tasks        = 6
    max_tasks    = 6
    concurrency  = 120 # 6 tasks x 20 Puma threads
    timeout      = "28s"
    duration     = "180ms"
    duration_p99 = "2s"
    tracing      = true
    reads        = [database.legacy_db]
    writes       = [database.legacy_db]
    emits        = [bus.boxoffice_events] # outbox relay: EventCreated, EventUpdated
    trigger {
      source = api.facade
      route  = "ANY /{proxy+}"
    }
  }

  database "legacy_db" {
    description     = "The monolith's PostgreSQL; nothing new reads or writes it"
    engine          = "postgres"
    max_connections = 300
    item_size       = "2KB"
  }

  bus "boxoffice_events" {
    description = "Domain events published by the monolith for the new services"
  }
}
