package rules

import (
	"fmt"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/textfmt"
)

type missingDLQ struct{}

func (missingDLQ) Meta() lint.Meta {
	return lint.Meta{
		ID:       "missing-dlq",
		Severity: lint.Error,
		Title:    "Work that fails asynchronously must land somewhere you can see it",
		Why: `Three kinds of delivery retry on their own and then give up silently. A queue
redelivers a failing message until its retention runs out, then deletes it.
Lambda retries a failed asynchronous invocation (from a topic, bucket, bus,
schedule or another function's emits) twice by default and keeps the event for
at most six hours, then discards it. A stream mapping retries a failing batch
until its records expire. Without a dead-letter queue or an on_failure
destination the failed work disappears, and nobody can replay it.

The rule fires on a consumed queue without dead_letter; on compute invoked
asynchronously with neither on_failure nor a dead_letter on the triggers that
invoke it; on a stream or table-stream trigger without on_failure (of a
function, or of a bus that an EventBridge pipe feeds, whose DeadLetterConfig
is the trigger's on_failure); and on a
queue, topic, bus, firehose or external that an EventBridge rule or
schedule targets, or that an SNS subscription feeds, without a dead_letter
on that trigger.
EventBridge drops an event it cannot deliver to a target once the target's
retries (up to 185, over 24 hours) run out; SNS drops a message once its
delivery retries run out, and at once for a client-side error such as a
queue policy that denies it. A queue, topic, bus or firehose refuses a
delivery only when it is misconfigured, so those findings are warnings; an external
endpoint (an HTTP subscription, an API destination) fails whenever it is
down, and is an error. A queue lacking both its own dead-letter queue and
its subscription's is one finding. A bucket sending its events to the
default bus, a table writing into a Kinesis stream and a firehose reading
a Kinesis stream have no dead-letter queue or on_failure to set and are
not reported.
Starting a state machine with emits, or from an api's asynchronous
integration, does not count: StartExecution returns its errors to the
caller, and a failed execution stays in the workflow's history.

A stream trigger that also retries without bound (no max_retries, no
max_record_age) is left to poison-message, which reports the trigger once
and names every missing piece of failure handling, on_failure included.`,
		Source: "AWS Lambda Developer Guide: asynchronous invocation (retries 0-2, event age up to 6 h) and event source mappings for Kinesis and DynamoDB streams; Amazon SQS Developer Guide: dead-letter queues and message retention; Amazon EventBridge User Guide: event retry policy and dead-letter queues for targets (docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html, read 2026-12-02); Amazon SNS Developer Guide: message delivery retries and dead-letter queues for subscriptions (docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html and sns-dead-letter-queues.html, read 2026-12-02); Amazon Data Firehose Developer Guide: data delivery failure handling (docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry, read 2026-12-02).",
		Ignore: "When losing the work is acceptable by design (best-effort telemetry, a cache warm-up that the next run repeats), say so in a suppression reason.",
		Failing: `function "resize" {
  memory  = 512
  timeout = "30s"
  trigger {
    source = bucket.uploads
  }
}

bucket "uploads" {}`,
		Fixed: `function "resize" {
  memory     = 512
  timeout    = "30s"
  on_failure = queue.resize_failed
  trigger {
    source = bucket.uploads
  }
}

bucket "uploads" {}

queue "resize_failed" {
  retention = "14d"
}`,
		SeeAlso: []string{"dlq-mismatch", "poison-message", "unused-on-failure"},
		Imported: `On a component with links the importer could not follow (an on-failure
destination or dead-letter queue given as a nested-stack output,
Fn::ImportValue or an SSM parameter), the rule does not claim that failure
handling is missing: it reports one info saying archie cannot tell, naming
the first such link. A link that says only what else may feed or consume
the component (a queue whose ARN is exported or written to an SSM
parameter that no imported template reads) cannot hold its failure
handling, and the rule reports as usual there.`,
	}
}

