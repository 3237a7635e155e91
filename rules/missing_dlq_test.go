package rules

import (
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestMissingDLQ(t *testing.T) {
	cases := map[string]string{
		"consumed queue without dead_letter": `
queue "orders" { # want "missing-dlq"
}
function "fulfil" {
  idempotent = true
  trigger { source = queue.orders }
}
`,
		"consumed queue with dead_letter": `
queue "orders" {
  dead_letter = queue.orders_dlq
}
queue "orders_dlq" {}
function "fulfil" {
  trigger { source = queue.orders }
}
`,
		"queue nobody consumes is not this rule's business": `
queue "outbox" {}
function "writer" {
  emits = [queue.outbox]
}
`,
		"queue fed by a topic and consumed by a function": `
topic "placed" {}
queue "fulfil" { # want "missing-dlq"
  trigger { source = topic.placed }
}
function "fulfil" {
  trigger { source = queue.fulfil }
}
`,
		"queue consumed by a container": `
queue "jobs" { # want "missing-dlq"
}
container "worker" {
  trigger { source = queue.jobs }
}
`,
		"async invoked by topic, bucket, bus and schedule": `
topic "t" {}
bucket "b" {}
bus "e" {}
function "a" { # want "missing-dlq"
  trigger { source = topic.t }
}
function "b" { # want "missing-dlq"
  trigger { source = bucket.b }
}
function "c" { # want "missing-dlq"
  trigger { source = bus.e }
}
function "d" { # want "missing-dlq"
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
}
function "e" { # want "missing-dlq"
  trigger { source = "ses" }
}
`,
		"bus targeted by a rule of another bus and by a schedule without dead_letter": `
bus "default" {}
bus "domain" { # want "missing-dlq"
  trigger { source = bus.default }
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
}
function "h" {
  on_failure = queue.failed
  trigger { source = bus.domain }
}
queue "failed" {}
`,
		"bus targets with dead letters, a bucket's events and a table's stream": `
bus "default" {}
bucket "b" {}
bus "domain" {
  trigger { source = bucket.b }
  trigger {
    source      = bus.default
    dead_letter = queue.failed
  }
  trigger {
    source      = "schedule"
    schedule    = "rate(1 hour)"
    dead_letter = queue.failed
  }
}
database "d" {}
stream "s" {
  trigger { source = database.d }
}
queue "failed" {}
`,
		"async invoke through emits": `
function "caller" {
  emits = [function.callee]
}
function "callee" { # want "missing-dlq"
}
`,
		"on_failure covers every async source": `
topic "t" {}
queue "failed" {}
function "caller" {
  emits = [function.callee]
}
function "callee" {
  on_failure = queue.failed
  trigger { source = topic.t }
}
`,
		"trigger dead_letter covers its own source only": `
topic "t" {}
bus "e" {}
queue "dlq" {}
function "covered" {
  trigger {
    source      = topic.t
    dead_letter = queue.dlq
  }
}
function "half" { # want "missing-dlq"
  trigger {
    source      = topic.t
    dead_letter = queue.dlq
  }
  trigger { source = bus.e }
}
function "scheduled" {
  trigger {
    source      = "schedule"
    schedule    = "cron(0 12 * * ? *)"
    dead_letter = queue.dlq
  }
}
`,
		"sync sources need no destination": `
api "a" {}
function "f" {
  trigger { source = api.a }
  trigger { source = "cognito" }
}
function "g" {
  calls = [function.f]
}
`,
		"stream trigger without on_failure": `
stream "clicks" {}
database "orders" { stream = true }
queue "failed" {}
function "reader" {
  trigger { # want "missing-dlq"
    source      = stream.clicks
    max_retries = 3
  }
  trigger {
    source     = database.orders
    on_failure = queue.failed
  }
}
function "projector" {
  trigger { # want "missing-dlq"
    source         = database.orders
    max_record_age = "1h"
  }
}
`,
		"stream trigger with no failure handling at all is poison-message's": `
stream "clicks" {}
function "reader" {
  trigger { source = stream.clicks }
}
`,
		"state machines started by emits, a container fed by a topic": `
function "ingest" {
  on_failure = queue.ingest_failed
  emits      = [state_machine.transcode, state_machine.thumbs]
  trigger { source = "iot" }
}
queue "ingest_failed" {}
state_machine "transcode" {
  calls = [function.split]
}
state_machine "thumbs" {
  type = "express"
}
function "split" {}
topic "jobs" {}
container "encoder" { # want "missing-dlq"
  trigger { source = topic.jobs }
}
`,
		"state machine started by an api's StartExecution": `
api "public" {}
state_machine "flow" {
  trigger {
    source     = api.public
    route      = "POST /flows"
    invocation = "async"
  }
}
`,
		"a function invoked asynchronously by an api": `
api "public" {}
function "hook" { # want "missing-dlq"
  trigger {
    source     = api.public
    route      = "POST /hooks"
    invocation = "async"
  }
}
`,
		"pipes from a stream and a table into a bus": `
stream "clicks" {}
database "orders" { stream = true }
queue "failed" {}
bus "e" {
  trigger { # want "missing-dlq"
    source      = stream.clicks
    max_retries = 3
  }
  trigger {
    source      = database.orders
    max_retries = 3
    on_failure  = queue.failed
  }
}
`,
		"a pipe from a queue into a bus: the queue's own dead-letter queue": `
queue "orders" { # want "missing-dlq"
  trigger { source = "iot" }
}
queue "payments" {
  dead_letter = queue.payments_failed
}
queue "payments_failed" {}
bus "e" {
  trigger { source = queue.orders }
  trigger { source = queue.payments }
}
`,
		"state machine started by a bus": `
bus "e" {}
state_machine "flow" { # want "missing-dlq"
  trigger { source = bus.e }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, missingDLQ{}) })
	}
}

func TestMissingDLQMessage(t *testing.T) {
	fs := linttest.Run(t, `
topic "t" {}
function "caller" {
  emits = [function.f]
}
function "f" { # want "missing-dlq"
  trigger { source = topic.t }
}
`, missingDLQ{})
	want := "function.f is invoked asynchronously by function.caller and topic.t with no on_failure destination or dead_letter: after 2 retries a failed event is discarded"
	if len(fs) != 1 || fs[0].Message != want || fs[0].Component != "function.f" {
		t.Fatalf("got %+v\nwant message %q", fs, want)
	}
	if r := fs[0].Range; r.Start.Line != 6 || r.Start.Column != 1 || r.End.Line != 6 {
		t.Errorf("range %s", r)
	}
}

func TestMissingDLQMessageNotAFunction(t *testing.T) {
	fs := linttest.Run(t, `
topic "jobs" {}
container "encoder" { # want "missing-dlq"
  trigger { source = topic.jobs }
}
`, missingDLQ{})
	want := "container.encoder is invoked asynchronously by topic.jobs with no on_failure destination or dead_letter: the event is dropped when its source's delivery retries run out"
	if len(fs) != 1 || fs[0].Message != want {
		t.Fatalf("got %+v\nwant message %q", fs, want)
	}
}

// TestMissingDLQDeliveryTargets: queues, topics and externals that an
// EventBridge rule or an SNS subscription delivers to are checked for a
// dead-letter queue like a function target; a managed target is a
// warning, an endpoint outside AWS an error, and a queue lacking both its
// own and its subscription's dead-letter queue is one finding.
func TestMissingDLQDeliveryTargets(t *testing.T) {
	fs := linttest.Run(t, `
bus "orders" {}
topic "alerts" { # want "missing-dlq"
  trigger {
    source  = bus.orders
    pattern = { source = ["shop"] }
  }
}
queue "dlq" {}
queue "audit" { # want "missing-dlq"
  dead_letter = queue.dlq
  trigger { source = bus.orders }
}
queue "covered" {
  dead_letter = queue.dlq
  trigger {
    source      = bus.orders
    dead_letter = queue.dlq
  }
  trigger {
    source      = topic.alerts
    dead_letter = queue.dlq
  }
}
queue "both" { # want "missing-dlq"
  trigger { source = topic.alerts }
}
external "pager" { # want "missing-dlq"
  trigger { source = topic.alerts }
}
function "f" {
  idempotent = true
  trigger { source = queue.audit }
}
function "g" {
  trigger { source = queue.covered }
}
function "h" {
  trigger { source = queue.both }
}
`, missingDLQ{})
	got := map[string]lint.Finding{}
	for _, f := range fs {
		got[f.Component] = f
	}
	want := map[string]struct {
		sev lint.Severity
		msg string
	}{
		"topic.alerts":   {lint.Warning, "topic.alerts is the target of a rule on bus.orders with no dead_letter: an event EventBridge fails to deliver to it is dropped when the target's retries run out"},
		"queue.audit":    {lint.Warning, "queue.audit is the target of a rule on bus.orders with no dead_letter"},
		"external.pager": {lint.Error, "external.pager is fed by its subscription to topic.alerts with no dead_letter on the subscription: a message SNS fails to deliver is dropped"},
		"queue.both":     {lint.Error, "queue.both is consumed by function.h but has no dead_letter queue: a message that keeps failing is redelivered until retention (4d) ends, then lost; and its subscription to topic.alerts has no dead_letter"},
	}
	for addr, w := range want {
		f, ok := got[addr]
		if !ok {
			t.Errorf("no finding on %s", addr)
			continue
		}
		if f.Severity != w.sev || !strings.HasPrefix(f.Message, w.msg) {
			t.Errorf("%s: %s %q\nwant %s %q...", addr, f.Severity, f.Message, w.sev, w.msg)
		}
	}
}

// TestMissingDLQFirehose: a firehose that an EventBridge rule targets or
// an SNS subscription feeds is a managed target like a queue (a warning
// without a dead_letter); one that reads a Kinesis data stream has no
// on_failure to set and is not reported.
func TestMissingDLQFirehose(t *testing.T) {
	fs := linttest.Run(t, `
bus "orders" {}
topic "alerts" {}
stream "clicks" {}
bucket "lake" {}
queue "dlq" {}
firehose "from_rule" { # want "missing-dlq"
  writes = [bucket.lake]
  trigger { source = bus.orders }
}
firehose "from_subscription" { # want "missing-dlq"
  writes = [bucket.lake]
  trigger { source = topic.alerts }
}
firehose "covered" {
  writes = [bucket.lake]
  trigger {
    source      = bus.orders
    dead_letter = queue.dlq
  }
  trigger {
    source      = topic.alerts
    dead_letter = queue.dlq
  }
}
firehose "from_stream" {
  writes = [bucket.lake]
  trigger { source = stream.clicks }
}
`, missingDLQ{})
	want := map[string]string{
		"firehose.from_rule":         "firehose.from_rule is the target of a rule on bus.orders with no dead_letter",
		"firehose.from_subscription": "firehose.from_subscription is fed by its subscription to topic.alerts with no dead_letter on the subscription",
	}
	for _, f := range fs {
		if f.Severity != lint.Warning || !strings.HasPrefix(f.Message, want[f.Component]) {
			t.Errorf("%s: %s %q, want a warning %q...", f.Component, f.Severity, f.Message, want[f.Component])
		}
	}
}
