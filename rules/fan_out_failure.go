package rules

import (
	"slices"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type fanOutFailure struct{}

// lambdaMaxTimeout is Lambda's ceiling per invocation (AWS Lambda quotas,
// checked 2026-11).
const lambdaMaxTimeout = 15 * time.Minute

func (fanOutFailure) Meta() lint.Meta {
	return lint.Meta{
		ID:       "fan-out-failure",
		Severity: lint.Warning,
		Title:    "A fan-out must handle failed subtasks and have a fan-in",
		Why: `A fan-out splits a job into subtasks that workers run in parallel, and the
job is done only when every subtask is. The serverless patterns catalog
warns that failure must be handled on both flows, or a task stays
unfinished forever: a subtask whose worker fails past its retries is
dropped (after two retries for an asynchronous Lambda invocation, when an
SNS delivery gives up, or when an SQS message outlives its retention), and
the fan-in waits for a result that will never come, with no record of
which subtask was lost. It recommends Lambda's retries and dead-letter
queues, and containers for any subtask that can take over 15 minutes, the
Lambda limit.

For each fan_out_fan_in pattern the rule reports, at the role: a worker or
collector with a source of work whose failures go nowhere (an asynchronous
invocation without on_failure or a trigger dead_letter, a queue without
dead_letter, a stream trigger without on_failure); a function worker whose
timeout is at Lambda's 15-minute ceiling, where a subtask that grows has
no room left; and, at the pattern, one with neither a collector nor a store,
where nothing gathers the results.`,
		Source: "Serverless patterns catalog (seed 002), fan-out and fan-in considerations (failure on both flows, retries and DLQs, containers for work over 15 minutes); AWS Lambda Developer Guide: asynchronous invocation (2 retries by default) and quotas (900 s timeout). Checked 2026-11.",
		Ignore: "When a lost subtask is acceptable and the fan-in has its own deadline (a best-effort thumbnail whose absence the page tolerates): suppress with that reason.",
		Failing: `pattern "fan_out_fan_in" "renditions" {
  source  = topic.uploaded
  workers = [function.thumbnail, function.preview]
  store   = bucket.renditions
}

topic "uploaded" {}

function "thumbnail" {
  memory     = 1024
  timeout    = "30s"
  idempotent = true
  writes     = [bucket.renditions]
  trigger {
    source = topic.uploaded
  }
}

function "preview" {
  memory     = 2048
  timeout    = "60s"
  idempotent = true
  writes     = [bucket.renditions]
  trigger {
    source = topic.uploaded
  }
}

bucket "renditions" {}`,
		Fixed: `pattern "fan_out_fan_in" "renditions" {
  source  = topic.uploaded
  workers = [function.thumbnail, function.preview]
  store   = bucket.renditions
}

topic "uploaded" {}

function "thumbnail" {
  memory     = 1024
  timeout    = "30s"
  idempotent = true
  writes     = [bucket.renditions]
  trigger {
    source      = topic.uploaded
    dead_letter = queue.failed_renditions
  }
}

function "preview" {
  memory     = 2048
  timeout    = "60s"
  idempotent = true
  writes     = [bucket.renditions]
  trigger {
    source      = topic.uploaded
    dead_letter = queue.failed_renditions
  }
}

bucket "renditions" {}

queue "failed_renditions" {
  retention = "14d"
}`,
		SeeAlso:  []string{"missing-dlq", "pattern-mismatch", "duration-exceeds-timeout"},
		Patterns: []string{"fan_out_fan_in"},
	}
}

func (fanOutFailure) Check(p *lint.Pass) error {
	for _, pat := range p.Arch.Patterns {
		if pat.Kind != "fan_out_fan_in" {
			continue
		}
		about := p.With(lint.Context{Pattern: pat.Name})
		for _, role := range slices.Concat(pat.Roles["workers"], pat.Roles["collector"]) {
			c := role.Component
			side := "worker"
			if role.Name == "collector" {
				side = "collector"
			}
			if gaps := failureGaps(c); len(gaps) > 0 {
				about.Report(c, role.Range,
					"%s, %s of fan_out_fan_in %q, loses the work that fails past its retries: %s; the job then never completes and nobody knows which part was lost; add on_failure to %s or a dead-letter queue to its source",
					c.Address(), side, pat.Name, joinAnd(gaps), c.Address())
			}
			if t, _ := c.Dur(schema.AttrTimeout); c.Kind == schema.KindFunction && t >= lambdaMaxTimeout {
				about.Report(c, role.Range,
					"%s, %s of fan_out_fan_in %q, has a timeout of %s, Lambda's ceiling: a part that grows past it fails on every retry; split the work finer or run it in a container",
					c.Address(), side, pat.Name, fmtDur(t))
			}
		}
		if pat.Member("collector") == nil && pat.Member("store") == nil {
			about.Report(nil, pat.DeclRange,
				"fan_out_fan_in %q has no collector and no store: nothing gathers the workers' results or notices when all are done; add a store the workers write and a collector that it triggers",
				pat.Name)
		}
	}
	return nil
}
