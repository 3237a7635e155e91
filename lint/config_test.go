package lint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
)

// checkRule is a rule for the configuration tests: it reports every
// component of a kind.
type checkRule struct {
	id      string
	kind    string
	sev     Severity
	options []Option
}

func (r checkRule) Meta() Meta {
	return Meta{ID: r.id, Severity: r.sev, Title: "every " + r.kind, Options: r.options}
}

func (r checkRule) Check(p *Pass) error {
	for _, c := range p.Arch.Components {
		if string(c.Kind) == r.kind {
			msg := c.Address()
			for _, o := range r.options {
				msg += fmt.Sprintf(" %s=%d", o.Name, p.Option(o.Name))
			}
			p.Report(c, c.DeclRange, "%s", msg)
		}
	}
	return nil
}

func configRules() []Rule {
	return []Rule{
		checkRule{id: "every-function", kind: "function", sev: Warning, options: []Option{{Name: "max_hops", Default: 2, Min: 1}}},
		checkRule{id: "every-queue", kind: "queue", sev: Error},
	}
}

func TestParseConfig(t *testing.T) {
	src := `
config {
  fail_on = "warning"
}

rule "every-function" {
  enabled  = true
  severity = "error"
  max_hops = 3
}

rule "every-queue" {
  enabled = false
}

rule "unused-suppression" {
  severity = "warning"
}

rule "memory-cap" {
  kind      = "function"
  condition = self.memory <= 3008
  message   = "functions above 3008 MB need an approved exception"
}
`
	cfg, diags := ParseConfig([]byte(src), ".archie.hcl", configRules())
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if cfg.FailThreshold() != Warning {
		t.Errorf("fail_on = %v", cfg.FailThreshold())
	}
	fn := cfg.Rules["every-function"]
	if fn.Enabled == nil || !*fn.Enabled || fn.Severity == nil || *fn.Severity != Error || fn.Options["max_hops"] != 3 {
		t.Errorf("every-function: %+v", fn)
	}
	if cfg.Enabled("every-queue") {
		t.Error("every-queue should be disabled")
	}
	if s := cfg.Rules["unused-suppression"].Severity; s == nil || *s != Warning {
		t.Error("an engine check's severity is not configured")
	}
	if len(cfg.Custom) != 1 || cfg.Custom[0].Meta().ID != "memory-cap" || cfg.Custom[0].Meta().Title != "functions above 3008 MB need an approved exception" {
		t.Errorf("custom rules: %+v", cfg.Custom)
	}
	if got := strings.Join(cfg.RuleIDs(configRules()), " "); got != "every-function every-queue invalid-suppression memory-cap suppression-without-reason unused-suppression" {
		t.Errorf("RuleIDs = %s", got)
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, diags := ParseConfig([]byte("# nothing configured\n"), ".archie.hcl", configRules())
	if diags.HasErrors() || cfg.FailThreshold() != Error || !cfg.Enabled("every-queue") || len(cfg.Custom) != 0 {
		t.Errorf("empty file: %+v %v", cfg, diags)
	}
}

// configError is one expected diagnostic: where and what.
type configError struct {
	name, src string
	at        string // "line:column" of the subject
	want      string // in summary or detail
}

func TestConfigErrors(t *testing.T) {
	cases := []configError{
		{"unknown rule", `rule "every-funtion" {}`, "1:6", `There is no rule "every-funtion" (did you mean "every-function"?)`},
		{"unknown rule, no suggestion", `rule "zzz" {}`, "1:6", `a custom rule needs kind and condition`},
		{"unknown option", "rule \"every-function\" {\n  max_hop = 3\n}", "2:3", `no option "max_hop" (did you mean "max_hops"?); it takes enabled, severity, max_hops`},
		{"option on a rule without options", "rule \"every-queue\" {\n  max_hops = 3\n}", "2:3", `takes enabled and severity only`},
		{"option below its minimum", "rule \"every-function\" {\n  max_hops = 0\n}", "2:14", "max_hops must be at least 1 (it is 0)"},
		{"option not whole", "rule \"every-function\" {\n  max_hops = 2.5\n}", "2:14", "takes a whole number, not 2.5"},
		{"option a string", "rule \"every-function\" {\n  max_hops = \"3\"\n}", "2:14", `takes a whole number, not the string "3"`},
		{"enabled a string", "rule \"every-queue\" {\n  enabled = \"no\"\n}", "2:13", "takes true or false"},
		{"bad severity", "rule \"every-queue\" {\n  severity = \"warn\"\n}", "2:14", `severity is "warn" (did you mean "warning"?)`},
		{"unknown config setting", "config {\n  fail_no = \"error\"\n}", "2:3", `no setting "fail_no" (did you mean "fail_on"?)`},
		{"bad fail_on", "config {\n  fail_on = \"fatal\"\n}", "2:13", `use "error", "warning" or "info"`},
		{"duplicate config", "config {}\nconfig {}", "2:1", "the first is at .archie.hcl:1:1"},
		{"duplicate rule", "rule \"every-queue\" {}\nrule \"every-queue\" {}", "2:6", "already configured at .archie.hcl:1:6"},
		{"unknown block", `rules "every-queue" {}`, "1:1", `not "rules". (did you mean "rule"?)`},
		{"top-level attribute", `fail_on = "warning"`, "1:1", "settings go in a config block"},
		{"rule without label", `rule {}`, "1:1", "Rule block needs one label"},
		{"custom rule named like a catalog rule", "rule \"every-queue\" {\n  kind = \"queue\"\n  condition = true\n}", "1:6", "is a rule of the catalog"},
		{"expression for a literal", "rule \"every-queue\" {\n  enabled = self.x\n}", "2:13", "takes a literal value"},
		{"nested block", "rule \"every-queue\" {\n  options {}\n}", "2:3", "takes attributes only"},
		{"syntax error", "rule \"every-queue\" {\n  enabled = \n}", "2:13", "Invalid expression"},
		// 100000 levels overflowed the parser's stack.
		{"nesting too deep", "config {\n  fail_on = " + strings.Repeat("[", 100000) + "\n}", "2:268", "Nesting too deep"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := ParseConfig([]byte(c.src), ".archie.hcl", configRules())
			assertDiag(t, diags, c.at, c.want)
		})
	}
}

