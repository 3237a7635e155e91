package diff

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/rules"
)

// memVersion is one file of HCL as a version.
func memVersion(name, src string) Version {
	fsys := fstest.MapFS{"main.arch.hcl": {Data: []byte(src)}}
	return Version{Target: lint.Target{FS: fsys, Path: ".", Display: name}, Name: name}
}

func dirVersion(dir string) Version {
	return Version{Target: lint.Target{FS: os.DirFS(filepath.Dir(dir)), Path: filepath.Base(dir), Display: filepath.ToSlash(dir)}, Name: filepath.ToSlash(dir)}
}

func compare(t testing.TB, oldV, newV Version) *Result {
	t.Helper()
	return compareWith(t, oldV, newV, Options{Rules: rules.All()})
}

func compareWith(t testing.TB, oldV, newV Version, opt Options) *Result {
	t.Helper()
	r, err := Compare(context.Background(), oldV, newV, opt)
	if err != nil {
		t.Fatal(err)
	}
	if r.Invalid() {
		var b bytes.Buffer
		format.WriteText(&b, r.Old.Report, format.TextOptions{})
		format.WriteText(&b, r.New.Report, format.TextOptions{})
		t.Fatalf("invalid input:\n%s", b.String())
	}
	return r
}

func ruleIDs(fs []lint.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every rule's failing and fixed examples, diffed both ways with that
// rule alone (as its documentation shows them), report exactly that
// rule's findings: fixed going from failing to fixed, new going back. The
// simulator's rules run for every workload an example declares.
func TestRuleExamplesBothWays(t *testing.T) {
	type example struct {
		meta  lint.Meta
		rules []lint.Rule
	}
	var all []example
	for _, r := range rules.All() {
		all = append(all, example{r.Meta(), []lint.Rule{r}})
	}
	for _, ex := range all {
		m := ex.meta
		t.Run(m.ID, func(t *testing.T) {
			t.Parallel()
			failing, fixed := memVersion("failing", m.Failing), memVersion("fixed", m.Fixed)
			opt := Options{Rules: ex.rules}
			if m.Preset != "" {
				// An opt-in rule runs with its preset chosen in .archie.hcl.
				cfg := fstest.MapFS{".archie.hcl": {Data: []byte(fmt.Sprintf("config {\n  presets = [%q]\n}\n", m.Preset))}}
				opt.Config = &lint.ConfigSource{FS: cfg, Path: ".archie.hcl", Display: ".archie.hcl"}
			}
			forward := compareWith(t, failing, fixed, opt)
			if got := ruleIDs(forward.Findings.Fixed); !slices.Equal(got, []string{m.ID}) {
				t.Errorf("failing -> fixed: fixed findings of %v, want exactly %s", got, m.ID)
			}
			if slices.Contains(ruleIDs(forward.Findings.New), m.ID) {
				t.Errorf("failing -> fixed: %s reported new", m.ID)
			}
			back := compareWith(t, fixed, failing, opt)
			if got := ruleIDs(back.Findings.New); !slices.Equal(got, []string{m.ID}) {
				t.Errorf("fixed -> failing: new findings of %v, want exactly %s", got, m.ID)
			}
			if slices.Contains(ruleIDs(back.Findings.Fixed), m.ID) {
				t.Errorf("fixed -> failing: %s reported fixed", m.ID)
			}
			if len(forward.Findings.Fixed) != len(back.Findings.New) {
				t.Errorf("%d fixed one way, %d new the other", len(forward.Findings.Fixed), len(back.Findings.New))
			}
		})
	}
}

func exampleDirs(t testing.TB) []string {
	dirs, err := filepath.Glob("../../examples/*/")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range dirs {
		if info, err := os.Stat(d); err == nil && info.IsDir() && filepath.Base(d) != "broken" {
			out = append(out, d)
		}
	}
	broken, _ := filepath.Glob("../../examples/broken/*")
	return append(out, broken...)
}

// Every bundled example diffed against itself reports nothing.
func TestExampleAgainstItself(t *testing.T) {
	for _, dir := range exampleDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			r := compare(t, dirVersion(dir), dirVersion(dir))
			if !r.Empty() {
				var b bytes.Buffer
				WriteText(&b, r)
				t.Errorf("not empty:\n%s", b.String())
			}
			if len(r.Check(allGates)) != 0 {
				t.Errorf("a gate tripped: %+v", r.Check(allGates))
			}
		})
	}
}

