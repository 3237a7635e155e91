package simulate

import (
	"fmt"
	"math"
	"testing"
)

// The batching window's closed form against a direct sum: 2 messages a
// second, batches of 10, a 1 s window. N(1) is Poisson of mean 2; the
// batch holds 1 + sum_{j=1}^{9} P(N >= j) = 1 + E[min(N, 9)] messages,
// and their mean wait is sum_j j P(N >= j) / 2 / size.
func TestWindowBatchClosedForm(t *testing.T) {
	pmf := func(k int) float64 {
		lg, _ := math.Lgamma(float64(k + 1))
		return math.Exp(-2 + float64(k)*math.Log(2) - lg)
	}
	var sumP, sumJP float64
	for j := 1; j <= 9; j++ {
		var tail float64
		for k := j; k < 60; k++ {
			tail += pmf(k)
		}
		sumP += tail
		sumJP += float64(j) * tail
	}
	size, wait := WindowBatch(2, 10, 1)
	within(t, "size", size, 1+sumP, 1e-9)
	within(t, "wait", wait, sumJP/2/(1+sumP), 1e-9)
	// A lone message waits the whole window; a batch that fills at once
	// (1,000 a second, batches of 10) waits for 9 more: 4.5 ms on average.
	if _, w := WindowBatch(1e-9, 10, 1); math.Abs(w-1) > 1e-6 {
		t.Errorf("lone message waits %v, want the window 1 s", w)
	}
	if s, w := WindowBatch(1000, 10, 60); s != 10 || math.Abs(w-0.0045) > 1e-9 {
		t.Errorf("full batch: size %v wait %v, want 10 and 4.5 ms", s, w)
	}
}

// Per-message work: a consumer of batches of 10 that writes every message
// of its batch to a table and sends each on to a topic. 20 messages a
// second, 52,560,000 a month: as many 1 KB writes, $0.625 per million =
// $32.85, and as many publishes, $0.50 per million = $26.28
// (aws.amazon.com/dynamodb/pricing, aws.amazon.com/sns/pricing, 2026-11),
// whatever the batches hold. Without per_message they follow the
// batches. Both modes agree within 3%.
func TestPerMessageWork(t *testing.T) {
	const src = `
queue "q" {}
database "t" {}
topic "out" {}
function "f" {
  duration     = "200ms"
  writes       = [database.t]
  emits        = [topic.out]
  %s
  trigger {
    source       = queue.q
    batch_size   = 10
    batch_window = "2s"
  }
}
workload "w" {
  entry    = queue.q
  rate     = 20
  duration = "30m"
}
`
	per := run(t, fmt.Sprintf(src, `per_message = ["writes", "emits"]`), Options{Mode: ModeAnalytic}).Workloads[0]
	within(t, "analytic writes", costOf(per, "database.t", "write units"), 32.85, 0.001)
	within(t, "analytic publishes", costOf(per, "topic.out", "publishes"), 26.28, 0.001)
	des := run(t, fmt.Sprintf(src, `per_message = ["writes", "emits"]`), Options{Mode: ModeDES, Seed: 1}).Workloads[0]
	within(t, "discrete-event writes", costOf(des, "database.t", "write units"), 32.85, 0.03)
	within(t, "discrete-event publishes", costOf(des, "topic.out", "publishes"), 26.28, 0.03)
	within(t, "total, modes", des.Cost.MonthlyUSD, per.Cost.MonthlyUSD, 0.03)

	once := run(t, fmt.Sprintf(src, ""), Options{Mode: ModeAnalytic}).Workloads[0]
	inv := component(t, once, "function.f").Invocations / once.Arrivals
	within(t, "writes once per invocation", costOf(once, "database.t", "write units"), 32.85*inv, 0.001)
	if inv > 0.2 {
		t.Errorf("%.3f invocations per message: batches of 10 in a 2 s window should hold about 10", inv)
	}
	onceDES := run(t, fmt.Sprintf(src, ""), Options{Mode: ModeDES, Seed: 1}).Workloads[0]
	within(t, "total once per invocation, modes", onceDES.Cost.MonthlyUSD, once.Cost.MonthlyUSD, 0.03)
}
