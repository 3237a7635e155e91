service "analytics" {
  function "producer" {
    memory  = 256
    timeout = "10s"
    emits   = [firehose.clicks]
  }

  firehose "clicks" {
    description     = "raw click events to the data lake"
    buffer_interval = "60s"
    buffer_size     = "64MB"
    writes          = [bucket.lake]
    calls           = [external.splunk]
    backup          = bucket.failed
    trigger { source = "cloudwatch_logs" }
  }

  bucket "lake" {}

  bucket "failed" {}

  external "splunk" {}

  function "enrich" {
    memory  = 256
    timeout = "60s"
    trigger { source = firehose.clicks }
  }
}
