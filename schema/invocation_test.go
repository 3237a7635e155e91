package schema_test

import (
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
)

// TestAPIInvocation: an api trigger with invocation = "async" is an
// asynchronous edge, "stream" and the default stay synchronous, and a
// durable function's emits do not count as asynchronous invocations of
// their targets.
func TestAPIInvocation(t *testing.T) {
	a := mustParse(t, `
api "public" {}
function "hook" {
  trigger {
    source     = api.public
    route      = "POST /hook"
    invocation = "async"
  }
}
function "report" {
  trigger {
    source     = api.public
    route      = "GET /report"
    invocation = "stream"
  }
}
function "plain" {
  trigger {
    source = api.public
    route  = "GET /plain"
  }
}
function "saga" {
  durable = true
  emits   = [function.charge]
}
function "charge" {}
`)
	want := map[string]schema.Mode{"function.hook": schema.ModeAsync, "function.report": schema.ModeSync, "function.plain": schema.ModeSync}
	for _, e := range a.Component("api.public").Out {
		if e.Mode != want[e.To.Address()] {
			t.Errorf("%s: mode %s, want %s", e.To.Address(), e.Mode, want[e.To.Address()])
		}
	}
	if !a.Component("function.hook").InvokedAsync() {
		t.Error("function.hook is invoked asynchronously")
	}
	if a.Component("function.charge").InvokedAsync() {
		t.Error("a durable function's invocations are not asynchronous events")
	}
	_, diags := parse(t, "api \"a\" {}\nfunction \"f\" {\n  trigger {\n    source     = api.a\n    invocation = \"event\"\n  }\n}\n")
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "invocation") {
		t.Errorf("an unknown invocation is an error: %v", diags)
	}
}
