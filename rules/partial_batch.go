package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type partialBatch struct{}

func (partialBatch) Meta() lint.Meta {
	return lint.Meta{
		ID:       "partial-batch",
		Severity: lint.Warning,
		Title:    "A batch consumer should report which items failed",
		Why: `Lambda hands a queue or stream consumer a batch (10 messages by default for
SQS, 100 records for Kinesis and DynamoDB streams). If the function fails on
one item and returns an error, the whole batch counts as failed: every
message of an SQS batch becomes visible again and is processed a second
time, pushing the good ones towards max_receive_count and the dead-letter
queue; a stream batch is retried from its start, and the shard waits. With
partial batch responses (ReportBatchItemFailures) the function returns the
identifiers of the failed items, and only those are retried.

The rule fires on a queue or stream trigger whose batch_size (the default
included) is above 1 and that does not set partial_batch_response = true.
An Amazon MQ broker (a queue with broker set) and a DocumentDB change
stream offer no partial batch responses, so triggers from them are not
checked, nor is a bus that an EventBridge pipe feeds from a queue or a
stream: the bus runs no handler that could report failed items. Nor is a
trigger with invocation = "async" (a pipe's FIRE_AND_FORGET): the pipe
does not wait for its target, so no failed item is reported back.`,
		Source: "AWS Lambda Developer Guide: using Lambda with Amazon SQS (batch size default 10; implementing partial batch responses) and with Kinesis and DynamoDB streams (batch size default 100; reporting batch item failures). Checked 2026-11.",
		Ignore: "When the handler processes a batch as a unit (one transaction for all its items) so that partial success cannot happen, or with batch_size = 1.",
		Failing: `queue "emails" {}

function "send_email" {
  timeout    = "10s"
  idempotent = true
  trigger {
    source = queue.emails
  }
}`,
		Fixed: `queue "emails" {}

function "send_email" {
  timeout    = "10s"
  idempotent = true
  trigger {
    source                 = queue.emails
    partial_batch_response = true
  }
}`,
		SeeAlso: []string{"poison-message", "visibility-timeout", "non-idempotent-consumer"},
	}
}

func (partialBatch) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		for _, t := range c.Triggers {
			if t.Mode != schema.ModePoll && t.Mode != schema.ModeStream || lacksBatchControls(t.Source) || c.Kind == schema.KindBus {
				// A bus fed by an EventBridge pipe runs no handler that
				// could report failed items.
				continue
			}
			size, _ := t.Num(schema.AttrBatchSize)
			if size <= 1 || t.Bool(schema.AttrPartialBatchResponse) || t.Str(schema.AttrInvocation) == "async" {
				// A pipe that does not wait for its target (FIRE_AND_FORGET)
				// hears of no failed item.
				continue
			}
			consequence := "every message of the batch becomes visible again and is processed twice, and good ones drift towards the dead-letter queue"
			if t.Mode == schema.ModeStream {
				consequence = "the whole batch is retried from its start while the shard waits"
			}
			p.Report(c, t.DeclRange,
				"%s reads %s in batches of up to %g without partial_batch_response: when one item fails, %s; report failed items with partial_batch_response = true",
				c.Address(), t.SourceName, size, consequence)
		}
	}
	return nil
}

// lacksBatchControls reports a source whose event source mapping has no
// partial batch response and no retry, bisect or on-failure settings: an
// Amazon MQ broker, a DocumentDB change stream. Sources: docs.aws.amazon.com/
// lambda/latest/dg/with-mq.html and with-documentdb.html, checked 2026-12.
func lacksBatchControls(src *schema.Component) bool {
	return src != nil && (src.IsSet(schema.AttrBroker) || src.Kind == schema.KindDatabase && src.Str(schema.AttrEngine) == "documentdb")
}
