package simulate

import (
	"fmt"
	"math"
	"testing"
)

// The checks V1-V10 of the simulator's design: costs within 1%, simulated
// statistics within 3% or three standard errors, whichever is larger.
// Statistics of the discrete-event mode are averaged over independent
// seeds, whose spread gives the standard error.

var modes = []string{ModeAnalytic, ModeDES}

func within(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s = %.6g, want %.6g (within %.1f%%)", what, got, want, rel*100)
	} else {
		t.Logf("%s = %.6g (want %.6g)", what, got, want)
	}
}

// stat checks an estimate against theory: within 3% or 3 standard errors.
func stat(t *testing.T, what string, samples []float64, want float64) {
	t.Helper()
	var mean, sq float64
	for _, x := range samples {
		mean += x
	}
	mean /= float64(len(samples))
	for _, x := range samples {
		sq += (x - mean) * (x - mean)
	}
	se := 0.0
	if len(samples) > 1 {
		se = math.Sqrt(sq / float64(len(samples)-1) / float64(len(samples)))
	}
	tol := math.Max(0.03*math.Abs(want), 3*se)
	if math.Abs(mean-want) > tol {
		t.Errorf("%s = %.6g ± %.3g (se), want %.6g (tolerance %.3g)", what, mean, se, want, tol)
	} else {
		t.Logf("%s = %.6g ± %.3g (se), want %.6g", what, mean, se, want)
	}
}

// seeds runs a scenario with several seeds and collects one statistic
// per run.
func seeds(t *testing.T, src string, n int, pick func(WorkloadResult) float64) []float64 {
	t.Helper()
	var out []float64
	for s := range n {
		rep := run(t, src, Options{Mode: ModeDES, Seed: uint64(s + 1)})
		out = append(out, pick(rep.Workloads[0]))
	}
	return out
}

const v1 = `
api "public" { type = "%s" }
function "handler" {
  memory       = 512
  duration     = "200ms"
  distribution = "constant"
  trigger {
    source = api.public
    route  = "GET /orders"
  }
}
workload "steady" {
  entry    = api.public
  route    = "GET /orders"
  rate     = 100
  duration = "10m"
}
`

func TestV1HTTPAPIToLambda(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, fmt.Sprintf(v1, "http"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "concurrency", component(t, w, "function.handler").Concurrency.Mean, 20, 0.03)
			within(t, "Lambda duration $", costOf(w, "function.handler", "duration"), 438.00, 0.01)
			within(t, "Lambda requests $", costOf(w, "function.handler", "requests"), 52.56, 0.01)
			within(t, "HTTP API $", costOf(w, "api.public", "requests"), 262.80, 0.01)
			rest := run(t, fmt.Sprintf(v1, "rest"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "REST API $", costOf(rest, "api.public", "requests"), 919.80, 0.01)
		})
	}
}

const v2 = `
function "job" {
  memory       = 128
  arch         = "%s"
  duration     = "100ms"
  distribution = "constant"
}
workload "month" {
  entry    = function.job
  rate     = 20
  duration = "2m"
  monthly  = 10000000
}
`

func TestV2LambdaMonth(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			x86 := run(t, fmt.Sprintf(v2, "x86_64"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "x86 $", x86.Cost.MonthlyUSD, 4.08, 0.01)
			arm := run(t, fmt.Sprintf(v2, "arm64"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "arm64 $", arm.Cost.MonthlyUSD, 3.67, 0.01)
			free := run(t, fmt.Sprintf(v2, "x86_64"), Options{Mode: mode, Seed: 1, FreeTier: true}).Workloads[0]
			within(t, "x86 with free tier $", free.Cost.MonthlyUSD, 1.80, 0.01)
			if !free.Cost.FreeTier || x86.Cost.FreeTier {
				t.Error("the cost must say whether the free tier applies")
			}
		})
	}
}

const v3 = `
queue "jobs" {}
function "worker" {
  duration     = "1s"
  distribution = "exponential"
  timeout      = "15m"
  trigger {
    source          = queue.jobs
    batch_size      = 1
    max_concurrency = 10
  }
}
workload "load" {
  entry    = queue.jobs
  rate     = 9
  duration = "%s"
}
`

