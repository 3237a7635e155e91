service "collection" {
  owner       = "team-web-platform"
  description = "The beacon endpoint and the stream behind it"

  # No function on the hot path: a REST API service integration calls
  # Kinesis PutRecords directly, with the visitor id as partition key.
  api "collector" {
    description    = "REST API the browser beacon posts batches of events to"
    type           = "rest"
    timeout        = "29s"
    throttle_rate  = 5000
    throttle_burst = 10000
  }

  stream "clickstream" {
    description = "Raw events; 8 shards take 8,000 records/s or 8 MB/s"
    shards      = 8
    retention   = "48h" # two days to replay after a processor bug
    trigger {
      source = api.collector
      route  = "POST /events"
    }
  }
}
