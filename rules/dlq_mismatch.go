package rules

import (
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type dlqMismatch struct{}

func (dlqMismatch) Meta() lint.Meta {
	return lint.Meta{
		ID:       "dlq-mismatch",
		Severity: lint.Error,
		Title:    "A dead-letter queue must be of a type its source accepts, and keep messages longer",
		Why: `SQS only redrives to a dead-letter queue of the same type: a FIFO queue needs
a FIFO dead-letter queue and a standard queue a standard one; anything else is
rejected when the redrive policy is set. The same holds for an SNS
subscription's dead-letter queue (FIFO topic subscriptions use FIFO queues,
standard topic subscriptions standard queues), while EventBridge, for a rule
target or a schedule, accepts only standard queues as dead-letter queues.

Retention matters too. A message moved from a standard queue to its
dead-letter queue keeps its original enqueue time, so it expires from the
dead-letter queue when the dead-letter queue's retention, counted from when
it was first sent, runs out: with equal retentions a message that failed late
is deleted almost as soon as it lands. AWS advises a dead-letter queue
retention longer than the source's.

It is an error when the types do not match, and a warning when the
dead-letter queue of a standard queue keeps messages no longer than the
queue itself (unless both are at the 14-day maximum). A FIFO dead-letter
queue restarts the clock when a message moves, so its retention is not
compared.

When neither queue sets its retention (both keep the default 4 days), the
rule is silent: a message usually fails its few receives within minutes of
being sent and keeps almost all of its 4 days in the dead-letter queue, and
a finding on every pair of defaults would drown the others.`,
		Source: "Amazon SQS Developer Guide: dead-letter queues (the DLQ type must match the source queue type; DLQ retention, enqueue timestamp kept for standard queues and reset for FIFO queues; retention up to 14 days); Amazon SNS Developer Guide: dead-letter queues (FIFO topic subscriptions use FIFO queues); Amazon EventBridge User Guide: event retry policy and dead-letter queues (standard SQS queues only). Checked 2026-11.",
		Ignore: "The type mismatch never: AWS rejects it. The retention warning when failed messages are drained by an automated redrive well within the retention.",
		Failing: `queue "payments" {
  fifo        = true
  dead_letter = queue.payments_dlq
}

queue "payments_dlq" {
  retention = "14d"
}

function "settle" {
  trigger {
    source = queue.payments
  }
}`,
		Fixed: `queue "payments" {
  fifo        = true
  dead_letter = queue.payments_dlq
}

queue "payments_dlq" {
  fifo      = true
  retention = "14d"
}

function "settle" {
  trigger {
    source = queue.payments
  }
}`,
		SeeAlso: []string{"missing-dlq", "poison-message"},
	}
}

// maxQueueRetention is the longest SQS keeps a message (SQS quotas, 14
// days; checked 2026-11).
const maxQueueRetention = 14 * 24 * time.Hour

func (dlqMismatch) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind == schema.KindQueue {
			checkQueueDLQ(p, c)
		}
		for _, t := range c.Triggers {
			dlq := refComponent(t.Refs(schema.AttrDeadLetter))
			if dlq == nil {
				continue
			}
			rng := t.AttrRange(schema.AttrDeadLetter)
			switch {
			case t.Source != nil && t.Source.Kind == schema.KindTopic:
				if topicFIFO := t.Source.Bool(schema.AttrFifo); topicFIFO != dlq.Bool(schema.AttrFifo) {
					p.Report(c, rng,
						"the subscription of %s to %s (%s topic) has dead_letter %s, a %s queue: SNS subscriptions of a %s topic take %s dead-letter queues; use a %s queue",
						c.Address(), t.SourceName, queueType(topicFIFO), dlq.Address(), queueType(dlq.Bool(schema.AttrFifo)), queueType(topicFIFO), queueType(topicFIFO), queueType(topicFIFO))
				}
			case t.Source != nil && t.Source.Kind == schema.KindBus, t.Source == nil && t.SourceName == "schedule":
				if dlq.Bool(schema.AttrFifo) {
					what := "the rule target " + c.Address() + " on " + t.SourceName
					if t.Source == nil {
						what = "the schedule of " + c.Address()
					}
					p.Report(c, rng,
						"%s has dead_letter %s, a FIFO queue: EventBridge only delivers failed events to standard queues; use a standard queue",
						what, dlq.Address())
				}
			}
		}
	}
	return nil
}

func checkQueueDLQ(p *lint.Pass, q *schema.Component) {
	dlq := refComponent(q.Refs(schema.AttrDeadLetter))
	if dlq == nil {
		return
	}
	rng := q.AttrRange(schema.AttrDeadLetter)
	fifo := q.Bool(schema.AttrFifo)
	if fifo != dlq.Bool(schema.AttrFifo) {
		p.Report(q, rng,
			"%s is a %s queue but its dead_letter %s is a %s queue: SQS only redrives to a dead-letter queue of the same type and rejects this one; make %s a %s queue",
			q.Address(), queueType(fifo), dlq.Address(), queueType(dlq.Bool(schema.AttrFifo)), dlq.Address(), queueType(fifo))
		return
	}
	if fifo {
		return
	}
	src, _ := q.Dur(schema.AttrRetention)
	kept, _ := dlq.Dur(schema.AttrRetention)
	if kept > src || kept >= maxQueueRetention || !q.IsSet(schema.AttrRetention) && !dlq.IsSet(schema.AttrRetention) {
		return
	}
	p.ReportAt(lint.Warning, q, rng,
		"dead_letter %s keeps messages %s, no longer than %s (%s): a message keeps its first enqueue time when it moves, so one that failed late is deleted from the dead-letter queue soon after it lands; give %s a longer retention (up to 14d)",
		dlq.Address(), fmtDur(kept), q.Address(), fmtDur(src), dlq.Address())
}

func refComponent(refs []schema.Ref) *schema.Component {
	if len(refs) != 1 {
		return nil
	}
	return refs[0].Component
}

func queueType(fifo bool) string {
	if fifo {
		return "FIFO"
	}
	return "standard"
}
