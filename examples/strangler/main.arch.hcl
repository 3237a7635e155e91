# Boxoffice: a concert ticketing monolith being strangled. The HTTP API in
# front keeps every URL the clients know; routes move one by one from the
# Rails monolith to new services that own their own data.

architecture "boxoffice-migration" {
  description         = "Ticketing monolith migrating to serverless services behind a facade"
  region              = "us-east-1"
  account_concurrency = 1000
}

pattern "strangler" "boxoffice" {
  facade = api.facade
  legacy = container.monolith
  modern = [function.create_order, function.get_event]
}

workload "on_sale" {
  entry    = api.facade
  route    = "POST /orders"
  rate     = 40
  arrival  = "poisson"
  duration = "30m"
  monthly  = 30000000
  payload  = "2KB"

  # a stadium tour goes on sale at 10:00
  burst {
    at   = "10m"
    rate = 400
    for  = "2m"
  }
}

workload "everything_else" {
  entry    = api.facade
  route    = "ANY /{proxy+}"
  rate     = 60
  arrival  = "poisson"
  duration = "30m"
  payload  = "4KB"
}
