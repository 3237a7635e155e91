package lint

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

const baselineArch = `
function "a" {}
function "b" {}
queue "q" {}
`

func TestBaselineRoundTrip(t *testing.T) {
	fsys := project(map[string]string{"infra/main.arch.hcl": baselineArch})
	first := lintProject(t, fsys, Options{}, "infra")
	var buf bytes.Buffer
	if err := BaselineOf(first, ".", "").Write(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "findings": [
    {
      "file": "infra/main.arch.hcl",
      "component": "function.a",
      "rule": "every-function",
      "count": 1
    },
    {
      "file": "infra/main.arch.hcl",
      "component": "function.b",
      "rule": "every-function",
      "count": 1
    },
    {
      "file": "infra/main.arch.hcl",
      "component": "queue.q",
      "rule": "every-queue",
      "count": 1
    }
  ]
}
`
	if buf.String() != want {
		t.Errorf("baseline:\n%s", buf.String())
	}
	b, err := ReadBaseline(strings.NewReader(buf.String()), "archie-baseline.json", "")
	if err != nil {
		t.Fatal(err)
	}
	again := lintProject(t, fsys, Options{Baseline: b}, "infra")
	if len(again.Findings) != 0 || len(again.Suppressed) != 3 || len(again.Fixed) != 0 || again.Failed() {
		t.Fatalf("with its own baseline: %d findings, %d suppressed, %d fixed", len(again.Findings), len(again.Suppressed), len(again.Fixed))
	}
	for _, f := range again.Suppressed {
		if f.SuppressedBy != "baseline" || f.Justification != "baseline" {
			t.Errorf("suppressed: %+v", f)
		}
	}
	// Writing the baseline again gives the same bytes.
	var again2 bytes.Buffer
	if err := BaselineOf(again, ".", "").Write(&again2); err != nil || again2.String() != want {
		t.Errorf("a baseline written under a baseline differs:\n%s", again2.String())
	}
}

func TestBaselineSurvivesMovedLines(t *testing.T) {
	fsys := project(map[string]string{"infra/main.arch.hcl": baselineArch})
	var buf bytes.Buffer
	if err := BaselineOf(lintProject(t, fsys, Options{}, "infra"), ".", "").Write(&buf); err != nil {
		t.Fatal(err)
	}
	b, _ := ReadBaseline(strings.NewReader(buf.String()), "baseline.json", "")
	// Lines move, components are reordered and commented: the same
	// findings, so nothing is new and nothing fixed.
	fsys["infra/main.arch.hcl"] = fileOf(`
# the queue first now

queue "q" {
  description = "jobs"
}


function "b" {
  memory = 512
}
function "a" {}
`)
	r := lintProject(t, fsys, Options{Baseline: b}, "infra")
	if len(r.Findings) != 0 || len(r.Fixed) != 0 || len(r.Suppressed) != 3 {
		t.Errorf("after moving lines: %s / fixed %d", summary(r.Findings), len(r.Fixed))
	}
	// A new function is reported; a removed one is fixed.
	fsys["infra/main.arch.hcl"] = fileOf(`
function "a" {}
function "c" {}
queue "q" {}
`)
	r = lintProject(t, fsys, Options{Baseline: b}, "infra")
	if got := summary(r.Findings); got != "every-function warning function.c\n" {
		t.Errorf("new findings:\n%s", got)
	}
	if len(r.Fixed) != 1 || r.Fixed[0].Component != "function.b" || r.Fixed[0].Rule != "every-function" || r.Fixed[0].Range.Filename != "infra/main.arch.hcl" {
		t.Errorf("fixed: %+v", r.Fixed)
	}
	baselined := 0
	for _, f := range r.Suppressed {
		if f.SuppressedBy == "baseline" {
			baselined++
		}
	}
	if len(r.Suppressed) != 2 || baselined != 2 {
		t.Errorf("suppressed: %+v", r.Suppressed)
	}
}

// repeatRule reports every function n times, with different messages.
type repeatRule struct{ n int }

func (repeatRule) Meta() Meta { return Meta{ID: "repeat", Severity: Error} }
func (r repeatRule) Check(p *Pass) error {
	for _, c := range p.Arch.Components {
		for i := range r.n {
			p.Report(c, c.DeclRange, "finding %d", i+1)
		}
	}
	return nil
}

func TestBaselineCounts(t *testing.T) {
	fsys := project(map[string]string{"x/main.arch.hcl": "function \"f\" {}\n"})
	run := func(n int, b *Baseline) *Report {
		return lintProject(t, fsys, Options{Rules: []Rule{repeatRule{n}}, Baseline: b}, "x")
	}
	b := BaselineOf(run(2, nil), ".", "")
	if len(b.Entries) != 1 || b.Entries[0].Count != 2 {
		t.Fatalf("entries: %+v", b.Entries)
	}
	if r := run(2, b); len(r.Findings) != 0 || len(r.Fixed) != 0 || len(r.Suppressed) != 2 {
		t.Errorf("same count: %d findings, %d fixed", len(r.Findings), len(r.Fixed))
	}
	if r := run(3, b); len(r.Findings) != 1 || !r.Failed() {
		t.Errorf("one more of the same key is new: %d findings", len(r.Findings))
	}
	if r := run(1, b); len(r.Findings) != 0 || len(r.Fixed) != 1 || r.Fixed[0].Component != "function.f" {
		t.Errorf("one fewer is fixed: %d findings, %+v fixed", len(r.Findings), r.Fixed)
	}
	nb := NewBaseline([]Finding{
		{Rule: "r", Component: "d", Range: hclRangeIn("x/a.arch.hcl")},
		{Rule: "r", Component: "c", Range: hclRangeIn("x/a.arch.hcl")},
		{Rule: "r", Component: "c", Range: hclRangeIn("x/a.arch.hcl")},
	}, "x", "")
	if len(nb.Entries) != 2 || nb.Entries[0].Count != 2 || nb.Entries[0].File != "a.arch.hcl" || nb.Entries[1].Component != "d" {
		t.Errorf("entries: %+v", nb.Entries)
	}
}

func TestBaselinePathsAreRelativeToItsFile(t *testing.T) {
	// Written from the repository root as infra/ with the baseline in
	// infra/, read from inside infra/ as ".": the same keys.
	fsys := project(map[string]string{"infra/main.arch.hcl": baselineArch})
	var buf bytes.Buffer
	if err := BaselineOf(lintProject(t, fsys, Options{}, "infra"), "infra", "").Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"file": "main.arch.hcl"`) {
		t.Fatalf("file keys are not relative to the baseline:\n%s", buf.String())
	}
	sub := project(map[string]string{"main.arch.hcl": baselineArch})
	b, err := ReadBaseline(strings.NewReader(buf.String()), "baseline.json", "")
	if err != nil {
		t.Fatal(err)
	}
	r := lintProject(t, sub, Options{Baseline: b}, ".")
	if len(r.Findings) != 0 || len(r.Suppressed) != 3 {
		t.Errorf("from inside the directory: %s", summary(r.Findings))
	}
	// A baseline of the whole repository used on one directory does not
	// report the other directories' entries as fixed.
	b.Entries = append(b.Entries, BaselineEntry{File: "other/main.arch.hcl", Component: "function.z", Rule: "every-function", Count: 1})
	if r := lintProject(t, sub, Options{Baseline: b}, "."); len(r.Fixed) != 0 {
		t.Errorf("out-of-scope entries reported fixed: %+v", r.Fixed)
	}
}

func TestReadBaselineErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`not json`, "b.json: not an archie baseline"},
		{`{"version": 2, "findings": []}`, "baseline version 2"},
		{`{"version": 1, "findings": [{"file": "a", "rule": "", "component": "c", "count": 1}]}`, "finding 1 needs file, rule"},
		{`{"version": 1, "findings": [{"file": "a", "rule": "r", "component": "c", "count": 0}]}`, "count of at least 1"},
		{`{"version": 1, "findings": [], "extra": true}`, "unknown field"},
	}
	for _, c := range cases {
		if _, err := ReadBaseline(strings.NewReader(c.src), "b.json", ""); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.src, err, c.want)
		}
	}
}

func hclRangeIn(file string) hcl.Range { return hcl.Range{Filename: file} }

func TestBaselineWithWorkDir(t *testing.T) {
	// Written with relative names from /repo, read with an absolute
	// baseline path from /repo/infra: the same keys.
	f := []Finding{{Rule: "r", Component: "c", Range: hclRangeIn("infra/main.arch.hcl")}}
	b := NewBaseline(f, "infra", "/repo")
	if b.Entries[0].File != "main.arch.hcl" {
		t.Fatalf("key %q", b.Entries[0].File)
	}
	cases := []struct{ dir, file, workDir string }{
		{"/repo/infra", "main.arch.hcl", "/repo/infra"},
		{"/repo/infra", "/repo/infra/main.arch.hcl", ""},
		{".", "main.arch.hcl", "/repo/infra"},
		{"..", "../main.arch.hcl", "/repo/infra/sub"},
	}
	for _, c := range cases {
		if got := relativeTo(c.dir, c.file, c.workDir); got != "main.arch.hcl" {
			t.Errorf("relativeTo(%q, %q, %q) = %q", c.dir, c.file, c.workDir, got)
		}
	}
	if got := relativeTo("/elsewhere", "infra/main.arch.hcl", ""); got != "infra/main.arch.hcl" {
		t.Errorf("without a working directory: %q", got)
	}
}
