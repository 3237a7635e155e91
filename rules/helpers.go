package rules

import (
	"fmt"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/hashicorp/hcl/v2"
)

// edgeRange is where a finding about an edge points: the reference in
// calls/emits/reads/writes, or a trigger's source expression.
func edgeRange(e *schema.Edge) hcl.Range { return e.Range }

// invocations are the edges that deliver work to c: calls, emits and
// triggers.
func invocations(c *schema.Component) []*schema.Edge {
	var out []*schema.Edge
	for _, e := range c.In {
		if e.IsDelivery() {
			out = append(out, e)
		}
	}
	return out
}

// isCapped reports whether c's concurrency is bounded: by its own
// concurrency, by a container's fixed number of tasks (it does not scale
// out, so a burst queues up in front of it), or because every source of
// its work is a queue trigger with max_concurrency or a stream trigger (a
// Kinesis or Kafka stream, a table's change stream), whose pollers run at
// most one batch per shard or partition and parallelization slot: a burst
// of records lengthens the shards' backlog, not the function's
// concurrency.
func isCapped(c *schema.Component) bool {
	if c.IsSet(schema.AttrConcurrency) || c.Kind == schema.KindContainer && !c.IsElastic() {
		return true
	}
	in := invocations(c)
	if len(in) == 0 {
		return false
	}
	for _, e := range in {
		if e.Relation != schema.RelTrigger {
			return false
		}
		switch {
		case e.Mode == schema.ModeStream:
		case e.Mode == schema.ModePoll && e.Trigger != nil && e.Trigger.IsSet(schema.AttrMaxConcurrency):
		default:
			return false
		}
	}
	for _, t := range c.Triggers {
		if t.Source == nil {
			return false
		}
	}
	return true
}

func describeKind(c *schema.Component) string {
	switch c.Kind {
	case schema.KindDatabase:
		if e := c.Str(schema.AttrEngine); e != "dynamodb" {
			if e == "aurora" || e == "opensearch" {
				return "an " + e + " database"
			}
			return "a " + e + " database"
		}
		return "a provisioned-capacity DynamoDB table"
	case schema.KindContainer:
		return "a container that does not scale out"
	case schema.KindExternal:
		return "an external system with a concurrency or rate limit"
	}
	return "a " + string(c.Kind)
}

// declared reports whether an edge is declared: written in the language,
// or imported from the template's wiring or a state machine's definition,
// not inferred from a permission or an environment variable.
func declared(e *schema.Edge) bool { return !e.Inferred() }

// inferredNote tells a message's reader which of its edges the importer
// inferred, "" when none is: "; function.a -> queue.q is inferred from a
// permission, not declared: check that the code really uses it".
func inferredNote(es []*schema.Edge) string {
	var parts []string
	seen := map[string]bool{}
	for _, e := range es {
		if e == nil || !e.Inferred() {
			continue
		}
		what := "a permission"
		switch {
		case e.Source == schema.SourceEnvironment:
			what = "an environment variable"
		case e.SharedBy > 1:
			what = fmt.Sprintf("a permission of a role %d components share", e.SharedBy)
		}
		s := fmt.Sprintf("%s -> %s (from %s)", e.From.Address(), e.To.Address(), what)
		if !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return "; " + parts[0] + " is inferred, not declared in the template: check that the code really uses it"
	}
	return "; " + textfmt.List(parts, "and") + " are inferred, not declared in the template: check that the code really uses them"
}

// pathEdges are the edges that join consecutive components of path, each
// the first one keep accepts, preferring a declared edge to an inferred
// one.
func pathEdges(path []*schema.Component, keep func(*schema.Edge) bool) []*schema.Edge {
	var out []*schema.Edge
	for i := 0; i+1 < len(path); i++ {
		var best *schema.Edge
		for _, e := range path[i].Out {
			if e.To != path[i+1] || !keep(e) {
				continue
			}
			if best == nil || best.Inferred() && !e.Inferred() {
				best = e
			}
		}
		out = append(out, best)
	}
	return out
}
