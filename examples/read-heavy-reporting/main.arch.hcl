# Perkly: a coalition loyalty programme. Members earn and spend points at
# partner shops a few dozen times a second, but read their balance, tier
# ranking and activity thousands of times a second. Writes go to one
# ledger table; its change stream feeds three read models, each shaped for
# one screen of the app.

architecture "perkly-loyalty" {
  description         = "Loyalty points ledger with read models built from its change stream"
  region              = "ap-southeast-2"
  account_concurrency = 1000
}

pattern "read_heavy_reporting" "member_views" {
  source = database.ledger
  projectors = [
    function.project_balances,
    function.project_leaderboard,
    function.project_activity,
  ]
  views = [
    database.member_balances,
    database.tier_leaderboard,
    database.activity_index,
  ]
}

workload "app_opens" {
  entry    = api.loyalty
  route    = "GET /members/{member_id}/balance"
  rate     = 450
  arrival  = "poisson"
  duration = "30m"
  monthly  = 900000000
  payload  = "1KB"

  # the monthly "double points" push notification
  burst {
    at   = "10m"
    rate = 1500
    for  = "5m"
  }
}

workload "till_transactions" {
  entry    = api.loyalty
  route    = "POST /members/{member_id}/earn"
  rate     = 35
  arrival  = "poisson"
  duration = "30m"
  monthly  = 70000000
  payload  = "1KB"
}