// V3: M/M/c with c = 10, lambda = 9, mu = 1: Erlang C 0.6687, mean wait
// 0.669 s, time in system mean 1.669 s, p50 1.329, p95 4.361, p99 6.250.
func TestV3MMc(t *testing.T) {
	want := Latency{Mean: 1668.7, P50: 1329.1, P95: 4360.9, P99: 6249.9}
	t.Run("analytic", func(t *testing.T) {
		w := run(t, fmt.Sprintf(v3, "1h"), Options{Mode: ModeAnalytic}).Workloads[0]
		l := w.Entries[0].Latency
		within(t, "mean", l.Mean, want.Mean, 0.01)
		within(t, "p50", l.P50, want.P50, 0.01)
		within(t, "p95", l.P95, want.P95, 0.01)
		within(t, "p99", l.P99, want.P99, 0.01)
		q := MMc{C: 10, Lambda: 9, Mu: 1}
		within(t, "Erlang C", q.Wait(), 0.6687, 0.001)
		within(t, "mean wait", q.MeanWait(), 0.669, 0.002)
	})
	t.Run("des", func(t *testing.T) {
		src := fmt.Sprintf(v3, "3h")
		runs := make([]WorkloadResult, 0, 5)
		for s := range 5 {
			runs = append(runs, run(t, src, Options{Mode: ModeDES, Seed: uint64(s + 1)}).Workloads[0])
		}
		pick := func(f func(Latency) float64) []float64 {
			var out []float64
			for _, w := range runs {
				out = append(out, f(w.Entries[0].Latency))
			}
			return out
		}
		stat(t, "mean", pick(func(l Latency) float64 { return l.Mean }), want.Mean)
		stat(t, "p50", pick(func(l Latency) float64 { return l.P50 }), want.P50)
		stat(t, "p95", pick(func(l Latency) float64 { return l.P95 }), want.P95)
		stat(t, "p99", pick(func(l Latency) float64 { return l.P99 }), want.P99)
	})
}

const v4 = `
queue "jobs" {}
container "worker" {
  duration     = "100ms"
  distribution = "exponential"
  concurrency  = 1
  trigger {
    source     = queue.jobs
    batch_size = 1
  }
}
workload "load" {
  entry    = queue.jobs
  rate     = 8
  duration = "%s"
}
`

// V4: M/M/1, lambda 8, mu 10: mean 0.5 s, p50 0.347, p95 1.498, p99 2.303.
// One worker polling with batches of one is the M/M/1 server.
func TestV4MM1(t *testing.T) {
	want := Latency{Mean: 500, P50: 346.6, P95: 1497.9, P99: 2302.6}
	t.Run("analytic", func(t *testing.T) {
		l := run(t, fmt.Sprintf(v4, "1h"), Options{Mode: ModeAnalytic}).Workloads[0].Entries[0].Latency
		within(t, "mean", l.Mean, want.Mean, 0.01)
		within(t, "p50", l.P50, want.P50, 0.01)
		within(t, "p95", l.P95, want.P95, 0.01)
		within(t, "p99", l.P99, want.P99, 0.01)
	})
	t.Run("des", func(t *testing.T) {
		src := fmt.Sprintf(v4, "3h")
		for _, q := range []struct {
			name string
			f    func(Latency) float64
			want float64
		}{
			{"mean", func(l Latency) float64 { return l.Mean }, want.Mean},
			{"p50", func(l Latency) float64 { return l.P50 }, want.P50},
			{"p95", func(l Latency) float64 { return l.P95 }, want.P95},
			{"p99", func(l Latency) float64 { return l.P99 }, want.P99},
		} {
			stat(t, q.name, seeds(t, src, 5, func(w WorkloadResult) float64 { return q.f(w.Entries[0].Latency) }), q.want)
		}
	})
}

const v5 = `
architecture "v5" {
  account_concurrency = 1000
}
api "public" {
  type          = "http"
  throttle_rate = 100000
  throttle_burst = 100000
}
function "handler" {
  duration     = "1s"
  distribution = "exponential"
  timeout      = "1m"
  trigger {
    source = api.public
    route  = "GET /"
  }
}
workload "load" {
  entry    = api.public
  route    = "GET /"
  rate     = %d
  duration = "%s"
}
`