// assertDiag checks that diags hold exactly one error, at "line:column",
// whose summary or detail contains want.
func assertDiag(t *testing.T, diags hcl.Diagnostics, at, want string) {
	t.Helper()
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic, got %d:\n%s", len(diags), diags.Error())
	}
	d := diags[0]
	if d.Severity != hcl.DiagError || d.Subject == nil {
		t.Fatalf("not an error with a position: %s", d.Error())
	}
	if got := fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column); got != at {
		t.Errorf("at %s, want %s: %s", got, at, d.Error())
	}
	if !strings.Contains(d.Summary+": "+d.Detail, want) {
		t.Errorf("diagnostic %q does not say %q", d.Summary+": "+d.Detail, want)
	}
}

func TestFindConfig(t *testing.T) {
	fsys := fstest.MapFS{
		".archie.hcl":                       {Data: []byte("# above the repository: never read\n")},
		"repo/.git/HEAD":                    {Data: []byte("ref: main\n")},
		"repo/.archie.hcl":                  {Data: []byte("\n")},
		"repo/infra/a/main.arch.hcl":        {Data: []byte("\n")},
		"repo/infra/b/.archie.hcl":          {Data: []byte("\n")},
		"repo/infra/b/c/main.arch.hcl":      {Data: []byte("\n")},
		"bare/infra/main.arch.hcl":          {Data: []byte("\n")},
		"worktree/.git":                     {Data: []byte("gitdir: ../repo/.git\n")},
		"worktree/x/main.arch.hcl":          {Data: []byte("\n")},
		"dirconfig/.archie.hcl/not-a-file":  {Data: []byte("\n")},
		"dirconfig/.git/HEAD":               {Data: []byte("\n")},
		"dirconfig/infra/main.arch.hcl":     {Data: []byte("\n")},
		"nested/.git/HEAD":                  {Data: []byte("\n")},
		"nested/sub/.git":                   {Data: []byte("gitdir: x\n")},
		"nested/.archie.hcl":                {Data: []byte("\n")},
		"nested/sub/infra/main.arch.hcl":    {Data: []byte("\n")},
		"repo/infra/b/c/d/e/main.arch.hcl":  {Data: []byte("\n")},
		"repo/infra/a/deeper/main.arch.hcl": {Data: []byte("\n")},
	}
	cases := []struct {
		dir  string
		want string
		up   int
	}{
		{"repo/infra/a", "repo/.archie.hcl", 2},
		{"repo/infra/a/deeper", "repo/.archie.hcl", 3},
		{"repo/infra/b", "repo/infra/b/.archie.hcl", 0},
		{"repo/infra/b/c/d/e", "repo/infra/b/.archie.hcl", 3},
		{"repo", "repo/.archie.hcl", 0},
		{"bare/infra", ".archie.hcl", 2},                     // no repository: up to the root of the file system
		{"worktree/x", "", 0},                                // .git as a file marks the root too
		{"dirconfig/infra", "", 0},                           // a directory named .archie.hcl is not a configuration
		{"nested/sub/infra", "", 0},                          // the nearest repository root stops the search
		{"repo/infra/a/../b", "repo/infra/b/.archie.hcl", 0}, // cleaned
	}
	for _, c := range cases {
		p, up, ok := FindConfig(fsys, c.dir)
		if p != c.want || ok != (c.want != "") || up != c.up {
			t.Errorf("FindConfig(%s) = %q, %d, %v; want %q, %d", c.dir, p, up, ok, c.want, c.up)
		}
	}
}

