service "media" {
  owner       = "team-media"
  description = "Uploads, renditions and photo status"

  api "media" {
    description    = "Public HTTP API of the seller app"
    type           = "http"
    throttle_rate  = 200
    throttle_burst = 400
  }

  function "create_upload" {
    description  = "Registers a pending photo and returns a presigned S3 upload URL"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "35ms"
    duration_p99 = "150ms"
    concurrency  = 50
    idempotent   = true
    tracing      = true
    writes       = [database.photos]
    trigger {
      source = api.media
      route  = "POST /listings/{listing_id}/photos"
    }
  }

  function "get_photo" {
    description  = "Status and rendition URLs of one photo"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "3s"
    duration     = "15ms"
    duration_p99 = "80ms"
    concurrency  = 100
    tracing      = true
    reads        = [database.photos]
    trigger {
      source = api.media
      route  = "GET /photos/{photo_id}"
    }
  }

  database "photos" {
    description = "Photo status (pending, ready, rejected) and its rendition keys"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "1KB"
  }

  bucket "originals" {
    description = "Sellers upload here directly with the presigned URL"
  }

  # --- fan-out ---

  function "plan_renditions" {
    description  = "Reads the image header and announces the photo to the workers"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 512
    timeout      = "20s"
    duration     = "120ms"
    duration_p99 = "700ms"
    idempotent   = true
    tracing      = true
    retries      = 2
    on_failure   = queue.pipeline_failures
    reads        = [bucket.originals]
    emits        = [topic.photo_uploaded]
    trigger {
      source = bucket.originals
      events = ["created"]
      prefix = "uploads/"
    }
  }

  topic "photo_uploaded" {
    description = "One message per uploaded photo, delivered to every worker"
  }

  # Each worker writes its result under renditions/{photo_id}/; work longer
  # than a few minutes (video, say) would go to a Fargate task instead.
  function "render_thumbnail" {
    description  = "256 px square crop for search results"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 1024
    timeout      = "30s"
    duration     = "600ms"
    duration_p99 = "3s"
    idempotent   = true # same input, same output key
    tracing      = true
    retries      = 2
    on_failure   = queue.rendering_dlq
    reads        = [bucket.originals]
    writes       = [bucket.renditions]
    trigger {
      source      = topic.photo_uploaded
      dead_letter = queue.rendering_dlq
    }
  }

  function "render_gallery" {
    description  = "1280 px WebP for the listing page"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 2048
    timeout      = "45s"
    duration     = "1500ms"
    duration_p99 = "6s"
    idempotent   = true
    tracing      = true
    retries      = 2
    on_failure   = queue.rendering_dlq
    reads        = [bucket.originals]
    writes       = [bucket.renditions]
    trigger {
      source      = topic.photo_uploaded
      dead_letter = queue.rendering_dlq
    }
  }

  function "render_zoom" {
    description  = "Deep-zoom tile pyramid for the full-screen viewer"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 4096
    timeout      = "3m"
    duration     = "12s"
    duration_p99 = "50s"
    idempotent   = true
    tracing      = true
    retries      = 2
    on_failure   = queue.rendering_dlq
    reads        = [bucket.originals]
    writes       = [bucket.renditions]
    trigger {
      source      = topic.photo_uploaded
      dead_letter = queue.rendering_dlq
    }
  }

  bucket "renditions" {
    description = "The fan-in store: every worker's output, one prefix per photo"
  }

  queue "rendering_dlq" {
    description = "Photos a worker could not process; the collector never sees them complete"
    retention   = "14d"
  }

  # --- fan-in ---

  function "assemble_photo" {
    description  = "On each new output, checks whether all four are there and marks the photo"
    runtime      = "nodejs20.x"
    arch         = "arm64"
    memory       = 256
    timeout      = "10s"
    duration     = "60ms"
    duration_p99 = "300ms"
    idempotent   = true # marking a photo ready twice is harmless
    tracing      = true
    retries      = 2
    on_failure   = queue.pipeline_failures
    reads        = [bucket.renditions]
    writes       = [database.photos]
    trigger {
      source = bucket.renditions
      events = ["created"]
      prefix = "renditions/"
    }
  }

  queue "pipeline_failures" {
    description = "Failed planner or collector invocations; a nightly sweep retries them"
    retention   = "14d"
  }
}
