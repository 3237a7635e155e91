package rules

import (
	"fmt"
	"slices"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type recursiveLoop struct{}

func (recursiveLoop) Meta() lint.Meta {
	return lint.Meta{
		ID:       "recursive-loop",
		Severity: lint.Error,
		Title:    "Asynchronous work must not feed back into itself",
		Why: `A function that writes to the queue, topic, bucket, table or stream that
triggers it, directly or through other components, runs again for every
event it produces. Nothing waits on the loop, so nothing ends it: it scales
out, can take the account's whole concurrency and bills every turn. Lambda
detects some of these loops, those that pass only through Lambda, SQS, SNS
and S3, and stops them after about 16 invocations (which also drops the
events, unless recursion is allowed on the function). Loops through a
DynamoDB or Kinesis stream, EventBridge, Firehose, Step Functions or a
container are not detected and run until someone notices the bill.

The rule looks for cycles made of work-delivering edges: emits, triggers of
any kind, synchronous calls, and writes to a bucket or database that is a
trigger source; a firehose's deliveries to its destinations count too. A
cycle is reported when at least one of its edges is asynchronous (a loop
of calls only is sync-chain's); a firehose invokes its transforming
function and its endpoints from its buffer, after its producer has its
answer, so an edge leaving a firehose counts as asynchronous. Failure routes
(on_failure, dead_letter) are not followed: they carry work that already
failed, and sending it back is a deliberate redrive. A prefix or suffix on a
bucket trigger, a subscription filter or an event pattern may keep the
loop's own writes out; archie cannot tell, so the message names the filter
and the loop is still reported.`,
		Source: "AWS Lambda Developer Guide: recursive loop detection (Lambda, SQS, SNS and S3; loops stopped after about 16 invocations); Lambda event source mappings and asynchronous invocation. Checked 2026-11.",
		Ignore: "When the loop ends by design: each turn processes a smaller piece (pagination, a tree walk) and a condition in the code stops it; or when a trigger's filter keeps out what the loop writes (a prefix of uploads/ on a bucket the function writes under thumbnails/). Say which in the suppression reason, and cap the function's concurrency.",
		Failing: `bucket "photos" {}

function "resize" {
  timeout = "30s"
  writes  = [bucket.photos]
  trigger {
    source = bucket.photos
  }
}`,
		Fixed: `bucket "photos" {}

bucket "thumbnails" {}

function "resize" {
  timeout = "30s"
  writes  = [bucket.thumbnails]
  trigger {
    source = bucket.photos
  }
}`,
		SeeAlso: []string{"sync-chain", "concurrency-budget"},
		Imported: `A loop made only of declared wiring (triggers, destinations, a state
machine's tasks) is an error as above. A loop that needs an edge the
importer inferred from an environment variable is a warning, and the
message names the inferred edges. A loop that closes only through an edge
inferred from an IAM permission is information ("cannot tell"), naming the
edge: a permission to write to the queue, table or bucket that triggers the
function is common (a redrive, a policy template such as DynamoDBCrudPolicy
on the table whose stream feeds it, one statement covering an input and an
output bucket) and, on public templates, was almost never a write the code
makes.`,
	}
}

func (recursiveLoop) Check(p *lint.Pass) error {
	triggers := map[*schema.Component]bool{} // components that are a trigger source
	for _, e := range p.Arch.Edges {
		if e.Relation == schema.RelTrigger {
			triggers[e.From] = true
		}
	}
	keep := func(e *schema.Edge) bool {
		switch e.Relation {
		case schema.RelCalls, schema.RelEmits, schema.RelTrigger:
			return true
		case schema.RelWrites:
			return triggers[e.To]
		}
		return false
	}
	// Loops of declared edges first; then loops that need an edge the
	// importer inferred from an environment variable, at a lower severity
	// and saying which; then loops that close only through a permission,
	// as information: a role allowed to write where its trigger comes from
	// (a policy template on the table, one statement covering two buckets)
	// is common and rarely means that the code writes there.
	strict := func(e *schema.Edge) bool { return keep(e) && declared(e) }
	noPermission := func(e *schema.Edge) bool { return keep(e) && e.Source != schema.SourcePermission }
	onLoop := map[*schema.Component]bool{}
	for _, pass := range []func(*schema.Edge) bool{strict, noPermission, keep} {
		for _, members := range p.Arch.Cycles(pass) {
			if slices.ContainsFunc(members, func(c *schema.Component) bool { return onLoop[c] }) {
				continue // reported by the strict pass
			}
			in := make(map[*schema.Component]bool, len(members))
			for _, m := range members {
				in[m] = true
			}
			first := firstAsyncEdge(members, in, pass)
			if first == nil {
				continue
			}
			for _, m := range members {
				onLoop[m] = true
			}
			loop := loopThrough(first, in, pass)
			at := first.From
			if first.Relation == schema.RelTrigger {
				at = first.To // the trigger block that holds the range
			}
			edges := pathEdges(loop, pass)
			note := inferredNote(edges)
			sev, what := lint.Error, "recursive loop"
			if note != "" {
				sev = lint.Warning
			}
			if slices.ContainsFunc(edges, func(e *schema.Edge) bool { return e != nil && e.Source == schema.SourcePermission }) {
				sev, what = lint.Info, "possible recursive loop, if the code writes where its permissions allow (archie cannot tell)"
			}
			p.With(lint.PathContext(loop)).ReportAt(sev, at, edgeRange(first), "%s: %s; %s%s%s",
				what, lint.Path(loop), loopDetection(loop), filterNote(loop, pass), note)
		}
	}
	return nil
}

// filterNote names the filters on the loop's triggers: a prefix, suffix,
// subscription filter or event pattern may keep what the loop writes from
// coming back, which archie cannot see.
func filterNote(loop []*schema.Component, keep func(*schema.Edge) bool) string {
	var notes []string
	for i := 0; i+1 < len(loop); i++ {
		for _, e := range loop[i].Out {
			if e.To != loop[i+1] || !keep(e) || e.Trigger == nil {
				continue
			}
			for _, name := range []schema.AttrName{schema.AttrPrefix, schema.AttrSuffix, schema.AttrFilter, schema.AttrPattern} {
				if e.Trigger.IsSet(name) {
					notes = append(notes, fmt.Sprintf("the %s of the trigger of %s from %s", name, e.To.Address(), e.From.Address()))
				}
			}
			break
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return " (unless " + joinAnd(notes) + " keeps out what the loop writes; then suppress with that reason)"
}

// firstAsyncEdge is the first asynchronous edge inside a strongly
// connected component, in member order: every such edge lies on a cycle.
// An edge leaving a firehose counts as asynchronous: the firehose answers
// its producer once it has the records and invokes its transforming
// function or its endpoint later, from its buffer.
func firstAsyncEdge(members []*schema.Component, in map[*schema.Component]bool, keep func(*schema.Edge) bool) *schema.Edge {
	for _, m := range members {
		for _, e := range m.Out {
			if in[e.To] && keep(e) && (e.Mode != schema.ModeSync || e.From.Buffers()) {
				return e
			}
		}
	}
	return nil
}

// loopThrough is the shortest cycle through edge e within the component:
// e.From -> e.To -> ... -> e.From.
func loopThrough(e *schema.Edge, in map[*schema.Component]bool, keep func(*schema.Edge) bool) []*schema.Component {
	start, goal := e.To, e.From
	prev := map[*schema.Component]*schema.Component{start: nil}
	queue := []*schema.Component{start}
	for len(queue) > 0 && goal != start {
		c := queue[0]
		queue = queue[1:]
		found := false
		for _, out := range c.Out {
			if !keep(out) || !in[out.To] {
				continue
			}
			if _, seen := prev[out.To]; seen {
				continue
			}
			prev[out.To] = c
			if out.To == goal {
				found = true
				break
			}
			queue = append(queue, out.To)
		}
		if found {
			break
		}
	}
	var back []*schema.Component
	for c := goal; c != nil; c = prev[c] {
		back = append(back, c)
		if c == start {
			break
		}
	}
	loop := []*schema.Component{goal}
	for i := len(back) - 1; i >= 0; i-- {
		loop = append(loop, back[i])
	}
	return loop
}

// loopDetection says whether Lambda's recursive loop detection would stop
// the loop: only loops through Lambda functions, SQS, SNS and S3 are
// tracked.
func loopDetection(loop []*schema.Component) string {
	var untracked []*schema.Component
	for _, c := range loop[1:] {
		switch c.Kind {
		case schema.KindFunction, schema.KindQueue, schema.KindTopic, schema.KindBucket:
		default:
			untracked = append(untracked, c)
		}
	}
	if len(untracked) == 0 {
		return "Lambda's loop detection stops it after about 16 invocations and drops its events; break the loop (write to another resource, or filter what re-enters)"
	}
	return "Lambda does not detect loops through " + lint.Addresses(untracked) + ", so it runs, scales out and bills until someone stops it; break the loop (write to another resource, or filter what re-enters)"
}
