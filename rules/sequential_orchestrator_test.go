package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestSequentialOrchestratorMeta(t *testing.T) { assertMetaExamples(t, sequentialOrchestrator{}) }

func TestSequentialOrchestrator(t *testing.T) {
	cases := map[string]string{
		"function calling two functions": `
function "sign_up" {
  calls = [function.create, function.welcome] # want "sequential-orchestrator"
}
function "create" {}
function "welcome" {}
`,
		"one compute call and an external": `
function "quote" {
  calls = [function.price, external.partner]
}
function "price" {}
external "partner" {}
`,
		"calls to apis and externals are not counted": `
function "aggregate" {
  calls = [api.internal, external.a, external.b]
}
api "internal" {}
external "a" {}
external "b" {}
`,
		"container calling a function and an express state machine": `
container "web" {
  calls = [ # want "sequential-orchestrator"
    function.auth,
    state_machine.checkout,
  ]
}
function "auth" {}
state_machine "checkout" {
  type = "express"
}
`,
		"state machines are the fix": `
state_machine "onboard" {
  type  = "express"
  calls = [function.a, function.b, function.c]
}
function "a" {}
function "b" {}
function "c" {}
`,
		"emits are not waiting": `
function "fan_out" {
  emits = [function.a, function.b]
}
function "a" {}
function "b" {}
`,
		"self call counts as a step": `
function "walk" {
  calls = [function.walk, function.visit] # want "sequential-orchestrator"
}
function "visit" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, sequentialOrchestrator{}) })
	}
}

func TestSequentialOrchestratorMessage(t *testing.T) {
	src := `
-- accounts.arch.hcl --
service "accounts" {
  function "sign_up" {
    calls = [function.store, function.verify, external.crm] # want "sequential-orchestrator"
  }
}
-- steps.arch.hcl --
service "mail" {
  function "verify" {}
}
service "data" {
  function "store" {}
  external "crm" {}
}
`
	f := onlyFinding(t, src, sequentialOrchestrator{})
	want := "function.sign_up waits synchronously on 2 compute components (function.store and function.verify): it is billed while each of them runs and must recover from a failure halfway by itself; let a state machine sequence them, or chain them through events"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != "[function.store, function.verify, external.crm]" || f.Component != "function.sign_up" {
		t.Errorf("range covers %q, component %s", got, f.Component)
	}
}
