package simulate

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate/internal/pricetable"
)

// fiveHops is the benchmark architecture: an api and five functions,
// two synchronous hops, a queue, a consumer that calls another, and a
// topic subscriber: five compute invocations per arrival.
func fiveHops(rate int, window string) string {
	return fmt.Sprintf(`
api "public" {}
function "a" {
  duration = "20ms"
  calls    = [function.b]
  emits    = [queue.work]
  trigger {
    source = api.public
    route  = "POST /"
  }
}
function "b" {
  duration = "30ms"
}
queue "work" {}
function "c" {
  duration = "50ms"
  calls    = [function.d]
  emits    = [topic.done]
  trigger {
    source     = queue.work
    batch_size = 1
  }
}
function "d" {
  duration = "10ms"
}
topic "done" {}
function "e" {
  duration = "15ms"
  trigger {
    source = topic.done
  }
}
workload "bench" {
  entry    = api.public
  route    = "POST /"
  rate     = %d
  duration = "%s"
}
`, rate, window)
}

func invocations(w WorkloadResult) float64 {
	var n float64
	for _, c := range w.Components {
		if c.Component != "api.public" {
			n += c.Invocations
		}
	}
	return n
}

// BenchmarkSimulate: 10 simulated minutes at 1,000 requests a second
// through five hops; reports simulated invocations per second of wall
// time.
func BenchmarkSimulate(b *testing.B) {
	arch := load(b, fiveHops(1000, "10m"))
	b.ReportAllocs()
	var inv float64
	start := time.Now()
	for b.Loop() {
		rep, err := Simulate(context.Background(), arch, Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		inv += invocations(rep.Workloads[0])
	}
	b.ReportMetric(inv/time.Since(start).Seconds(), "invocations/s")
}

// BenchmarkSimulateHour is the hour at 1,000 requests a second through
// five hops (18 million invocations).
func BenchmarkSimulateHour(b *testing.B) {
	arch := load(b, fiveHops(1000, "1h"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(context.Background(), arch, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalytic(b *testing.B) {
	arch := load(b, fiveHops(1000, "1h"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(context.Background(), arch, Options{Mode: ModeAnalytic}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMemoryFlat: the heap a simulation needs does not grow with the
// simulated time (histograms and series have a fixed size; queues and
// pools are reused).
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 70 minutes at 1,000 requests a second")
	}
	peak := func(window string) (uint64, uint64) {
		arch := load(t, fiveHops(1000, window))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := Simulate(context.Background(), arch, Options{Seed: 1}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, after.HeapSys
	}
	a10, h10 := peak("10m")
	a60, h60 := peak("60m")
	t.Logf("10 min: %d KB allocated, heap %d KB; 60 min: %d KB allocated, heap %d KB", a10>>10, h10>>10, a60>>10, h60>>10)
	if a60 > 2*a10+(8<<20) {
		t.Errorf("allocations grow with simulated time: %d KB for 10 min, %d KB for 60 min", a10>>10, a60>>10)
	}
}

// BenchmarkAnalyticExamples runs the analytic mode on every workload of
// each bundled example; the largest sets the budget (50 ms).
func BenchmarkAnalyticExamples(b *testing.B) {
	for _, d := range exampleDirs(b) {
		arch, diags := schema.Load(context.Background(), os.DirFS("../examples"), d, "")
		if diags.HasErrors() || len(arch.Workloads) == 0 {
			continue
		}
		b.Run(d, func(b *testing.B) {
			for b.Loop() {
				if _, err := Simulate(context.Background(), arch, Options{Mode: ModeAnalytic}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDiamond is the analytic mode on a 40-level diamond of sync
// calls (2^40 paths, 81 functions).
func BenchmarkDiamond(b *testing.B) {
	arch := load(b, diamond(40, 2, diamondWorkload))
	for b.Loop() {
		if _, err := Simulate(context.Background(), arch, Options{Mode: ModeAnalytic}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplications is `archie simulate --replications 10` on the
// bundled pub-sub example (an hour at 20 orders a second, 130,000
// arrivals and about 900,000 invocations a run): ten seeded runs in
// parallel and their merge. Budget: 5 s. cpu-s/op is the processor time
// (user and system) an operation takes, which a loaded machine does not
// inflate the way it does the wall time: on a quiet machine with c cores
// the wall time is about cpu-s/op / min(c, 10).
func BenchmarkReplications(b *testing.B) {
	arch, diags := schema.Load(context.Background(), os.DirFS("../examples"), "pub-sub", "")
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	before := cpuSeconds()
	for b.Loop() {
		if _, err := Simulate(context.Background(), arch, Options{Seed: 1, Replications: 10}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-before)/float64(b.N), "cpu-s/op")
}

// BenchmarkLintRulesExamples is what the simulator's rules add to archie
// lint on each bundled example: every workload simulated and checked, in
// each mode (docs/simulate.md, "Simulation in lint").
func BenchmarkLintRulesExamples(b *testing.B) {
	dirs, err := os.ReadDir("../examples")
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "broken" {
			continue
		}
		arch, diags := schema.Load(context.Background(), os.DirFS("../examples"), d.Name(), "")
		if diags.HasErrors() || len(arch.Workloads) == 0 {
			continue
		}
		for _, mode := range []string{ModeAnalytic, ModeDES} {
			b.Run(d.Name()+"/"+mode, func(b *testing.B) {
				for b.Loop() {
					cfg := lint.Config{Settings: LintSettings{Options: Options{Seed: 1, Mode: mode}}.Set(nil)}
					if _, err := lint.Run(context.Background(), arch, Rules(), cfg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkLoadPrices is what every simulation (and every simulated
// archie lint) pays for its price table: the bundled one, compiled in as
// Go values, and the bundled one with a one-price --pricing file parsed
// over it.
func BenchmarkLoadPrices(b *testing.B) {
	b.Run("bundled", func(b *testing.B) {
		for b.Loop() {
			if _, diags := LoadPrices(nil, ""); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
	b.Run("override", func(b *testing.B) {
		src := []byte("lambda_requests_per_million = 0.25\n")
		for b.Loop() {
			if _, diags := LoadPrices(src, "mine.hcl"); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
	b.Run("parse-prices.hcl", func(b *testing.B) {
		// The bundled table parsed as HCL, as LoadPrices did before
		// prices_gen.go.
		for b.Loop() {
			if _, diags := pricetable.Parse(bundledPrices, "prices.hcl", nil); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
}
