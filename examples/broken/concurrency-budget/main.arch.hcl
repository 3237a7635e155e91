# Each team reserved what it needed; together the reservations leave less
# than the 100 unreserved concurrent executions Lambda keeps for everyone
# else, and the last deployment fails.
architecture "gamenight" {
  description         = "Matchmaking and scores for a mobile game"
  account_concurrency = 1000
}

service "play" {
  owner = "team-play"

  api "public" {
    type          = "http"
    throttle_rate = 2000
  }

  function "matchmake" {
    runtime      = "nodejs20.x"
    memory       = 512
    timeout      = "5s"
    duration     = "60ms"
    duration_p99 = "250ms"
    concurrency  = 500
    reads        = [database.players]
    trigger {
      source = api.public
      route  = "POST /matches"
    }
  }

  function "submit_score" {
    runtime      = "nodejs20.x"
    memory       = 256
    timeout      = "3s"
    duration     = "20ms"
    duration_p99 = "80ms"
    concurrency  = 300
    writes       = [database.players]
    trigger {
      source = api.public
      route  = "POST /scores"
    }
  }

  function "leaderboard" {
    runtime      = "nodejs20.x"
    memory       = 256
    timeout      = "3s"
    duration     = "15ms"
    duration_p99 = "60ms"
    concurrency  = 200
    reads        = [database.players]
    trigger {
      source = api.public
      route  = "GET /leaderboard"
    }
  }

  database "players" {}
}
