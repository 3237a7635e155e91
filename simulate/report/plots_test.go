package report

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/golden"
	"github.com/archiehq/archie/simulate"
)

func TestPlotsDeterministic(t *testing.T) {
	for _, mode := range modes {
		rep := run(t, burstSrc, simulate.Options{Mode: mode, Seed: 3})
		a, err := Plots(rep)
		if err != nil {
			t.Fatal(err)
		}
		rep2 := run(t, burstSrc, simulate.Options{Mode: mode, Seed: 3})
		b, err := Plots(rep2)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) || len(a) == 0 {
			t.Fatalf("%s: %d and %d plots", mode, len(a), len(b))
		}
		want := map[string]bool{"peak-latency-histogram.svg": true, "peak-latency-cdf.svg": true, "peak-cost.svg": true}
		if mode == simulate.ModeDES {
			want["peak-concurrency.svg"] = true
			want["peak-backlog.svg"] = true
			want["peak-throttled.svg"] = true
		}
		for i := range a {
			delete(want, a[i].Name)
			if a[i].Name != b[i].Name || !bytes.Equal(a[i].SVG, b[i].SVG) {
				t.Errorf("%s: %s differs between two runs with the same seed", mode, a[i].Name)
			}
			if !bytes.HasPrefix(a[i].SVG, []byte("<?xml")) || !strings.Contains(string(a[i].SVG), "Arial") {
				t.Errorf("%s: %s is not an SVG with fallback fonts", mode, a[i].Name)
			}
			if mode == simulate.ModeDES {
				golden.Check(t, filepath.Join("testdata", "plots", a[i].Name), a[i].SVG)
			}
			if strings.Contains(a[i].Name, "dead-lettered") {
				t.Errorf("%s: a dead-letter chart with no dead letters", mode)
			}
			if dir := os.Getenv("ARCHIE_PLOTS_DIR"); dir != "" {
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s", mode, a[i].Name)), a[i].SVG, 0o644)
			}
		}
		if len(want) > 0 {
			t.Errorf("%s: missing plots %v", mode, want)
		}
	}
}

// Every arrival with a latency lands in a bin of the histogram: its bins
// span the fastest to the slowest, with no overflow bin.
func TestLatencyBinsCoverAll(t *testing.T) {
	h := simulate.NewHistogram()
	h.Record(0) // rejected at once
	for i := 1; i <= 1000; i++ {
		h.Record(0.01 * float64(i))
	}
	h.Record(600) // one very slow arrival
	edges, counts, zero := latencyBins(h, 60)
	var sum float64
	for _, c := range counts {
		sum += c
	}
	if zero != 1 || sum != 1001 {
		t.Errorf("bins hold %g arrivals and %d at zero, want 1001 and 1", sum, zero)
	}
	if edges[0] > 0.01 || edges[len(edges)-1] < 600 {
		t.Errorf("bins span %g s to %g s, want 0.01 to 600", edges[0], edges[len(edges)-1])
	}
	if counts[len(counts)-1] != 1 {
		t.Errorf("last bin holds %g, want only the slowest arrival", counts[len(counts)-1])
	}
	if u, _ := timeUnit(600000); u != "min" {
		t.Errorf("unit of 600 s: %s", u)
	}
	if u, _ := timeUnit(900); u != "ms" {
		t.Errorf("unit of 900 ms: %s", u)
	}
}

// Cost bars: largest on top (drawn last), the free-tier credit its own
// negative bar at the bottom, each bar labelled with its amount.
func TestCostPlotOrder(t *testing.T) {
	rep := run(t, burstSrc, simulate.Options{Mode: simulate.ModeAnalytic, FreeTier: true})
	ch := costPlot(&rep.Workloads[0])
	if ch == nil {
		t.Fatal("no cost chart")
	}
	names := ch.Y.Categories
	if len(names) < 3 || names[0] != "free-tier credit" || len(ch.Bars) != len(names) {
		t.Fatalf("cost bars %v: want the free-tier credit first, one bar each", names)
	}
	w := rep.Workloads[0]
	amount := map[string]float64{}
	for _, it := range w.Cost.Items {
		amount[it.Component+" "+it.Item] += it.MonthlyUSD
	}
	for i := 2; i < len(names); i++ {
		if amount[names[i]] < amount[names[i-1]] {
			t.Errorf("%s ($%g) below %s ($%g)", names[i], amount[names[i]], names[i-1], amount[names[i-1]])
		}
	}
	for _, b := range ch.Bars[1:] {
		if b.Value != amount[names[b.Category]] || b.Label != usd(b.Value) {
			t.Errorf("bar %s: %g labelled %q, the bill says %g", names[b.Category], b.Value, b.Label, amount[names[b.Category]])
		}
	}
	if ch.Bars[0].Value >= 0 || ch.X.Min > ch.Bars[0].Value {
		t.Errorf("credit %g on an axis from %g: the credit is not drawn", ch.Bars[0].Value, ch.X.Min)
	}
	svg, err := ch.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), ">free-tier credit<") || !strings.Contains(string(svg), ">"+usd(w.Cost.MonthlyUSD)) && !strings.Contains(string(svg), usd(w.Cost.MonthlyUSD)+"<") {
		t.Errorf("the cost chart does not name the credit or the total:\n%s", svg)
	}
}

// The series of a run with throttles and dead letters show them, and
// the concurrency chart names each limit.
func TestFailureSeries(t *testing.T) {
	w := run(t, burstSrc, simulate.Options{Mode: simulate.ModeDES, Seed: 1}).Workloads[0]
	var total float64
	for _, s := range nonZero(w.Series.Throttled) {
		if s.Name != "function.create" {
			t.Errorf("throttles on %s", s.Name)
		}
		for _, v := range s.Values {
			total += v * w.SimulatedS / float64(len(s.Values))
		}
	}
	if got := component(t, w, "function.create").Throttled; math.Abs(total-got) > 0.01*got {
		t.Errorf("throttled series add up to %g, the run counted %g", total, got)
	}
	if len(nonZero(w.Series.DeadLettered)) != 0 {
		t.Errorf("dead letters in a run without any")
	}
	svg, err := concurrencyPlot(&w).SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), ">function.create (limit 50)<") {
		t.Error("the concurrency chart does not name the limit of function.create")
	}
}

// BenchmarkPlots draws every chart of a discrete-event run (six charts, a
// 60-bin histogram, 300-point series).
func BenchmarkPlots(b *testing.B) {
	rep := run(b, burstSrc, simulate.Options{Mode: simulate.ModeDES, Seed: 3})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Plots(rep); err != nil {
			b.Fatal(err)
		}
	}
}

// A series that stays at zero (a queue that never backs up) is drawn on
// a 0 to 1 axis, not one of invisible fractions.
func TestZeroSeries(t *testing.T) {
	w := simulate.WorkloadResult{Name: "calm", SimulatedS: 60, Series: &simulate.Series{T: []float64{0, 30, 60},
		Backlog: []simulate.NamedSeries{{Name: "queue.q", Values: []float64{0, 0, 0}}}}}
	ch := backlogPlot(&w)
	if ch == nil || ch.Y.Max != 1 {
		t.Fatalf("backlog chart %+v", ch)
	}
	svg, err := ch.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), ">0.2<") || strings.Contains(string(svg), ">0.00") {
		t.Errorf("axis of an all-zero series:\n%s", svg)
	}
}
