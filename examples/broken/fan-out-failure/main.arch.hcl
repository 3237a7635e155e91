architecture "reelcut" {
  description = "Video renditions for a course platform"
}

# Nothing gathers the renditions: no collector and no store, so no one
# notices when a video is ready or when one rendition never arrives.
pattern "fan_out_fan_in" "renditions" {
  source  = topic.video_uploaded
  workers = [function.transcode_1080p, function.transcode_480p, function.extract_audio]
}

service "video" {
  owner = "team-video"

  bucket "uploads" {}

  topic "video_uploaded" {
    trigger {
      source = bucket.uploads
      events = ["created"]
    }
  }

  # Already at Lambda's 15-minute ceiling: a longer lecture fails on every
  # retry. Work this long belongs in a container.
  function "transcode_1080p" {
    runtime      = "provided.al2023"
    memory       = 10240
    timeout      = "15m"
    duration     = "6m"
    duration_p99 = "13m"
    concurrency  = 50
    idempotent   = true
    writes       = [bucket.renditions]
    trigger {
      source      = topic.video_uploaded
      dead_letter = queue.transcode_failures
    }
  }

  function "transcode_480p" {
    runtime      = "provided.al2023"
    memory       = 4096
    timeout      = "10m"
    duration     = "2m"
    duration_p99 = "5m"
    concurrency  = 50
    idempotent   = true
    writes       = [bucket.renditions]
    trigger {
      source      = topic.video_uploaded
      dead_letter = queue.transcode_failures
    }
  }

  function "extract_audio" {
    runtime      = "provided.al2023"
    memory       = 2048
    timeout      = "5m"
    duration     = "40s"
    duration_p99 = "2m"
    concurrency  = 50
    idempotent   = true
    writes       = [bucket.renditions]
    trigger {
      source      = topic.video_uploaded
      dead_letter = queue.transcode_failures
    }
  }

  bucket "renditions" {}

  queue "transcode_failures" {
    retention = "14d"
  }
}
