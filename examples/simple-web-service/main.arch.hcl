# Brewline: the ordering API behind a chain of coffee shops' mobile app.
# Every route maps to one small function; data lives in DynamoDB.

architecture "brewline" {
  description         = "Mobile ordering API for a chain of coffee shops"
  region              = "eu-west-1"
  account_concurrency = 1000
}

pattern "simple_web_service" "storefront" {
  api = api.storefront
  handlers = [
    function.place_order,
    function.get_order,
    function.cancel_order,
    function.list_customer_orders,
    function.get_menu,
    function.update_menu,
  ]
  database = database.orders
}

workload "morning_rush" {
  entry    = api.storefront
  route    = "POST /orders"
  rate     = 25
  arrival  = "poisson"
  duration = "30m"
  monthly  = 18000000
  payload  = "2KB"

  # the 8:00 commuter wave
  burst {
    at   = "10m"
    rate = 140
    for  = "5m"
  }
}

workload "menu_browsing" {
  entry    = api.storefront
  route    = "GET /stores/{store_id}/menu"
  rate     = 90
  arrival  = "poisson"
  duration = "30m"
  monthly  = 120000000
  payload  = "1KB"
}
