package simulate

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// The same seed gives the same bytes; another seed other numbers.
func TestDeterministic(t *testing.T) {
	out := func(seed uint64) []byte {
		var b bytes.Buffer
		if err := WriteJSON(&b, run(t, burstSrc, Options{Seed: seed})); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b, c := out(7), out(7), out(8)
	if !bytes.Equal(a, b) {
		t.Error("two runs with seed 7 differ")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 7 and 8 give the same output")
	}
}

// A burst above a function's reserved concurrency is throttled while it
// lasts; before and after, nothing is.
func TestBurstThrottlesThenRecovers(t *testing.T) {
	w := run(t, burstSrc, Options{Seed: 1}).Workloads[0]
	create := component(t, w, "function.create")
	if create.Throttled == 0 {
		t.Fatal("the burst of 1,000/s against a concurrency of 50 was not throttled")
	}
	var series []float64
	for _, s := range w.Series.Concurrency {
		if s.Name == "function.create" {
			series = s.Values
		}
	}
	during, after := 0.0, 0.0
	for i, t0 := range w.Series.T {
		switch {
		case t0 > 62 && t0 < 88:
			during = max(during, series[i])
		case t0 > 100:
			after = max(after, series[i])
		}
	}
	if during != 50 {
		t.Errorf("concurrency during the burst peaked at %g, want the limit 50", during)
	}
	if after >= 40 {
		t.Errorf("concurrency after the burst peaked at %g: no recovery", after)
	}
	q := queue(t, w, "queue.work")
	if q.Backlog.Peak <= q.Backlog.Final {
		t.Errorf("queue backlog peak %g, final %g: the burst's backlog should drain", q.Backlog.Peak, q.Backlog.Final)
	}
}

// Where queueing theory holds, the two modes agree.
func TestAnalyticAgreesWithDES(t *testing.T) {
	src := `
api "public" {}
function "a" {
  duration = "40ms"
  calls    = [function.b]
  trigger {
    source = api.public
    route  = "GET /"
  }
}
function "b" {
  duration     = "60ms"
  duration_p99 = "300ms"
}
workload "steady" {
  entry    = api.public
  route    = "GET /"
  rate     = 200
  duration = "20m"
}
`
	a := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0]
	d := run(t, src, Options{Mode: ModeDES, Seed: 2}).Workloads[0]
	la, ld := a.Entries[0].Latency, d.Entries[0].Latency
	within(t, "mean latency", ld.Mean, la.Mean, 0.03)
	within(t, "p50", ld.P50, la.P50, 0.03)
	within(t, "p95", ld.P95, la.P95, 0.03)
	within(t, "p99", ld.P99, la.P99, 0.05)
	within(t, "concurrency of b", component(t, d, "function.b").Concurrency.Mean, component(t, a, "function.b").Concurrency.Mean, 0.03)
	within(t, "monthly cost", d.Cost.MonthlyUSD, a.Cost.MonthlyUSD, 0.01)
}

func TestNoWorkload(t *testing.T) {
	_, err := Simulate(context.Background(), load(t, `function "f" {}`), Options{})
	if _, ok := err.(*NoWorkloadError); !ok || !bytes.Contains([]byte(err.Error()), []byte(`workload "peak"`)) {
		t.Errorf("err = %v, want a NoWorkloadError showing how to add one", err)
	}
	_, err = Simulate(context.Background(), load(t, burstSrc), Options{Workload: "peek"})
	if _, ok := err.(*UnknownWorkloadError); !ok || !bytes.Contains([]byte(err.Error()), []byte("peak")) {
		t.Errorf("err = %v, want an UnknownWorkloadError naming peak", err)
	}
}

func TestPricingOverride(t *testing.T) {
	p, diags := LoadPrices([]byte("date = \"2027-01\"\nlambda_requests_per_million = 0.4\n"), "mine.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	w := run(t, fmt.Sprintf(v1, "http"), Options{Mode: ModeAnalytic, Prices: p}).Workloads[0]
	within(t, "Lambda requests at the override price", costOf(w, "function.handler", "requests"), 105.12, 0.001)
	within(t, "HTTP API at the bundled price", costOf(w, "api.public", "requests"), 262.80, 0.001)
	for _, bad := range []string{"lambda_request = 1\n", "lambda_requests_per_million = \"x\"\n", "lambda_x86_gb_second = [[0, 1], [5, 2]]\n", "x = \n",
		"x = " + string(bytes.Repeat([]byte("("), 100000)) + "1\n"} { // once a stack overflow
		if _, diags := LoadPrices([]byte(bad), "bad.hcl"); !diags.HasErrors() || diags[0].Subject == nil && bad != "x = \n" {
			t.Errorf("%q: want an error with a position, got %v", bad, diags)
		}
	}
}

func TestHistogramAccuracy(t *testing.T) {
	h := NewHistogram()
	for i := 1; i <= 100000; i++ {
		h.Record(float64(i) / 1000)
	}
	for _, q := range []float64{0.5, 0.9, 0.99, 0.999} {
		within(t, fmt.Sprint("quantile ", q), h.Quantile(q), q*100, 0.005)
	}
}
