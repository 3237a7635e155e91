architecture "ledgerly" {
  description = "Finance exports behind an HTTP API"
}

service "reporting" {
  owner = "team-finance-tools"

  api "public" {
    type          = "http"
    throttle_rate = 50
  }

  # Builds the whole CSV while the client waits: fine for a month of data,
  # not for a year. The HTTP API gives up after 30 s; the function goes on
  # for up to two minutes with nobody waiting for the file.
  function "export_report" {
    runtime      = "python3.12"
    memory       = 1024
    timeout      = "2m"
    duration     = "8s"
    duration_p99 = "70s"
    concurrency  = 20
    tracing      = true
    reads        = [database.ledger]
    writes       = [bucket.exports]
    trigger {
      source = api.public
      route  = "POST /exports"
    }
  }

  database "ledger" {}

  bucket "exports" {}
}
