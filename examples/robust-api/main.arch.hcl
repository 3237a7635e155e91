# Wayfarer: a travel booking site. One REST API is the only door for the web
# and mobile clients; behind it, flights, stays and accounts are owned and
# released by different teams, and one route goes straight to a partner.

architecture "wayfarer-gateway" {
  description         = "Single public API in front of the travel booking services"
  region              = "us-west-2"
  account_concurrency = 1000
}

pattern "robust_api" "travel_gateway" {
  api = api.travel
  backends = [
    function.search_flights,
    container.stays_service,
    function.get_profile,
    function.update_profile,
    external.car_hire_partner,
  ]
}

workload "summer_sale" {
  entry    = api.travel
  route    = "GET /flights/search"
  rate     = 120
  arrival  = "poisson"
  duration = "30m"
  monthly  = 210000000
  payload  = "1KB"

  # sale announced in the newsletter
  burst {
    at   = "5m"
    rate = 600
    for  = "3m"
  }
}

workload "hotel_browsing" {
  entry    = api.travel
  route    = "ANY /stays/{proxy+}"
  rate     = 80
  arrival  = "poisson"
  duration = "30m"
  payload  = "2KB"
}
