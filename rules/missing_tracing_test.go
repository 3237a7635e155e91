package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestMissingTracingMeta(t *testing.T) { assertMetaExamples(t, missingTracing{}) }

func TestMissingTracing(t *testing.T) {
	cases := map[string]string{
		"two functions, neither traced": `
function "a" { # want "missing-tracing"
  calls = [function.b]
}
function "b" { # want "missing-tracing"
}
`,
		"only the untraced one is reported": `
function "a" {
  tracing = true
  calls   = [function.b]
}
function "b" { # want "missing-tracing"
}
`,
		"one compute hop is not a multi-hop path": `
api "public" {}
function "a" {
  calls = [external.e]
  trigger { source = api.public }
}
external "e" {}
`,
		"asynchronous edges do not make a path": `
function "a" {
  emits = [function.b, queue.q]
}
function "b" {}
queue "q" {}
function "c" {
  trigger { source = queue.q }
}
`,
		"through an internal api": `
api "internal" {
  public = false
}
function "client" { # want "missing-tracing"
  calls = [api.internal]
}
function "backend" { # want "missing-tracing"
  trigger { source = api.internal }
}
`,
		"an api routing to two functions does not join them": `
api "public" {}
function "a" {
  trigger { source = api.public }
}
function "b" {
  trigger { source = api.public }
}
`,
		"state machine steps": `
state_machine "flow" { # want "missing-tracing"
  type  = "express"
  calls = [function.step, container.task]
}
function "step" { # want "missing-tracing"
}
container "task" { # want "missing-tracing"
}
`,
		"a self-call alone is one component": `
function "recurse" {
  calls = [function.recurse]
}
`,
		"a cycle of two": `
function "ping" { # want "missing-tracing"
  calls = [function.pong]
}
function "pong" { # want "missing-tracing"
  calls = [function.ping]
}
`,
		"a function calling its own internal api is alone": `
api "self" {
  public = false
}
function "f" {
  calls = [api.self]
  trigger { source = api.self }
}
`,
		"across files and services": `
-- a.arch.hcl --
service "front" {
  function "checkout" {
    tracing = true
    calls   = [function.price]
  }
}
-- b.arch.hcl --
service "pricing" {
  function "price" { # want "missing-tracing"
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, missingTracing{}) })
	}
}

func TestMissingTracingMessages(t *testing.T) {
	src := `
api "internal" {
  public = false
}
function "a" {
  tracing = true
  calls   = [api.internal]
}
function "b" { # want "missing-tracing"
  calls = [function.c]
  trigger { source = api.internal }
}
function "c" {
  tracing = true
}
`
	f := onlyFinding(t, src, missingTracing{})
	want := "function.b has no tracing but is on a synchronous path with other compute (function.a -> api.internal -> function.b -> function.c): a slow or failed request cannot be followed across the hops; set tracing = true"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `function "b"` {
		t.Errorf("range covers %q", got)
	}
}
