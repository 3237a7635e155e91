package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type sequentialOrchestrator struct{}

func (sequentialOrchestrator) Meta() lint.Meta {
	return lint.Meta{
		ID:       "sequential-orchestrator",
		Severity: lint.Warning,
		Title:    "Compute should not orchestrate other compute by waiting on it",
		Why: `A function that calls two or more other functions synchronously, one after
the other, is a workflow written in code. It sits idle, and billed, while
each step runs, so every second of a step is paid twice; it must know how
each step is deployed; and if it times out halfway, nothing records which
steps ran. Function-composition guidance names this the sequential
orchestrator and breaks all three of its principles: substitution, isolation
and zero waste. A state machine (Step Functions) sequences the steps with
retries and a record of each execution, billed per transition rather than
for waiting; events let each step trigger the next.

The rule fires on a function or container whose calls name two or more
compute components (functions, containers, express state machines). State
machines are the fix and are not checked; calls to apis and externals are not
counted.`,
		Source: "Function composition (seed 003): the sequential orchestrator anti-pattern, double billing, the substitution, isolation and zero-waste principles; serverless patterns catalog (seed 002): orchestration with Step Functions.",
		Ignore: "When the calls are few, fast and must be answered together within one request (say two lookups under 50 ms each): the double billing is then small. Consider whether one of them could be a library call instead.",
		Failing: `function "sign_up" {
  timeout = "10s"
  calls   = [function.create_account, function.send_welcome]
}

function "create_account" {}

function "send_welcome" {}`,
		Fixed: `state_machine "sign_up" {
  type  = "express"
  calls = [function.create_account, function.send_welcome]
}

function "create_account" {}

function "send_welcome" {}`,
		SeeAlso: []string{"sync-chain", "timeout-budget"},
		Imported: `Only declared calls count. Calls the importer inferred from an IAM
permission (lambda:InvokeFunction on several functions) or from environment
variables naming functions are left out: a function allowed to invoke
others may invoke them asynchronously, or not at all, and the rule stays
silent rather than guess.`,
	}
}

func (sequentialOrchestrator) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction && c.Kind != schema.KindContainer {
			continue
		}
		var steps []*schema.Component
		for _, e := range c.Out {
			if e.Relation == schema.RelCalls && e.To.Kind.IsCompute() && declared(e) {
				steps = append(steps, e.To)
			}
		}
		if len(steps) < 2 {
			continue
		}
		p.Report(c, c.AttrRange(schema.AttrCalls),
			"%s waits synchronously on %d compute components (%s): it is billed while each of them runs and must recover from a failure halfway by itself; let a state machine sequence them, or chain them through events",
			c.Address(), len(steps), lint.Addresses(steps))
	}
	return nil
}
