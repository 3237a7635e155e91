package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type unconsumedChannel struct{}

func (unconsumedChannel) Meta() lint.Meta {
	return lint.Meta{
		ID:       "unconsumed-channel",
		Severity: lint.Warning,
		Title:    "Every queue, topic, stream, bus and firehose needs someone feeding it and someone consuming it",
		Why: `A channel that nothing reads loses what is sent to it, quietly and late: SQS
deletes a message when its retention ends (4 days by default, 14 at most),
SNS discards a message published to a topic with no subscription,
EventBridge drops an event that no rule matches, and a Kinesis record
expires after the stream's retention (24 hours by default). The producer
sees every send succeed. A channel that nothing feeds is the other half of
the same mistake: its consumers never run, or the producer lives outside
the model and the diagram, the simulation and the other rules cannot see
the load it brings.

The rule fires on a queue, topic, stream or bus with no trigger from it
(nothing consumes it), or with no emits, trigger, on_failure or dead_letter
into it (nothing feeds it); when both are missing one finding says so. A
trigger into a channel feeds it: a table writing into a stream, a bucket
or another bus sending events to a bus, a schedule putting events on a
bus. A
channel named as a dead_letter or on_failure destination is exempt from
both: it is drained by hand or by a redrive, and fed only when something
fails. A channel that is the entry of a workload counts as fed, by the
traffic the workload describes.

A firehose is consumed by the destinations it delivers to: the rule fires
on one with no writes and no calls (Amazon Data Firehose has no delivery
stream without a destination, so the architecture leaves out where its
records go), and on one that nothing emits to or triggers. A function
triggered by a firehose transforms its records and is not a destination.`,
		Source: "Amazon SQS Developer Guide: message retention (default 4 days, 60 s to 14 days); Amazon SNS: messages published to a topic without subscriptions are not delivered; Amazon EventBridge: events that match no rule are discarded; Amazon Kinesis Data Streams: data retention (24 h default). Checked 2026-11.",
		Ignore: "When the other side lives outside the architecture (another account subscribes to the topic, AWS services publish to the default bus): suppress with a reason naming it.",
		Failing: `function "place_order" {
  memory  = 512
  timeout = "10s"
  emits   = [topic.order_placed]
}

topic "order_placed" {}`,
		Fixed: `function "place_order" {
  memory  = 512
  timeout = "10s"
  emits   = [topic.order_placed]
}

topic "order_placed" {}

function "send_receipt" {
  memory     = 256
  timeout    = "10s"
  idempotent = true
  on_failure = queue.receipts_failed
  trigger {
    source = topic.order_placed
  }
}

queue "receipts_failed" {
  retention = "14d"
}`,
		SeeAlso: []string{"missing-dlq", "pattern-mismatch"},
		Imported: `A channel that nothing in the imported templates or .tf files feeds is
reported as an info, not a warning: producers are often outside them
(another stack, an application, a client sending to the queue URL). An
edge the importer inferred from a permission or an environment variable
counts as feeding the channel. A channel that is fed but has no consumer is
a warning as usual.

Silent on a channel with links the importer could not follow (a
nested-stack output, Fn::ImportValue, an SSM parameter).`,
	}
}

