package rules

import (
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type visibilityTimeout struct{}

func (visibilityTimeout) Meta() lint.Meta {
	return lint.Meta{
		ID:       "visibility-timeout",
		Severity: lint.Error,
		Title:    "A queue must hide a message for longer than its consumer may work on it",
		Why: `While a consumer works on a message, SQS hides it for the queue's visibility
timeout; when that runs out the message becomes visible again and is handed
to another consumer, so the same message is processed twice at the same
time. Lambda refuses to create an SQS event source mapping at all when the
function's timeout is longer than the queue's visibility timeout. Even when
it is shorter, the poller may retry a throttled batch, and a batching window
delays the start of the work, so AWS recommends a visibility timeout of at
least six times the function's timeout, plus the batching window.

It is an error when the visibility timeout is shorter than the consumer's
timeout, and a warning when it is shorter than 6 x the timeout plus the
trigger's batch_window. The six-fold margin is Lambda advice; a container
polling a queue is only held to its timeout. A standard state machine is
started, not awaited, and is not checked, nor is an Amazon MQ broker (a
queue with broker set), which has no visibility timeout.`,
		Source: "AWS Lambda Developer Guide: using Lambda with Amazon SQS (the visibility timeout must be at least the function timeout; AWS recommends six times the function timeout plus the batching window). Amazon SQS Developer Guide: visibility timeout (default 30 s, up to 12 h). Checked 2026-11.",
		Ignore: "When duplicate processing is harmless and the consumer is idempotent, the warning (not the error) may be accepted for a queue that must redeliver quickly after a crash.",
		Failing: `queue "thumbnails" {
  dead_letter = queue.thumbnails_dlq
}

queue "thumbnails_dlq" {
  retention = "14d"
}

function "make_thumbnail" {
  timeout = "1m"
  trigger {
    source = queue.thumbnails
  }
}`,
		Fixed: `queue "thumbnails" {
  visibility_timeout = "6m" # 6 x the 1m timeout
  dead_letter        = queue.thumbnails_dlq
}

queue "thumbnails_dlq" {
  retention = "14d"
}

function "make_thumbnail" {
  timeout = "1m"
  trigger {
    source = queue.thumbnails
  }
}`,
		SeeAlso: []string{"partial-batch", "non-idempotent-consumer", "missing-dlq"},
	}
}

func (visibilityTimeout) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		timeout, ok := hardTimeout(c)
		if !ok {
			continue
		}
		for _, t := range c.Triggers {
			q := t.Source
			if q == nil || q.Kind != schema.KindQueue || q.IsSet(schema.AttrBroker) {
				continue // an Amazon MQ broker has no visibility timeout
			}
			if t.Str(schema.AttrInvocation) == "async" {
				continue // the messages are deleted once the target accepts them (a pipe's FIRE_AND_FORGET)
			}
			vis, _ := q.Dur(schema.AttrVisibilityTimeout)
			rng := q.AttrRange(schema.AttrVisibilityTimeout)
			if vis < timeout {
				// Lambda validates an event source mapping against the
				// queue; a pipe or a container's poller does not.
				rejects := ""
				if c.Kind == schema.KindFunction {
					rejects = "Lambda rejects the mapping, and "
				}
				p.Report(q, rng,
					"%s hides a message for %s (visibility_timeout) but its consumer %s may run for %s%s: %sa message still being processed is handed out again; set visibility_timeout to at least %s",
					q.Address(), fmtDur(vis), c.Address(), fmtDur(timeout), defaultNote(c), rejects, fmtDur(recommendedVisibility(c, t, timeout)))
				continue
			}
			if c.Kind != schema.KindFunction {
				continue
			}
			if want := recommendedVisibility(c, t, timeout); vis < want {
				window, _ := t.Dur(schema.AttrBatchWindow)
				p.ReportAt(lint.Warning, q, rng,
					"%s hides a message for %s (visibility_timeout), less than 6 x the %s of its consumer %s plus a %s batch window (%s): a retried batch can reappear while it is still being processed; set visibility_timeout to at least %s",
					q.Address(), fmtDur(vis), theTimeout(c, timeout), c.Address(), fmtDur(window), fmtDur(want), fmtDur(want))
			}
		}
	}
	return nil
}

// recommendedVisibility is AWS's advice for a function consuming a queue:
// six times its timeout plus the batching window. A container needs only
// its timeout.
func recommendedVisibility(c *schema.Component, t *schema.Trigger, timeout time.Duration) time.Duration {
	if c.Kind != schema.KindFunction {
		return timeout
	}
	window, _ := t.Dur(schema.AttrBatchWindow)
	return addDur(mulDur(timeout, 6), window)
}
