package simulate

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/golden"
)

const burstSrc = `
api "public" { type = "http" }
function "create" {
  memory      = 512
  duration    = "80ms"
  concurrency = 50
  emits       = [queue.work]
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}
queue "work" {}
function "fulfil" {
  duration = "300ms"
  trigger {
    source          = queue.work
    batch_size      = 5
    max_concurrency = 10
  }
}
workload "peak" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 100
  duration = "5m"
  burst {
    at   = "1m"
    rate = 1000
    for  = "30s"
  }
}
`

func TestPlotsDeterministic(t *testing.T) {
	for _, mode := range modes {
		rep := run(t, burstSrc, Options{Mode: mode, Seed: 3})
		a, err := Plots(rep)
		if err != nil {
			t.Fatal(err)
		}
		rep2 := run(t, burstSrc, Options{Mode: mode, Seed: 3})
		b, err := Plots(rep2)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) || len(a) == 0 {
			t.Fatalf("%s: %d and %d plots", mode, len(a), len(b))
		}
		want := map[string]bool{"peak-latency-histogram.svg": true, "peak-latency-cdf.svg": true, "peak-cost.svg": true}
		if mode == ModeDES {
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
			if mode == ModeDES {
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

func TestShortNumbers(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.5: "0.5", 2.5: "2.5", 250: "250", 999: "999", 1000: "1k",
		1250: "1.25k", 12000: "12k", 1250000: "1.25M", 2e9: "2B", -1500: "-1.5k", 999.9: "1k", 0.125: "0.125"} {
		if got := short(v); got != want {
			t.Errorf("short(%g) = %q, want %q", v, got, want)
		}
	}
	ts := humanTicks{niceTicks{}, "$"}.Ticks(-20, 1250000)
	var labels []string
	for _, tk := range ts {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got := strings.Join(labels, " "); got != "$0 $250k $500k $750k $1M $1.25M" {
		t.Errorf("tick labels %q", got)
	}
	for _, tk := range (logTicks{}).Ticks(40, 900) {
		if tk.Label != "" && !strings.Contains("50 100 200 500", short(tk.Value)) {
			t.Errorf("log tick %g labelled on a narrow axis", tk.Value)
		}
	}
}

// Every arrival with a latency lands in a bin of the histogram: its bins
// span the fastest to the slowest, with no overflow bin.
func TestLatencyBinsCoverAll(t *testing.T) {
	h := NewHistogram()
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
// negative bar at the bottom.
func TestCostPlotOrder(t *testing.T) {
	rep := run(t, burstSrc, Options{Mode: ModeAnalytic, FreeTier: true})
	p, err := costPlot(&rep.Workloads[0])
	if err != nil || p == nil {
		t.Fatal(err)
	}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	if len(ticks) < 3 || ticks[0].Label != "free-tier credit" {
		t.Fatalf("cost bars %v: want the free-tier credit first", ticks)
	}
	w := rep.Workloads[0]
	amount := map[string]float64{}
	for _, it := range w.Cost.Items {
		amount[it.Component+" "+it.Item] += it.MonthlyUSD
	}
	for i := 2; i < len(ticks); i++ {
		if amount[ticks[i].Label] < amount[ticks[i-1].Label] {
			t.Errorf("%s ($%g) below %s ($%g)", ticks[i].Label, amount[ticks[i].Label], ticks[i-1].Label, amount[ticks[i-1].Label])
		}
	}
	if p.X.Min >= 0 {
		t.Errorf("x axis starts at %g: the credit is not drawn", p.X.Min)
	}
}

// The series of a run with throttles and dead letters show them, and
// the concurrency chart names each limit.
func TestFailureSeries(t *testing.T) {
	w := run(t, burstSrc, Options{Mode: ModeDES, Seed: 1}).Workloads[0]
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
	p, err := concurrencyPlot(&w)
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	wt, _ := p.WriterTo(400, 300, "svg")
	if _, err := wt.WriteTo(&svg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg.String(), "function.create (limit 50)") {
		t.Error("the concurrency chart does not name the limit of function.create")
	}
}
