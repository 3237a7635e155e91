package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestUnconsumedChannelMeta(t *testing.T) { assertMetaExamples(t, unconsumedChannel{}) }

func TestUnconsumedChannel(t *testing.T) {
	cases := map[string]string{
		"fed, not consumed, every kind": `
function "producer" {
  emits = [queue.q, topic.t, stream.s, bus.b]
}
queue "q" { # want "unconsumed-channel"
}
topic "t" { # want "unconsumed-channel"
}
stream "s" { # want "unconsumed-channel"
}
bus "b" { # want "unconsumed-channel"
}
`,
		"consumed, not fed": `
queue "q" { # want "unconsumed-channel"
}
function "consumer" {
  trigger { source = queue.q }
}
`,
		"neither": `
topic "lonely" { # want "unconsumed-channel"
}
`,
		"IoT rule actions feed a topic, a queue and a stream; a pipe consumes the queue into a bus": `
queue "alarms" {
  dead_letter = queue.alarms_failed
  trigger { source = "iot" }
}
queue "alarms_failed" {}
stream "telemetry" {
  trigger { source = "iot" }
}
bus "e" {
  trigger { source = queue.alarms }
  trigger {
    source      = stream.telemetry
    max_retries = 2
  }
}
queue "readings_queue" {
  trigger { source = topic.readings }
}
topic "readings" {
  trigger { source = "iot" }
}
function "consumer" {
  trigger { source = bus.e }
  trigger { source = queue.readings_queue }
}
`,
		"firehose fed by emits, delivering nowhere": `
function "producer" {
  emits = [firehose.clicks]
}
firehose "clicks" { # want "unconsumed-channel"
}
`,
		"firehose fed, with only a transforming function": `
stream "events" {}
function "producer" {
  emits = [stream.events]
}
function "enrich" {
  trigger { source = firehose.clicks }
}
firehose "clicks" { # want "unconsumed-channel"
  trigger { source = stream.events }
}
`,
		"firehose delivering, fed by nothing": `
bucket "lake" {}
firehose "clicks" { # want "unconsumed-channel"
  writes = [bucket.lake]
}
`,
		"firehose neither fed nor delivering": `
firehose "lonely" { # want "unconsumed-channel"
}
`,
		"firehoses fed by emits, a stream, a topic, a bus, an api, IoT and CloudWatch Logs, delivering to a bucket, a database and an external": `
bucket "lake" {}
database "search" {
  engine = "opensearch"
}
external "splunk" {}
stream "events" {}
topic "alerts" {}
bus "app" {}
api "ingest" {}
queue "dlq" {}
function "producer" {
  emits = [firehose.a, stream.events, topic.alerts, bus.app]
}
firehose "a" {
  writes = [bucket.lake]
}
firehose "b" {
  writes = [database.search]
  backup = bucket.lake
  trigger { source = stream.events }
}
firehose "c" {
  calls = [external.splunk]
  trigger {
    source      = topic.alerts
    dead_letter = queue.dlq
  }
  trigger {
    source      = bus.app
    dead_letter = queue.dlq
  }
  trigger { source = api.ingest }
}
firehose "d" {
  writes = [bucket.lake]
  trigger { source = "iot" }
  trigger { source = "cloudwatch_logs" }
}
`,
		"fed and consumed": `
function "producer" {
  emits = [queue.q]
}
queue "q" {}
function "consumer" {
  trigger { source = queue.q }
}
`,
		"fed by triggers from an api, a bucket and a bus, consumed by a queue and an external": `
api "public" {}
bucket "uploads" {}
bus "events" {}
queue "from_api" {
  trigger { source = api.public }
}
topic "from_bucket" {
  trigger { source = bucket.uploads }
}
stream "from_api" {
  trigger { source = api.public }
}
function "producer" {
  emits = [bus.events]
}
queue "subscriber" {
  trigger { source = topic.from_bucket }
}
external "partner" {
  trigger { source = bus.events }
}
function "a" {
  trigger { source = queue.from_api }
}
function "b" {
  trigger { source = stream.from_api }
}
function "c" {
  trigger { source = queue.subscriber }
}
`,
		"a stream fed by a table, buses fed by a bucket, a bus and a schedule": `
database "orders" {}
stream "changes" {
  trigger { source = database.orders }
}
bucket "uploads" {}
bus "default" {
  trigger { source = bucket.uploads }
}
bus "domain" {
  trigger {
    source      = bus.default
    dead_letter = queue.failed
  }
}
bus "ticks" {
  trigger {
    source      = "schedule"
    schedule    = "rate(1 minute)"
    dead_letter = queue.failed
  }
}
queue "failed" {}
function "consumer" {
  on_failure = queue.failed
  trigger { source = stream.changes }
  trigger {
    source      = bus.domain
    dead_letter = queue.failed
  }
  trigger {
    source      = bus.ticks
    dead_letter = queue.failed
  }
}
`,
		"fed only by a schedule, and consumed": `
bus "ticks" {
  trigger {
    source      = "schedule"
    schedule    = "rate(1 minute)"
    dead_letter = queue.failed
  }
}
queue "failed" {}
function "tick" {
  on_failure = queue.failed
  trigger {
    source      = bus.ticks
    dead_letter = queue.failed
  }
}
`,
		// The message names the schedule too: bus.ticks is fed by
		// bucket.uploads and "schedule" but nothing consumes it.
		"fed by a schedule and a bucket, consumed by nothing": `
bucket "uploads" {}
bus "ticks" { # want "unconsumed-channel"
  trigger { source = bucket.uploads }
  trigger {
    source      = "schedule"
    schedule    = "rate(1 minute)"
    dead_letter = queue.failed
  }
}
queue "failed" {}
`,
		"dead-letter queues are exempt": `
function "producer" {
  emits = [queue.q]
}
queue "q" {
  dead_letter = queue.dlq
}
queue "dlq" {}
function "consumer" {
  trigger { source = queue.q }
}
`,
		"on_failure destinations are exempt, of every kind": `
topic "t" {}
stream "s" {}
queue "async_failures" {}
bus "failure_events" {}
topic "stream_failures" {}
function "producer" {
  emits = [topic.t, stream.s]
}
function "a" {
  on_failure = queue.async_failures
  trigger { source = topic.t }
}
function "b" {
  on_failure = bus.failure_events
  emits      = [topic.t]
}
function "c" {
  trigger {
    source     = stream.s
    on_failure = topic.stream_failures
  }
}
`,
		"subscription dead letter is exempt": `
topic "t" {}
queue "sub_dlq" {}
function "producer" {
  emits = [topic.t]
}
function "consumer" {
  trigger {
    source      = topic.t
    dead_letter = queue.sub_dlq
  }
}
`,
		"a workload entry is fed by its traffic": `
queue "ingest" {}
function "consumer" {
  trigger { source = queue.ingest }
}
workload "peak" {
  entry = queue.ingest
  rate  = 10
}
`,
		"a workload entry still needs a consumer": `
topic "ingest" { # want "unconsumed-channel"
}
workload "peak" {
  entry = topic.ingest
  rate  = 10
}
`,
		"self-fed channel still counts as fed and consumed": `
queue "loop" {}
function "worker" {
  emits = [queue.loop]
  trigger { source = queue.loop }
}
`,
		"producer and consumer in other files and services": `
-- channels.arch.hcl --
service "platform" {
  topic "events" {}
  queue "orphan" { # want "unconsumed-channel"
  }
}
-- producer.arch.hcl --
service "orders" {
  function "place" {
    emits = [topic.events, queue.orphan]
  }
}
-- consumer.arch.hcl --
service "billing" {
  function "bill" {
    trigger { source = topic.events }
  }
}
`,
		"non-channels are not checked": `
bucket "b" {}
database "d" {}
function "f" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, unconsumedChannel{}) })
	}
}

func TestUnconsumedChannelMessages(t *testing.T) {
	cases := []struct{ src, want string }{
		{`
function "a" {
  emits = [queue.q]
}
function "b" {
  emits = [queue.q]
}
queue "q" { # want "unconsumed-channel"
  retention = "2d"
}
`, "queue.q is fed by function.a and function.b but nothing consumes it: its messages wait until the retention (2d) ends and are deleted; add a trigger { source = queue.q } to the component that should process it"},
		{`
function "a" {
  emits = [topic.t]
}
topic "t" {} # want "unconsumed-channel"
`, "topic.t is fed by function.a but nothing consumes it: SNS discards a message published to a topic without subscriptions; add a trigger { source = topic.t } to the component that should process it"},
		{`
stream "s" {} # want "unconsumed-channel"
function "a" {
  trigger { source = stream.s }
}
`, "stream.s is consumed by function.a but nothing feeds it: no component emits to it or triggers it, so function.a never runs; add emits = [stream.s] to its producer"},
		{`
bus "b" {} # want "unconsumed-channel"
`, "bus.b is neither fed nor consumed: nothing emits to it or triggers it, and nothing has a trigger on it; wire a producer and a consumer, or remove it"},
		{`
function "p1" {
  emits = [bus.b]
}
function "p2" {
  emits = [bus.b]
}
function "p3" {
  emits = [bus.b]
}
function "p4" {
  emits = [bus.b]
}
function "p5" {
  emits = [bus.b]
}
function "p6" {
  emits = [bus.b]
}
bus "b" {} # want "unconsumed-channel"
`, "bus.b is fed by function.p1, function.p2, function.p3, function.p4 and 2 more but nothing consumes it: EventBridge drops an event that no rule matches; add a trigger { source = bus.b } to the component that should process it"},
		{`
firehose "f" { # want "unconsumed-channel"
  trigger { source = "cloudwatch_logs" }
}
function "t" {
  trigger { source = firehose.f }
}
`, `firehose.f is fed by "cloudwatch_logs" but delivers nowhere: it has no writes or calls, so where its records go is missing from the architecture; name the bucket or database it delivers to in writes, or the endpoint in calls`},
		{`
bucket "lake" {}
firehose "f" { # want "unconsumed-channel"
  writes = [bucket.lake]
}
`, "firehose.f delivers to bucket.lake but nothing feeds it: no component emits to it or triggers it; add emits = [firehose.f] to its producer, or a trigger for the stream, topic, bus or api that feeds it"},
		{`
firehose "f" {} # want "unconsumed-channel"
`, "firehose.f is neither fed nor delivers anywhere: nothing emits to it or triggers it, and it has no writes or calls; wire a producer and its destination, or remove it"},
	}
	for _, c := range cases {
		f := onlyFinding(t, c.src, unconsumedChannel{})
		if f.Message != c.want {
			t.Errorf("message\n got %s\nwant %s", f.Message, c.want)
		}
	}
}
