package simulate

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
)

// workloadName is the workload each rule's example declares.
func workloadName(t *testing.T, src string) string {
	t.Helper()
	arch := load(t, src)
	if len(arch.Workloads) != 1 {
		t.Fatalf("example declares %d workloads, want 1", len(arch.Workloads))
	}
	return arch.Workloads[0].Name
}

func TestLintRulesExamples(t *testing.T) {
	for _, r := range Catalog() {
		m := r.Meta()
		t.Run(m.ID, func(t *testing.T) {
			for _, c := range []struct {
				name string
				src  string
				want bool
			}{{"failing", m.Failing, true}, {"fixed", m.Fixed, false}} {
				set := NewLintRules(context.Background(), workloadName(t, c.src), Options{Seed: 1})
				var rule lint.Rule
				for _, x := range set.Rules() {
					if x.Meta().ID == m.ID {
						rule = x
					}
				}
				fs, err := lint.Run(context.Background(), load(t, c.src), []lint.Rule{rule}, lint.Config{})
				if err != nil {
					t.Fatal(err)
				}
				if err := set.Err(); err != nil {
					t.Fatal(err)
				}
				if got := len(fs) > 0; got != c.want {
					t.Errorf("%s example: findings %v, want some: %v", c.name, fs, c.want)
				}
				for _, f := range fs {
					if f.Rule != m.ID || f.Range.Filename == "" || f.Component == "" {
						t.Errorf("%s example: malformed finding %+v", c.name, f)
					}
					t.Logf("%s: %s", c.name, f.Message)
				}
			}
		})
	}
}

func TestLintRulesCatalog(t *testing.T) {
	var ids []string
	for _, r := range Catalog() {
		m := r.Meta()
		ids = append(ids, m.ID)
		if m.Title == "" || m.Why == "" || m.Source == "" || m.Failing == "" || m.Fixed == "" {
			t.Errorf("%s: incomplete documentation", m.ID)
		}
	}
	if strings.Join(ids, ",") != "backlog-growth,latency-over-timeout,predicted-throttling,stream-cost" {
		t.Errorf("rules %v, want sorted by ID", ids)
	}
	// Without a workload the rules report nothing.
	fs, err := lint.Run(context.Background(), load(t, predictedThrottlingMeta.Failing), Catalog(), lint.Config{})
	if err != nil || len(fs) != 0 {
		t.Errorf("catalog rules ran: %v %v", fs, err)
	}
}

func TestLintRulesUnknownWorkload(t *testing.T) {
	set := NewLintRules(context.Background(), "nope", Options{})
	if _, err := lint.Run(context.Background(), load(t, predictedThrottlingMeta.Failing), set.Rules(), lint.Config{}); err != nil {
		t.Fatal(err)
	}
	var unknown *UnknownWorkloadError
	if err := set.Err(); !errors.As(err, &unknown) || !strings.Contains(err.Error(), "peak") {
		t.Errorf("Err() = %v, want an unknown-workload error listing peak", err)
	}
}
