architecture "reelhouse" {
  description = "Video transcoding for a course platform"
}

service "media" {
  owner = "team-media"

  bucket "uploads" {}

  # The default visibility timeout (30 s) is far below the five minutes a
  # transcode may take: Lambda refuses the mapping.
  queue "transcode" {
    dead_letter = queue.transcode_dlq
    trigger {
      source = bucket.uploads
      suffix = ".mp4"
    }
  }

  queue "transcode_dlq" {
    retention = "14d"
  }

  function "transcode" {
    runtime      = "python3.12"
    memory       = 3008
    timeout      = "5m"
    duration     = "90s"
    duration_p99 = "4m"
    concurrency  = 20
    idempotent   = true # output key is derived from the upload key
    writes       = [bucket.renditions]
    trigger {
      source     = queue.transcode
      batch_size = 1
    }
  }

  bucket "renditions" {}
}