// V5: sync throttling at a concurrency limit of 1000 is Erlang B: 50.05%
// throttled at 2000 rps x 1 s, 1.38% at 980 rps.
func TestV5ErlangB(t *testing.T) {
	for _, c := range []struct {
		rate int
		want float64
	}{{2000, 0.5005}, {980, 0.01383}} {
		t.Run(fmt.Sprint(c.rate), func(t *testing.T) {
			share := func(w WorkloadResult) float64 {
				e := w.Entries[0]
				return e.Throttled / w.Arrivals
			}
			a := run(t, fmt.Sprintf(v5, c.rate, "10m"), Options{Mode: ModeAnalytic}).Workloads[0]
			within(t, "analytic throttled share", share(a), c.want, 0.01)
			// Skip the first 10 s, where the first environments cold-start.
			stat(t, "des throttled share", seeds(t, fmt.Sprintf(v5, c.rate, "5m"), 4, share), c.want)
		})
	}
}

const v6 = `
architecture "v6" {
  account_concurrency = 20000
}
api "public" {
  type           = "http"
  throttle_rate  = 100000
  throttle_burst = 100000
}
function "handler" {
  duration     = "1s"
  distribution = "constant"
  trigger {
    source = api.public
    route  = "GET /"
  }
}
workload "surge" {
  entry    = api.public
  route    = "GET /"
  rate     = 5000
  arrival  = "constant"
  duration = "60s"
}
`

// V6: from idle to 5000 rps x 1 s with the account limit raised, Lambda
// adds 1,000 environments at once and then 100 a second: full capacity
// after 40 s, 4000 x 40 / 2 = 80,000 requests throttled.
func TestV6ScalingRamp(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, v6, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "throttled", w.Entries[0].Throttled, 80000, 0.03)
			if mode != ModeDES {
				return
			}
			full := -1.0
			for i, v := range w.Series.Concurrency[0].Values {
				if v >= 0.99*5000 {
					full = w.Series.T[i]
					break
				}
			}
			within(t, "time to full capacity (s)", full, 40, 0.03)
			// After the ramp, nothing is throttled.
			if late := component(t, w, "function.handler"); late.Concurrency.Peak < 5000 {
				t.Errorf("peak concurrency %g, want 5000", late.Concurrency.Peak)
			}
		})
	}
}

const v7 = `
queue "intake" {}
function "consumer" {
  duration     = "2s"
  distribution = "constant"
  timeout      = "30s"
  trigger {
    source          = queue.intake
    batch_size      = 10
    max_concurrency = 50
  }
}
workload "flood" {
  entry    = queue.intake
  rate     = 500
  duration = "1h"
}
`

// V7: 500 msg/s in, 50 x 10 messages per 2 s = 250 msg/s out: the backlog
// grows by 250 a second, 900,000 after an hour.
func TestV7Backlog(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, v7, Options{Mode: mode, Seed: 1}).Workloads[0]
			q := queue(t, w, "queue.intake")
			within(t, "final backlog", q.Backlog.Final, 900000, 0.03)
			if q.DrainS != nil {
				t.Errorf("drain time %v, want never (null)", *q.DrainS)
			}
		})
	}
}

const v8 = `
function "a" {
  memory       = 256
  duration     = "50ms"
  distribution = "constant"
  calls        = [function.b]
}
function "b" {
  memory       = 512
  duration     = "150ms"
  distribution = "constant"
}
workload "calls" {
  entry    = function.a
  rate     = 20
  duration = "30m"
  monthly  = 1000000
}
`

// V8: A waits on B: A is billed 50 + 150 ms at 256 MB, B 150 ms at 512 MB:
// 125,000 GB-s and 2 M requests, $2.48; A's wait alone is $0.625. The
// window is long enough that the first environments' billed
// initialisation, extrapolated to the month, stays below 0.1%.
func TestV8DoubleBilling(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, v8, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "total $", w.Cost.MonthlyUSD, 2.48, 0.01)
			within(t, "A's sync wait $", costOf(w, "function.a", "sync wait"), 0.625, 0.01)
			var gbs float64
			for _, it := range w.Cost.Items {
				if it.Unit == "GB-s" {
					gbs += it.Quantity
				}
			}
			within(t, "GB-s", gbs, 125000, 0.01)
		})
	}
}

