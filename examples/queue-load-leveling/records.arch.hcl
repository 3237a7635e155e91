service "records" {
  owner       = "team-clinical-data"
  description = "Files results into the clinical records database"

  queue "results_intake" {
    description        = "The buffer: holds a morning's burst while the consumer catches up"
    visibility_timeout = "6m" # 6 x 45s timeout + 20s batch window = 290s
    retention          = "4d"
    dead_letter        = queue.results_intake_dlq
    max_receive_count  = 5
  }

  queue "results_intake_dlq" {
    description = "Results that failed five times (unknown patient, bad codes)"
    retention   = "14d"
  }

  # The consumer's caps are the point of the pattern: at most 4 batches in
  # flight, so at most 4 of the database's connections are ever used by intake.
  function "file_result" {
    description  = "Matches the patient, maps the codes and inserts the result rows"
    runtime      = "java21"
    memory       = 1536
    timeout      = "45s"
    duration     = "1200ms" # a batch of 10 results
    duration_p99 = "6s"
    concurrency  = 5
    idempotent   = true # upsert on (lab id, accession number)
    tracing      = true
    writes       = [database.clinical_records]
    emits        = [topic.results_filed]
    trigger {
      source                 = queue.results_intake
      batch_size             = 10
      batch_window           = "20s"
      max_concurrency        = 4
      partial_batch_response = true
    }
  }

  database "clinical_records" {
    description     = "Aurora PostgreSQL shared with the EHR's own application servers"
    engine          = "aurora"
    max_connections = 90
    item_size       = "12KB"
  }

  topic "results_filed" {
    description = "One event per filed result, for whoever needs to react"
  }
}

service "care-alerts" {
  owner       = "team-care-alerts"
  description = "Tells clinicians about results that need them"

  function "page_on_critical" {
    description     = "Pages the ordering clinician when a result is flagged critical"
    runtime         = "python3.12"
    arch            = "arm64"
    memory          = 256
    timeout         = "15s"
    duration        = "50ms"
    duration_p99    = "250ms"
    concurrency     = 10
    idempotent      = true
    tracing         = true
    call_retries    = 2
    circuit_breaker = true
    retries         = 2
    on_failure      = queue.page_dlq
    calls           = [external.paging_service]
    trigger {
      source      = topic.results_filed
      filter      = "{\"flag\": [\"critical\"]}"
      dead_letter = queue.page_dlq
    }
  }

  external "paging_service" {
    description = "Hospital paging provider"
    latency     = "300ms"
    latency_p99 = "2s"
    error_rate  = 0.005
    rate_limit  = 20
  }

  queue "page_dlq" {
    description = "Critical results that could not be paged; the lab desk phones instead"
    retention   = "14d"
  }
}
