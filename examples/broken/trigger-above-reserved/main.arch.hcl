architecture "printly" {
  description = "PDF rendering for invoices"
}

service "documents" {
  owner = "team-documents"

  queue "render_jobs" {
    visibility_timeout = "3m" # 6 x the 30s timeout
    dead_letter        = queue.render_jobs_dlq
  }

  queue "render_jobs_dlq" {
    retention = "14d"
  }

  function "request_render" {
    runtime      = "nodejs20.x"
    memory       = 256
    timeout      = "3s"
    duration     = "20ms"
    duration_p99 = "80ms"
    concurrency  = 20
    emits        = [queue.render_jobs]
    trigger {
      source = "cognito"
    }
  }

  # The poller may run 50 renders at once; the function may run 10. The
  # other 40 are throttled, and their messages return to the queue until
  # they land in the dead-letter queue.
  function "render_pdf" {
    runtime      = "nodejs20.x"
    memory       = 2048
    timeout      = "30s"
    duration     = "3s"
    duration_p99 = "12s"
    concurrency  = 10
    idempotent   = true # the PDF key is the invoice number
    writes       = [bucket.invoices]
    trigger {
      source                 = queue.render_jobs
      max_concurrency        = 50
      partial_batch_response = true
    }
  }

  bucket "invoices" {}
}