var allGates = []Gate{{Kind: GateNewFindings}, {Kind: GateCostIncrease}, {Kind: GateP99Increase}, {Kind: GateBacklog}}

// copyExample copies a bundled example to a temporary directory, with
// edits: old text -> new text in a file.
func copyExample(t testing.TB, example string, edits ...[3]string) string {
	t.Helper()
	src := filepath.Join("../../examples", example)
	dst := filepath.Join(t.TempDir(), example)
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		p := filepath.Join(dst, e[0])
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(e[1])) {
			t.Fatalf("%s has no %q", e[0], e[1])
		}
		if err := os.WriteFile(p, bytes.Replace(b, []byte(e[1]), []byte(e[2]), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func tripped(r *Result, gates ...Gate) []GateKind {
	var out []GateKind
	for _, tr := range r.Check(gates) {
		out = append(out, tr.Gate.Kind)
	}
	return out
}

// A scripted change per gate on the bundled examples.
func TestGates(t *testing.T) {
	base := "../../examples/queue-load-leveling"
	cases := []struct {
		name  string
		edits [][3]string
		gates []Gate
		want  []GateKind
		check func(t *testing.T, r *Result)
	}{
		{
			name: "concurrency cut builds a backlog",
			edits: [][3]string{
				{"records.arch.hcl", "batch_size             = 10", "batch_size             = 1"},
				{"records.arch.hcl", "max_concurrency        = 4", "max_concurrency        = 2"},
			},
			gates: allGates,
			// Batches of one take ten times the invocations, and the
			// month's messages are billed whether or not the window
			// drained them, so the cost gate trips too.
			want: []GateKind{GateNewFindings, GateCostIncrease, GateBacklog},
			check: func(t *testing.T, r *Result) {
				if got := ruleIDs(r.Findings.New); !slices.Equal(got, []string{"backlog-growth"}) {
					t.Errorf("new findings %v, want backlog-growth", got)
				}
				w := r.Workloads[0]
				if !slices.Equal(w.New.Undrained, []string{"queue.results_intake"}) || len(w.Old.Undrained) != 0 {
					t.Errorf("undrained old %v new %v", w.Old.Undrained, w.New.Undrained)
				}
			},
		},
		{
			name:  "memory raise costs more",
			edits: [][3]string{{"records.arch.hcl", "memory       = 1536", "memory       = 3008"}},
			gates: []Gate{{Kind: GateCostIncrease, Percent: 5}, {Kind: GateNewFindings}, {Kind: GateBacklog}, {Kind: GateP99Increase, Percent: 5}},
			want:  []GateKind{GateCostIncrease},
			check: func(t *testing.T, r *Result) {
				if len(r.Components.Changed) != 1 || r.Components.Changed[0].Address != "function.file_result" {
					t.Fatalf("changed %+v", r.Components.Changed)
				}
				ch := r.Components.Changed[0].Changes
				if len(ch) != 1 || ch[0].Attribute != "memory" || ch[0].Old != 1536.0 || ch[0].New != 3008.0 {
					t.Errorf("changes %+v", ch)
				}
				if r.Cost.New <= r.Cost.Old {
					t.Errorf("cost %v -> %v", r.Cost.Old, r.Cost.New)
				}
			},
		},
		{
			name:  "memory raise within the allowance",
			edits: [][3]string{{"records.arch.hcl", "memory       = 1536", "memory       = 1600"}},
			gates: []Gate{{Kind: GateCostIncrease, Percent: 50}},
		},
		{
			name: "removed dead-letter queue",
			edits: [][3]string{
				{"records.arch.hcl", "    dead_letter        = queue.results_intake_dlq\n", ""},
				{"records.arch.hcl", "    max_receive_count  = 5\n", ""},
			},
			gates: []Gate{{Kind: GateNewFindings, Severity: lint.Warning}},
			want:  []GateKind{GateNewFindings},
			check: func(t *testing.T, r *Result) {
				if !slices.Contains(ruleIDs(r.Findings.New), "missing-dlq") {
					t.Errorf("new findings %v, want missing-dlq", ruleIDs(r.Findings.New))
				}
				if len(r.Edges.Removed) != 1 || r.Edges.Removed[0].To != "queue.results_intake_dlq" {
					t.Errorf("removed edges %+v", r.Edges.Removed)
				}
			},
		},
		{
			name:  "slower consumer raises the p99",
			edits: [][3]string{{"intake.arch.hcl", `duration_p99 = "300ms"`, `duration_p99 = "3s"`}},
			gates: []Gate{{Kind: GateP99Increase, Percent: 20}},
			want:  []GateKind{GateP99Increase},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := copyExample(t, "queue-load-leveling", tc.edits...)
			r := compare(t, dirVersion(base), dirVersion(dir))
			if got := tripped(r, tc.gates...); !slices.Equal(got, tc.want) {
				var b bytes.Buffer
				WriteText(&b, r)
				t.Errorf("tripped %v, want %v\n%s", got, tc.want, b.String())
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

// Layout, comments and moving a block to another file are not changes.
func TestReformatAndMoveAreNotChanges(t *testing.T) {
	dir := copyExample(t, "queue-load-leveling")
	records := filepath.Join(dir, "records.arch.hcl")
	src, err := os.ReadFile(records)
	if err != nil {
		t.Fatal(err)
	}
	// Reflow: every attribute's alignment undone, a comment added, and
	// the file renamed.
	out := strings.ReplaceAll(string(src), "  =", " =")
	out = "# moved here from records.arch.hcl\n" + strings.ReplaceAll(out, "    ", "      ")
	if err := os.Remove(records); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "renamed.arch.hcl"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	r := compare(t, dirVersion("../../examples/queue-load-leveling"), dirVersion(dir))
	if !r.Empty() {
		var b bytes.Buffer
		WriteText(&b, r)
		t.Errorf("reformatting reported as a change:\n%s", b.String())
	}
}

func TestParseGate(t *testing.T) {
	for _, s := range []string{"new-findings", "new-findings=warning", "cost-increase=10", "p99-increase=2.5", "backlog"} {
		g, err := ParseGate(s)
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		if g.String() != s {
			t.Errorf("%s reads back as %s", s, g)
		}
	}
	for _, s := range []string{"", "new-finding", "new-findings=fatal", "cost-increase", "cost-increase=-1", "cost-increase=ten", "p99-increase=NaN", "backlog=1"} {
		if _, err := ParseGate(s); err == nil {
			t.Errorf("%q: no error", s)
		}
	}
}

func TestFindingsMatchIgnoresLinesAndFigures(t *testing.T) {
	f := func(rule, comp, msg string, line int) lint.Finding {
		x := lint.Finding{Rule: rule, Component: comp, Message: msg, Severity: lint.Warning}
		x.Range.Filename, x.Range.Start.Line = "a.arch.hcl", line
		return x
	}
	oldF := []lint.Finding{f("r", "queue.a", "ends at 10 messages", 3), f("r", "queue.a", "ends at 10 messages", 9), f("s", "queue.b", "x", 1)}
	newF := []lint.Finding{f("r", "queue.a", "ends at 12.5 messages", 30), f("t", "queue.b", "x", 1)}
	got := compareFindings(oldF, newF)
	if got.Unchanged != 1 || len(got.New) != 1 || got.New[0].Rule != "t" || len(got.Fixed) != 2 {
		t.Errorf("%+v", got)
	}
}
