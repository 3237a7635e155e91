package simulate

import (
	"context"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

// Two loops through one function double its work every lap; the
// simulation must still end quickly, in both modes, and say what it cut.
func TestBranchingCyclesEnd(t *testing.T) {
	arch := linttest.Load(t, `
api "a" {}
function "p" {
  emits  = [topic.t]
  writes = [database.d]
  trigger {
    source = api.a
    route  = "POST /x"
  }
  trigger { source = queue.q }
  trigger { source = database.d }
}
topic "t" {}
queue "q" {
  trigger { source = topic.t }
}
database "d" { stream = true }
workload "w" {
  entry    = api.a
  route    = "POST /x"
  rate     = 10
  duration = "1m"
}
`)
	if got := cycleDepthLimit(arch); got != 9 {
		t.Errorf("depth limit %d, want 9 (2^9 invocations at most per arrival)", got)
	}
	for _, mode := range []string{"analytic", "des"} {
		rep, err := Simulate(context.Background(), arch, Options{Seed: 1, Mode: mode})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		notes := strings.Join(rep.Workloads[0].Notes, "\n")
		if !strings.Contains(notes, "cycle") {
			t.Errorf("%s: no note about the cycle: %s", mode, notes)
		}
	}
}

// A single loop whose function sends ten messages a lap grows tenfold
// each time round.
func TestMultiplyingLoopEnds(t *testing.T) {
	arch := linttest.Load(t, `
queue "q" {}
function "f" {
  emits                   = [queue.q]
  messages_per_invocation = 10
  trigger { source = queue.q }
}
workload "w" {
  entry    = queue.q
  rate     = 5
  duration = "1m"
}
`)
	if got := cycleDepthLimit(arch); got != 4 {
		t.Errorf("depth limit %d, want 4", got)
	}
	for _, mode := range []string{"analytic", "des"} {
		if _, err := Simulate(context.Background(), arch, Options{Seed: 1, Mode: mode}); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
	}
}