const v9 = `
database "orders" {
  item_size = "%s"
}
function "api" {
  duration = "20ms"
  %s       = [database.orders]
}
workload "traffic" {
  entry    = function.api
  rate     = %d
  duration = "1m"
}
`

// V9: on-demand DynamoDB: 100 writes/s of 2.5 KB (3 WRU each) cost
// $492.75 a month; 300 eventually consistent reads/s of 6 KB (1 RRU each)
// $98.55.
func TestV9DynamoDB(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, fmt.Sprintf(v9, "2.5KB", "writes", 100), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "writes $", costOf(w, "database.orders", ""), 492.75, 0.01)
			r := run(t, fmt.Sprintf(v9, "6KB", "reads", 300), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "reads $", costOf(r, "database.orders", ""), 98.55, 0.01)
		})
	}
}

const v10 = `
state_machine "flow" {
  type         = "%s"
  duration     = "%s"
  distribution = "constant"
  transitions  = 5
}
workload "runs" {
  entry    = state_machine.flow
  rate     = 10
  duration = "1m"
  monthly  = 1000000
}
`

// V10: Step Functions: standard, 1 M executions x 5 transitions = $125.00;
// express, 1 M x 2 s x 64 MB = $1.00 + $2.08 = $3.08.
func TestV10StepFunctions(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			std := run(t, fmt.Sprintf(v10, "standard", "1s"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "standard $", std.Cost.MonthlyUSD, 125.00, 0.01)
			exp := run(t, fmt.Sprintf(v10, "express", "2s"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "express $", exp.Cost.MonthlyUSD, 3.08, 0.01)
		})
	}
}

// mdc is a queue polled by a container of `concurrency` workers taking
// one message at a time: an M/G/c queue whose service has the declared
// distribution.
const mdc = `
queue "jobs" {}
container "worker" {
  duration     = "%s"
  duration_p99 = "%s"
  distribution = "%s"
  concurrency  = %d
  trigger {
    source     = queue.jobs
    batch_size = 1
  }
}
workload "load" {
  entry    = queue.jobs
  rate     = %g
  duration = "%s"
}
`

// md1Wait is the exact M/D/1 waiting-time distribution (Erlang, 1909):
// P(W <= t) = (1 - rho) sum_{k=0}^{floor(t/D)} (lambda (kD - t))^k / k!
// e^{-lambda (kD - t)}.
func md1Wait(lambda, d, t float64) float64 {
	var s float64
	for k := 0; float64(k)*d <= t; k++ {
		x := lambda * (float64(k)*d - t)
		s += math.Pow(x, float64(k)) / math.Gamma(float64(k+1)) * math.Exp(-x)
	}
	return (1 - lambda*d) * s
}

