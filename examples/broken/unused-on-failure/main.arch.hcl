architecture "parcelpost" {
  description = "Shipping labels for a web shop"
}

service "shipping" {
  owner = "team-shipping"

  api "shipping" {
    type          = "http"
    throttle_rate = 100
  }

  # on_failure only receives failed asynchronous invocations. This function
  # is invoked synchronously by the api, so its errors go back to the
  # caller and queue.label_failures never receives anything.
  function "create_label" {
    runtime      = "python3.12"
    memory       = 512
    timeout      = "10s"
    duration     = "300ms"
    duration_p99 = "1500ms"
    concurrency  = 20
    on_failure   = queue.label_failures
    writes       = [bucket.labels]
    trigger {
      source = api.shipping
      route  = "POST /labels"
    }
  }

  bucket "labels" {}

  queue "label_failures" {
    retention = "14d"
  }
}
