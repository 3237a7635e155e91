package rules

import (
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestSyncChain(t *testing.T) {
	cases := map[string]string{
		"a firehose behind an api answers once it has the records: its transformation is not awaited": `
api "public" {}
api "ingest" { public = false }
function "front" {
  calls = [api.ingest]
  trigger { source = api.public }
}
firehose "clicks" {
  trigger { source = api.ingest }
  writes = [bucket.lake]
}
bucket "lake" {}
function "transform" {
  calls = [function.lookup]
  trigger { source = firehose.clicks }
}
function "lookup" {}
`,
		"a firehose's transforming function starts a path of its own": `
firehose "clicks" {
  writes = [bucket.lake]
}
bucket "lake" {}
function "transform" {
  calls = [function.lookup]
  trigger { source = firehose.clicks }
}
function "lookup" {
  calls = [function.geo] # want "sync-chain"
}
function "geo" {}
`,
		"no synchronous cycle through a firehose": `
api "ingest" {}
firehose "clicks" {
  trigger { source = api.ingest }
  writes = [bucket.lake]
}
bucket "lake" {}
function "transform" {
  calls = [api.ingest]
  trigger { source = firehose.clicks }
}
`,
		"two hops is fine": `
api "a" {}
function "f" {
  calls = [function.g]
  trigger { source = api.a }
}
function "g" {}
`,
		"three hops from an api": `
api "a" {}
function "f" {
  calls = [function.g]
  trigger { source = api.a }
}
function "g" {
  calls = [function.h] # want "sync-chain"
}
function "h" {}
`,
		"a chain through an internal api and an express state machine": `
api "public" {}
api "internal" { public = false }
function "front" {
  calls = [api.internal]
  trigger { source = api.public }
}
function "back" {
  calls = [state_machine.express] # want "sync-chain"
  trigger { source = api.internal }
}
state_machine "express" {
  type  = "express"
  calls = [function.step]
}
function "step" {}
`,
		"a standard state machine is started, not waited on": `
api "onboarding" {}
state_machine "verify" {
  calls = [function.check_docs, function.score]
  trigger {
    source = api.onboarding
    route  = "POST /applications"
  }
}
function "check_docs" {
  calls = [function.ocr]
}
function "ocr" {
  calls = [function.classify] # want "sync-chain"
}
function "classify" {}
function "score" {}
`,
		"externals do not count": `
api "a" {}
function "f" {
  calls = [function.g, external.x]
  trigger { source = api.a }
}
function "g" {
  calls = [external.y]
}
external "x" {}
external "y" {}
`,
		"a chain that starts at a queue consumer": `
queue "q" {}
function "consumer" {
  calls = [container.c]
  trigger { source = queue.q }
}
container "c" {
  calls = [function.d] # want "sync-chain"
}
function "d" {}
`,
		"async edges break the chain": `
api "a" {}
function "f" {
  calls = [function.g]
  trigger { source = api.a }
}
function "g" {
  emits = [function.h]
}
function "h" {
  calls = [function.i]
}
function "i" {}
`,
		"a cycle of sync calls": `
function "ping" {
  calls = [function.pong] # want "sync-chain"
}
function "pong" {
  calls = [function.ping]
}
`,
		"a function calling itself": `
function "recurse" {
  calls = [function.recurse] # want "sync-chain"
}
`,
		"two entries sharing a long tail report once": `
api "a" {}
api "b" {}
function "f" {
  calls = [function.g]
  trigger { source = api.a }
  trigger { source = api.b }
}
function "g" {
  calls = [function.h] # want "sync-chain"
}
function "h" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, syncChain{}) })
	}
}

func TestSyncChainMessageAndOption(t *testing.T) {
	src := `
api "public" {}
function "a" {
  calls = [function.b]
  trigger { source = api.public }
}
function "b" {
  calls = [function.c] # want "sync-chain"
}
function "c" {
  calls = [function.d]
}
function "d" {}
`
	fs := linttest.Run(t, src, syncChain{})
	want := "sync chain of 4 compute hops: api.public -> function.a -> function.b -> function.c -> function.d (max 2)"
	if len(fs) != 1 || fs[0].Message != want {
		t.Fatalf("got %+v, want %q", fs, want)
	}
	if r := fs[0].Range; r.Start.Line != 8 || r.Start.Column != 12 || r.End.Column != 22 || fs[0].Component != "function.b" {
		t.Errorf("range %s component %s", r, fs[0].Component)
	}
	cfg := lint.Config{Rules: map[string]lint.RuleConfig{"sync-chain": {Options: map[string]int{"max_hops": 4}}}}
	if fs := linttest.Findings(t, src, cfg, syncChain{}); len(fs) != 0 {
		t.Errorf("max_hops 4: %+v", fs)
	}
	cfg.Rules["sync-chain"] = lint.RuleConfig{Options: map[string]int{"max_hops": 3}}
	if fs := linttest.Findings(t, src, cfg, syncChain{}); len(fs) != 1 || fs[0].Range.Start.Line != 11 {
		t.Errorf("max_hops 3: %+v", fs)
	}
}