func md1Sojourn(lambda, d, p float64) float64 {
	lo, hi := 0.0, 100*d
	for range 100 {
		mid := (lo + hi) / 2
		if md1Wait(lambda, d, mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo+hi)/2 + d
}

// M/D/1, lambda 8, D 100 ms: the mean time in system is exact
// (Pollaczek-Khinchine: Wq = rho D / 2(1 - rho) = 200 ms, 300 ms in all);
// the percentiles come from Erlang's formula. The analytic mode's mean is
// within 5% and its percentiles within 10% (an exponential wait of the
// exact mean: p99 5% high); the discrete-event mode within its noise.
func TestMD1(t *testing.T) {
	mean := 300.0
	p50, p95, p99 := 1000*md1Sojourn(8, 0.1, 0.5), 1000*md1Sojourn(8, 0.1, 0.95), 1000*md1Sojourn(8, 0.1, 0.99)
	t.Run("analytic", func(t *testing.T) {
		l := run(t, fmt.Sprintf(mdc, "100ms", "100ms", "constant", 1, 8.0, "1h"), Options{Mode: ModeAnalytic}).Workloads[0].Entries[0].Latency
		within(t, "mean", l.Mean, mean, 0.05)
		within(t, "p50", l.P50, p50, 0.10)
		within(t, "p95", l.P95, p95, 0.10)
		within(t, "p99", l.P99, p99, 0.10)
	})
	t.Run("des", func(t *testing.T) {
		src := fmt.Sprintf(mdc, "100ms", "100ms", "constant", 1, 8.0, "2h")
		stat(t, "mean", seeds(t, src, 4, func(w WorkloadResult) float64 { return w.Entries[0].Latency.Mean }), mean)
		stat(t, "p99", seeds(t, src, 4, func(w WorkloadResult) float64 { return w.Entries[0].Latency.P99 }), p99)
	})
}

// M/G/c with constant and lognormal service: no closed form, so the
// analytic mode is held to the discrete-event mode over independent seeds
// of 12 hours: the mean within 5% (or three standard errors) and the p99
// within 10%. A lognormal service's wait has a heavier tail than the
// exponential the analytic mode gives those who wait: its p99 comes out
// about 7% low at one server (docs/simulate.md).
func TestMGcAgainstDES(t *testing.T) {
	for _, c := range []struct {
		name            string
		mean, p99, dist string
		servers         int
		rate            float64
		p99Tol          float64
	}{
		{"M/D/10", "1s", "1s", "constant", 10, 9, 0.10},
		{"M/LN/1", "100ms", "500ms", "lognormal", 1, 8, 0.10},
		{"M/LN/10", "1s", "3s", "lognormal", 10, 9, 0.10},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := run(t, fmt.Sprintf(mdc, c.mean, c.p99, c.dist, c.servers, c.rate, "1h"), Options{Mode: ModeAnalytic}).Workloads[0].Entries[0].Latency
			src := fmt.Sprintf(mdc, c.mean, c.p99, c.dist, c.servers, c.rate, "12h")
			var means, p99s []float64
			for s := range 4 {
				l := run(t, src, Options{Mode: ModeDES, Seed: uint64(s + 1)}).Workloads[0].Entries[0].Latency
				means = append(means, l.Mean)
				p99s = append(p99s, l.P99)
			}
			statTol(t, "discrete-event mean vs analytic", means, a.Mean, 0.05)
			statTol(t, "discrete-event p99 vs analytic", p99s, a.P99, c.p99Tol)
		})
	}
}

// statTol is stat with a relative tolerance of rel.
func statTol(t *testing.T, what string, samples []float64, want, rel float64) {
	t.Helper()
	var mean, sq float64
	for _, x := range samples {
		mean += x
	}
	mean /= float64(len(samples))
	for _, x := range samples {
		sq += (x - mean) * (x - mean)
	}
	se := math.Sqrt(sq / float64(len(samples)-1) / float64(len(samples)))
	tol := math.Max(rel*math.Abs(want), 3*se)
	if math.Abs(mean-want) > tol {
		t.Errorf("%s = %.6g ± %.3g (se), want %.6g (tolerance %.3g)", what, mean, se, want, tol)
	} else {
		t.Logf("%s = %.6g ± %.3g (se), want %.6g (%+.1f%%)", what, mean, se, want, 100*(want-mean)/mean)
	}
}

// topicAtLimit is a topic feeding a function with reserved concurrency 10
// at 95% of it: Lambda retries the throttled asynchronous events (1 s
// doubling to 5 minutes, for up to six hours), so every event runs in the
// end. Timeouts (5% of an exponential 1 s at 3 s) are retried a minute and
// then two minutes later.
const topicAtLimit = `
topic "t" {}
function "f" {
  duration     = "1s"
  distribution = "exponential"
  concurrency  = 10
  memory       = 1024
  trigger { source = topic.t }
}
workload "w" {
  entry    = topic.t
  rate     = 9.5
  duration = "2h"
}
`

