architecture "crewstart" {
  description = "Employee onboarding workflow"
}

# The payroll step was moved out of the workflow into an event handler,
# but the pattern still lists it: the orchestrator no longer calls it.
pattern "orchestration" "onboarding" {
  orchestrator = state_machine.onboard
  steps        = [function.create_account, function.order_laptop, function.enroll_payroll]
}

service "onboarding" {
  owner = "team-people-platform"

  # Internal API the HR system calls when a hire is signed.
  api "people" {
    type   = "rest"
    public = false
  }

  state_machine "onboard" {
    type    = "standard"
    tracing = true
    calls   = [function.create_account, function.order_laptop]
    trigger {
      source = api.people
      route  = "POST /hires"
    }
  }

  function "create_account" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "30s"
    duration     = "500ms"
    duration_p99 = "3s"
    concurrency  = 10
    tracing      = true
    emits        = [bus.account_events]
  }

  function "order_laptop" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "30s"
    duration     = "800ms"
    duration_p99 = "5s"
    concurrency  = 10
    tracing      = true
  }

  bus "account_events" {}

  function "enroll_payroll" {
    runtime      = "python3.12"
    memory       = 256
    timeout      = "30s"
    duration     = "600ms"
    duration_p99 = "4s"
    concurrency  = 10
    idempotent   = true
    trigger {
      source      = bus.account_events
      pattern     = { "detail-type" = ["AccountCreated"] }
      dead_letter = queue.payroll_failures
    }
  }

  queue "payroll_failures" {
    retention = "14d"
  }
}
