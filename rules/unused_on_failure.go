package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type unusedOnFailure struct{}

func (unusedOnFailure) Meta() lint.Meta {
	return lint.Meta{
		ID:       "unused-on-failure",
		Severity: lint.Warning,
		Title:    "on_failure on compute that is never invoked asynchronously does nothing",
		Why: `A function's on_failure destination receives only failed asynchronous
invocations (Event invokes, and deliveries from SNS, S3, EventBridge and
other asynchronous sources). A function behind an api or called by another
function returns its error to the caller; a function fed by an SQS queue
fails back to the queue, whose redrive policy moves the message to the
queue's dead-letter queue; a Kinesis or DynamoDB stream mapping has an
on_failure destination of its own, on the trigger. So on_failure on a
function that nothing invokes asynchronously is never used, and the team
believes failures are captured when they are not.

The rule fires on compute whose on_failure is set while nothing invokes it
asynchronously (no emits into it, no trigger from a topic, bucket, bus or
asynchronous named source such as "schedule"). The message says where
failures of its actual sources go instead.`,
		Source: "AWS Lambda Developer Guide: asynchronous invocation destinations (on-failure destinations for asynchronous invocations), SQS event source mapping (failures return to the queue and its redrive policy), Kinesis and DynamoDB event source mappings (on-failure destination on the mapping). Checked 2026-11.",
		Ignore: "When the function is also invoked asynchronously from outside the architecture (another account, a console test event): model that source as a trigger instead.",
		Failing: `queue "orders" {
  dead_letter = queue.orders_dlq
}

queue "orders_dlq" {}

queue "failed_orders" {}

function "fulfil" {
  memory     = 512
  timeout    = "10s"
  idempotent = true
  on_failure = queue.failed_orders
  trigger {
    source = queue.orders
  }
}`,
		Fixed: `queue "orders" {
  dead_letter = queue.orders_dlq
}

queue "orders_dlq" {}

function "fulfil" {
  memory     = 512
  timeout    = "10s"
  idempotent = true
  trigger {
    source = queue.orders
  }
}`,
		SeeAlso: []string{"missing-dlq"},
		Imported: `Silent on a component with links the importer could not follow (a
nested-stack output, Fn::ImportValue, an SSM parameter): what invokes it
may be among them. Silent too on a function that nothing in the imported
templates invokes at all: it is invoked from outside them (a client, a
script, another application), possibly asynchronously, which a template
cannot say; the rule still fires when the function's only invocations in
the templates are synchronous, polled or streamed.`,
	}
}

func (unusedOnFailure) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if !c.Kind.IsCompute() || !c.IsSet(schema.AttrOnFailure) || c.InvokedAsync() || len(c.Unknown) > 0 {
			continue
		}
		if p.Arch.Imported && !invokedAtAll(c) {
			// Invoked only from outside the templates, in a way no
			// template says (an Event invoke from a client or script).
			continue
		}
		target := "its on_failure destination"
		if refs := c.Refs(schema.AttrOnFailure); len(refs) == 1 {
			target = refs[0].Address()
		}
		p.Report(c, c.AttrRange(schema.AttrOnFailure),
			"%s sends failures to %s, but nothing invokes it asynchronously, so nothing ever arrives there: %s",
			c.Address(), target, whereFailuresGo(c))
	}
	return nil
}

// invokedAtAll reports whether anything in the architecture invokes c:
// an edge that delivers to it or a trigger of a named source.
func invokedAtAll(c *schema.Component) bool {
	for _, e := range c.In {
		if e.IsDelivery() {
			return true
		}
	}
	for _, t := range c.Triggers {
		if t.Source == nil {
			return true
		}
	}
	return false
}

// whereFailuresGo describes where c's failures actually go, by the kinds
// of invocation it has.
func whereFailuresGo(c *schema.Component) string {
	var sync, polled, streamed []string
	for _, e := range c.In {
		if !e.IsDelivery() {
			continue
		}
		switch e.Mode {
		case schema.ModeSync:
			sync = appendUnique(sync, e.From.Address())
		case schema.ModePoll:
			polled = appendUnique(polled, e.From.Address())
		case schema.ModeStream:
			streamed = appendUnique(streamed, e.From.Address())
		}
	}
	for _, t := range c.Triggers {
		if t.Source == nil && t.Mode == schema.ModeSync {
			sync = appendUnique(sync, `"`+t.SourceName+`"`)
		}
	}
	var parts []string
	if len(sync) > 0 {
		parts = append(parts, "errors return to its synchronous callers ("+joinAnd(sync)+")")
	}
	if len(polled) > 0 {
		parts = append(parts, "failed messages go back to "+joinAnd(polled)+" and on to its dead_letter queue")
	}
	if len(streamed) > 0 {
		parts = append(parts, "failed batches of "+joinAnd(streamed)+" go to the trigger's own on_failure")
	}
	if len(parts) == 0 {
		return "nothing in the architecture invokes it; remove on_failure or add the asynchronous source"
	}
	return joinAnd(parts) + "; remove on_failure"
}
