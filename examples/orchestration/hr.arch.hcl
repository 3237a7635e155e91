service "hr-integration" {
  owner       = "team-people-systems"
  description = "Turns HR system webhooks into people events"

  api "hr_webhooks" {
    description    = "REST API; only the HR vendor's IP ranges may call it"
    type           = "rest"
    timeout        = "29s"
    throttle_rate  = 10
    throttle_burst = 20
  }

  function "receive_hire" {
    description  = "Verifies the webhook signature and publishes EmployeeHired"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "40ms"
    duration_p99 = "200ms"
    concurrency  = 5
    idempotent   = true # the HR system resends webhooks it thinks were lost
    tracing      = true
    emits        = [bus.people_events]
    trigger {
      source = api.hr_webhooks
      route  = "POST /webhooks/hris"
    }
  }

  bus "people_events" {
    description = "EmployeeHired, EmployeeLeft, RoleChanged"
  }
}
