service "trust" {
  owner       = "team-trust-and-safety"
  description = "Keeps prohibited items and unsafe images off the marketplace"

  function "moderate_photo" {
    description     = "Asks the vision API for labels and writes a verdict next to the renditions"
    runtime         = "python3.12"
    arch            = "arm64"
    memory          = 512
    timeout         = "30s"
    duration        = "80ms"
    duration_p99    = "400ms"
    concurrency     = 80 # the vision API allows 100 requests/s
    idempotent      = true
    tracing         = true
    call_retries    = 2
    circuit_breaker = true
    retries         = 2
    on_failure      = queue.moderation_dlq
    reads           = [bucket.originals]
    writes          = [bucket.renditions]
    calls           = [external.vision_api]
    trigger {
      source      = topic.photo_uploaded
      dead_letter = queue.moderation_dlq
    }
  }

  external "vision_api" {
    description = "Image moderation and labelling service"
    latency     = "700ms"
    latency_p99 = "3s"
    error_rate  = 0.01
    rate_limit  = 100
  }

  queue "moderation_dlq" {
    description = "Photos that could not be moderated; they stay hidden until reviewed by hand"
    retention   = "14d"
  }
}
