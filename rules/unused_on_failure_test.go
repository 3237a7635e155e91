package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestUnusedOnFailureMeta(t *testing.T) { assertMetaExamples(t, unusedOnFailure{}) }

func TestUnusedOnFailure(t *testing.T) {
	cases := map[string]string{
		"behind an api": `
api "public" {}
queue "failed" {}
function "f" {
  on_failure = queue.failed # want "unused-on-failure"
  trigger { source = api.public }
}
`,
		"fed by a queue": `
queue "jobs" {}
queue "failed" {}
function "f" {
  on_failure = queue.failed # want "unused-on-failure"
  trigger { source = queue.jobs }
}
`,
		"stream trigger has its own on_failure": `
stream "clicks" {}
queue "failed" {}
function "f" {
  on_failure = queue.failed # want "unused-on-failure"
  trigger {
    source     = stream.clicks
    on_failure = queue.failed
  }
}
`,
		"called synchronously by another function": `
queue "failed" {}
function "caller" {
  calls = [function.f]
}
function "f" {
  on_failure = queue.failed # want "unused-on-failure"
}
`,
		"nothing invokes it": `
topic "failed" {}
function "orphan" {
  on_failure = topic.failed # want "unused-on-failure"
}
`,
		"sync named source": `
queue "failed" {}
function "pre_signup" {
  on_failure = queue.failed # want "unused-on-failure"
  trigger { source = "cognito" }
}
`,
		"async sources use it": `
topic "t" {}
bucket "b" {}
bus "e" {}
queue "failed" {}
function "by_topic" {
  on_failure = queue.failed
  trigger { source = topic.t }
}
function "by_bucket" {
  on_failure = queue.failed
  trigger { source = bucket.b }
}
function "by_bus" {
  on_failure = queue.failed
  trigger { source = bus.e }
}
function "by_schedule" {
  on_failure = queue.failed
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
}
function "emitter" {
  emits = [function.by_event, state_machine.flow]
}
function "by_event" {
  on_failure = queue.failed
}
state_machine "flow" {
  on_failure = queue.failed
}
`,
		"one async source among sync ones is enough": `
api "public" {}
topic "t" {}
queue "failed" {}
function "f" {
  on_failure = queue.failed
  trigger { source = api.public }
  trigger { source = topic.t }
}
`,
		"no on_failure, nothing to say": `
api "public" {}
function "f" {
  trigger { source = api.public }
}
`,
		"container fed by a queue": `
queue "jobs" {}
queue "failed" {}
container "worker" {
  on_failure = queue.failed # want "unused-on-failure"
  trigger { source = queue.jobs }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, unusedOnFailure{}) })
	}
}

func TestUnusedOnFailureMessages(t *testing.T) {
	src := `
api "public" {}
queue "jobs" {}
stream "clicks" {}
queue "failed" {}
function "f" {
  on_failure = queue.failed # want "unused-on-failure"
  trigger { source = api.public }
  trigger { source = queue.jobs }
  trigger {
    source     = stream.clicks
    on_failure = queue.failed
  }
}
`
	f := onlyFinding(t, src, unusedOnFailure{})
	want := "function.f sends failures to queue.failed, but nothing invokes it asynchronously, so nothing ever arrives there: errors return to its synchronous callers (api.public), failed messages go back to queue.jobs and on to its dead_letter queue and failed batches of stream.clicks go to the trigger's own on_failure; remove on_failure"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != "queue.failed" {
		t.Errorf("range covers %q, want the on_failure value", got)
	}

	orphan := `
topic "failed" {}
function "orphan" {
  on_failure = topic.failed # want "unused-on-failure"
}
`
	f = onlyFinding(t, orphan, unusedOnFailure{})
	want = "function.orphan sends failures to topic.failed, but nothing invokes it asynchronously, so nothing ever arrives there: nothing in the architecture invokes it; remove on_failure or add the asynchronous source"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
}
