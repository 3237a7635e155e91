package ir

import (
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// TestFinishDurable: a durable function's calls to functions and state
// machines become emits, its calls to an api stay calls, and a function
// that is not durable keeps its calls.
func TestFinishDurable(t *testing.T) {
	fn := &Component{Kind: schema.KindFunction, Name: "saga"}
	plain := &Component{Kind: schema.KindFunction, Name: "plain"}
	charge := &Component{Kind: schema.KindFunction, Name: "charge"}
	flow := &Component{Kind: schema.KindStateMachine, Name: "flow"}
	api := &Component{Kind: schema.KindAPI, Name: "partner"}
	for _, c := range []*Component{fn, plain} {
		c.AddDep("calls", charge, hcl.Range{}, schema.SourcePermission, "")
		c.AddDep("calls", flow, hcl.Range{}, schema.SourcePermission, "")
		c.AddDep("calls", api, hcl.Range{}, schema.SourceEnvironment, "")
	}
	fn.MarkDurable(hcl.Range{}, "1d")
	fn.FinishDurable()
	plain.FinishDurable()
	got := func(c *Component) string {
		var out []string
		for _, d := range c.Deps {
			out = append(out, d.Rel+" "+d.To.Name)
		}
		return strings.Join(out, ", ")
	}
	if g := got(fn); g != "emits charge, emits flow, calls partner" {
		t.Errorf("durable: %s", g)
	}
	if g := got(plain); g != "calls charge, calls flow, calls partner" {
		t.Errorf("not durable: %s", g)
	}
	if a := fn.Get("durable"); a == nil || a.Value != true {
		t.Errorf("durable attribute: %v", a)
	}
	if len(fn.Notes) != 1 || !strings.Contains(fn.Notes[0], "1d") {
		t.Errorf("notes: %q", fn.Notes)
	}
}

// TestPreferDeclared: a call inferred from a permission gives way to the
// emit a definition declares to the same target, not to another target's.
func TestPreferDeclared(t *testing.T) {
	sm := &Component{Kind: schema.KindStateMachine, Name: "flow"}
	a := &Component{Kind: schema.KindFunction, Name: "a"}
	b := &Component{Kind: schema.KindFunction, Name: "b"}
	sm.AddDep("calls", a, hcl.Range{}, schema.SourcePermission, "")
	sm.AddDep("calls", b, hcl.Range{}, schema.SourcePermission, "")
	sm.AddDep("emits", a, hcl.Range{}, schema.SourceDefinition, "")
	sm.PreferDeclared()
	if len(sm.Deps) != 2 || sm.HasDep("calls", a) || !sm.HasDep("calls", b) || !sm.HasDep("emits", a) {
		for _, d := range sm.Deps {
			t.Logf("%s %s", d.Rel, d.To.Name)
		}
		t.Error("want calls b and emits a")
	}
}

// TestAuthorizerTrigger: one trigger from the api, with the cache time,
// once however many routes share the authorizer; a function that already
// serves a route of the api keeps that trigger.
func TestAuthorizerTrigger(t *testing.T) {
	api := &Component{Kind: schema.KindAPI, Name: "orders"}
	auth := &Component{Kind: schema.KindFunction, Name: "auth"}
	AuthorizerTrigger(api, auth, "token", hcl.Range{}, 300, true)
	AuthorizerTrigger(api, auth, "token", hcl.Range{}, 300, true)
	if len(auth.Triggers) != 1 || len(auth.Triggers[0].Notes) != 1 || !strings.Contains(auth.Triggers[0].Notes[0], "cached 5m") {
		t.Fatalf("triggers %d, notes %q", len(auth.Triggers), auth.Triggers[0].Notes)
	}
	if auth.Triggers[0].Get("route") != nil {
		t.Error("an authorizer's trigger has no route")
	}
	both := &Component{Kind: schema.KindFunction, Name: "both"}
	both.AddTrigger(api, "", hcl.Range{}).Set("route", "GET /me", hcl.Range{})
	AuthorizerTrigger(api, both, "req", hcl.Range{}, 0, true)
	if len(both.Triggers) != 1 || !strings.Contains(both.Triggers[0].Notes[0], "not cached") {
		t.Errorf("triggers %d, notes %q", len(both.Triggers), both.Triggers[0].Notes)
	}
}

// TestKafkaRetries: Lambda's 10 retries are written only for a Kafka
// source with an on-failure destination and no retry limit.
func TestKafkaRetries(t *testing.T) {
	dlq := &Component{Kind: schema.KindQueue, Name: "failed"}
	for _, c := range []struct {
		typ       string
		onFailure bool
		retries   any
		want      any
	}{
		{"AWS::MSK::Cluster", true, nil, 10.0},
		{"aws_msk_cluster", true, -1.0, 10.0},
		{"SelfManagedKafka", true, 3.0, 3.0},
		{"AWS::MSK::Cluster", false, nil, nil},
		{"AWS::Kinesis::Stream", true, nil, nil},
	} {
		src := &Component{Kind: schema.KindStream, Name: "s", Type: c.typ}
		fn := &Component{Kind: schema.KindFunction, Name: "f"}
		tr := fn.AddTrigger(src, "", hcl.Range{})
		if c.onFailure {
			tr.Set("on_failure", dlq, hcl.Range{})
		}
		if c.retries != nil {
			tr.Set("max_retries", c.retries, hcl.Range{})
		}
		tr.KafkaRetries()
		var got any
		if a := tr.Get("max_retries"); a != nil {
			got = a.Value
		}
		if got != c.want {
			t.Errorf("%s on_failure %v retries %v: got %v, want %v", c.typ, c.onFailure, c.retries, got, c.want)
		}
	}
}
