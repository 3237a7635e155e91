package simulate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
)

// diamond is levels of width functions, each calling every function of
// the next level: width^levels paths through width x levels functions.
func diamond(levels, width int, workload string) string {
	var b strings.Builder
	next := func(l int) string {
		var refs []string
		for k := range width {
			refs = append(refs, fmt.Sprintf("function.f%d_%d", l, k))
		}
		return strings.Join(refs, ", ")
	}
	fmt.Fprintf(&b, "api \"a\" {}\nfunction \"f0_0\" {\n  duration = \"1ms\"\n  calls    = [%s]\n  trigger {\n    source = api.a\n    route  = \"GET /\"\n  }\n}\n", next(1))
	for l := 1; l <= levels; l++ {
		for k := range width {
			fmt.Fprintf(&b, "function \"f%d_%d\" {\n  duration = \"1ms\"\n", l, k)
			if l < levels {
				fmt.Fprintf(&b, "  calls    = [%s]\n", next(l+1))
			}
			b.WriteString("}\n")
		}
	}
	b.WriteString(workload)
	return b.String()
}

const diamondWorkload = `workload "w" {
  entry    = api.a
  route    = "GET /"
  rate     = 1
  duration = "1m"
}
`

// inTime fails the test when f has not returned within d: the work the
// simulator does must not grow with the number of paths.
func inTime(t *testing.T, what string, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		t.Logf("%s: %v", what, time.Since(start))
	case <-time.After(d):
		t.Fatalf("%s: still running after %v", what, d)
	}
}

// A 40-level diamond of sync calls has 2^40 paths. The analytic mode,
// the slowest path and the rates are linear in the graph; the
// discrete-event mode, which would simulate 2^40 invocations per arrival,
// refuses at once with an error naming the limit and the workload.
func TestDiamondOfCallsIsBounded(t *testing.T) {
	src := diamond(40, 2, diamondWorkload)
	arch := load(t, src)
	inTime(t, "analytic", 5*time.Second, func() {
		rep, err := Simulate(context.Background(), arch, Options{Mode: ModeAnalytic})
		if err != nil {
			t.Error(err)
			return
		}
		// Level l is called 2^(l-1) times per arrival: 60 arrivals.
		w := rep.Workloads[0]
		c := component(t, w, "function.f10_0")
		if got, want := c.Invocations+c.Throttled, 60*math.Pow(2, 9); got != want {
			t.Errorf("f10_0 attempts %v, want %v", got, want)
		}
	})
	inTime(t, "critical path", 5*time.Second, func() {
		if _, err := CriticalPath(context.Background(), arch, "w"); err != nil {
			t.Error(err)
		}
	})
	inTime(t, "discrete-event", 5*time.Second, func() {
		_, err := Simulate(context.Background(), arch, Options{Mode: ModeDES, Seed: 1})
		var le *LimitError
		if !errors.As(err, &le) {
			t.Errorf("err = %v, want a LimitError", err)
			return
		}
		msg := err.Error()
		for _, want := range []string{"main.arch.hcl:", `workload "w"`, "limit of 100 million", "--mode analytic"} {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q does not say %q", msg, want)
			}
		}
	})
	inTime(t, "lint rules", 5*time.Second, func() {
		cfg := lint.Config{Settings: LintSettings{}.Set(nil)}
		if _, err := lint.Run(context.Background(), arch, Rules(), cfg); err != nil {
			t.Errorf("analytic lint: %v", err)
		}
	})
	inTime(t, "lint rules, discrete-event", 5*time.Second, func() {
		cfg := lint.Config{Settings: LintSettings{Workloads: []string{"w"}, Options: Options{Mode: ModeDES, Seed: 1}}.Set(nil)}
		_, err := lint.Run(context.Background(), arch, Rules(), cfg)
		// The bound on work is a diagnostic at the workload, reported once
		// though four rules share the simulation, not a crash.
		var d hcl.Diagnostics
		errors.As(err, &d)
		if len(d) != 1 || d[0].Severity != hcl.DiagError || d[0].Subject == nil || d[0].Subject.Start.Line == 0 ||
			!strings.Contains(d[0].Detail, "limit of 100 million") {
			t.Errorf("discrete-event lint diagnostics = %v, want one error at workload w naming the limit", d)
		}
	})
}

// Wider diamonds stress the recursions that used to be cut at 16 hops
// (3^16 = 43 million paths): they are computed once per component now.
func TestWideDiamondIsBounded(t *testing.T) {
	arch := load(t, diamond(16, 3, diamondWorkload))
	inTime(t, "analytic", 5*time.Second, func() {
		if _, err := Simulate(context.Background(), arch, Options{Mode: ModeAnalytic}); err != nil {
			t.Error(err)
		}
	})
}

// The highest rate the language allows (a million a second), or a
// day-long window at a high rate, is refused by the discrete-event mode
// before it starts, and answered by the analytic mode.
func TestHugeWorkloadsAreRefused(t *testing.T) {
	for _, tc := range []struct{ name, rate, duration string }{
		{"rate", "1e6", "10m"},
		{"window", "10000", "24h"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arch := load(t, `
api "a" {}
function "f" {
  duration = "10ms"
  trigger {
    source = api.a
    route  = "GET /"
  }
}
workload "w" {
  entry    = api.a
  route    = "GET /"
  rate     = `+tc.rate+`
  duration = "`+tc.duration+`"
}
`)
			inTime(t, "discrete-event", 5*time.Second, func() {
				_, err := Simulate(context.Background(), arch, Options{Mode: ModeDES, Seed: 1})
				var le *LimitError
				if !errors.As(err, &le) || !strings.Contains(err.Error(), "main.arch.hcl:10:1") {
					t.Errorf("err = %v, want a LimitError at the workload", err)
				}
			})
			inTime(t, "analytic", 5*time.Second, func() {
				if _, err := Simulate(context.Background(), arch, Options{Mode: ModeAnalytic}); err != nil {
					t.Error(err)
				}
			})
		})
	}
}

// The limit is on work, not on arrivals: many messages per invocation
// count too.
func TestMessageFanOutCountsTowardsTheLimit(t *testing.T) {
	arch := load(t, `
function "f" {
  duration                = "10ms"
  emits                   = [queue.q]
  messages_per_invocation = 10000
}
queue "q" {}
function "g" {
  duration = "10ms"
  trigger { source = queue.q }
}
workload "w" {
  entry    = function.f
  rate     = 1000
  duration = "1h"
}
`)
	inTime(t, "discrete-event", 5*time.Second, func() {
		_, err := Simulate(context.Background(), arch, Options{Mode: ModeDES, Seed: 1})
		var le *LimitError
		if !errors.As(err, &le) {
			t.Errorf("err = %v, want a LimitError", err)
		}
	})
}
