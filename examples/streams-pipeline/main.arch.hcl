# Trailmark: clickstream analytics for a large outdoor-gear retailer. The
# browser beacons page views and clicks to an API that writes straight into a
# Kinesis stream; two functions and a Firehose stream read it, each at its
# own pace, into three different stores.

architecture "trailmark-clickstream" {
  description         = "Clickstream collection and processing on a Kinesis data stream"
  region              = "us-east-2"
  account_concurrency = 1000
}

pattern "streams_pipeline" "clickstream" {
  stream = stream.clickstream
  processors = [
    function.sessionize,
    firehose.archive,
    function.count_live,
  ]
  sinks = [
    database.sessions,
    bucket.clickstream_lake,
    database.live_counters,
  ]
}

workload "weekday" {
  entry    = api.collector
  route    = "POST /events"
  rate     = 1200
  arrival  = "poisson"
  duration = "1h"
  monthly  = 2400000000
  payload  = "1KB"

  # the weekly deals email goes out
  burst {
    at   = "20m"
    rate = 4500
    for  = "15m"
  }
}
