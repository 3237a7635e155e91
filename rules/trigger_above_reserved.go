package rules

import (
	"fmt"
	"math"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type triggerAboveReserved struct{}

func (triggerAboveReserved) Meta() lint.Meta {
	return lint.Meta{
		ID:       "trigger-above-reserved",
		Severity: lint.Warning,
		Title:    "A queue or stream trigger must not invoke more often at once than the function may run",
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
up to more than it.

A stream trigger runs one batch per shard at a time, times its
parallelization factor: a stream of 4 shards read with parallelization 5
invokes up to 20 instances at once. When that is above the function's
reserved concurrency, the batches past it are throttled and retried, and
the consumer falls behind the stream. The rule fires on such a trigger when
the stream's shards are known (an on-demand stream has none to count).`,
		Source: "AWS Lambda Developer Guide: configuring maximum concurrency for Amazon SQS event sources (keep it at or below the function's reserved concurrency; throttled messages return to the queue); using Lambda with Kinesis Data Streams (concurrent batches per shard: the parallelization factor, 1 to 10). Checked 2026-12.",
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

func (triggerAboveReserved) Check(p *lint.Pass) error {
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
		for _, t := range c.Triggers {
			if t.Mode != schema.ModeStream || t.Source == nil || t.Source.Kind != schema.KindStream || !t.Source.IsSet(schema.AttrShards) {
				continue
			}
			shards, _ := t.Source.Num(schema.AttrShards)
			par, _ := t.Num(schema.AttrParallelization)
			if shards*par <= reserved {
				continue
			}
			fix := fmt.Sprintf("raise its concurrency to at least %g", shards)
			if best := math.Floor(reserved / shards); best >= 1 {
				fix = fmt.Sprintf("set parallelization to %g at most or raise its concurrency to %g", best, shards*par)
			}
			p.Report(c, t.DeclRange,
				"%s reads %s with up to %g batches at once (%g shards x parallelization %g), above its reserved concurrency %g: the batches past %g are throttled and retried, and %s falls behind the stream; %s",
				c.Address(), t.SourceName, shards*par, shards, par, reserved, reserved, c.Address(), fix)
		}
		if !above && sum > reserved {
			p.Report(c, c.AttrRange(schema.AttrConcurrency),
				"the queue triggers of %s (%s) allow %g concurrent invocations together, above its reserved concurrency %g: invocations past %g are throttled and their messages go back to the queue; make their max_concurrency add up to %g at most",
				c.Address(), lint.Addresses(capped), sum, reserved, reserved, reserved)
		}
	}
	return nil
}