// project is a repository in memory for LintProject.
func project(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func lintProject(t *testing.T, fsys fstest.MapFS, opts Options, dirs ...string) *Report {
	t.Helper()
	if opts.Rules == nil {
		opts.Rules = configRules()
	}
	var targets []Target
	for _, d := range dirs {
		targets = append(targets, Target{FS: fsys, Path: d, Display: d})
	}
	r, err := LintProject(context.Background(), targets, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// summary lists findings as "rule severity component", one a line.
func summary(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s\n", f.Rule, f.Severity, f.Component)
	}
	return b.String()
}

const twoComponents = `
function "api" {}
queue "jobs" {}
`

func TestConfigLookupAndPrecedence(t *testing.T) {
	fsys := project(map[string]string{
		"repo/.git/HEAD": "ref: main\n",
		"repo/.archie.hcl": `
config { fail_on = "warning" }
rule "every-queue" { enabled = false }
rule "every-function" {
  severity = "error"
  max_hops = 5
}
`,
		"repo/a/main.arch.hcl": twoComponents,
		"repo/b/.archie.hcl":   `rule "every-function" { enabled = false }`,
		"repo/b/main.arch.hcl": twoComponents,
	})
	cases := []struct {
		name   string
		flags  Flags
		dir    string
		want   string
		failed bool
	}{
		{"the repository's file", Flags{}, "repo/a", "every-function error function.api\n", true},
		{"the nearest file wins, whole", Flags{}, "repo/b", "every-queue error queue.jobs\n", true},
		{"--enable over enabled = false", Flags{Enable: []string{"every-queue"}}, "repo/a", "every-function error function.api\nevery-queue error queue.jobs\n", true},
		{"--disable over the default", Flags{Disable: []string{"every-function"}}, "repo/a", "", false},
		{"--only over enabled = false", Flags{Only: []string{"every-queue"}}, "repo/a", "every-queue error queue.jobs\n", true},
		{"--only leaves severities", Flags{Only: []string{"every-function"}}, "repo/a", "every-function error function.api\n", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := lintProject(t, fsys, Options{Flags: c.flags}, c.dir)
			if r.Invalid() {
				t.Fatal(r.Errors.Error())
			}
			if got := summary(r.Findings); got != c.want {
				t.Errorf("findings:\n%s\nwant:\n%s", got, c.want)
			}
			if r.Failed() != c.failed {
				t.Errorf("Failed() = %v", r.Failed())
			}
		})
	}
	t.Run("options reach the rule", func(t *testing.T) {
		r := lintProject(t, fsys, Options{}, "repo/a")
		if len(r.Findings) != 1 || !strings.HasSuffix(r.Findings[0].Message, "max_hops=5") {
			t.Errorf("findings: %+v", r.Findings)
		}
	})
	t.Run("fail_on from the file", func(t *testing.T) {
		fsys := project(map[string]string{
			"r/.git/HEAD":       "",
			"r/.archie.hcl":     `config { fail_on = "warning" }` + "\nrule \"every-queue\" { enabled = false }\n",
			"r/x/main.arch.hcl": twoComponents,
		})
		if r := lintProject(t, fsys, Options{}, "r/x"); !r.Failed() {
			t.Error("a warning does not fail under fail_on = warning")
		}
		errSev := Error
		if r := lintProject(t, fsys, Options{Flags: Flags{FailOn: &errSev}}, "r/x"); r.Failed() {
			t.Error("--fail-on error does not replace fail_on")
		}
		info := Info
		if r := lintProject(t, fsys, Options{Flags: Flags{FailOn: &info}}, "r/x"); !r.Failed() {
			t.Error("--fail-on info does not fail on a warning")
		}
	})
	t.Run("--config replaces the lookup", func(t *testing.T) {
		fsys := project(map[string]string{
			"repo/.git/HEAD":       "",
			"repo/.archie.hcl":     `rule "every-queue" { enabled = false }`,
			"repo/a/main.arch.hcl": twoComponents,
			"ci/strict.hcl":        `rule "every-function" { enabled = false }`,
		})
		r := lintProject(t, fsys, Options{Config: &ConfigSource{FS: fsys, Path: "ci/strict.hcl", Display: "ci/strict.hcl"}}, "repo/a")
		if got := summary(r.Findings); got != "every-queue error queue.jobs\n" {
			t.Errorf("findings:\n%s", got)
		}
	})
	t.Run("per-architecture thresholds", func(t *testing.T) {
		fsys := project(map[string]string{
			"r/.git/HEAD":          "",
			"r/lax/.archie.hcl":    "rule \"every-queue\" { enabled = false }\n",
			"r/lax/main.arch.hcl":  twoComponents,
			"r/strict/.archie.hcl": "config { fail_on = \"warning\" }\nrule \"every-queue\" { enabled = false }\n",
			"r/strict/main.arch.hcl": `
function "other" {}
`,
		})
		r := lintProject(t, fsys, Options{}, "r/lax")
		if r.Failed() {
			t.Error("a warning fails under the default fail_on")
		}
		r = lintProject(t, fsys, Options{}, "r/lax", "r/strict")
		if !r.Failed() || r.Architectures != 2 {
			t.Errorf("the strict architecture's warning does not fail the run (%d architectures)", r.Architectures)
		}
	})
}

func TestConfigErrorsStopTheirArchitecturesOnly(t *testing.T) {
	fsys := project(map[string]string{
		"r/.git/HEAD":          "",
		"r/bad/.archie.hcl":    "rule \"every-funtion\" {}\n",
		"r/bad/main.arch.hcl":  twoComponents,
		"r/good/main.arch.hcl": twoComponents,
	})
	r := lintProject(t, fsys, Options{}, "r/bad", "r/good")
	if !r.Invalid() {
		t.Fatal("an unknown rule in the configuration is not an error")
	}
	assertDiag(t, r.Errors, "1:6", `did you mean "every-function"`)
	if r.Errors[0].Subject.Filename != "r/bad/.archie.hcl" || r.Files["r/bad/.archie.hcl"] == nil {
		t.Errorf("the error does not name the file or its source is missing: %s", r.Errors[0].Subject.Filename)
	}
	if r.Architectures != 1 {
		t.Errorf("the valid architecture was not linted: %d", r.Architectures)
	}
}

func TestFlagErrors(t *testing.T) {
	fsys := project(map[string]string{
		"r/.git/HEAD":       "",
		"r/.archie.hcl":     "rule \"memory-cap\" {\n  kind = \"function\"\n  condition = self.memory <= 3008\n}\n",
		"r/x/main.arch.hcl": twoComponents,
	})
	targets := []Target{{FS: fsys, Path: "r/x", Display: "r/x"}}
	cases := []struct {
		flags Flags
		want  string
	}{
		{Flags{Only: []string{"every-funtion"}}, `--only: unknown rule "every-funtion" (did you mean "every-function"?)`},
		{Flags{Enable: []string{"memory-cpa"}}, `--enable: unknown rule "memory-cpa" (did you mean "memory-cap"?)`},
		{Flags{Enable: []string{"every-queue"}, Disable: []string{"every-queue"}}, `--disable: rule "every-queue" is also given to --enable`},
	}
	for _, c := range cases {
		_, err := LintProject(context.Background(), targets, Options{Rules: configRules(), Flags: c.flags})
		var fe *FlagError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.flags, err, c.want)
		}
	}
	// A custom rule of the configuration is a rule the flags may name.
	r, err := LintProject(context.Background(), targets, Options{Rules: configRules(), Flags: Flags{Only: []string{"memory-cap"}}})
	if err != nil || r.Invalid() || len(r.Findings) != 0 {
		t.Errorf("--only memory-cap: %v %+v", err, r)
	}
}

