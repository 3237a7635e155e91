service "intake" {
  owner       = "team-integrations"
  description = "Receives results from partner laboratories"

  api "partner_webhooks" {
    description    = "REST API with one API key and usage plan per laboratory"
    type           = "rest"
    timeout        = "29s"
    throttle_rate  = 300
    throttle_burst = 600
  }

  # The producer answers 202 Accepted as soon as the message is queued: the
  # labs never wait on the records database.
  function "accept_result" {
    description  = "Checks the lab's signature and the FHIR bundle, then queues it"
    runtime      = "python3.12"
    arch         = "arm64"
    memory       = 512
    timeout      = "5s"
    duration     = "60ms"
    duration_p99 = "300ms"
    concurrency  = 100
    idempotent   = true # the bundle id becomes the message deduplication key
    tracing      = true
    emits        = [queue.results_intake]
    trigger {
      source = api.partner_webhooks
      route  = "POST /lab-results"
    }
  }
}
