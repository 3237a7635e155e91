architecture "lessonly" {
  description = "Sign-up for an online course platform"
}

service "accounts" {
  owner = "team-accounts"

  api "public" {
    type          = "http"
    throttle_rate = 100
  }

  # Creates the account, then waits for the welcome email to be sent, one
  # after the other: billed for both, and nothing records which step ran
  # when it times out halfway.
  function "sign_up" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "10s"
    duration     = "30ms"
    duration_p99 = "100ms"
    concurrency  = 50
    tracing      = true
    calls        = [function.create_account, function.send_welcome]
    trigger {
      source = api.public
      route  = "POST /signups"
    }
  }

  function "create_account" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "3s"
    duration     = "80ms"
    duration_p99 = "300ms"
    concurrency  = 50
    tracing      = true
    writes       = [database.accounts]
  }

  function "send_welcome" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "3s"
    duration     = "250ms"
    duration_p99 = "900ms"
    concurrency  = 50
    tracing      = true
    calls        = [external.mailer]
  }

  database "accounts" {}

  external "mailer" {
    latency = "200ms"
  }
}
