package simulate

import (
	"slices"
	"testing"
)

// edgeRate is the work per second the report gives an edge, or -1.
func edgeRate(w WorkloadResult, from, to, rel string) float64 {
	i := slices.IndexFunc(w.Edges, func(e EdgeResult) bool { return e.From == from && e.To == to && e.Relation == rel })
	if i < 0 {
		return -1
	}
	return w.Edges[i].PerS
}

// Kinesis Data Streams for DynamoDB: every write to the table becomes a
// record on the stream, which its consumer reads like any record. 50
// writes a second for 10 minutes are 30,000 records, one invocation each
// with batches of 1. The stream bills one 25 KB PUT unit per 1 KB record:
// 50 x 2,628,000 s = 131.4 M a month x $0.014 per million = $1.8396
// (aws.amazon.com/kinesis/data-streams/pricing/, 2026-11). The table's
// change data capture units are listed as not priced.
func TestTableWritesIntoKinesisStream(t *testing.T) {
	const src = `
api "a" {}
function "put" {
  duration     = "20ms"
  distribution = "constant"
  writes       = [database.orders]
  trigger {
    source = api.a
    route  = "POST /orders"
  }
}
database "orders" {}
stream "changes" {
  shards = 2
  trigger {
    source = database.orders
  }
}
function "project" {
  duration     = "10ms"
  distribution = "constant"
  trigger {
    source     = stream.changes
    batch_size = 1
  }
}
workload "w" {
  entry    = api.a
  route    = "POST /orders"
  rate     = 50
  arrival  = "constant"
  duration = "10m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "table -> stream records per second", edgeRate(w, "database.orders", "stream.changes", "trigger"), 50, 0.01)
			within(t, "consumer invocations", component(t, w, "function.project").Invocations, 30000, 0.01)
			within(t, "Kinesis PUT units $", costOf(w, "stream.changes", "PUT units"), 1.8396, 0.01)
			if !slices.ContainsFunc(w.Cost.NotPriced, func(s string) bool {
				return s == "database.orders (change data capture units of Kinesis Data Streams for DynamoDB)"
			}) {
				t.Errorf("not priced %v: want the table's change data capture units", w.Cost.NotPriced)
			}
		})
	}
}

// A bucket's events go to the default bus, whose rule forwards them to a
// custom bus; a function publishes to that bus too. 20 uploads and 20
// publishes a second for 10 minutes: the handler on the custom bus runs
// 2 x 20 x 600 = 24,000 times. EventBridge bills only the published
// events: 20 x 2,628,000 s = 52.56 M a month x $1 per million = $52.56;
// the bucket's events (AWS service events) and the rule's deliveries to
// a bus of the same account are free (aws.amazon.com/eventbridge/pricing/,
// read 2026-12-02).
func TestBucketAndBusIntoBus(t *testing.T) {
	const src = `
api "a" {}
function "upload" {
  duration     = "20ms"
  distribution = "constant"
  writes       = [bucket.b]
  emits        = [bus.domain]
  trigger {
    source = api.a
    route  = "POST /files"
  }
}
bucket "b" {}
bus "default" {
  trigger {
    source = bucket.b
  }
}
bus "domain" {
  trigger {
    source  = bus.default
    pattern = { source = ["aws.s3"] }
  }
}
queue "failed" {}
function "handle" {
  duration     = "10ms"
  distribution = "constant"
  on_failure   = queue.failed
  trigger {
    source = bus.domain
  }
}
workload "w" {
  entry    = api.a
  route    = "POST /files"
  rate     = 20
  arrival  = "constant"
  duration = "10m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "bucket -> default bus", edgeRate(w, "bucket.b", "bus.default", "trigger"), 20, 0.01)
			within(t, "default bus -> domain bus", edgeRate(w, "bus.default", "bus.domain", "trigger"), 20, 0.01)
			within(t, "domain bus -> handler", edgeRate(w, "bus.domain", "function.handle", "trigger"), 40, 0.01)
			within(t, "handler invocations", component(t, w, "function.handle").Invocations, 24000, 0.01)
			within(t, "domain bus events $", costOf(w, "bus.domain", "events"), 52.56, 0.01)
			if usd := costOf(w, "bus.default", ""); usd != 0 {
				t.Errorf("default bus bills $%v, want nothing: the bucket's events are free", usd)
			}
		})
	}
}

// EventBridge pipes put a queue's messages and a table's item changes on a
// bus, whose rule invokes a handler. 10 messages and 10 writes a second
// for 10 minutes: the handler on the bus runs (10 + 10) x 600 = 12,000
// times, one per event, whatever the pipes' batches. The pipe calls
// PutEvents on the bus, which bills the events as published ones: 20 x
// 2,628,000 s = 52.56 M a month x $1 per million = $52.56
// (aws.amazon.com/eventbridge/pricing/, read 2026-12-02). The pipe from
// the queue receives and deletes its batches as a poller does: at 10
// messages a second each batch holds one, so a send, a receive and a
// delete per message, 3 x 26.28 M x $0.40 per million = $31.536
// (aws.amazon.com/sqs/pricing/, 2026-11). The pipes' own requests have no
// price in archie and are listed as not priced.
func TestPipesIntoBus(t *testing.T) {
	const src = `
api "a" {}
function "put" {
  duration     = "20ms"
  distribution = "constant"
  writes       = [database.orders]
  emits        = [queue.alarms]
  trigger {
    source = api.a
    route  = "POST /orders"
  }
}
database "orders" {
  stream = true
}
queue "alarms" {}
bus "events" {
  trigger {
    source     = database.orders
    batch_size = 10
  }
  trigger {
    source     = queue.alarms
    batch_size = 5
  }
}
function "handle" {
  duration     = "10ms"
  distribution = "constant"
  trigger { source = bus.events }
}
workload "w" {
  entry    = api.a
  route    = "POST /orders"
  rate     = 10
  arrival  = "constant"
  duration = "10m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "handler invocations", component(t, w, "function.handle").Invocations, 12000, 0.02)
			within(t, "bus -> handler events per second", edgeRate(w, "bus.events", "function.handle", "trigger"), 20, 0.02)
			within(t, "EventBridge events $", costOf(w, "bus.events", "events"), 52.56, 0.02)
			within(t, "SQS requests $", costOf(w, "queue.alarms", "requests"), 31.536, 0.02)
			if !slices.ContainsFunc(w.Cost.NotPriced, func(s string) bool { return s == "bus.events (EventBridge Pipes requests)" }) {
				t.Errorf("not priced %v: want the pipes' requests", w.Cost.NotPriced)
			}
		})
	}
}
