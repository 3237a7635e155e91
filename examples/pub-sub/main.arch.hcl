# Basketful: online grocery delivery. Checkout publishes order events on one
# SNS topic; the warehouse, customer notifications and loyalty teams each
# subscribe with their own function, their own data and their own DLQ.

architecture "basketful-order-events" {
  description         = "Grocery delivery order events, fanned out to three teams"
  region              = "eu-central-1"
  account_concurrency = 1000
}

pattern "pub_sub" "order_events" {
  topic      = topic.order_events
  publishers = [function.place_order, function.amend_order]
  subscribers = [
    function.build_pick_list,
    function.send_order_sms,
    function.accrue_points,
  ]
}

workload "saturday_morning" {
  entry    = api.shop
  route    = "POST /orders"
  rate     = 20
  arrival  = "poisson"
  duration = "1h"
  monthly  = 26000000
  payload  = "6KB"

  # weekly shop booked when the delivery slots open
  burst {
    at   = "15m"
    rate = 120
    for  = "10m"
  }
}
