package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

// day is a fixed clock for eol-runtime.
func day(s string) func() time.Time {
	return func() time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return d.Add(15 * time.Hour)
	}
}

func TestEOLRuntime(t *testing.T) {
	r := eolRuntime{now: day("2026-12-02")}
	cases := map[string]string{
		"updates blocked": `
function "a" {
  runtime = "python3.8" # want "eol-runtime"
}
`,
		"deprecated, no block date known": `
function "a" {
  runtime = "nodejs20.x" # want "eol-runtime"
}
`,
		"deprecation within 180 days": `
function "a" {
  runtime = "nodejs22.x" # want "eol-runtime"
}
`,
		"supported for years": `
function "a" {
  runtime = "python3.13"
}
`,
		"a runtime the table does not list": `
function "a" {
  runtime = "provided.custom"
}
`,
		"no runtime": `
function "a" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, r) })
	}
}

func TestEOLRuntimeSeverities(t *testing.T) {
	cases := []struct {
		runtime, today string
		sev            lint.Severity
		msg            string // "" for no finding
	}{
		{"python3.8", "2026-12-02", lint.Error, "since 2025-03-31 Lambda blocks creating and updating functions on it"},
		{"python3.8", "2025-03-30", lint.Error, "since 2025-02-28 Lambda blocks creating functions on it, so the template no longer deploys to a new account, region or stage, and updates stop on 2025-03-31"},
		{"python3.8", "2024-10-14", lint.Warning, "deprecated on 2024-10-14: it gets no security patches"},
		{"python3.8", "2024-10-13", lint.Info, "which Lambda deprecates on 2024-10-14, in 1 days"},
		{"python3.8", "2024-04-17", lint.Info, "in 180 days"},
		{"python3.8", "2024-04-16", 0, ""},
		{"nodejs22.x", "2026-12-02", lint.Info, "which Lambda deprecates on 2027-04-30, in 149 days"},
	}
	for _, c := range cases {
		src := "function \"a\" {\n  runtime = \"" + c.runtime + "\"\n}\n"
		fs := linttest.Findings(t, src, lint.Config{}, eolRuntime{now: day(c.today)})
		if c.msg == "" {
			if len(fs) != 0 {
				t.Errorf("%s on %s: %+v", c.runtime, c.today, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Severity != c.sev || !strings.Contains(fs[0].Message, c.msg) {
			t.Errorf("%s on %s: got %+v, want a %s saying %q", c.runtime, c.today, fs, c.sev, c.msg)
			continue
		}
		if got := sourceAt(t, src, fs[0]); got != `"`+c.runtime+`"` {
			t.Errorf("range covers %q", got)
		}
	}
}

func TestEOLRuntimeAsOf(t *testing.T) {
	src := "function \"a\" {\n  runtime = \"nodejs22.x\"\n}\n"
	cfg := lint.Config{Rules: map[string]lint.RuleConfig{"eol-runtime": {Options: map[string]int{"as_of": 20270430}}}}
	fs := linttest.Findings(t, src, cfg, eolRuntime{now: day("2020-01-01")})
	if len(fs) != 1 || fs[0].Severity != lint.Warning {
		t.Errorf("as_of 20270430: %+v", fs)
	}
	cfg.Rules["eol-runtime"] = lint.RuleConfig{Options: map[string]int{"as_of": 20271345}}
	fs = linttest.Findings(t, src, cfg, eolRuntime{})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "as_of = 20271345 is not a date") {
		t.Errorf("bad as_of: %+v", fs)
	}
}

func TestRuntimeLifecycleTable(t *testing.T) {
	for rt, l := range runtimeLifecycle {
		var prev string
		for _, d := range []string{l.deprecated, l.blockCreate, l.blockUpdate} {
			if d == "" {
				continue
			}
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				t.Errorf("%s: %v", rt, err)
			}
			if prev != "" && d < prev && rt != "nodejs4.3-edge" && rt != "dotnetcore1.0" {
				t.Errorf("%s: dates out of order: %+v", rt, l)
			}
			prev = d
		}
		if l.deprecated == "" || (l.blockCreate == "") != (l.blockUpdate == "") {
			t.Errorf("%s: incomplete row %+v", rt, l)
		}
	}
}
