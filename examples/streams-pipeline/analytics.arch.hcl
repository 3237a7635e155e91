service "analytics" {
  owner       = "team-data"
  description = "Everything downstream of the stream"

  # A failing batch is split in two until the bad record is alone; after two
  # retries it goes to the failure queue and the shard moves on.
  function "sessionize" {
    description  = "Folds events into visitor sessions (pages, duration, cart adds)"
    runtime      = "java21"
    memory       = 1024
    timeout      = "60s"
    duration     = "400ms" # a batch of up to 500 records
    duration_p99 = "2s"
    concurrency  = 20   # 8 shards x parallelization 2 = 16 at most
    idempotent   = true # sessions are recomputed from event ids
    tracing      = true
    writes       = [database.sessions]
    trigger {
      source                 = stream.clickstream
      batch_size             = 500
      parallelization        = 2
      bisect_on_error        = true
      max_retries            = 2
      max_record_age         = "1h"
      partial_batch_response = true
      on_failure             = queue.clickstream_failures
    }
  }

  # The raw archive needs no code: a Firehose stream reads the Kinesis
  # stream and writes gzip objects to the lake. It retries S3 for up to 24
  # hours on its own, and a larger buffer makes fewer, larger objects for
  # Athena to scan.
  firehose "archive" {
    description     = "Delivers the raw events to the lake as gzip JSON lines, partitioned by hour"
    buffer_interval = "300s"
    buffer_size     = "128MB"
    writes          = [bucket.clickstream_lake]
    trigger { source = stream.clickstream }
  }

  function "count_live" {
    description  = "Increments per-minute counters of views and add-to-carts per product"
    runtime      = "provided.al2023"
    arch         = "arm64"
    memory       = 256
    timeout      = "30s"
    duration     = "60ms" # Go; a batch of up to 500 records
    duration_p99 = "300ms"
    concurrency  = 10   # one Redis connection per invocation
    idempotent   = true # counts are approximate by design; duplicates are tolerated
    tracing      = true
    writes       = [database.live_counters]
    trigger {
      source                 = stream.clickstream
      batch_size             = 500
      bisect_on_error        = true
      max_retries            = 1
      max_record_age         = "10m" # stale counts are worthless
      partial_batch_response = true
      on_failure             = queue.clickstream_failures
    }
  }

  queue "clickstream_failures" {
    description = "Pointers to the stream records that processors gave up on"
    retention   = "14d"
  }

  database "sessions" {
    description = "Visitor sessions for the product and marketing dashboards"
    engine      = "dynamodb"
    capacity    = "on_demand"
    item_size   = "4KB"
  }

  bucket "clickstream_lake" {
    description = "Raw events as gzip JSON lines, queried with Athena"
  }

  database "live_counters" {
    description     = "ElastiCache Redis hashes of per-minute counters"
    engine          = "redis"
    max_connections = 500
  }

  # The merchandising dashboard, private to the company network.
  api "dashboards" {
    description    = "Private HTTP API behind the corporate VPN"
    type           = "http"
    public         = false
    throttle_rate  = 50
    throttle_burst = 100
  }

  function "get_trending" {
    description  = "Most viewed and most carted products of the last 15 minutes"
    runtime      = "provided.al2023"
    arch         = "arm64"
    memory       = 256
    timeout      = "5s"
    duration     = "20ms"
    duration_p99 = "100ms"
    concurrency  = 10
    tracing      = true
    reads        = [database.live_counters]
    trigger {
      source = api.dashboards
      route  = "GET /trending"
    }
  }
}
