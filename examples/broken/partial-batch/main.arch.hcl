architecture "mailroom" {
  description = "Transactional email behind an event bus"
}

service "email" {
  owner = "team-messaging"

  api "accounts" {
    type          = "http"
    throttle_rate = 100
  }

  function "reset_password" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "5s"
    duration     = "40ms"
    duration_p99 = "150ms"
    concurrency  = 20
    emits        = [bus.events]
    trigger {
      source = api.accounts
      route  = "POST /password-resets"
    }
  }

  bus "events" {}

  queue "outbound" {
    visibility_timeout = "2m" # 6 x the 20s timeout
    dead_letter        = queue.outbound_dlq
    trigger {
      source      = bus.events
      dead_letter = queue.outbound_dlq # events EventBridge could not deliver
      pattern = {
        detail-type = ["EmailRequested"]
      }
    }
  }

  queue "outbound_dlq" {
    retention = "14d"
  }

  # Sends ten emails per invocation. One bounce fails the batch, and the
  # nine that went out are sent again.
  function "send_email" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "20s"
    duration     = "1s"
    duration_p99 = "4s"
    concurrency  = 10
    idempotent   = true # the provider deduplicates on message id for 24 h
    calls        = [external.email_provider]
    trigger {
      source = queue.outbound
    }
  }

  external "email_provider" {
    latency    = "150ms"
    rate_limit = 100
  }
}
