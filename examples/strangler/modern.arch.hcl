service "orders" {
  owner       = "team-orders"
  description = "Ticket orders, the first route taken from the monolith"

  function "create_order" {
    description  = "Reserves seats and stores the order in the new orders table"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 1024
    timeout      = "10s"
    duration     = "120ms"
    duration_p99 = "600ms"
    concurrency  = 200
    provisioned  = 50 # on-sale spikes come at a known time
    idempotent   = true
    tracing      = true
    reads        = [database.orders]
    writes       = [database.orders]
    emits        = [queue.legacy_sync]
    trigger {
      source = api.facade
      route  = "POST /orders"
    }
  }

  database "orders" {
    description = "Orders and seat reservations, owned by the new service"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "2KB"
  }

  # Anti-corruption layer: reports and refunds still live in the monolith, so
  # new orders are pushed to its internal API, never into its database.
  queue "legacy_sync" {
    description        = "Orders to copy into the monolith"
    visibility_timeout = "5m" # 6 x 45s timeout + 10s batch window = 280s
    retention          = "4d"
    dead_letter        = queue.legacy_sync_dlq
    max_receive_count  = 8
  }

  queue "legacy_sync_dlq" {
    description = "Orders the monolith rejected"
    retention   = "14d"
  }

  function "sync_to_legacy" {
    description     = "Posts each new order to the monolith's internal orders endpoint"
    runtime         = "nodejs20.x"
    arch            = "arm64"
    memory          = 256
    timeout         = "45s" # must outlast the monolith's own 28s limit
    duration        = "40ms"
    duration_p99    = "200ms"
    idempotent      = true # the monolith upserts on the new order id
    tracing         = true
    circuit_breaker = true
    calls           = [container.monolith]
    trigger {
      source                 = queue.legacy_sync
      batch_size             = 5
      batch_window           = "10s"
      max_concurrency        = 3 # a few connections out of the monolith's 120
      partial_batch_response = true
    }
  }
}

service "discovery" {
  owner       = "team-discovery"
  description = "Event pages, a read model fed by the monolith's events"

  function "get_event" {
    description  = "Event page: dates, venue, price bands, availability"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 512
    timeout      = "5s"
    duration     = "30ms"
    duration_p99 = "150ms"
    concurrency  = 150
    tracing      = true
    reads        = [database.event_catalog]
    trigger {
      source = api.facade
      route  = "GET /events/{event_id}"
    }
  }

  function "project_event" {
    description  = "Keeps the catalogue in step with the monolith's events"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "10s"
    duration     = "50ms"
    duration_p99 = "250ms"
    idempotent   = true # skips events older than the stored version
    tracing      = true
    retries      = 2
    on_failure   = queue.project_event_dlq
    writes       = [database.event_catalog]
    trigger {
      source      = bus.boxoffice_events
      pattern     = "{\"source\": [\"boxoffice.monolith\"], \"detail-type\": [\"EventCreated\", \"EventUpdated\"]}"
      retries     = 20
      dead_letter = queue.project_event_dlq
    }
  }

  queue "project_event_dlq" {
    description = "Events that could not be delivered to, or processed by, the projector"
    retention   = "14d"
  }

  database "event_catalog" {
    description = "Denormalised event pages"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "12KB"
  }
}
