package simulate

import "testing"

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
