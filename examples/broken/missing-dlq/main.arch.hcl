architecture "photo-uploads" {
  description = "Thumbnails and metadata for uploaded photos"
}

service "media" {
  owner = "team-media"

  bucket "uploads" {}

  # S3 invokes the function asynchronously: after two retries a failed
  # event is thrown away, and there is no on_failure destination.
  function "make_thumbnail" {
    runtime    = "python3.12"
    memory     = 1024
    timeout    = "30s"
    idempotent = true
    writes     = [bucket.thumbnails]
    emits      = [queue.index]
    trigger {
      source = bucket.uploads
      events = ["created"]
      prefix = "photos/"
    }
  }

  bucket "thumbnails" {}

  # Consumed, but without a dead-letter queue.
  queue "index" {
    visibility_timeout = "3m"
  }

  function "index_photo" {
    runtime     = "python3.12"
    memory      = 256
    timeout     = "20s"
    concurrency = 10
    idempotent  = true
    writes      = [database.photos]
    trigger {
      source                 = queue.index
      batch_size             = 10
      partial_batch_response = true
    }
  }

  database "photos" {
    stream = true
  }

  # A stream consumer without on_failure: a record that keeps failing is
  # dropped when it expires.
  function "update_search" {
    runtime    = "nodejs20.x"
    memory     = 512
    timeout    = "10s"
    idempotent = true
    trigger {
      source                 = database.photos
      batch_size             = 50
      bisect_on_error        = true
      max_retries            = 5
      partial_batch_response = true
    }
  }
}
