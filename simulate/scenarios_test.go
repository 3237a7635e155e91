package simulate

import (
	"math"
	"testing"
)

// Scenarios beyond the design's checks, each with its expected figures
// worked out by hand from queueing theory or the price table.

// An arrival whose work ends in a queue nothing consumes (a dead-letter
// queue, an outbox read outside the architecture) is done when the
// message is queued, not in flight forever.
func TestConsumerlessQueueEndsTheArrival(t *testing.T) {
	const src = `
topic "t" {}
queue "sink" {
  trigger {
    source = topic.t
  }
}
workload "w" {
  entry    = topic.t
  rate     = 10
  duration = "1m"
}
`
	w := run(t, src, Options{Mode: ModeDES, Seed: 1}).Workloads[0]
	e := w.Entries[0]
	if e.InFlight != 0 || e.Succeeded != w.Arrivals {
		t.Errorf("succeeded %v, in flight %v of %v arrivals; want all succeeded", e.Succeeded, e.InFlight, w.Arrivals)
	}
	if q := queue(t, w, "queue.sink"); q.Backlog.Final != w.Arrivals {
		t.Errorf("final backlog %v, want %v", q.Backlog.Final, w.Arrivals)
	}
}

// Asynchronous retries: error_rate 0.1, retries 2, so each event takes
// 1 + 0.1 + 0.01 = 1.11 invocations and 0.1³ = 0.1% end in on_failure.
// Retries come 1 and 2 minutes after the failures, so arrivals late in
// the window are only resolved after it: they must still be counted.
// Monthly: 200/s x 2,628,000 s = 525.6 M events; Lambda requests
// 525.6 M x 1.11 = 583.416 M x $0.20 = $116.68; DLQ sends 525,600 x
// $0.40 per million = $0.21 (aws.amazon.com/lambda/pricing,
// aws.amazon.com/sqs/pricing, 2026-11).
func TestAsyncRetriesAndDeadLetters(t *testing.T) {
	const src = `
topic "t" {}
function "w" {
  memory       = 256
  duration     = "50ms"
  distribution = "constant"
  error_rate   = 0.1
  retries      = 2
  on_failure   = queue.dlq
  trigger {
    source = topic.t
  }
}
queue "dlq" {}
workload "retry" {
  entry    = topic.t
  rate     = 200
  duration = "10m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			e := w.Entries[0]
			if e.InFlight != 0 {
				t.Errorf("in flight %v, want 0: retries after the window must run", e.InFlight)
			}
			f := component(t, w, "function.w")
			within(t, "invocations per event", f.Invocations/w.Arrivals, 1.11, 0.01)
			// 0.1% of ~120,000 events: 120 ± 11 (binomial).
			share := e.DeadLettered / w.Arrivals
			if math.Abs(share-0.001) > 3*math.Sqrt(0.001/w.Arrivals) {
				t.Errorf("dead-lettered share %.5f, want 0.00100", share)
			}
			within(t, "Lambda requests $", costOf(w, "function.w", "requests"), 116.6832, 0.01)
		})
	}
}

// Own work stops at the timeout: an exponential 1 s function with the
// default 3 s timeout holds its slot E[min(X, 3)] = 1 - e⁻³ = 0.9502 s,
// so 40 rps against a reserved concurrency of 50 offer 38.01 erlangs:
// Erlang B(50, 38.01) = 1.036% throttled, not B(50, 40) = 1.869%.
// Billed: 40 x 0.98964 x 2,628,000 s a month x (0.9502 s + 0.5 ms of
// rounding up to the millisecond) x 0.125 GB = 12,362,984 GB-s.
func TestTimeoutCapsTheMeanHoldingTime(t *testing.T) {
	const src = `
api "a" {}
function "f" {
  concurrency  = 50
  duration     = "1s"
  distribution = "exponential"
  trigger {
    source = api.a
    route  = "GET /f"
  }
}
workload "w" {
  entry    = api.a
  route    = "GET /f"
  rate     = 40
  duration = "30m"
}
`
	w := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0]
	within(t, "throttled share", w.Entries[0].Throttled/w.Arrivals, 0.010357, 0.01)
	within(t, "GB-s", costQty(w, "function.f", "duration"), 12362984, 0.01)
	d := seeds(t, src, 4, func(w WorkloadResult) float64 { return w.Entries[0].Throttled / w.Arrivals })
	stat(t, "discrete-event throttled share", d, 0.010357)
}

// The analytic mode bills a lognormal function's duration rounded up to
// the millisecond: half a millisecond more than its mean. 20 ms at
// 128 MB, 10 rps: 26.28 M x 0.0205 s x 0.125 GB = 67,342.5 GB-s.
func TestAnalyticBillsRoundingUp(t *testing.T) {
	const src = `
function "f" {
  duration = "20ms"
}
workload "w" {
  entry    = function.f
  rate     = 10
  duration = "10m"
}
`
	w := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0]
	within(t, "GB-s", costQty(w, "function.f", "duration"), 67342.5, 0.001)
}

func costQty(w WorkloadResult, addr, item string) float64 {
	var q float64
	for _, it := range w.Cost.Items {
		if it.Component == addr && it.Item == item {
			q += it.Quantity
		}
	}
	return q
}
