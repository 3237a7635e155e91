service "edge" {
  owner       = "team-platform"
  description = "The public API: routing, auth, throttling, versioning"

  api "travel" {
    description    = "REST API with a Cognito authorizer and usage plans per client"
    type           = "rest"
    timeout        = "29s"
    throttle_rate  = 1000
    throttle_burst = 2000
  }

  # Car hire is resold from a partner: an HTTP proxy integration, no code of ours.
  external "car_hire_partner" {
    description     = "Partner's car hire API, reached through an HTTP proxy route"
    latency         = "400ms"
    latency_p99     = "2500ms"
    error_rate      = 0.01
    rate_limit      = 50
    max_concurrency = 50
    trigger {
      source = api.travel
      route  = "ANY /cars/{proxy+}"
    }
  }
}

service "accounts" {
  owner       = "team-identity"
  description = "Traveller profiles and preferences"

  function "get_profile" {
    description  = "Profile, loyalty number and saved travellers"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "30ms"
    duration_p99 = "150ms"
    concurrency  = 80
    tracing      = true
    reads        = [database.profiles]
    trigger {
      source = api.travel
      route  = "GET /me"
    }
  }

  function "update_profile" {
    description  = "Edits the profile; the client sends the version it read"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "50ms"
    duration_p99 = "220ms"
    concurrency  = 20
    idempotent   = true
    tracing      = true
    writes       = [database.profiles]
    trigger {
      source = api.travel
      route  = "PUT /me"
    }
  }

  database "profiles" {
    description = "One item per traveller"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "3KB"
  }
}
