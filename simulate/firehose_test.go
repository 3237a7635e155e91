package simulate

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// An api's function puts every request into a delivery stream that
// writes to a bucket and calls an endpoint, at 20 records a second of
// 2 KB for 30 minutes (workload "interval") and at 100 a second
// ("size").
//
// At 20 a second, 60 s of records are 1,200 x 2 KB = 2.34 MiB, under the
// 5 MiB buffer: a delivery every 60 s, 1,800 / 60 = 30 calls to the
// endpoint and 2,628,000 / 60 = 43,800 objects a month, x $0.005 per
// 1,000 PUTs = $0.219. Ingestion: 20 x 2,628,000 = 52.56 M records a
// month, each 2 KB rounded up to 5 KB (5,120 bytes): 269,107,200,000
// bytes = 250.6256 GB (2^30 bytes) x $0.029 = $7.2681
// (aws.amazon.com/firehose/pricing/, 2026-12-02).
//
// At 100 a second the 5 MiB buffer fills first, with 2,560 records (every
// 25.6 s): 180,000 / 2,560 = 70.3 deliveries in 30 minutes, 262.8 M /
// 2,560 = 102,656.25 objects a month ($0.5133); ingestion 1,253.128 GB,
// $36.3407.
func TestFirehoseDeliversBuffers(t *testing.T) {
	const src = `
api "ingest" {
  type = "http"
}
function "put" {
  duration     = "20ms"
  distribution = "constant"
  emits        = [firehose.clicks]
  trigger {
    source = api.ingest
    route  = "POST /clicks"
  }
}
firehose "clicks" {
  buffer_interval = "60s"
  writes          = [bucket.lake]
  calls           = [external.sink]
}
bucket "lake" {}
external "sink" {
  latency      = "50ms"
  distribution = "constant"
}
workload "interval" {
  entry    = api.ingest
  route    = "POST /clicks"
  rate     = 20
  duration = "30m"
  payload  = "2KB"
}
workload "size" {
  entry    = api.ingest
  route    = "POST /clicks"
  rate     = 100
  duration = "30m"
  payload  = "2KB"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			rep := run(t, src, Options{Mode: mode, Seed: 1})
			for _, c := range []struct {
				workload          string
				calls, puts       float64
				putUSD, ingestUSD float64
				perS              float64
			}{
				{"interval", 30, 43800, 0.219, 7.2681, 1.0 / 60},
				{"size", 70.3125, 102656.25, 0.5133, 36.3407, 100.0 / 2560},
			} {
				i := slices.IndexFunc(rep.Workloads, func(w WorkloadResult) bool { return w.Name == c.workload })
				w := rep.Workloads[i]
				within(t, c.workload+" endpoint calls", component(t, w, "external.sink").Invocations, c.calls, 0.02)
				it, ok := costItem(w, "bucket.lake", "PUT requests")
				if !ok {
					t.Fatalf("%s: no PUT line in %+v", c.workload, w.Cost.Items)
				}
				within(t, c.workload+" objects a month", it.Quantity, c.puts, 0.02)
				within(t, c.workload+" PUTs $", it.MonthlyUSD, c.putUSD, 0.02)
				within(t, c.workload+" ingestion $", costOf(w, "firehose.clicks", "ingestion"), c.ingestUSD, 1e-4)
				within(t, c.workload+" firehose -> bucket per second", edgeRate(w, "firehose.clicks", "bucket.lake", "writes"), c.perS, 1e-4)
				within(t, c.workload+" function -> firehose per second", edgeRate(w, "function.put", "firehose.clicks", "emits"), w.Rate, 1e-6)
			}
		})
	}
}

// A topic's messages go into a delivery stream whose function transforms
// them, at 100 records of 1 KB a second for 30 minutes. The processing
// buffer (1 MB by default) fills with 1,024 records every 10.24 s: 180,000
// / 1,024 = 175.8 invocations, 262.8 M / 1,024 = 256,640.6 a month
// ($0.0513 of requests; 0.1 s x 0.125 GB each, 3,208.0 GB-s, $0.0535).
// The 5 MiB destination buffer takes five batches (5,120 records): 262.8 M
// / 5,120 = 51,328.1 objects a month ($0.2566).
//
// A record waits for the 1,023 after it in the processing buffer, on
// average 1,023 / 100 / 2 = 5.115 s, is transformed in 0.1 s, and waits
// for the batches after its own in the destination buffer, 0, 1, 2, 3 or
// 4 x 10.24 s, on average 20.48 s: 25.695 s in all.
func TestFirehoseProcessor(t *testing.T) {
	const src = `
topic "events" {}
firehose "clicks" {
  writes = [bucket.lake]
  trigger { source = topic.events }
}
function "transform" {
  duration     = "100ms"
  distribution = "constant"
  trigger { source = firehose.clicks }
}
bucket "lake" {}
workload "w" {
  entry    = topic.events
  rate     = 100
  duration = "30m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "processor invocations", component(t, w, "function.transform").Invocations, 175.78, 0.01)
			within(t, "Lambda requests $", costOf(w, "function.transform", "requests"), 0.0513, 0.02)
			within(t, "Lambda duration $", costOf(w, "function.transform", "duration"), 0.0535, 0.03)
			within(t, "objects $", costOf(w, "bucket.lake", "PUT requests"), 0.2566, 0.02)
			within(t, "firehose -> processor per second", edgeRate(w, "firehose.clicks", "function.transform", "trigger"), 100.0/1024, 1e-4)
			e := w.Entries[0]
			within(t, "latency mean (s)", e.Latency.Mean/1000, 25.695, 0.03)
			// The last batch of a buffer waits 40.96 s, a fifth of the
			// records: the p99 is theirs at the 95th percentile of the
			// first wait, 0.95 x 10.23 + 0.1 + 40.96 = 50.78 s.
			within(t, "latency p99 (s)", e.Latency.P99/1000, 50.78, 0.03)
			// 180,000 arrivals, some still buffered at the end: by
			// Little's law 100 x 25.695 s in the analytic mode.
			within(t, "succeeded + in flight", e.Succeeded+e.InFlight, w.Arrivals, 1e-5)
			if e.DeadLettered != 0 || e.Failed != 0 {
				t.Errorf("dead-lettered %v, failed %v: want none", e.DeadLettered, e.Failed)
			}
		})
	}
}

