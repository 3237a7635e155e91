# Crewstart: employee onboarding for a retailer with 40,000 staff. The HR system
# announces each hire; a Step Functions state machine then runs the steps in
# order (accounts, laptop, payroll, orientation, welcome mail), with retries
# and a record of where every hire stands. No function waits on another.

architecture "crewstart-onboarding" {
  description         = "New-hire onboarding workflow orchestrated by Step Functions"
  region              = "us-east-1"
  account_concurrency = 1000
}

pattern "orchestration" "onboarding" {
  orchestrator = state_machine.onboard_employee
  steps = [
    function.create_accounts,
    function.order_laptop,
    function.enroll_payroll,
    function.book_orientation,
    function.send_welcome,
  ]
}

workload "hiring_season" {
  entry    = api.hr_webhooks
  route    = "POST /webhooks/hris"
  rate     = 0.01 # about 36 hires an hour in the season
  arrival  = "poisson"
  duration = "8h"
  monthly  = 6000
  payload  = "4KB"

  # the holiday temp intake is imported from a spreadsheet in one go
  burst {
    at   = "2h"
    rate = 1
    for  = "5m"
  }
}