func TestMissingConfigFile(t *testing.T) {
	fsys := project(map[string]string{"x/main.arch.hcl": twoComponents})
	r := lintProject(t, fsys, Options{Config: &ConfigSource{FS: fsys, Path: "nope.hcl", Display: "nope.hcl"}}, "x")
	if !r.Invalid() || !strings.Contains(r.Errors.Error(), "nope.hcl: file does not exist") {
		t.Errorf("errors: %v", r.Errors)
	}
}

func TestFailedForFilesOutsideTheModel(t *testing.T) {
	fsys := project(map[string]string{"x/main.arch.hcl": "queue \"q\" {}\n"})
	warning := Warning
	r := lintProject(t, fsys, Options{Flags: Flags{FailOn: &warning}, Rules: []Rule{}}, "x")
	if r.Failed() {
		t.Fatal("no finding, yet failed")
	}
	// An importer may point a finding at a template the model does not list.
	r.Findings = append(r.Findings, Finding{Rule: "r", Severity: Warning, Range: hcl.Range{Filename: "template.yaml"}})
	if !r.Failed() {
		t.Error("--fail-on warning does not apply to a file outside the model")
	}
	plain := &Report{Findings: []Finding{{Rule: "r", Severity: Warning}}}
	if plain.Failed() {
		t.Error("a report LintProject did not make fails on a warning")
	}
}

func TestConfigErrorsBeforeFlagErrors(t *testing.T) {
	fsys := project(map[string]string{
		"r/.git/HEAD":       "",
		"r/.archie.hcl":     "rule \"memory-cap\" {\n  kind = \"function\"\n  condition = self.memroy <= 3008\n}\n",
		"r/x/main.arch.hcl": twoComponents,
	})
	r := lintProject(t, fsys, Options{Flags: Flags{Only: []string{"memory-cap"}}}, "r/x")
	assertDiag(t, r.Errors, "3:19", `did you mean "memory"`)
}