// A processor that fails every batch: each batch of 1,024 records goes to
// the backup bucket as one object (256,640.6 a month, $1.2832), the lake
// gets nothing, and every record put is dead-lettered but those still
// buffered or being transformed at the end (about 100 x 5.2 s).
func TestFirehoseFailedBatchesGoToBackup(t *testing.T) {
	const src = `
topic "events" {}
firehose "clicks" {
  writes = [bucket.lake]
  backup = bucket.failed
  trigger { source = topic.events }
}
function "transform" {
  duration     = "100ms"
  distribution = "constant"
  error_rate   = 1
  trigger { source = firehose.clicks }
}
bucket "lake" {}
bucket "failed" {}
workload "w" {
  entry    = topic.events
  rate     = 100
  duration = "30m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "backup objects $", costOf(w, "bucket.failed", "PUT requests"), 1.2832, 0.02)
			if usd := costOf(w, "bucket.lake", ""); usd != 0 {
				t.Errorf("lake billed $%v: want nothing delivered", usd)
			}
			e := w.Entries[0]
			within(t, "dead-lettered", e.DeadLettered, w.Arrivals-520, 0.005)
			if e.Succeeded != 0 {
				t.Errorf("succeeded %v: want none", e.Succeeded)
			}
		})
	}
}

// A delivery stream reading a Kinesis data stream takes every record, as
// one put directly: the same deliveries as TestFirehoseDeliversBuffers'
// "interval" workload. It is not a Direct PUT stream, so its quota is not
// noted; the same rate put directly is over the 5 MiB/s quota.
func TestFirehoseFromStreamAndQuota(t *testing.T) {
	const src = `
stream "raw" {
  shards = 8
}
api "ingest" {}
firehose "from_stream" {
  buffer_interval = "60s"
  writes          = [bucket.lake]
  trigger { source = stream.raw }
}
firehose "direct" {
  buffer_interval = "60s"
  writes          = [bucket.lake]
  trigger {
    source = api.ingest
    route  = "POST /events"
  }
}
bucket "lake" {}
workload "stream" {
  entry    = stream.raw
  rate     = 20
  duration = "30m"
  payload  = "2KB"
}
workload "over_quota" {
  entry    = api.ingest
  route    = "POST /events"
  rate     = 2000
  duration = "1m"
  payload  = "3KB"
  burst {
    at   = "10s"
    for  = "10s"
    rate = 3000
  }
}
workload "stream_over" {
  entry    = stream.raw
  rate     = 3000
  duration = "1m"
  payload  = "3KB"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			rep := run(t, src, Options{Mode: mode, Seed: 1})
			w := rep.Workloads[slices.IndexFunc(rep.Workloads, func(w WorkloadResult) bool { return w.Name == "stream" })]
			within(t, "objects $", costOf(w, "bucket.lake", "PUT requests"), 0.219, 0.02)
			within(t, "stream -> firehose per second", edgeRate(w, "stream.raw", "firehose.from_stream", "trigger"), 20, 1e-6)
			quota := func(name string) bool {
				w := rep.Workloads[slices.IndexFunc(rep.Workloads, func(w WorkloadResult) bool { return w.Name == name })]
				return slices.ContainsFunc(w.Notes, func(s string) bool { return strings.Contains(s, "Direct PUT stream's default quota") })
			}
			// 3,000 x 3 KB = 8.79 MiB a second at the burst's peak.
			if !quota("over_quota") {
				t.Error("over_quota: no note of the Direct PUT quota")
			}
			if quota("stream") || quota("stream_over") {
				t.Error("a stream-sourced delivery stream: the Direct PUT quota noted")
			}
		})
	}
}

