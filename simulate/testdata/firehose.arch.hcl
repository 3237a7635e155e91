# A clickstream: an api's function puts every click into a delivery stream,
# whose function transforms the records; the stream writes them to a data
# lake bucket and sends them to an HTTP endpoint, and the batches the
# function fails go to a backup bucket.
api "ingest" {
  type = "http"
}

function "collect" {
  duration     = "15ms"
  distribution = "constant"
  emits        = [firehose.clicks]
  trigger {
    source = api.ingest
    route  = "POST /clicks"
  }
}

firehose "clicks" {
  buffer_interval = "120s"
  buffer_size     = "8MB"
  writes          = [bucket.lake]
  calls           = [external.analytics]
  backup          = bucket.failed
}

function "enrich" {
  duration     = "400ms"
  distribution = "constant"
  memory       = 512
  error_rate   = 0.02
  trigger { source = firehose.clicks }
}

bucket "lake" {}
bucket "failed" {}

external "analytics" {
  latency      = "80ms"
  distribution = "constant"
}

workload "clicks" {
  entry    = api.ingest
  route    = "POST /clicks"
  rate     = 50
  duration = "20m"
  payload  = "2KB"
}
