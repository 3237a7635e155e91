package rules

import (
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type poisonMessage struct{}

func (poisonMessage) Meta() lint.Meta {
	return lint.Meta{
		ID:       "poison-message",
		Severity: lint.Error,
		Title:    "One bad record must not be able to stop a stream shard",
		Why: `A Kinesis or DynamoDB stream is read in order, shard by shard. When the
consumer fails on a batch, Lambda retries that batch, and by default
(max_retries -1, no maximum record age) it keeps retrying until the records
expire from the stream: 24 hours for a DynamoDB stream and by default for
Kinesis, up to a year with extended retention. One record that always fails
(a poison message) therefore stops its whole shard: nothing behind it is
processed, the iterator age climbs, and when the record finally expires the
records behind it may expire too.

The rule fires on a stream or table-stream trigger on which nothing bounds
the retries: max_retries is -1 and max_record_age is not set. Either bound
lets the mapping give up on the batch, send it to on_failure and move on.
bisect_on_error alone is not enough: splitting the batch isolates the bad
record (and lets the good ones through), but the splits do not count as
retries, so the lone bad record is still retried until it expires. Set a
bound, and bisect_on_error with it.

When the trigger has no on_failure destination either, the one finding names
every gap (unbounded retries, no on_failure, no bisect_on_error) and
missing-dlq does not report the trigger again. A DocumentDB change stream
has none of these settings, so triggers from one are not checked. An
EventBridge pipe from a stream into a bus (a bus's trigger from a stream or
a table) retries the same way, MaximumRetryAttempts -1 by default, and is
checked too: an event the bus refuses, such as one above its 256 KB limit,
stops the shard.

A pipe that invokes its target asynchronously (invocation = "async", a
pipe's FIRE_AND_FORGET to a function or a state machine) moves on once the
target accepts the batch, so the target's failures never hold the shard.
Only a batch the target refuses is retried: a payload above the 256 KB an
asynchronous Lambda invocation or a StartExecution input takes, which a
DynamoDB item of up to 400 KB can exceed. That trigger is a warning naming
this narrower case.`,
		Source: "AWS Lambda Developer Guide: using Lambda with Kinesis Data Streams and with DynamoDB Streams (error handling: MaximumRetryAttempts default -1, MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, on-failure destinations); Amazon Kinesis Data Streams: data retention 24 h by default, up to 365 days; DynamoDB Streams: records kept 24 h. Checked 2026-11. Amazon EventBridge Pipes: stream source parameters, MaximumRetryAttempts default -1 (docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceKinesisStreamParameters.html, read 2026-12-02); event size up to 256 KB (docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html, read 2026-12-02).",
		Ignore: "When stopping the shard is what you want: strict in-order processing where skipping a record would be worse than waiting for a person to fix it, with an alarm on iterator age.",
		Failing: `stream "clicks" {
  shards = 2
}

function "sessionize" {
  timeout    = "30s"
  on_failure = queue.failed_clicks
  trigger {
    source     = stream.clicks
    on_failure = queue.failed_clicks
  }
}

queue "failed_clicks" {
  retention = "14d"
}`,
		Fixed: `stream "clicks" {
  shards = 2
}

function "sessionize" {
  timeout    = "30s"
  on_failure = queue.failed_clicks
  trigger {
    source          = stream.clicks
    on_failure      = queue.failed_clicks
    max_retries     = 3
    bisect_on_error = true
  }
}

queue "failed_clicks" {
  retention = "14d"
}`,
		SeeAlso: []string{"missing-dlq", "partial-batch"},
	}
}

// dynamoStreamRetention is how long a DynamoDB stream keeps a record
// (DynamoDB Developer Guide: change data capture, 24 hours; checked
// 2026-11).
const dynamoStreamRetention = 24 * time.Hour

func (poisonMessage) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		for _, t := range c.Triggers {
			if t.Mode != schema.ModeStream || t.Source == nil || lacksBatchControls(t.Source) {
				continue
			}
			retries, _ := t.Num(schema.AttrMaxRetries)
			if retries >= 0 || t.IsSet(schema.AttrMaxRecordAge) {
				continue
			}
			retention := dynamoStreamRetention
			if t.Source.Kind == schema.KindStream {
				retention, _ = t.Source.Dur(schema.AttrRetention)
			}
			if t.Str(schema.AttrInvocation) == "async" {
				// FIRE_AND_FORGET: the target's failures do not come back
				// to the pipe; only a batch it refuses is retried. Payload
				// limits: 256 KB for an asynchronous Lambda invocation
				// (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)
				// and a StartExecution input
				// (docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html),
				// read 2026-12-03.
				p.ReportAt(lint.Warning, c, t.DeclRange,
					"%s reads %s through a pipe that does not wait for it (invocation async) with unbounded retries (max_retries -1, no max_record_age): its failures do not hold the shard, but a record it refuses (a payload over 256 KB) is retried until it expires after %s, and everything behind it waits; set max_retries or max_record_age",
					c.Address(), t.SourceName, fmtDur(retention))
				continue
			}
			advice := "set max_retries or max_record_age so the batch goes to on_failure, and bisect_on_error to isolate the bad record"
			if t.Bool(schema.AttrBisectOnError) {
				advice = "bisect_on_error isolates the bad record but its splits are not retries, so it is still retried; set max_retries or max_record_age"
			}
			if !t.IsSet(schema.AttrOnFailure) {
				// One root cause, one finding: no failure handling at all
				// is reported here, naming every gap (missing-dlq stays
				// silent on this trigger).
				gaps := "unbounded retries (max_retries -1, no max_record_age), no on_failure destination"
				fix := "set max_retries or max_record_age, an on_failure destination to keep what fails"
				if !t.Bool(schema.AttrBisectOnError) {
					gaps += " and no bisect_on_error"
					fix += ", and bisect_on_error to isolate the bad record"
				}
				p.Report(c, t.DeclRange,
					"%s reads %s with no failure handling: %s; a record that always fails blocks its shard until it expires after %s, everything behind it waits, and the record is then dropped without a trace; %s",
					c.Address(), t.SourceName, gaps, fmtDur(retention), fix)
				continue
			}
			p.Report(c, t.DeclRange,
				"%s reads %s with unbounded retries (max_retries -1, no max_record_age): a record that always fails blocks its shard until it expires after %s, and everything behind it waits; %s",
				c.Address(), t.SourceName, fmtDur(retention), advice)
		}
	}
	return nil
}