func (missingDLQ) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if u, ok := unknownConfig(c); ok {
			// Its failure handling may be among the links the importer
			// could not follow: say so once, at info, instead.
			if lacksFailureHandling(c) {
				p.ReportAt(lint.Info, c, c.DeclRange,
					"archie cannot tell whether %s has failure handling: %s (%s:%d), which the importer could not follow; check its dead-letter queue or on_failure destination by hand",
					c.Address(), lowerFirst(u.What), u.Range.Filename, u.Range.Start.Line)
			}
			continue
		}
		switch {
		case c.Kind == schema.KindQueue && c.IsConsumed() && !c.IsSet(schema.AttrDeadLetter):
			retention, _ := c.Dur(schema.AttrRetention)
			msg := fmt.Sprintf("%s is consumed by %s but has no dead_letter queue: a message that keeps failing is redelivered until retention (%s) ends, then lost",
				c.Address(), lint.Addresses(consumers(c)), schema.FormatDuration(retention))
			if d := undeliverable(c); len(d) > 0 {
				// One finding for the queue: both ends lack a dead-letter queue.
				msg += "; and " + deliveryGap(d, false)
			}
			p.Report(c, c.DeclRange, "%s", msg)
		case !c.Kind.IsCompute():
			reportStreamFailures(p, c)
			if d := undeliverable(c); len(d) > 0 {
				// A managed target (a queue, topic or bus) refuses a
				// delivery only when it is misconfigured; an endpoint
				// outside AWS fails whenever it is down.
				if c.Kind == schema.KindExternal {
					p.Report(c, c.DeclRange, "%s is %s", c.Address(), deliveryGap(d, true))
				} else {
					p.ReportAt(lint.Warning, c, c.DeclRange, "%s is %s", c.Address(), deliveryGap(d, true))
				}
			}
		case c.Kind.IsCompute():
			checkAsyncFailures(p, c)
			reportStreamFailures(p, c)
		}
	}
	return nil
}

// reportStreamFailures reports the stream triggers of c without on_failure:
// a function's event source mappings, and the EventBridge pipes that read a
// stream or a table's stream into a bus, whose DeadLetterConfig is the
// trigger's on_failure.
func reportStreamFailures(p *lint.Pass, c *schema.Component) {
	for _, t := range c.Triggers {
		if lacksStreamFailure(c, t) {
			p.Report(c, t.DeclRange,
				"%s reads %s with no on_failure destination: records of a batch that keeps failing are dropped without a trace when they expire",
				c.Address(), t.SourceName)
		}
	}
}

// lacksStreamFailure reports a stream trigger of c whose failed batches
// have nowhere to go. A firehose reading a Kinesis data stream has no
// on_failure to set: it reads the stream itself, retries delivery and
// writes what it cannot deliver to its backup bucket
// (docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html#retry, read
// 2026-12-02).
func lacksStreamFailure(c *schema.Component, t *schema.Trigger) bool {
	return t.Mode == schema.ModeStream && c.Kind != schema.KindFirehose && !t.IsSet(schema.AttrOnFailure) && !unboundedStream(t)
}

// checkAsyncFailures reports compute invoked asynchronously whose failed
// invocations have nowhere to go.
func checkAsyncFailures(p *lint.Pass, c *schema.Component) {
	uncovered := uncoveredAsync(c)
	if len(uncovered) == 0 {
		return
	}
	outcome := "the event is dropped when its source's delivery retries run out"
	if c.Kind == schema.KindFunction {
		retries, _ := c.Num(schema.AttrRetries)
		outcome = fmt.Sprintf("after %g retries a failed event is discarded", retries)
	}
	p.Report(c, c.DeclRange,
		"%s is invoked asynchronously by %s with no on_failure destination or dead_letter: %s",
		c.Address(), joinAnd(uncovered), outcome)
}

// unknownConfig returns the first link of c the importer could not follow
// that may hold its own configuration; links that say only what else may
// feed or consume it (Peers) cannot hold its failure handling.
func unknownConfig(c *schema.Component) (schema.UnknownLink, bool) {
	for _, u := range c.Unknown {
		if !u.Peers {
			return u, true
		}
	}
	return schema.UnknownLink{}, false
}

// lacksFailureHandling reports whether the rule would report c.
func lacksFailureHandling(c *schema.Component) bool {
	for _, t := range c.Triggers {
		if lacksStreamFailure(c, t) {
			return true
		}
	}
	if !c.Kind.IsCompute() {
		return c.Kind == schema.KindQueue && c.IsConsumed() && !c.IsSet(schema.AttrDeadLetter) ||
			len(undeliverable(c)) > 0
	}
	return len(uncoveredAsync(c)) > 0
}

// uncoveredAsync names the asynchronous sources of c whose failed events
// have nowhere to go.
func uncoveredAsync(c *schema.Component) []string {
	if c.IsSet(schema.AttrOnFailure) {
		return nil
	}
	var uncovered []string
	for _, e := range c.AsyncInvocations() {
		if e.Trigger != nil && e.Trigger.IsSet(schema.AttrDeadLetter) || startsExecution(e) {
			continue
		}
		uncovered = appendUnique(uncovered, e.From.Address())
	}
	for _, t := range c.Triggers {
		if t.Source == nil && t.Mode == schema.ModeAsync && !t.IsSet(schema.AttrDeadLetter) {
			uncovered = appendUnique(uncovered, `"`+t.SourceName+`"`)
		}
	}
	return uncovered
}

