package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type syncChain struct{}

func (syncChain) Meta() lint.Meta {
	return lint.Meta{
		ID:       "sync-chain",
		Severity: lint.Warning,
		Title:    "Synchronous chains longer than a few compute hops",
		Why: `Each compute component on a synchronous path waits for the next one: the
latencies add up, every hop's failure fails the whole request, each waiting
function is billed while it waits, and the shortest timeout on the path caps
the whole chain (an HTTP API gives up after 30 s, a REST API after 29 s). The
serverless patterns catalog recommends coupling services through events
rather than synchronous calls, and function-composition guidance names
functions that call functions synchronously an anti-pattern.

A path follows calls, api routes and an express state machine's steps; apis
and externals on it are not counted, compute components (functions,
containers, express state machines) are. A standard state machine is started,
not waited on, and is billed per transition rather than while it waits, so
a path ends at an api route into it, and each of its steps starts a path of
its own. A firehose answers once it has the records and transforms them
later, from its buffer: a path ends at it, and the function that
transforms its records starts a path of its own. A synchronous cycle is
reported as a chain with no end.`,
		Source: "Serverless patterns catalog (seed 000: prefer events to synchronous coupling); function composition (seed 003: the sequential orchestrator anti-pattern); API Gateway quotas (integration timeout 29 s REST, 30 s HTTP).",
		Ignore: "When the chain is short in time and each hop is genuinely request/response (an authorizer, a read-through cache), raise max_hops for the architecture rather than suppressing each finding.",
		Failing: `api "public" {}

function "checkout" {
  calls = [function.price]
  trigger {
    source = api.public
    route  = "POST /checkout"
  }
}

function "price" {
  calls = [function.tax]
}

function "tax" {}`,
		Fixed: `api "public" {}

function "checkout" {
  calls = [function.price]
  trigger {
    source = api.public
    route  = "POST /checkout"
  }
}

# tax rates are looked up by price itself, not through another function
function "price" {
  reads = [database.tax_rates]
}

database "tax_rates" {}`,
		SeeAlso: []string{"timeout-budget", "sequential-orchestrator", "missing-tracing"},
		Imported: `Only declared calls count: an API integration, a state machine's task, a
call written in the language. A call the importer inferred from an IAM
permission (lambda:InvokeFunction) or an environment variable naming a
function is left out, because a permission does not say whether the call is
synchronous, or made at all.`,
		Options: []lint.Option{{Name: "max_hops", Default: 2, Min: 1, Doc: "compute components a synchronous path may pass through"}},
	}
}

func (syncChain) Check(p *lint.Pass) error {
	maxHops := p.Option("max_hops")
	finder := newChainPaths()
	reported := map[*schema.Edge]bool{}
	for _, start := range p.Arch.Components {
		if !startsSyncPath(start) {
			continue
		}
		path := finder.Longest(start)
		hops := schema.ComputeHops(path)
		if hops <= maxHops {
			continue
		}
		edge := overLimitEdge(path, maxHops)
		if edge == nil || reported[edge] {
			continue
		}
		reported[edge] = true
		p.With(lint.PathContext(path)).Report(edge.From, edgeRange(edge), "sync chain of %d compute hops: %s (max %d)", hops, lint.Path(path), maxHops)
	}
	// A firehose answers its producer once it has the records: the calls and
	// the transformation it makes later, from its buffer, close no cycle.
	isSync := func(e *schema.Edge) bool {
		return e.Mode == schema.ModeSync && declared(e) && !e.From.Buffers()
	}
	for _, cycle := range p.Arch.Cycles(isSync) {
		path := schema.CyclePath(cycle, isSync)
		first := path[0]
		var at *schema.Edge
		for _, e := range first.Out {
			if e.Mode == schema.ModeSync && len(path) > 1 && e.To == path[1] {
				at = e
				break
			}
		}
		rng := first.DeclRange
		if at != nil {
			rng = edgeRange(at)
		}
		p.With(lint.PathContext(path)).Report(first, rng, "synchronous cycle: %s calls itself through %s, a chain with no end", first.Address(), lint.Path(path))
	}
	return nil
}

// startsSyncPath reports whether a synchronous path begins at c: an api or
// compute that nothing calls synchronously but a standard state machine
// (whose steps each start a path) or a firehose (whose transforming
// function starts one for each batch). An internal api called by other
// compute is part of its callers' paths.
func startsSyncPath(c *schema.Component) bool {
	if c.Kind != schema.KindAPI && !c.Kind.IsCompute() || isStandardStateMachine(c) {
		return false
	}
	for _, e := range c.Incoming(schema.ModeSync) {
		if !isStandardStateMachine(e.From) && !e.From.Buffers() {
			return false
		}
	}
	return true
}

// chainPaths finds longest synchronous paths like schema.SyncPaths, but
// never enters a standard state machine: an api route into it returns at
// once. Like schema.SyncPaths it ends at a firehose, which answers once it
// has the records. Memoised across start points, linear in an acyclic call
// graph.
type chainPaths struct {
	memo   map[*schema.Component][]*schema.Component
	onPath map[*schema.Component]bool
}

func newChainPaths() *chainPaths {
	return &chainPaths{memo: map[*schema.Component][]*schema.Component{}, onPath: map[*schema.Component]bool{}}
}

func (s *chainPaths) Longest(from *schema.Component) []*schema.Component {
	if p, ok := s.memo[from]; ok {
		return p
	}
	s.onPath[from] = true
	var best []*schema.Component
	bestHops := -1
	for _, e := range from.Out {
		if e.Mode != schema.ModeSync || !declared(e) || s.onPath[e.To] || isStandardStateMachine(e.To) || from.Buffers() {
			continue
		}
		tail := s.Longest(e.To)
		if h := schema.ComputeHops(tail); h > bestHops {
			best, bestHops = tail, h
		}
	}
	s.onPath[from] = false
	path := make([]*schema.Component, 0, len(best)+1)
	path = append(append(path, from), best...)
	s.memo[from] = path
	return path
}

// overLimitEdge is the edge of path that brings in compute hop maxHops+1.
func overLimitEdge(path []*schema.Component, maxHops int) *schema.Edge {
	hops := 0
	for i, c := range path {
		if c.Kind.IsCompute() {
			hops++
		}
		if hops > maxHops && i > 0 {
			for _, e := range path[i-1].Out {
				if e.To == c && e.Mode == schema.ModeSync && declared(e) {
					return e
				}
			}
			return nil
		}
	}
	return nil
}
