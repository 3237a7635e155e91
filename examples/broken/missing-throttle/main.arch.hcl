architecture "letterbox" {
  description = "Newsletter sign-ups for a publisher"
}

service "audience" {
  owner = "team-audience"

  # Public and unthrottled: a bot hammering POST /subscribe can use the
  # account's whole regional API Gateway quota, which every other api of
  # the account shares.
  api "signup" {
    type = "http"
  }

  function "subscribe" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "5s"
    duration     = "40ms"
    duration_p99 = "150ms"
    concurrency  = 50
    writes       = [database.subscribers]
    trigger {
      source = api.signup
      route  = "POST /subscribe"
    }
  }

  database "subscribers" {
    engine = "dynamodb"
  }
}