// The analytic mode's retrial model against the discrete-event mode:
// invocations, throttled attempts and cost within 5%; the latency within
// 25% (mean) and 35% (p99): the analytic mode takes the attempts of an
// event as independent, and underestimates the tail (docs/simulate.md).
func TestAsyncThrottleRetries(t *testing.T) {
	a := run(t, topicAtLimit, Options{Mode: ModeAnalytic}).Workloads[0]
	ac := component(t, a, "function.f")
	if a.Entries[0].Succeeded < 0.999*a.Arrivals {
		t.Errorf("analytic: %v of %v events succeeded: throttled asynchronous events are retried, not lost", a.Entries[0].Succeeded, a.Arrivals)
	}
	var inv, thr, cost, mean, p99 []float64
	for s := range 2 {
		d := run(t, topicAtLimit, Options{Mode: ModeDES, Seed: uint64(s + 1)}).Workloads[0]
		dc := component(t, d, "function.f")
		inv = append(inv, dc.Invocations)
		thr = append(thr, dc.Throttled)
		cost = append(cost, d.Cost.MonthlyUSD)
		mean = append(mean, d.Entries[0].Latency.Mean)
		p99 = append(p99, d.Entries[0].Latency.P99)
	}
	statTol(t, "invocations", inv, ac.Invocations, 0.05)
	statTol(t, "throttled attempts", thr, ac.Throttled, 0.05)
	statTol(t, "monthly cost", cost, a.Cost.MonthlyUSD, 0.05)
	statTol(t, "mean latency", mean, a.Entries[0].Latency.Mean, 0.25)
	statTol(t, "p99 latency", p99, a.Entries[0].Latency.P99, 0.35)
}

// A function called now and then over a day: its environment is reclaimed
// after 10 idle minutes, so about e^(-lambda x 600 s) of the calls start
// cold (30% at one call every 500 s). The analytic count is held to the
// discrete-event mode's mean over four seeds (within 10% or three
// standard errors); the model without expiry counted one cold start.
func TestColdStartsWithIdleExpiry(t *testing.T) {
	src := `
api "a" {}
function "f" {
  duration     = "100ms"
  distribution = "constant"
  trigger {
    source = api.a
    route  = "GET /"
  }
}
workload "w" {
  entry    = api.a
  route    = "GET /"
  rate     = 0.002
  duration = "1d"
}
`
	a := component(t, run(t, src, Options{Mode: ModeAnalytic}).Workloads[0], "function.f")
	d := seeds(t, src, 4, func(w WorkloadResult) float64 { return component(t, w, "function.f").ColdStarts })
	statTol(t, "cold starts", d, a.ColdStarts, 0.10)
	if want := 172.8 * math.Exp(-0.002*600); math.Abs(a.ColdStarts-want) > 0.1*want {
		t.Errorf("analytic cold starts %v, want about %.1f", a.ColdStarts, want)
	}
}

