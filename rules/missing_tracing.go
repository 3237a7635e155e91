package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type missingTracing struct{}

func (missingTracing) Meta() lint.Meta {
	return lint.Meta{
		ID:       "missing-tracing",
		Severity: lint.Info,
		Title:    "Compute on a multi-hop synchronous path should be traced",
		Why: `When one request passes through two or more compute components, each keeps
its own logs (every Lambda function writes to its own CloudWatch log group)
and nothing ties them together: a slow or failed request cannot be followed
from the entry to the hop that caused it, and latency cannot be split
between the hops. Distributed tracing (AWS X-Ray, or OpenTelemetry) carries
one trace ID through the calls; a hop without it breaks the trace in two.
The serverless patterns catalog lists tracing among an aggregator's duties,
and its author's migration story credits tracing for making a distributed
system debuggable at all.

The rule fires on every compute component without tracing = true that is
on a synchronous path (calls, api routes, a state machine's steps) with at
least one other compute component, upstream or downstream, apis in between
included. The message shows the path it found.`,
		Source: "AWS X-Ray and AWS Lambda Developer Guide: active tracing; CloudWatch Logs (one log group per function); serverless patterns catalog (seed 002): aggregator tracing and 'Debugging and Tracing' in the migration story; seed 001 on debugging distributed serverless systems.",
		Ignore: "When another tracing system the model does not know propagates the trace: set tracing = true, which records that it is traced, rather than suppressing.",
		Failing: `function "checkout" {
  memory  = 512
  timeout = "10s"
  calls   = [function.price]
}

function "price" {
  memory  = 256
  timeout = "3s"
}`,
		Fixed: `function "checkout" {
  memory  = 512
  timeout = "10s"
  tracing = true
  calls   = [function.price]
}

function "price" {
  memory  = 256
  timeout = "3s"
  tracing = true
}`,
		SeeAlso: []string{"sync-chain", "aggregator-resilience"},
		Imported: `Only declared synchronous edges make a path: API integrations, a state
machine's tasks, calls written in the language. Calls the importer inferred
from an IAM permission or an environment variable are left out.`,
	}
}

func (missingTracing) Check(p *lint.Pass) error {
	// For each api, up to two compute components it routes to
	// synchronously and up to two that call it: enough to find, for any
	// compute c, a neighbour through the api that is not c itself.
	routesTo := map[*schema.Component][]*schema.Component{}
	calledBy := map[*schema.Component][]*schema.Component{}
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindAPI {
			continue
		}
		for _, e := range c.Out {
			if e.Mode == schema.ModeSync && declared(e) && e.To.Kind.IsCompute() {
				routesTo[c] = addCapped(routesTo[c], e.To, 2)
			}
		}
		for _, e := range c.In {
			if e.Mode == schema.ModeSync && declared(e) && e.From.Kind.IsCompute() {
				calledBy[c] = addCapped(calledBy[c], e.From, 2)
			}
		}
	}
	for _, c := range p.Arch.Components {
		if !c.Kind.IsCompute() || c.Bool(schema.AttrTracing) {
			continue
		}
		up := syncNeighbour(c, c.In, func(e *schema.Edge) *schema.Component { return e.From }, calledBy)
		down := syncNeighbour(c, c.Out, func(e *schema.Edge) *schema.Component { return e.To }, routesTo)
		if up == nil && down == nil {
			continue
		}
		var path []*schema.Component
		for i := len(up) - 1; i >= 0; i-- {
			path = append(path, up[i])
		}
		path = append(path, c)
		path = append(path, down...)
		p.With(lint.PathContext(path)).Report(c, c.DeclRange,
			"%s has no tracing but is on a synchronous path with other compute (%s): a slow or failed request cannot be followed across the hops; set tracing = true",
			c.Address(), lint.Path(path))
	}
	return nil
}

// syncNeighbour walks one synchronous edge from c (forward or backward, as
// end says) to another compute component, directly or through one api,
// and returns the components after c in walking order; nil when there is
// none.
func syncNeighbour(c *schema.Component, edges []*schema.Edge, end func(*schema.Edge) *schema.Component, viaAPI map[*schema.Component][]*schema.Component) []*schema.Component {
	var viaPath []*schema.Component
	for _, e := range edges {
		if e.Mode != schema.ModeSync || !declared(e) {
			continue
		}
		n := end(e)
		if n == c {
			continue
		}
		if n.Kind.IsCompute() {
			return []*schema.Component{n}
		}
		if viaPath != nil || n.Kind != schema.KindAPI {
			continue
		}
		for _, x := range viaAPI[n] {
			if x != c {
				viaPath = []*schema.Component{n, x}
				break
			}
		}
	}
	return viaPath
}

// addCapped appends c to list unless it is there or the list holds n.
func addCapped(list []*schema.Component, c *schema.Component, n int) []*schema.Component {
	if len(list) >= n || containsComponent(list, c) {
		return list
	}
	return append(list, c)
}

func containsComponent(cs []*schema.Component, c *schema.Component) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}
