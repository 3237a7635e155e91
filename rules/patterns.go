package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
)

// Wiring queries for the pattern rules (pattern-mismatch, fan-out-failure,
// aggregator-resilience, strangler-shared-store): whether one component is
// connected to another in the way a pattern's role needs.

// edgeBetween returns the first edge from -> to declared by one of rels, or
// nil. It scans the shorter of from's outgoing and to's incoming edges, so
// a component with thousands of edges costs nothing when its peer has few.
func edgeBetween(from, to *schema.Component, rels ...schema.Relation) *schema.Edge {
	if from == nil || to == nil {
		return nil
	}
	edges := from.Out
	if len(to.In) < len(edges) {
		edges = to.In
	}
	for _, e := range edges {
		if e.From == from && e.To == to && slices.Contains(rels, e.Relation) {
			return e
		}
	}
	return nil
}

// triggers reports whether src is a trigger source of c.
func triggers(src, c *schema.Component) bool {
	return edgeBetween(src, c, schema.RelTrigger) != nil
}

// feeds reports whether p puts messages into ch directly: compute emits to
// it, and an api, bucket, bus or topic is a trigger source of it.
func feeds(p, ch *schema.Component) bool {
	return edgeBetween(p, ch, schema.RelEmits, schema.RelTrigger) != nil
}

// canTrigger reports whether a component of kind k accepts a trigger from
// src.
func canTrigger(k schema.Kind, src *schema.Component) bool {
	kinds, _ := schema.AcceptedSources(k)
	return slices.Contains(kinds, src.Kind)
}

// addTriggerHint says how to make src trigger c, or why it cannot.
func addTriggerHint(src, c *schema.Component) string {
	if !canTrigger(c.Kind, src) {
		return fmt.Sprintf("a %s cannot be triggered by a %s, so fill the role with a component that can", c.Kind, src.Kind)
	}
	if src.Kind == schema.KindAPI {
		return fmt.Sprintf(`add trigger { source = %s, route = "..." } to %s`, src.Address(), c.Address())
	}
	return fmt.Sprintf("add trigger { source = %s } to %s", src.Address(), c.Address())
}

// addFeedHint says how to make p put messages into ch.
func addFeedHint(p, ch *schema.Component) string {
	if p.Kind.IsCompute() {
		return fmt.Sprintf("add emits = [%s] to %s", ch.Address(), p.Address())
	}
	return addTriggerHint(p, ch)
}

// asyncReach returns what work leaving from reaches without anyone
// waiting for it and without passing through other compute: its emits,
// the triggers of the queues, topics, buses, streams and buckets on the
// way, and writes into a bucket or a table whose events trigger compute.
// The compute components it reaches are in the result but not walked
// past; the channels and stores on the way are in it too. When syncFirst
// is true, from's own synchronous calls count as well (a state machine's
// Map or Parallel state runs its steps side by side). The search stays
// inside the messaging between from and the next compute, so it costs the
// size of that neighbourhood, not of the architecture.
func asyncReach(from *schema.Component, syncFirst bool) map[*schema.Component]bool {
	reached := map[*schema.Component]bool{}
	queue := []*schema.Component{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, e := range c.Out {
			if !asyncHop(e) && !(syncFirst && c == from && e.Relation == schema.RelCalls) {
				continue
			}
			to := e.To
			if reached[to] || to == from {
				continue
			}
			reached[to] = true
			if !to.Kind.IsCompute() {
				queue = append(queue, to)
			}
		}
	}
	return reached
}

// reachCache memoises asyncReach for one run of a rule: many patterns
// may share one busy channel, and each walk of it costs its fan-out.
type reachCache map[reachKey]map[*schema.Component]bool

type reachKey struct {
	from      *schema.Component
	syncFirst bool
}

func (rc reachCache) of(from *schema.Component, syncFirst bool) map[*schema.Component]bool {
	k := reachKey{from, syncFirst}
	r, ok := rc[k]
	if !ok {
		r = asyncReach(from, syncFirst)
		rc[k] = r
	}
	return r
}

// asyncHop reports whether work crosses e without anyone waiting for it.
func asyncHop(e *schema.Edge) bool {
	switch e.Relation {
	case schema.RelEmits:
		return true
	case schema.RelTrigger:
		return e.Mode == schema.ModeAsync || e.Mode == schema.ModePoll || e.Mode == schema.ModeStream
	case schema.RelWrites:
		// A table's change stream, or the Kinesis stream it writes into.
		return e.To.Kind == schema.KindBucket || e.To.Kind == schema.KindDatabase && (e.To.Bool(schema.AttrStream) || e.To.IsConsumed())
	}
	return false
}

// failureGaps lists the sources of work whose failures c leaves nowhere
// to go: asynchronous invocations without on_failure or a trigger
// dead_letter, queues without a dead_letter queue, and stream triggers
// without on_failure. Synchronous invocations return the error to the
// caller and need nothing.
func failureGaps(c *schema.Component) []string {
	var gaps []string
	onFailure := c.IsSet(schema.AttrOnFailure)
	for _, e := range c.In {
		switch {
		case e.Relation == schema.RelEmits && e.Mode == schema.ModeAsync:
			if !onFailure && !startsExecution(e) {
				gaps = appendUnique(gaps, e.From.Address()+" (asynchronous invoke, no on_failure)")
			}
		case e.Relation != schema.RelTrigger:
		case e.Mode == schema.ModeAsync:
			if !onFailure && !e.Trigger.IsSet(schema.AttrDeadLetter) {
				gaps = appendUnique(gaps, e.From.Address()+" (no on_failure or trigger dead_letter)")
			}
		case e.Mode == schema.ModePoll:
			if !e.From.IsSet(schema.AttrDeadLetter) {
				gaps = appendUnique(gaps, e.From.Address()+" (the queue has no dead_letter)")
			}
		case e.Mode == schema.ModeStream:
			if !e.Trigger.IsSet(schema.AttrOnFailure) {
				gaps = appendUnique(gaps, e.From.Address()+" (the trigger has no on_failure)")
			}
		}
	}
	for _, t := range c.Triggers {
		if t.Source == nil && t.Mode == schema.ModeAsync && !onFailure && !t.IsSet(schema.AttrDeadLetter) {
			gaps = appendUnique(gaps, `"`+t.SourceName+`" (no on_failure or trigger dead_letter)`)
		}
	}
	return gaps
}

// addressesUpTo formats components as "a, b and c", naming at most n of
// them and counting the rest, so a bus with a thousand publishers still
// makes a readable message.
func addressesUpTo(cs []*schema.Component, n int) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Address()
	}
	return namesUpTo(names, n)
}

// namesUpTo joins names as addressesUpTo does.
func namesUpTo(names []string, n int) string {
	if len(names) <= n {
		return joinAnd(names)
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n-1], ", "), len(names)-n+1)
}
