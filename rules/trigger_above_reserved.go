package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type triggerAboveReserved struct{}

func (triggerAboveReserved) Meta() lint.Meta {
	return lint.Meta{
		ID:       "trigger-above-reserved",
		Severity: lint.Warning,
		Title:    "A queue trigger must not invoke more often at once than the function may run",
		Why: `An SQS event source mapping's maximum concurrency caps how many invocations
the poller makes at once; a function's reserved concurrency caps how many
instances of it may run. When the poller may invoke more than the function
may run, the extra invocations are throttled: the messages return to the
queue after their visibility timeout, count a receive each time, and good
messages end up in the dead-letter queue for nothing but throttling. AWS
advises keeping the mapping's maximum concurrency at or below the function's
reserved concurrency.

The rule fires on a queue trigger whose max_concurrency is above the
function's concurrency, and, when each trigger fits on its own, at the
function's concurrency when the max_concurrency of its queue triggers adds
up to more than it.`,
		Source: "AWS Lambda Developer Guide: configuring maximum concurrency for Amazon SQS event sources (keep it at or below the function's reserved concurrency; throttled messages return to the queue). Checked 2026-11.",
		Ignore: "When the queue's max_receive_count is high and its consumer idempotent, so throttled messages are only delayed; lowering max_concurrency is still the cleaner fix.",
		Failing: `queue "jobs" {}

function "run_job" {
  timeout     = "20s"
  concurrency = 10
  trigger {
    source          = queue.jobs
    max_concurrency = 50
  }
}`,
		Fixed: `queue "jobs" {}

function "run_job" {
  timeout     = "20s"
  concurrency = 10
  trigger {
    source          = queue.jobs
    max_concurrency = 10
  }
}`,
		SeeAlso: []string{"concurrency-budget", "unbounded-concurrency", "visibility-timeout"},
	}
}

func (triggerAboveReserved) Check(p *lint.Pass) {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction || !c.IsSet(schema.AttrConcurrency) {
			continue
		}
		reserved, _ := c.Num(schema.AttrConcurrency)
		var capped []*schema.Component
		sum := 0.0
		above := false
		for _, t := range c.Triggers {
			if t.Mode != schema.ModePoll || !t.IsSet(schema.AttrMaxConcurrency) {
				continue
			}
			m, _ := t.Num(schema.AttrMaxConcurrency)
			sum += m
			if t.Source != nil {
				capped = append(capped, t.Source)
			}
			if m > reserved {
				above = true
				p.Report(c, t.AttrRange(schema.AttrMaxConcurrency),
					"the trigger of %s from %s allows max_concurrency %g, above the function's reserved concurrency %g: invocations past %g are throttled and their messages go back to the queue, towards the dead-letter queue; set max_concurrency to %g at most",
					c.Address(), t.SourceName, m, reserved, reserved, reserved)
			}
		}
		if !above && sum > reserved {
			p.Report(c, c.AttrRange(schema.AttrConcurrency),
				"the queue triggers of %s (%s) allow %g concurrent invocations together, above its reserved concurrency %g: invocations past %g are throttled and their messages go back to the queue; make their max_concurrency add up to %g at most",
				c.Address(), lint.Addresses(capped), sum, reserved, reserved, reserved)
		}
	}
}