func (unconsumedChannel) Check(p *lint.Pass) error {
	entries := map[*schema.Component]bool{}
	for _, w := range p.Arch.Workloads {
		if w.Entry != nil {
			entries[w.Entry] = true
		}
	}
	for _, c := range p.Arch.Components {
		if !c.Kind.IsChannel() {
			continue
		}
		var feeders []string
		failureTarget := false
		for _, e := range c.In {
			switch e.Relation {
			case schema.RelOnFailure, schema.RelDeadLetter:
				failureTarget = true
			case schema.RelEmits, schema.RelTrigger:
				// c.In is sorted by source, so a repeated feeder is adjacent.
				if a := e.From.Address(); len(feeders) == 0 || feeders[len(feeders)-1] != a {
					feeders = append(feeders, a)
				}
			}
		}
		for _, t := range c.Triggers {
			if t.Source == nil { // a schedule putting events on a bus
				feeders = appendUnique(feeders, `"`+t.SourceName+`"`)
			}
		}
		if failureTarget || len(c.Unknown) > 0 {
			continue
		}
		fed := len(feeders) > 0 || entries[c]
		if c.Kind == schema.KindFirehose {
			reportFirehose(p, c, feeders, fed)
			continue
		}
		consumers := consumers(c)
		switch {
		case !fed && p.Arch.Imported:
			// What feeds a channel is often outside the imported
			// sources: another stack, an application, a client.
			what := "nor consumed"
			if len(consumers) > 0 {
				what = "but consumed by " + addressesUpTo(consumers, 5)
			}
			p.ReportAt(lint.Info, c, c.DeclRange,
				"%s is not fed by anything in the imported sources %s: archie cannot tell whether another stack or an application sends to it; if nothing does, remove it",
				c.Address(), what)
		case !fed && len(consumers) == 0:
			p.Report(c, c.DeclRange,
				"%s is neither fed nor consumed: nothing emits to it or triggers it, and nothing has a trigger on it; wire a producer and a consumer, or remove it",
				c.Address())
		case len(consumers) == 0:
			from := "the workload's traffic"
			if len(feeders) > 0 {
				from = namesUpTo(feeders, 5)
			}
			p.Report(c, c.DeclRange,
				"%s is fed by %s but nothing consumes it: %s; add a trigger { source = %s } to the component that should process it",
				c.Address(), from, lostHow(c), c.Address())
		case !fed:
			p.Report(c, c.DeclRange,
				"%s is consumed by %s but nothing feeds it: no component emits to it or triggers it, so %s never runs; add emits = [%s] to its producer",
				c.Address(), addressesUpTo(consumers, 5), addressesUpTo(consumers, 5), c.Address())
		}
	}
	return nil
}

// lostHow says what happens to what is sent to an unconsumed channel.
func lostHow(c *schema.Component) string {
	switch c.Kind {
	case schema.KindQueue:
		retention, _ := c.Dur(schema.AttrRetention)
		return "its messages wait until the retention (" + schema.FormatDuration(retention) + ") ends and are deleted"
	case schema.KindTopic:
		return "SNS discards a message published to a topic without subscriptions"
	case schema.KindStream:
		retention, _ := c.Dur(schema.AttrRetention)
		return "its records expire after the retention (" + schema.FormatDuration(retention) + ")"
	}
	return "EventBridge drops an event that no rule matches"
}

// reportFirehose checks a delivery stream: what consumes it is the
// destination it delivers to (writes, calls), not a trigger from it (a
// function triggered by a firehose transforms its records and hands them
// back). A Firehose stream is created with its destination
// (docs.aws.amazon.com/firehose/latest/dev/create-destination.html, read
// 2026-12-02), so a firehose with none is one whose destination the
// architecture does not say.
func reportFirehose(p *lint.Pass, c *schema.Component, feeders []string, fed bool) {
	var dests []*schema.Component
	for _, e := range c.Out {
		if e.Relation == schema.RelWrites || e.Relation == schema.RelCalls {
			dests = append(dests, e.To)
		}
	}
	switch {
	case !fed && p.Arch.Imported:
		what := "nor delivers anywhere"
		if len(dests) > 0 {
			what = "but delivers to " + addressesUpTo(dests, 5)
		}
		p.ReportAt(lint.Info, c, c.DeclRange,
			"%s is not fed by anything in the imported sources %s: archie cannot tell whether another stack or an application sends to it; if nothing does, remove it",
			c.Address(), what)
	case !fed && len(dests) == 0:
		p.Report(c, c.DeclRange,
			"%s is neither fed nor delivers anywhere: nothing emits to it or triggers it, and it has no writes or calls; wire a producer and its destination, or remove it",
			c.Address())
	case len(dests) == 0:
		from := "the workload's traffic"
		if len(feeders) > 0 {
			from = namesUpTo(feeders, 5)
		}
		p.Report(c, c.DeclRange,
			"%s is fed by %s but delivers nowhere: it has no writes or calls, so where its records go is missing from the architecture; name the bucket or database it delivers to in writes, or the endpoint in calls",
			c.Address(), from)
	case !fed:
		p.Report(c, c.DeclRange,
			"%s delivers to %s but nothing feeds it: no component emits to it or triggers it; add emits = [%s] to its producer, or a trigger for the stream, topic, bus or api that feeds it",
			c.Address(), addressesUpTo(dests, 5), c.Address())
	}
}
