package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type singlePointOfFailure struct{}

func (singlePointOfFailure) Meta() lint.Meta {
	return lint.Meta{
		ID:       "single-point-of-failure",
		Severity: lint.Warning,
		Title:    "A dependency many routes wait on needs circuit breakers in front of it",
		Why: `When many entry routes wait, directly or down a chain of calls, on the same
function, container or external system, its outage is theirs: every route
fails, and worse, each caller keeps waiting for its timeout, so their
concurrency fills up with blocked requests and the failure spreads to work
that never needed the broken dependency. The serverless patterns catalog
warns that a gateway and an aggregator can each become a single point of
failure; AWS's reliability guidance is to turn such hard dependencies into
soft ones, with circuit breakers that fail fast and let the caller degrade
(a cached answer, a partial page) while the dependency recovers.

The rule counts, for every compute component and external, the distinct
entry routes that reach it over synchronous edges: each trigger from an
api that nothing in the architecture calls (one route per trigger), and
each trigger from a synchronous named source such as "cognito". When
threshold or more routes reach it, every direct caller without
circuit_breaker = true gets a finding at its call. An internal api that
compute calls is a dependency like any other. A component the entry apis
route to directly has no caller that could hold a breaker and is not
reported.
Counting stops at a few routes beyond the threshold, which keeps the rule
linear in the size of the architecture.`,
		Source: "Serverless patterns catalog (seed 002): robust API and aggregator considerations (each can be a single point of failure; the aggregator handles circuit breaking); AWS Well-Architected Framework, Reliability Pillar: REL05 (make hard dependencies soft, fail fast, circuit breakers). Checked 2026-11.",
		Ignore: "When the shared dependency is itself highly available and its callers could not degrade anyway (an identity check without which no route can answer): suppress with that reason.",
		Failing: `api "shop" {
  throttle_rate = 200
}

function "browse" {
  memory  = 256
  timeout = "5s"
  calls   = [external.inventory]
  trigger {
    source = api.shop
    route  = "GET /products"
  }
}

function "cart" {
  memory  = 256
  timeout = "5s"
  calls   = [external.inventory]
  trigger {
    source = api.shop
    route  = "POST /cart"
  }
}

function "checkout" {
  memory          = 512
  timeout         = "10s"
  circuit_breaker = true
  calls           = [external.inventory]
  trigger {
    source = "cognito"
  }
}

external "inventory" {
  latency = "80ms"
}`,
		Fixed: `api "shop" {
  throttle_rate = 200
}

function "browse" {
  memory          = 256
  timeout         = "5s"
  circuit_breaker = true
  calls           = [external.inventory]
  trigger {
    source = api.shop
    route  = "GET /products"
  }
}

function "cart" {
  memory          = 256
  timeout         = "5s"
  circuit_breaker = true
  calls           = [external.inventory]
  trigger {
    source = api.shop
    route  = "POST /cart"
  }
}

function "checkout" {
  memory          = 512
  timeout         = "10s"
  circuit_breaker = true
  calls           = [external.inventory]
  trigger {
    source = "cognito"
  }
}

external "inventory" {
  latency = "80ms"
}`,
		SeeAlso: []string{"aggregator-resilience", "sync-chain", "timeout-budget"},
		Options: []lint.Option{{Name: "threshold", Default: 3, Min: 2, Doc: "entry routes that make a shared synchronous dependency a single point of failure"}},
	}
}

// entryRoute is one way synchronous work enters the architecture.
type entryRoute struct {
	name   string
	target *schema.Component
}

func (singlePointOfFailure) Check(p *lint.Pass) error {
	threshold := p.Option("threshold")
	// Count exactly up to a few routes past the threshold, so messages give
	// the real number in the common case while the work stays linear.
	limit := max(threshold, 8)

	var routes []entryRoute
	for _, c := range p.Arch.Components {
		if c.Kind == schema.KindAPI && len(c.Incoming(schema.ModeSync)) == 0 {
			for _, e := range c.Out {
				if e.Relation == schema.RelTrigger && e.Mode == schema.ModeSync {
					routes = append(routes, entryRoute{routeName(e), e.To})
				}
			}
		}
		for _, t := range c.Triggers {
			if t.Source == nil && t.Mode == schema.ModeSync {
				routes = append(routes, entryRoute{fmt.Sprintf("%q -> %s", t.SourceName, c.Address()), c})
			}
		}
	}
	if len(routes) < threshold {
		return nil
	}
	seeds := make([]labelSeed, len(routes))
	for i, r := range routes {
		seeds[i] = labelSeed{r.target, i}
	}
	reached := cappedLabels(seeds, func(c *schema.Component, visit func(*schema.Component)) {
		if !waitsOn(c) {
			return // the caller gets its answer at once; nothing behind it is awaited
		}
		for _, e := range c.Out {
			if e.Mode == schema.ModeSync {
				visit(e.To)
			}
		}
	}, limit)

	for _, c := range p.Arch.Components {
		// An api nothing calls is an entry, not a dependency; an internal
		// api its callers wait on is one.
		if !c.Kind.IsCompute() && c.Kind != schema.KindExternal && (c.Kind != schema.KindAPI || len(c.Incoming(schema.ModeSync)) == 0) {
			continue
		}
		labels := reached[c]
		if len(labels) < threshold {
			continue
		}
		count := fmt.Sprintf("%d entry routes", len(labels))
		if len(labels) >= limit {
			count = fmt.Sprintf("%d or more entry routes", limit)
		}
		sorted := slices.Clone(labels)
		slices.Sort(sorted)
		names := make([]string, len(sorted))
		for i, l := range sorted {
			names[i] = routes[l].name
		}
		for _, call := range c.In {
			if call.Relation != schema.RelCalls || !call.From.Kind.IsCompute() || call.From.Bool(schema.AttrCircuitBreaker) {
				continue
			}
			p.Report(call.From, edgeRange(call),
				"%s is reached synchronously from %s (%s), and %s calls it without circuit_breaker: when %s fails, every one of those routes waits for it and fails; set circuit_breaker = true on %s and degrade instead",
				c.Address(), count, strings.Join(names, ", "), call.From.Address(), c.Address(), call.From.Address())
		}
	}
	return nil
}

// routeName names an api route: the api and the route string, or the
// target when the trigger has no route.
func routeName(e *schema.Edge) string {
	if r := e.Trigger.Str(schema.AttrRoute); r != "" {
		return fmt.Sprintf("%s %q", e.From.Address(), r)
	}
	return e.From.Address() + " -> " + e.To.Address()
}
