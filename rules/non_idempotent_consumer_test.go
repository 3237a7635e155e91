package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestNonIdempotentConsumerMeta(t *testing.T) { assertMetaExamples(t, nonIdempotentConsumer{}) }

func TestNonIdempotentConsumer(t *testing.T) {
	cases := map[string]string{
		"queue consumer": `
queue "orders" {}
function "fulfil" { # want "non-idempotent-consumer"
  trigger { source = queue.orders }
}
`,
		"declared idempotent": `
queue "orders" {}
function "fulfil" {
  idempotent = true
  trigger { source = queue.orders }
}
`,
		"idempotent = false is not a declaration": `
queue "orders" {}
function "fulfil" { # want "non-idempotent-consumer"
  idempotent = false
  trigger { source = queue.orders }
}
`,
		"every at-least-once source": `
stream "s" {}
database "d" {
  stream = true
}
topic "t" {}
bus "b" {}
bucket "k" {}
function "from_stream" { # want "non-idempotent-consumer"
  trigger {
    source      = stream.s
    max_retries = 1
  }
}
function "from_table" { # want "non-idempotent-consumer"
  trigger {
    source      = database.d
    max_retries = 1
  }
}
function "from_topic" { # want "non-idempotent-consumer"
  trigger { source = topic.t }
}
function "from_bus" { # want "non-idempotent-consumer"
  trigger { source = bus.b }
}
function "from_bucket" { # want "non-idempotent-consumer"
  trigger { source = bucket.k }
}
`,
		"synchronous sources deliver once": `
api "public" {}
function "handler" {
  trigger { source = api.public }
}
function "pre_token" {
  trigger { source = "cognito" }
}
function "callee" {}
function "caller" {
  calls = [function.callee]
}
`,
		"named asynchronous sources": `
function "nightly" { # want "non-idempotent-consumer"
  trigger {
    source   = "schedule"
    schedule = "cron(0 3 * * ? *)"
  }
}
function "inbound_mail" { # want "non-idempotent-consumer"
  trigger { source = "ses" }
}
`,
		"asynchronous invoke through emits": `
function "caller" {
  emits = [function.callee, state_machine.express, state_machine.standard]
}
function "callee" { # want "non-idempotent-consumer"
}
state_machine "express" { # want "non-idempotent-consumer"
  type = "express"
}
state_machine "standard" {
}
`,
		"standard state machine fed by a bus": `
bus "events" {}
state_machine "onboard" { # want "non-idempotent-consumer"
  trigger { source = bus.events }
}
`,
		"on_failure destination function": `
function "worker" {
  on_failure = function.on_fail
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
  idempotent = true
}
function "on_fail" { # want "non-idempotent-consumer"
}
`,
		"queues and externals are not compute": `
topic "t" {}
queue "fan" {
  trigger { source = topic.t }
}
external "crm" {
  trigger { source = topic.t }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, nonIdempotentConsumer{}) })
	}
}

func TestNonIdempotentConsumerMessage(t *testing.T) {
	src := `
-- intake.arch.hcl --
service "intake" {
  queue "orders" {}
  function "router" {
    emits = [function.fulfil]
  }
}
-- fulfil.arch.hcl --
service "fulfilment" {
  function "fulfil" { # want "non-idempotent-consumer"
    trigger { source = queue.orders }
    trigger {
      source   = "schedule"
      schedule = "rate(5 minutes)"
    }
  }
}
`
	f := onlyFinding(t, src, nonIdempotentConsumer{})
	want := `function.fulfil is fed by emits from function.router, queue.orders and "schedule", delivered at least once, but is not idempotent = true: a duplicate delivery does the work twice (a second charge, a second email); make the handler safe to repeat and declare it`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `function "fulfil"` || f.Range.Filename != "fulfil.arch.hcl" {
		t.Errorf("range covers %q in %s", got, f.Range.Filename)
	}
}
