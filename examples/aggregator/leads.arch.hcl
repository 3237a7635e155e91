service "leads" {
  owner       = "team-growth"
  description = "Hands interested customers to the sales CRM"

  queue "quote_leads" {
    description        = "One message per finished comparison"
    visibility_timeout = "3m" # 6 x 20s timeout + 30s batch window = 150s
    retention          = "4d"
    dead_letter        = queue.quote_leads_dlq
    max_receive_count  = 5
  }

  queue "quote_leads_dlq" {
    description = "Leads the CRM refused; a weekly job replays them"
    retention   = "14d"
  }

  function "record_lead" {
    description     = "Stores the lead and pushes it to the CRM"
    runtime         = "python3.12"
    arch            = "arm64"
    memory          = 256
    timeout         = "20s"
    duration        = "300ms"
    duration_p99    = "1500ms"
    concurrency     = 3
    idempotent      = true # the quote id is the CRM's external id
    tracing         = true
    call_retries    = 2
    circuit_breaker = true
    calls           = [external.crm]
    writes          = [database.leads]
    trigger {
      source                 = queue.quote_leads
      batch_size             = 10
      batch_window           = "30s"
      max_concurrency        = 2 # the CRM allows 10 requests/s
      partial_batch_response = true
    }
  }

  external "crm" {
    description = "Sales CRM REST API"
    latency     = "400ms"
    latency_p99 = "2s"
    error_rate  = 0.01
    rate_limit  = 10
  }

  database "leads" {
    description = "Leads and their CRM sync state"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "2KB"
  }
}
