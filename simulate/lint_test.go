package simulate

import (
	"context"
	"errors"
	"slices"
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

// simConfig is a lint configuration whose run simulates the named
// workloads (every one when none are named).
func simConfig(names []string, opt Options) lint.Config {
	return lint.Config{Settings: LintSettings{Workloads: names, Options: opt}.Set(nil)}
}

func TestLintRulesExamples(t *testing.T) {
	for _, r := range Rules() {
		m := r.Meta()
		t.Run(m.ID, func(t *testing.T) {
			for _, c := range []struct {
				name string
				src  string
				mode string
				want bool
			}{
				{"failing", m.Failing, ModeDES, true}, {"fixed", m.Fixed, ModeDES, false},
				{"failing", m.Failing, ModeAnalytic, true}, {"fixed", m.Fixed, ModeAnalytic, false},
			} {
				names := []string{workloadName(t, c.src)}
				fs, err := lint.Run(context.Background(), load(t, c.src), []lint.Rule{r}, simConfig(names, Options{Seed: 1, Mode: c.mode}))
				if err != nil {
					t.Fatal(err)
				}
				if err := CheckWorkloadNames(names, names); err != nil {
					t.Fatal(err)
				}
				if got := len(fs) > 0; got != c.want {
					t.Errorf("%s example, %s: findings %v, want some: %v", c.name, c.mode, fs, c.want)
				}
				for _, f := range fs {
					if f.Rule != m.ID || f.Range.Filename == "" || f.Component == "" || f.Context.Workload != names[0] {
						t.Errorf("%s example: malformed finding %+v", c.name, f)
					}
					t.Logf("%s, %s: %s", c.name, c.mode, f.Message)
				}
			}
		})
	}
}

func TestLintRulesCatalog(t *testing.T) {
	var ids []string
	for _, r := range Rules() {
		m := r.Meta()
		ids = append(ids, m.ID)
		if m.Title == "" || m.Why == "" || m.Source == "" || m.Failing == "" || m.Fixed == "" {
			t.Errorf("%s: incomplete documentation", m.ID)
		}
	}
	if strings.Join(ids, ",") != "backlog-growth,latency-over-timeout,predicted-throttling,stream-cost" {
		t.Errorf("rules %v, want sorted by ID", ids)
	}
	// Without the settings the rules simulate nothing and report nothing.
	fs, err := lint.Run(context.Background(), load(t, predictedThrottlingMeta.Failing), Rules(), lint.Config{})
	if err != nil || len(fs) != 0 {
		t.Errorf("rules without settings ran: %v %v", fs, err)
	}
}

func TestLintRulesUnknownWorkload(t *testing.T) {
	fs, err := lint.Run(context.Background(), load(t, predictedThrottlingMeta.Failing), Rules(), simConfig([]string{"nope"}, Options{}))
	if err != nil || len(fs) != 0 {
		t.Fatalf("findings %v, error %v", fs, err)
	}
	var unknown *UnknownWorkloadError
	if err := CheckWorkloadNames([]string{"peak", "nope"}, []string{"peak", "quiet"}); !errors.As(err, &unknown) || unknown.Name != "nope" || !strings.Contains(err.Error(), "peak") {
		t.Errorf("CheckWorkloadNames = %v, want an unknown-workload error for nope listing peak", err)
	}
	var none *NoWorkloadError
	if err := CheckWorkloadNames([]string{"peak"}, nil); !errors.As(err, &none) {
		t.Errorf("CheckWorkloadNames without workloads = %v, want a NoWorkloadError", err)
	}
	if err := CheckWorkloadNames([]string{"peak"}, []string{"peak"}); err != nil {
		t.Errorf("CheckWorkloadNames = %v for a declared workload", err)
	}
}

// Without names, every workload the architecture declares is simulated,
// in the analytic mode; names pick workloads.
func TestLintRulesEveryWorkload(t *testing.T) {
	src := predictedThrottlingMeta.Failing + `

workload "quiet" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 1
  duration = "2m"
}

workload "rush" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 200
  duration = "2m"
}`
	for _, c := range []struct {
		names []string
		want  string
	}{
		{nil, "peak,rush"},
		{[]string{"quiet"}, ""},
		{[]string{"rush", "quiet"}, "rush"},
	} {
		fs, err := lint.Run(context.Background(), load(t, src), Rules(), simConfig(c.names, Options{}))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			if f.Rule != "predicted-throttling" {
				t.Errorf("%v: unexpected finding %+v", c.names, f)
				continue
			}
			w, _, _ := strings.Cut(strings.TrimPrefix(f.Message, "workload "), ":")
			got = append(got, w)
		}
		slices.Sort(got)
		if strings.Join(got, ",") != c.want {
			t.Errorf("workloads %v: throttling found under %v, want %s", c.names, got, c.want)
		}
	}
}

// An imported architecture's workloads are the importer's placeholders:
// lint simulates them only when --workload names them.
func TestLintRulesImportedPlaceholders(t *testing.T) {
	for _, c := range []struct {
		names []string
		want  int
	}{{nil, 0}, {[]string{"peak"}, 1}} {
		arch := load(t, predictedThrottlingMeta.Failing)
		arch.Imported = true
		fs, err := lint.Run(context.Background(), arch, Rules(), simConfig(c.names, Options{}))
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != c.want {
			t.Errorf("workloads %v on an imported architecture: %d findings, want %d: %+v", c.names, len(fs), c.want, fs)
		}
	}
}
