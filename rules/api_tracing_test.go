package rules

import (
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestAPITracing(t *testing.T) {
	cases := map[string]string{
		"rest and appsync off": `
api "r" {
  type    = "rest"
  tracing = false # want "api-tracing"
}
api "g" {
  type    = "appsync"
  tracing = false # want "api-tracing"
}
`,
		"http cannot be traced, unset is unknown": `
api "h" {
  type    = "http"
  tracing = false
}
api "r" {
  type = "rest"
}
api "t" {
  type    = "rest"
  tracing = true
}
`,
		"a state machine without tracing": `
state_machine "s" { # want "api-tracing"
  emits = [queue.q]
}
queue "q" {}
state_machine "off" {
  tracing = false # want "api-tracing"
}
state_machine "on" {
  tracing = true
}
`,
		"a state machine on a sync path is missing-tracing's": `
state_machine "s" {
  type  = "express"
  calls = [function.step]
}
function "step" {}
`,
		"a state machine behind an api a function calls": `
api "internal" {
  public = false
}
function "client" {
  calls = [api.internal]
}
state_machine "s" {
  type = "express"
  trigger { source = api.internal }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, apiTracing{}) })
	}
}

// api-tracing and missing-tracing never report the same state machine.
func TestAPITracingDoesNotDoubleReport(t *testing.T) {
	src := `
state_machine "a" {
  type  = "express"
  calls = [function.b]
}
function "b" {}
state_machine "c" {}
`
	seen := map[string]string{}
	for _, f := range linttest.Findings(t, src, lint.Config{}, apiTracing{}, missingTracing{}) {
		if f.Component == "state_machine.a" || f.Component == "state_machine.c" {
			if prev, ok := seen[f.Component]; ok {
				t.Errorf("%s reported by %s and %s", f.Component, prev, f.Rule)
			}
			seen[f.Component] = f.Rule
		}
	}
	if seen["state_machine.a"] != "missing-tracing" || seen["state_machine.c"] != "api-tracing" {
		t.Errorf("reported by %v", seen)
	}
}