// delivery is a trigger of a non-compute component (a queue, topic, bus,
// firehose or external) through which a managed service delivers to it and drops
// what it cannot deliver: an EventBridge rule or schedule target, or an
// SNS subscription.
type delivery struct {
	what string // `a rule on bus.orders`, `a "schedule"`, `its subscription to topic.alerts`
	sns  bool
}

// undeliverable lists the deliveries into the non-compute component c
// that have no dead_letter. EventBridge retries a target (up to 185 times
// over 24 hours) and then drops the event; SNS retries an SQS or HTTP
// endpoint (SQS for days, HTTP three times by default) and drops the
// message, at once for a client-side error such as a queue policy that
// denies it. A dead-letter queue on the rule target or the subscription
// keeps what could not be delivered. A bucket's events reach the default
// bus, and a table's item changes its Kinesis stream, with no delivery
// to configure.
func undeliverable(c *schema.Component) []delivery {
	if c.Kind.IsCompute() {
		return nil
	}
	var out []delivery
	for _, t := range c.Triggers {
		if t.IsSet(schema.AttrDeadLetter) {
			continue
		}
		switch {
		case t.Source != nil && t.Source.Kind == schema.KindBus:
			out = append(out, delivery{what: "a rule on " + t.SourceName})
		case t.Source == nil && t.SourceName == "schedule":
			out = append(out, delivery{what: `a "schedule"`})
		case t.Source != nil && t.Source.Kind == schema.KindTopic:
			out = append(out, delivery{what: "its subscription to " + t.SourceName, sns: true})
		}
	}
	return out
}

// deliveryGap says what the deliveries d lack and what happens then; as
// the subject of a sentence about the component ("queue.q is ...") when
// subject, else as a clause of its own.
func deliveryGap(d []delivery, subject bool) string {
	var targets, subs []string
	for _, x := range d {
		if x.sns {
			subs = append(subs, x.what)
		} else {
			targets = append(targets, x.what)
		}
	}
	var parts []string
	if len(targets) > 0 {
		p := "the target of " + joinAnd(targets) + " with no dead_letter: an event EventBridge fails to deliver to it is dropped when the target's retries run out"
		if !subject {
			p = "as the target of " + joinAnd(targets) + " it has no dead_letter: an event EventBridge fails to deliver to it is dropped when the target's retries run out"
		}
		parts = append(parts, p)
	}
	if len(subs) > 0 {
		p := "fed by " + joinAnd(subs) + " with no dead_letter on the subscription: a message SNS fails to deliver is dropped when its delivery retries run out, at once for an error such as an access policy that denies it"
		if !subject {
			p = joinAnd(subs) + " has no dead_letter: a message SNS fails to deliver is dropped when its delivery retries run out, at once for an error such as an access policy that denies it"
		}
		parts = append(parts, p)
	}
	return textfmt.List(parts, "and")
}

// startsExecution reports whether e is an emits, or an api's asynchronous
// integration, that starts a state machine's execution: StartExecution
// answers the caller at once, start errors come back to it, and a failed
// execution stays in the workflow's history; nothing is retried and
// discarded as with Lambda's asynchronous invocations.
func startsExecution(e *schema.Edge) bool {
	if e.To.Kind != schema.KindStateMachine {
		return false
	}
	return e.Relation == schema.RelEmits || e.Relation == schema.RelTrigger && e.From.Kind == schema.KindAPI
}

func consumers(c *schema.Component) []*schema.Component {
	var out []*schema.Component
	for _, e := range c.Out {
		if e.Relation == schema.RelTrigger {
			out = append(out, e.To)
		}
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func joinAnd(words []string) string { return textfmt.List(words, "and") }

// unboundedStream reports whether a stream trigger retries a failing batch
// until its records expire: poison-message reports it, naming the missing
// on_failure destination too.
func unboundedStream(t *schema.Trigger) bool {
	retries, _ := t.Num(schema.AttrMaxRetries)
	return t.Source != nil && retries < 0 && !t.IsSet(schema.AttrMaxRecordAge)
}

// lowerFirst puts a sentence in the middle of another: "The on-failure
// destination ..." becomes "the on-failure destination ...".
func lowerFirst(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
