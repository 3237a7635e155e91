package simulate

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"
)

func TestReplicationSeeds(t *testing.T) {
	s := ReplicationSeeds(7, 5)
	if len(s) != 5 || s[0] != 7 {
		t.Fatalf("seeds %v: want 5, the first 7", s)
	}
	seen := map[uint64]bool{}
	for _, x := range s {
		if seen[x] {
			t.Errorf("seed %d twice in %v", x, s)
		}
		seen[x] = true
	}
	if again := ReplicationSeeds(7, 5); fmt.Sprint(again) != fmt.Sprint(s) {
		t.Errorf("seeds not deterministic: %v then %v", s, again)
	}
	if other := ReplicationSeeds(8, 5); other[1] == s[1] || other[1] == s[2] {
		t.Errorf("seeds 7 and 8 share a replication seed: %v, %v", s, other)
	}
}

// The expansion past the table agrees with the table's last entry and
// with the normal quantile far out.
func TestTQuantile975(t *testing.T) {
	for _, c := range []struct {
		df   int
		want float64
	}{{1, 12.7062}, {9, 2.2622}, {31, 2.0395}, {40, 2.0211}, {100, 1.9840}, {999, 1.9623}} {
		if got := tQuantile975(c.df); math.Abs(got-c.want) > 2e-4 {
			t.Errorf("t(0.975, %d) = %.5f, want %.4f", c.df, got, c.want)
		}
	}
	if m, h := meanCI([]float64{1, 2, 3}); m != 2 || math.Abs(h-4.3027/math.Sqrt(3)) > 1e-9 {
		t.Errorf("meanCI(1, 2, 3) = %g ± %g", m, h)
	}
}

// The 95% interval of the mean latency covers the exact M/M/1 mean
// (lambda 8, mu 10: 0.5 s) in about 95% of 40 replicated runs. The seeds
// are fixed, so the count is too; the bounds allow what a correct
// interval gives with probability above 99% (binomial, n 40, p 0.95).
func TestReplicationCoverageMM1(t *testing.T) {
	if testing.Short() {
		t.Skip("400 runs")
	}
	arch := load(t, fmt.Sprintf(v4, "20m"))
	const runs, n = 40, 10
	covered := 0
	var widths float64
	for i := range runs {
		rep, err := Simulate(context.Background(), arch, Options{Mode: ModeDES, Seed: uint64(1000 + i), Replications: n})
		if err != nil {
			t.Fatal(err)
		}
		l := rep.Workloads[0].Entries[0].Latency
		if l.CI95 == nil || l.CI95.Mean == nil {
			t.Fatalf("no interval in %+v", l)
		}
		ci := *l.CI95.Mean
		if ci[0] > l.Mean || ci[1] < l.Mean {
			t.Errorf("mean %g outside its own interval %v", l.Mean, ci)
		}
		if ci[0] <= 500 && 500 <= ci[1] {
			covered++
		}
		widths += ci[1] - ci[0]
	}
	t.Logf("%d of %d intervals cover 500 ms; mean width %.1f ms", covered, runs, widths/runs)
	if covered < 34 || covered > 40 {
		t.Errorf("%d of %d 95%% intervals cover the exact mean: want 34 to 40", covered, runs)
	}
	if widths/runs > 100 {
		t.Errorf("mean interval width %.1f ms: too wide to mean anything", widths/runs)
	}
}

// One replication is the plain run; more give the same bytes every time,
// with intervals around the means.
func TestReplicationsDeterministic(t *testing.T) {
	plain := run(t, burstSrc, Options{Mode: ModeDES, Seed: 3})
	one := run(t, burstSrc, Options{Mode: ModeDES, Seed: 3, Replications: 1})
	if a, b := jsonOf(t, plain), jsonOf(t, one); a != b {
		t.Error("one replication differs from the plain run")
	}
	a := run(t, burstSrc, Options{Mode: ModeDES, Seed: 3, Replications: 4})
	b := run(t, burstSrc, Options{Mode: ModeDES, Seed: 3, Replications: 4})
	if jsonOf(t, a) != jsonOf(t, b) {
		t.Error("two replicated runs with the same seed differ")
	}
	if a.Replications != 4 || len(a.Seeds) != 4 || a.Seeds[0] != 3 {
		t.Errorf("replications %d, seeds %v", a.Replications, a.Seeds)
	}
	e := a.Workloads[0].Entries[0]
	for name, c := range map[string]struct {
		v  float64
		ci *Interval
	}{"mean": {e.Latency.Mean, e.Latency.CI95.Mean}, "p99": {e.Latency.P99, e.Latency.CI95.P99},
		"succeeded": {e.Succeeded, e.CI95.Succeeded}, "cost": {a.Workloads[0].Cost.MonthlyUSD, a.Workloads[0].Cost.CI95.MonthlyUSD}} {
		if c.ci[0] > c.v || c.v > c.ci[1] {
			t.Errorf("%s %g outside its interval %v", name, c.v, *c.ci)
		}
	}
	// The mean of four runs is the mean of the four plain runs.
	var sum float64
	for _, s := range a.Seeds {
		sum += run(t, burstSrc, Options{Mode: ModeDES, Seed: s}).Workloads[0].Entries[0].Latency.Mean
	}
	if got, want := e.Latency.Mean, round(sum/4, 3); math.Abs(got-want) > 0.002 {
		t.Errorf("replicated mean %g, mean of the runs %g", got, want)
	}
	// The analytic mode ignores replications.
	if r := run(t, burstSrc, Options{Mode: ModeAnalytic, Replications: 5}); r.Replications != 0 || r.Workloads[0].Entries[0].Latency.CI95 != nil {
		t.Errorf("analytic mode replicated: %+v", r.Workloads[0].Entries[0].Latency)
	}
}

func TestReplicationsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Simulate(ctx, load(t, fiveHops(1000, "10m")), Options{Seed: 1, Replications: 4}); err == nil {
		t.Error("a cancelled replicated run returned no error")
	}
}

func jsonOf(t *testing.T, rep *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The free tier is credited once, after the runs are merged: the
// replicated bill is the mean of the runs' bills before the credit, less
// the credit on their mean use, and its interval moves with it.
func TestReplicationsFreeTier(t *testing.T) {
	opt := Options{Mode: ModeDES, Seed: 3, Replications: 4}
	without := run(t, burstSrc, opt)
	opt.FreeTier = true
	with := run(t, burstSrc, opt)
	a, b := without.Workloads[0].Cost, with.Workloads[0].Cost
	var credit float64
	for _, it := range b.Items {
		if it.Component == "free tier" {
			credit += it.MonthlyUSD
		}
	}
	if credit >= 0 {
		t.Fatalf("no free-tier credit on a replicated run: %+v", b.Items)
	}
	if got, want := b.MonthlyUSD, math.Max(0, a.MonthlyUSD+credit); math.Abs(got-want) > 0.011 {
		t.Errorf("replicated bill with the free tier $%.2f, want $%.2f ($%.2f less $%.2f)", got, want, a.MonthlyUSD, -credit)
	}
	if b.CI95 == nil || b.CI95.MonthlyUSD[0] > b.MonthlyUSD || b.MonthlyUSD > b.CI95.MonthlyUSD[1] {
		t.Errorf("bill $%.2f outside its interval %v", b.MonthlyUSD, b.CI95)
	}
}
