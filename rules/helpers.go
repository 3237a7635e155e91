package rules

import (
	"github.com/archiehq/archie/schema"
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
// its work is a queue trigger with max_concurrency.
func isCapped(c *schema.Component) bool {
	if c.IsSet("concurrency") || c.Kind == schema.KindContainer && !c.IsElastic() {
		return true
	}
	in := invocations(c)
	if len(in) == 0 {
		return false
	}
	for _, e := range in {
		if e.Relation != schema.RelTrigger || e.Mode != schema.ModePoll || !e.Trigger.IsSet("max_concurrency") {
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
		if e := c.Str("engine"); e != "dynamodb" {
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
