package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestFanOutFailureMeta(t *testing.T) { assertMetaExamples(t, fanOutFailure{}) }

func TestFanOutFailure(t *testing.T) {
	cases := map[string]string{
		"topic workers without dead letters": `
pattern "fan_out_fan_in" "f" {
  source  = topic.t
  workers = [
    function.a, # want "fan-out-failure"
    function.b,
  ]
  store = bucket.out
}
topic "t" {}
queue "dlq" {}
function "a" {
  writes = [bucket.out]
  trigger { source = topic.t }
}
function "b" {
  writes = [bucket.out]
  trigger {
    source      = topic.t
    dead_letter = queue.dlq
  }
}
bucket "out" {}
`,
		"state machine workers started by emits lose nothing": `
pattern "fan_out_fan_in" "render" {
  source    = function.split
  workers   = [state_machine.left, state_machine.right]
  collector = function.stitch # want "fan-out-failure"
}
function "split" {
  emits = [state_machine.left, state_machine.right]
}
state_machine "left" {
  emits = [function.stitch]
}
state_machine "right" {
  emits = [function.stitch]
}
function "stitch" {
}
`,
		"on_failure covers asynchronous invokes": `
pattern "fan_out_fan_in" "f" {
  source  = function.split
  workers = [function.a, function.b]
  store   = bucket.out
}
queue "failed" {}
function "split" {
  emits = [function.a, function.b]
}
function "a" {
  on_failure = queue.failed
}
function "b" {
  on_failure = queue.failed
}
bucket "out" {}
`,
		"emits without on_failure": `
pattern "fan_out_fan_in" "f" {
  source  = function.split
  workers = [function.a] # want "fan-out-failure"
  store   = bucket.out
}
function "split" {
  emits = [function.a]
}
function "a" {}
bucket "out" {}
`,
		"queue-fed workers need the queue's dead letter": `
pattern "fan_out_fan_in" "f" {
  source  = topic.t
  workers = [
    container.a, # want "fan-out-failure"
    container.b,
  ]
  store = bucket.out
}
topic "t" {}
queue "qa" {
  trigger { source = topic.t }
}
queue "qb" {
  dead_letter = queue.qb_dlq
  trigger { source = topic.t }
}
queue "qb_dlq" {}
container "a" {
  trigger { source = queue.qa }
}
container "b" {
  trigger { source = queue.qb }
}
bucket "out" {}
`,
		"on_failure does not cover a queue": `
pattern "fan_out_fan_in" "f" {
  source  = queue.q
  workers = [function.a] # want "fan-out-failure"
  store   = bucket.out
}
queue "q" {}
queue "failed" {}
function "a" {
  on_failure = queue.failed
  trigger { source = queue.q }
}
bucket "out" {}
`,
		"stream workers need the trigger's on_failure": `
pattern "fan_out_fan_in" "f" {
  source  = stream.s
  workers = [
    function.a, # want "fan-out-failure"
    function.b,
  ]
  store = bucket.out
}
stream "s" {}
queue "failed" {}
function "a" {
  trigger { source = stream.s }
}
function "b" {
  trigger {
    source     = stream.s
    on_failure = queue.failed
  }
}
bucket "out" {}
`,
		"state machine map: synchronous steps report to the workflow": `
pattern "fan_out_fan_in" "f" {
  source  = state_machine.split
  workers = [function.a, function.b]
  store   = bucket.out
}
state_machine "split" {
  calls = [function.a, function.b]
}
function "a" {}
function "b" {}
bucket "out" {}
`,
		"named asynchronous sources": `
pattern "fan_out_fan_in" "f" {
  source    = bucket.in
  workers   = [function.a] # want "fan-out-failure"
  collector = function.collect # want "fan-out-failure"
}
bucket "in" {}
function "a" {
  trigger { source = bucket.in }
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
}
function "collect" {
  trigger {
    source   = "schedule"
    schedule = "rate(5 minutes)"
  }
}
`,
		"a worker at Lambda's ceiling": `
pattern "fan_out_fan_in" "f" {
  source  = function.split
  workers = [
    function.transcode, # want "fan-out-failure"
    container.long,
    function.short,
  ]
  store = bucket.out
}
queue "failed" {}
function "split" {
  emits = [function.transcode, function.short]
}
function "transcode" {
  timeout    = "15m"
  on_failure = queue.failed
}
function "short" {
  timeout    = "14m"
  on_failure = queue.failed
}
container "long" {
  timeout = "2h"
}
bucket "out" {}
`,
		"no collector and no store": `
pattern "fan_out_fan_in" "f" { # want "fan-out-failure"
  source  = topic.t
  workers = [function.a]
}
topic "t" {}
queue "dlq" {}
function "a" {
  trigger {
    source      = topic.t
    dead_letter = queue.dlq
  }
}
`,
		"a collector alone is a fan-in": `
pattern "fan_out_fan_in" "f" {
  source    = topic.t
  workers   = [function.a]
  collector = function.c
}
topic "t" {}
queue "dlq" {}
queue "results" {
  dead_letter = queue.dlq
}
function "a" {
  emits = [queue.results]
  trigger {
    source      = topic.t
    dead_letter = queue.dlq
  }
}
function "c" {
  trigger { source = queue.results }
}
`,
		"roles across files": `
-- pattern.arch.hcl --
pattern "fan_out_fan_in" "f" {
  source    = topic.t
  workers   = [function.a] # want "fan-out-failure"
  collector = function.c
}
-- work.arch.hcl --
service "work" {
  topic "t" {}
  function "a" {
    emits = [function.c]
    trigger { source = topic.t }
  }
}
-- collect.arch.hcl --
service "collect" {
  queue "failed" {}
  function "c" {
    on_failure = queue.failed
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, fanOutFailure{}) })
	}
}

func TestFanOutFailureMessages(t *testing.T) {
	src := `
pattern "fan_out_fan_in" "renditions" {
  source  = topic.t
  workers = [function.a] # want "fan-out-failure"
  store   = bucket.out
}
topic "t" {}
bucket "out" {}
function "a" {
  writes = [bucket.out]
  trigger { source = topic.t }
}
`
	f := onlyFinding(t, src, fanOutFailure{})
	want := `function.a, worker of fan_out_fan_in "renditions", loses the work that fails past its retries: topic.t (no on_failure or trigger dead_letter); the job then never completes and nobody knows which part was lost; add on_failure to function.a or a dead-letter queue to its source`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != "function.a" {
		t.Errorf("range covers %q, want the role reference", got)
	}

	src = `
pattern "fan_out_fan_in" "f" { # want "fan-out-failure"
  source  = state_machine.split
  workers = [function.a]
}
state_machine "split" {
  calls = [function.a]
}
function "a" {}
`
	f = onlyFinding(t, src, fanOutFailure{})
	want = `fan_out_fan_in "f" has no collector and no store: nothing gathers the workers' results or notices when all are done; add a store the workers write and a collector that it triggers`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `pattern "fan_out_fan_in" "f"` {
		t.Errorf("range covers %q", got)
	}
	if f.Component != "" {
		t.Errorf("component %q, want none", f.Component)
	}
}