// The slowest path goes through a delivery stream: its hop is the wait in
// its buffer (uniform over the 10 s interval at 1 record a second: 5 s on
// average, 9.9 s at the 99th percentile), then the bucket it writes, whose
// notification invokes a function of 200 ms.
func TestFirehoseOnTheSlowestPath(t *testing.T) {
	const src = `
topic "events" {}
firehose "clicks" {
  buffer_interval = "10s"
  writes          = [bucket.lake]
  trigger { source = topic.events }
}
bucket "lake" {}
function "index" {
  duration     = "200ms"
  distribution = "constant"
  trigger { source = bucket.lake }
}
workload "w" {
  entry    = topic.events
  rate     = 1
  duration = "10m"
}
`
	p, err := CriticalPath(context.Background(), load(t, src), "w")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"topic.events", "firehose.clicks", "bucket.lake", "function.index"}
	if got := hopNames(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("path %v, want %v", got, want)
	}
	h := p.Hops[1]
	if h.Relation != "trigger" || p.Hops[2].Relation != "writes" {
		t.Errorf("relations %q, %q: want trigger, writes", h.Relation, p.Hops[2].Relation)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"end-to-end mean", p.Latency.Mean, 5200},
		{"end-to-end p99", p.Latency.P99, 10100},
		{"firehose self mean", h.SelfMeanMs, 5000},
		{"firehose self p99", h.SelfP99Ms, 9900},
	} {
		if math.Abs(c.got-c.want) > 20 {
			t.Errorf("%s = %g ms, want %g", c.what, c.got, c.want)
		}
	}
}

// A processor failing a tenth of its batches: the destination buffer
// fills with five transformed batches, over a random number of attempts,
// so a record's wait there is negative-binomial. The analytic mode
// against the discrete-event mode's mean of three seeds, 100 records a
// second for an hour: mean within 5%, p99 within 10%, dead letters within
// 10% (a tenth of the records: 36,000).
func TestFirehoseFailingBatchesAgainstDES(t *testing.T) {
	const src = `
topic "events" {}
firehose "clicks" {
  writes = [bucket.lake]
  backup = bucket.failed
  trigger { source = topic.events }
}
function "transform" {
  duration     = "200ms"
  distribution = "constant"
  error_rate   = 0.1
  trigger { source = firehose.clicks }
}
bucket "lake" {}
bucket "failed" {}
workload "w" {
  entry    = topic.events
  rate     = 100
  duration = "1h"
}
`
	a := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0].Entries[0]
	var mean, p99, dlq float64
	const seeds = 3
	for seed := range seeds {
		e := run(t, src, Options{Mode: ModeDES, Seed: uint64(seed + 1)}).Workloads[0].Entries[0]
		mean += e.Latency.Mean / seeds
		p99 += e.Latency.P99 / seeds
		dlq += e.DeadLettered / seeds
	}
	within(t, "analytic dead-lettered", a.DeadLettered, 36000, 1e-6)
	within(t, "latency mean against DES", a.Latency.Mean, mean, 0.05)
	within(t, "latency p99 against DES", a.Latency.P99, p99, 0.1)
	within(t, "dead-lettered against DES", a.DeadLettered, dlq, 0.1)
}
