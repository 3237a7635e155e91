service "onboarding" {
  owner       = "team-it-operations"
  description = "Gets every new hire ready for day one"

  # Standard workflow: it can wait, it keeps a history per hire, and it
  # retries each step twice before the Catch path opens a helpdesk ticket.
  state_machine "onboard_employee" {
    description  = "Runs the onboarding steps for one hire; execution name = employee id"
    type         = "standard"
    timeout      = "24h"
    transitions  = 14
    idempotent   = true # a duplicate EmployeeHired hits the same execution name
    tracing      = true
    call_retries = 2
    calls = [
      function.create_accounts,
      function.order_laptop,
      function.enroll_payroll,
      function.book_orientation,
      function.send_welcome,
    ]
    writes = [database.onboarding_cases] # direct DynamoDB integration, no function
    trigger {
      source      = bus.people_events
      pattern     = "{\"source\": [\"hris\"], \"detail-type\": [\"EmployeeHired\"]}"
      retries     = 20
      dead_letter = queue.onboarding_start_dlq
    }
  }

  queue "onboarding_start_dlq" {
    description = "Hires whose workflow EventBridge could not start"
    retention   = "14d"
  }

  database "onboarding_cases" {
    description = "One item per hire: step statuses, laptop order, accounts created"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "4KB"
  }

  # --- the steps ---

  function "create_accounts" {
    description  = "Creates the directory user, mailbox and default groups"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 256
    timeout      = "30s"
    duration     = "300ms"
    duration_p99 = "1500ms"
    concurrency  = 5 # the identity provider allows 10 admin calls/s
    idempotent   = true
    tracing      = true
    calls        = [external.identity_provider]
  }

  function "order_laptop" {
    description  = "Places the laptop order matching the role's hardware profile"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 256
    timeout      = "60s"
    duration     = "200ms"
    duration_p99 = "1s"
    concurrency  = 10
    idempotent   = true # the employee id is the order reference
    tracing      = true
    calls        = [external.device_procurement]
  }

  function "enroll_payroll" {
    description  = "Creates the payroll record with salary and bank details"
    runtime      = "java21"
    memory       = 512
    timeout      = "30s"
    duration     = "250ms"
    duration_p99 = "1200ms"
    concurrency  = 8
    idempotent   = true
    tracing      = true
    calls        = [external.payroll_provider]
  }

  function "book_orientation" {
    description  = "Books a seat in the first orientation session after the start date"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 256
    timeout      = "10s"
    duration     = "60ms"
    duration_p99 = "300ms"
    concurrency  = 5
    idempotent   = true
    tracing      = true
    reads        = [database.orientation_sessions]
    writes       = [database.orientation_sessions]
  }

  database "orientation_sessions" {
    description = "Sessions, rooms and seats left"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "2KB"
  }

  function "send_welcome" {
    description  = "Sends the day-one email with accounts, laptop pickup and session"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 256
    timeout      = "15s"
    duration     = "80ms"
    duration_p99 = "400ms"
    concurrency  = 5
    idempotent   = true
    tracing      = true
    calls        = [external.email_service]
  }

  # --- outside systems ---

  external "identity_provider" {
    description = "Workforce identity provider admin API"
    latency     = "400ms"
    latency_p99 = "3s"
    error_rate  = 0.01
    rate_limit  = 10
  }

  external "device_procurement" {
    description     = "Laptop vendor's ordering API"
    latency         = "2s"
    latency_p99     = "12s"
    error_rate      = 0.03
    max_concurrency = 12
  }

  external "payroll_provider" {
    description = "Payroll provider's employee API"
    latency     = "800ms"
    latency_p99 = "5s"
    error_rate  = 0.02
    rate_limit  = 10
  }

  external "email_service" {
    description = "Transactional email service"
    latency     = "150ms"
    latency_p99 = "800ms"
    error_rate  = 0.001
    rate_limit  = 14
  }
}
