package lint

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
)

// funcRule is a rule whose Check is a function, for the runner's tests.
type funcRule struct {
	id    string
	check func(p *Pass) error
}

func (r funcRule) Meta() Meta          { return Meta{ID: r.id, Severity: Warning, Title: r.id} }
func (r funcRule) Check(p *Pass) error { return r.check(p) }

const runArch = `function "a" {}
function "b" {}
`

// A rule that cannot check the architecture stops the run with an error
// naming the rule.
func TestRunReportsRuleErrors(t *testing.T) {
	arch := loadArch(t, runArch)
	failing := funcRule{"broken-rule", func(*Pass) error { return errors.New("no data") }}
	_, err := Run(context.Background(), arch, []Rule{failing}, Config{})
	if err == nil || err.Error() != "rule broken-rule: no data" {
		t.Fatalf("got %v, want the error with the rule's ID", err)
	}
	panicking := funcRule{"panicky", func(*Pass) error { panic("boom") }}
	if _, err := Run(context.Background(), arch, []Rule{panicking}, Config{}); err == nil || !strings.Contains(err.Error(), "internal error in rule panicky: boom") {
		t.Fatalf("got %v", err)
	}
	// A disabled rule does not run.
	off := false
	if _, err := Run(context.Background(), arch, []Rule{failing}, Config{Rules: map[string]RuleConfig{"broken-rule": {Enabled: &off}}}); err != nil {
		t.Fatalf("a disabled rule ran: %v", err)
	}
}

// Input a rule could not check (hcl.Diagnostics) is reported once, as an
// error of the input, and the findings are kept.
func TestRunKeepsFindingsWithUncheckedInput(t *testing.T) {
	rng := hcl.Range{Filename: "main.arch.hcl", Start: hcl.Pos{Line: 2, Column: 1, Byte: 16}, End: hcl.Pos{Line: 2, Column: 13, Byte: 28}}
	diag := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Not checked", Subject: &rng}
	key := struct{ name string }{"analysis"}
	computed := 0
	shared := func(id string) Rule {
		return funcRule{id, func(p *Pass) error {
			v, err := p.Shared(key, func() (any, error) {
				computed++
				return p.Setting("who").(string), hcl.Diagnostics{diag}
			})
			p.Report(p.Arch.Components[0], p.Arch.Components[0].DeclRange, "%s by %s", id, v)
			return err
		}}
	}
	rules := []Rule{shared("first"), shared("second")}
	cfg := Config{Settings: Settings{"who": "the test"}}
	fs, err := Run(context.Background(), loadArch(t, runArch), rules, cfg)
	var diags hcl.Diagnostics
	if !errors.As(err, &diags) || len(diags) != 1 || diags[0] != diag {
		t.Fatalf("got %v, want the one diagnostic", err)
	}
	if len(fs) != 2 || fs[0].Message != "first by the test" {
		t.Fatalf("findings %+v", fs)
	}
	if computed != 1 {
		t.Errorf("the shared value was computed %d times, want once", computed)
	}

	// LintProject: the report is invalid, with the diagnostic after the
	// load, and keeps the findings.
	fsys := fstest.MapFS{"a/main.arch.hcl": {Data: []byte(runArch)}}
	report, err := LintProject(context.Background(), []Target{{FS: fsys, Path: "a", Display: "a"}}, Options{Rules: rules, Settings: cfg.Settings})
	if err != nil {
		t.Fatal(err)
	}
	if !report.Invalid() || len(report.Errors) != 1 || len(report.Findings) != 2 {
		t.Fatalf("errors %v, findings %+v", report.Errors, report.Findings)
	}
}

// A pass With a context gives it to the findings reported through it.
func TestFindingContext(t *testing.T) {
	arch := loadArch(t, runArch)
	r := funcRule{"about", func(p *Pass) error {
		a, b := p.Arch.Components[0], p.Arch.Components[1]
		p.With(Context{Pattern: "flow", Path: []string{a.Address(), b.Address()}}).Report(a, a.DeclRange, "about flow")
		p.Report(b, b.DeclRange, "plain")
		return nil
	}}
	fs, err := Run(context.Background(), arch, []Rule{r}, Config{})
	if err != nil || len(fs) != 2 {
		t.Fatalf("%v %+v", err, fs)
	}
	if fs[0].Context.Pattern != "flow" || strings.Join(fs[0].Context.Path, " ") != "function.a function.b" || !fs[1].Context.IsZero() {
		t.Errorf("contexts %+v and %+v", fs[0].Context, fs[1].Context)
	}
}

// The report lists the workloads the valid architectures declare, once
// each and sorted, for checking names asked for on the command line.
func TestReportWorkloads(t *testing.T) {
	const withWorkloads = `api "public" {}

function "f" {
  trigger {
    source = api.public
    route  = "GET /"
  }
}

workload "rush" {
  entry    = api.public
  route    = "GET /"
  rate     = 100
  duration = "1m"
}

workload "calm" {
  entry    = api.public
  route    = "GET /"
  rate     = 1
  duration = "1m"
}
`
	fsys := fstest.MapFS{
		"a/main.arch.hcl":   {Data: []byte(withWorkloads)},
		"b/main.arch.hcl":   {Data: []byte(withWorkloads)},
		"bad/main.arch.hcl": {Data: []byte(withWorkloads + "workload \"broken\" {\n  entry    = api.nowhere\n  rate     = 1\n  duration = \"1m\"\n}\n")},
	}
	var targets []Target
	for _, d := range []string{"a", "b"} {
		targets = append(targets, Target{FS: fsys, Path: d, Display: d})
	}
	report, err := LintProject(context.Background(), targets, Options{})
	if err != nil || report.Invalid() {
		t.Fatalf("%v %v", err, report.Errors)
	}
	if got := strings.Join(report.Workloads, ","); got != "calm,rush" {
		t.Errorf("workloads %s, want calm,rush", got)
	}
	report, err = LintProject(context.Background(), []Target{{FS: fsys, Path: "bad", Display: "bad"}}, Options{})
	if err != nil || !report.Invalid() || len(report.Workloads) != 0 {
		t.Errorf("an invalid architecture: %v, errors %v, workloads %v", err, report.Errors, report.Workloads)
	}
}
