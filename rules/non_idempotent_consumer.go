package rules

import (
	"strconv"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type nonIdempotentConsumer struct{}

func (nonIdempotentConsumer) Meta() lint.Meta {
	return lint.Meta{
		ID:       "non-idempotent-consumer",
		Severity: lint.Warning,
		Title:    "Work delivered at least once must be safe to do twice",
		Why: `Event source mappings (SQS, Kinesis, DynamoDB streams), SNS, EventBridge, S3
notifications and Lambda's own asynchronous invocation all deliver at least
once: the same message or event can arrive twice, even when nothing failed,
and every retry after a timeout repeats work that may already have been
done. A consumer that charges a card, sends an email or increments a counter
on each delivery then does it twice. The serverless patterns catalog lists
duplication and idempotency among the considerations of publish/subscribe.

The rule fires on compute fed by a queue, stream, table stream, topic, bus or
bucket trigger, by another component's emits (an asynchronous invoke), by an
on_failure destination, or by an asynchronous named source such as
"schedule", unless it declares idempotent = true: the declaration that its
handler deduplicates (an idempotency key, a conditional write, an upsert).
Starting a standard state machine through emits is not counted: Step
Functions runs a standard execution exactly once per name.`,
		Source: "AWS Lambda Developer Guide: event source mappings and asynchronous invocation (events may be delivered more than once); Amazon SNS and Amazon EventBridge delivery (at least once); AWS Step Functions: standard workflows run exactly once; serverless patterns catalog (seed 002): publish/subscribe considerations.",
		Ignore: "When doing the work twice is harmless by nature (recomputing a cache entry, overwriting a file with the same content): then declare idempotent = true rather than suppressing.",
		Failing: `topic "order_placed" {}

function "send_receipt" {
  timeout = "10s"
  trigger {
    source = topic.order_placed
  }
}`,
		Fixed: `topic "order_placed" {}

function "send_receipt" {
  timeout    = "10s"
  idempotent = true # keyed on the order id
  trigger {
    source = topic.order_placed
  }
}`,
		SeeAlso: []string{"missing-dlq", "visibility-timeout", "partial-batch"},
		Options: []lint.Option{{Name: "on_imports", Default: 0, Min: 0, Doc: "1 to check architectures imported with --from too; off by default, since a template cannot declare a handler idempotent"}},
		Imported: `Off on architectures imported with --from unless the option on_imports is
1: idempotency is a property of the handler's code, which no SAM,
CloudFormation, Terraform or serverless.yml property can state, so on an
import the rule would fire on every queue, stream, topic and asynchronous
consumer and could only be silenced one by one. Turn it on in .archie.hcl
(rule "non-idempotent-consumer" { on_imports = 1 }) to review the consumers,
and suppress those that are safe with an archie-ignore comment or Metadata
in the template.`,
	}
}

func (nonIdempotentConsumer) Check(p *lint.Pass) error {
	if p.Arch.Imported && p.Option("on_imports") == 0 {
		return nil // a template cannot say idempotent = true: opt in
	}
	for _, c := range p.Arch.Components {
		if !c.Kind.IsCompute() || c.Bool(schema.AttrIdempotent) {
			continue
		}
		var sources []string
		seen := map[string]bool{}
		add := func(s string) {
			if !seen[s] {
				seen[s] = true
				sources = append(sources, s)
			}
		}
		for _, e := range c.In {
			if atLeastOnce(e) {
				add(describeSource(e))
			}
		}
		for _, t := range c.Triggers {
			if t.Source == nil && t.Mode == schema.ModeAsync {
				add(strconv.Quote(t.SourceName))
			}
		}
		if len(sources) == 0 {
			continue
		}
		p.Report(c, c.DeclRange,
			"%s is fed by %s, delivered at least once, but is not idempotent = true: a duplicate delivery does the work twice (a second charge, a second email); make the handler safe to repeat and declare it",
			c.Address(), joinAnd(sources))
	}
	return nil
}

// atLeastOnce reports whether edge e delivers work to its target at least
// once: any trigger that is not synchronous, an emits (asynchronous
// invoke, except a standard state machine's start), or an on_failure
// destination.
func atLeastOnce(e *schema.Edge) bool {
	switch e.Relation {
	case schema.RelTrigger:
		return e.Mode != schema.ModeSync
	case schema.RelEmits:
		return !isStandardStateMachine(e.To)
	case schema.RelOnFailure:
		return true
	}
	return false
}

func describeSource(e *schema.Edge) string {
	switch e.Relation {
	case schema.RelEmits:
		return "emits from " + e.From.Address()
	case schema.RelOnFailure:
		return "the on_failure of " + e.From.Address()
	}
	return e.From.Address()
}