// Batching windows and in-order shards, analytic against the
// discrete-event mode (mean of three seeds): the entry's mean latency
// within 10%, the p99 within 25%, the consumer's invocations within 5%.
func TestBatchWindowsAndShardsAgainstDES(t *testing.T) {
	cases := []struct{ name, src string }{
		{"sqs window", `
queue "q" {}
function "f" {
  duration     = "100ms"
  distribution = "constant"
  trigger {
    source       = queue.q
    batch_size   = 10
    batch_window = "1s"
  }
}
workload "w" {
  entry    = queue.q
  rate     = 2
  duration = "2h"
}
`},
		{"kinesis shard in order", `
stream "s" {
  shards = 1
}
function "f" {
  duration     = "200ms"
  distribution = "exponential"
  trigger {
    source     = stream.s
    batch_size = 100
  }
}
workload "w" {
  entry    = stream.s
  rate     = 3
  duration = "2h"
}
`},
		{"kinesis shards with window", `
stream "s" {
  shards = 2
}
function "f" {
  duration     = "500ms"
  distribution = "constant"
  trigger {
    source       = stream.s
    batch_size   = 50
    batch_window = "2s"
  }
}
workload "w" {
  entry    = stream.s
  rate     = 10
  duration = "2h"
}
`},
		{"kinesis parallelization", `
stream "s" {
  shards = 1
}
function "f" {
  duration     = "300ms"
  duration_p99 = "1s"
  trigger {
    source          = stream.s
    batch_size      = 10
    parallelization = 3
  }
}
workload "w" {
  entry    = stream.s
  rate     = 6
  duration = "2h"
}
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			an := run(t, c.src, Options{Mode: ModeAnalytic}).Workloads[0]
			var mean, p99, inv float64
			const seeds = 3
			for seed := range uint64(seeds) {
				w := run(t, c.src, Options{Mode: ModeDES, Seed: seed + 1}).Workloads[0]
				mean += w.Entries[0].Latency.Mean / seeds
				p99 += w.Entries[0].Latency.P99 / seeds
				inv += component(t, w, "function.f").Invocations / w.Arrivals / seeds
			}
			ae := an.Entries[0].Latency
			t.Logf("%s: analytic mean %.1f ms p99 %.1f ms; discrete-event mean %.1f ms p99 %.1f ms", c.name, ae.Mean, ae.P99, mean, p99)
			within(t, fmt.Sprintf("%s mean", c.name), ae.Mean, mean, 0.10)
			within(t, fmt.Sprintf("%s p99", c.name), ae.P99, p99, 0.25)
			within(t, fmt.Sprintf("%s invocations per arrival", c.name), component(t, an, "function.f").Invocations/an.Arrivals, inv, 0.05)
		})
	}
}

// Per-message calls: a consumer of SQS batches of 10 (a 2 s window at 20
// messages a second fills them in about half a second) that calls an
// external once per message of its batch, one after another. Constant
// times: 20 ms of own work and 50 ms a call, so a batch of b messages
// takes 20 + 50b ms. Hand-computed: 36,000 calls in 30 minutes, one per
// message; a batch of 10 runs 520 ms. Both modes: calls within 1% of
// 36,000, duration, cost and the entry's mean latency within 5% of each
// other. Without per_message the external is called once per batch.
func TestPerMessageCalls(t *testing.T) {
	const src = `
queue "q" {}
external "api" {
  latency      = "50ms"
  distribution = "constant"
}
function "f" {
  duration     = "20ms"
  distribution = "constant"
  calls        = [external.api]
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
	an := run(t, fmt.Sprintf(src, `per_message = ["calls"]`), Options{Mode: ModeAnalytic}).Workloads[0]
	des := run(t, fmt.Sprintf(src, `per_message = ["calls"]`), Options{Mode: ModeDES, Seed: 1}).Workloads[0]
	for _, w := range []struct {
		mode string
		r    WorkloadResult
	}{{"analytic", an}, {"discrete-event", des}} {
		calls := component(t, w.r, "external.api").Invocations
		within(t, w.mode+" calls, one per message", calls, 36000, 0.01)
		f := component(t, w.r, "function.f")
		batch := 36000 / f.Invocations
		within(t, w.mode+" duration, 20 ms + 50 ms a message", f.DurationMs, 20+50*batch, 0.02)
	}
	within(t, "batch duration, modes", component(t, an, "function.f").DurationMs, component(t, des, "function.f").DurationMs, 0.05)
	within(t, "cost, modes", an.Cost.MonthlyUSD, des.Cost.MonthlyUSD, 0.05)
	within(t, "entry mean latency, modes", an.Entries[0].Latency.Mean, des.Entries[0].Latency.Mean, 0.05)

	once := run(t, fmt.Sprintf(src, ""), Options{Mode: ModeAnalytic}).Workloads[0]
	if got, batches := component(t, once, "external.api").Invocations, component(t, once, "function.f").Invocations; math.Abs(got-batches) > 1 {
		t.Errorf("without per_message: %g calls for %g batches, want one a batch", got, batches)
	}
}

// Per-message calls that fail: the external errs on 1% of calls, so a
// batch of b messages succeeds with probability 0.99^b and stops at its
// first failing call; both modes count the same calls and failed batches
// within 5%.
func TestPerMessageCallsFailing(t *testing.T) {
	const src = `
queue "q" {
  max_receive_count = 1
  dead_letter       = queue.dlq
}
queue "dlq" {}
external "api" {
  latency    = "50ms"
  error_rate = 0.01
}
function "f" {
  duration    = "20ms"
  calls       = [external.api]
  per_message = ["calls"]
  trigger {
    source       = queue.q
    batch_size   = 10
    batch_window = "2s"
  }
}
workload "w" {
  entry    = queue.q
  rate     = 20
  duration = "1h"
}
`
	an := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0]
	des := run(t, src, Options{Mode: ModeDES, Seed: 1, Replications: 3}).Workloads[0]
	within(t, "calls, modes", component(t, an, "external.api").Invocations, component(t, des, "external.api").Invocations, 0.05)
	within(t, "failed batches, modes", component(t, an, "function.f").Errors, component(t, des, "function.f").Errors, 0.10)
	within(t, "dead letters, modes", an.Entries[0].DeadLettered, des.Entries[0].DeadLettered, 0.10)
}

// A rate-limited dependency throttling an asynchronous consumer: a topic
// feeds a function (reserved concurrency 10, 50 ms of own work) that calls
// a provider limited to 10 requests a second (200 ms); 8 events a second,
// 40 a second for 3 minutes. The provider refuses most calls from the
// burst on, the function fails, Lambda retries each event twice (1 and 2
// minutes later) and dead-letters the rest. The analytic mode within 10%
// of the discrete-event mode's mean over three seeds on successes, dead
// letters, invocations, refused calls and cost, 15% on the mean latency,
// 35% on the p99 (docs/simulate.md).
func TestThrottledDependencyAsync(t *testing.T) {
	const src = `
topic "in" {}
queue "dlq" {}
function "f" {
  duration    = "50ms"
  timeout     = "10s"
  concurrency = 10
  retries     = 2
  on_failure  = queue.dlq
  calls       = [external.provider]
  trigger {
    source = topic.in
  }
}
external "provider" {
  latency    = "200ms"
  rate_limit = 10
}
workload "w" {
  entry    = topic.in
  rate     = 8
  duration = "40m"
  burst {
    at   = "10m"
    rate = 40
    for  = "3m"
  }
}
`
	an := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0]
	des := run(t, src, Options{Mode: ModeDES, Seed: 1, Replications: 3}).Workloads[0]
	if des.Entries[0].DeadLettered < 1000 {
		t.Fatalf("the scenario should dead-letter thousands of events: %g", des.Entries[0].DeadLettered)
	}
	within(t, "succeeded", an.Entries[0].Succeeded, des.Entries[0].Succeeded, 0.10)
	within(t, "dead-lettered", an.Entries[0].DeadLettered, des.Entries[0].DeadLettered, 0.10)
	within(t, "invocations", component(t, an, "function.f").Invocations, component(t, des, "function.f").Invocations, 0.10)
	within(t, "refused calls", component(t, an, "external.provider").Throttled, component(t, des, "external.provider").Throttled, 0.10)
	within(t, "cost", an.Cost.MonthlyUSD, des.Cost.MonthlyUSD, 0.10)
	within(t, "latency mean", an.Entries[0].Latency.Mean, des.Entries[0].Latency.Mean, 0.15)
	within(t, "latency p99", an.Entries[0].Latency.P99, des.Entries[0].Latency.P99, 0.35)
}

// A burst over an asynchronously invoked function's own limit: a topic
// feeds a function (reserved concurrency 10, exponential 1 s) at 5 events
// a second, 14 a second for 5 minutes; the attempts come faster than the
// limit serves them, so the events wait in a backlog, many throttled over
// and over (backoff 1 s doubling to 5 minutes). The analytic mode (a fluid
// of attempts, docs/simulate.md) within 10% of the discrete-event mode's
// mean over three seeds on the throttled attempts and the mean latency,
// 35% on the p99.
func TestOwnLimitBacklogAsync(t *testing.T) {
	const src = `
topic "in" {}
function "f" {
  duration     = "1s"
  distribution = "exponential"
  timeout      = "10s"
  concurrency  = 10
  trigger {
    source = topic.in
  }
}
workload "w" {
  entry    = topic.in
  rate     = 5
  duration = "30m"
  burst {
    at   = "5m"
    rate = 14
    for  = "5m"
  }
}
`
	an := run(t, src, Options{Mode: ModeAnalytic}).Workloads[0]
	des := run(t, src, Options{Mode: ModeDES, Seed: 1, Replications: 3}).Workloads[0]
	if thr := component(t, des, "function.f").Throttled; thr < 10000 {
		t.Fatalf("the scenario should throttle tens of thousands of attempts: %g", thr)
	}
	within(t, "succeeded", an.Entries[0].Succeeded, des.Entries[0].Succeeded, 0.05)
	within(t, "throttled attempts", component(t, an, "function.f").Throttled, component(t, des, "function.f").Throttled, 0.10)
	within(t, "latency mean", an.Entries[0].Latency.Mean, des.Entries[0].Latency.Mean, 0.10)
	within(t, "latency p99", an.Entries[0].Latency.P99, des.Entries[0].Latency.P99, 0.35)
}
