package simulate

import (
	"fmt"
	"strings"
	"testing"
)

// mm1 is the M/M/1 queue of V4 (mu 10 a second) at a given rate and
// window.
func mm1(rate float64, window string) string {
	return strings.Replace(fmt.Sprintf(v4, window), "rate     = 8", fmt.Sprintf("rate     = %g", rate), 1)
}

func TestWindowWarnings(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		want string // "" for no warning
	}{
		{"healthy", mm1(8, "20m"), ""},
		{"few arrivals", mm1(1, "5m"), "only 298 arrivals"},
		{"busy, short window", mm1(9.5, "10m"), "container.worker runs at 9"},
		{"busy, long window", mm1(9.5, "3h"), ""},
		{"overloaded", mm1(12, "20m"), "queue.jobs: the backlog was still growing"},
		{"saturated", mm1(12, "20m"), "container.worker runs at 99.9% of its concurrency limit: it is saturated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := run(t, c.src, Options{Mode: ModeDES, Seed: 1})
			ws := rep.Workloads[0].Warnings
			got := strings.Join(ws, "\n")
			switch {
			case c.want == "" && len(ws) > 0:
				t.Errorf("unexpected warnings:\n%s", got)
			case c.want != "" && !strings.Contains(got, c.want):
				t.Errorf("warnings %q, want one with %q", got, c.want)
			}
			t.Logf("%s", got)
			// The analytic mode has no window to be short.
			if a := run(t, c.src, Options{Mode: ModeAnalytic}); len(a.Workloads[0].Warnings) > 0 {
				t.Errorf("analytic warnings: %v", a.Workloads[0].Warnings)
			}
		})
	}
}
