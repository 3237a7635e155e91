package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type aggregatorResilience struct{}

func (aggregatorResilience) Meta() lint.Meta {
	return lint.Meta{
		ID:       "aggregator-resilience",
		Severity: lint.Warning,
		Title:    "An aggregator needs retries, a circuit breaker and tracing",
		Why: `An aggregator turns one client request into calls to several downstream
services and answers with the combined result, so every source's hiccup
lands on it. The serverless patterns catalog makes the aggregator
responsible for retries, circuit breaking, caching, tracing and logging,
and warns that it can become a single point of failure. Without retries, a
transient error of any one source fails the whole request; without a
circuit breaker, a source that is down makes every request wait for its
timeout and holds the aggregator's concurrency until the callers give up
too; without tracing, nobody can tell which source made a request slow.

The rule fires on the component in the aggregator role of an aggregator
pattern when circuit_breaker is not true, call_retries is 0, or tracing is
not true; one finding lists everything missing. The language has no
attribute for caching, so caching is not checked.`,
		Source: "Serverless patterns catalog (seed 002), aggregator considerations: the aggregator handles retries, circuit breaking, cache, tracing and logging, and can be a single point of failure.",
		Ignore: "When the sources are internal and behind their own resilience layer (a service mesh that retries and breaks circuits): suppress with that reason, and keep tracing on.",
		Failing: `pattern "aggregator" "quotes" {
  aggregator = function.compare
  sources    = [external.insurer_a, external.insurer_b]
}

function "compare" {
  memory  = 512
  timeout = "10s"
  calls   = [external.insurer_a, external.insurer_b]
}

external "insurer_a" {
  latency_p99 = "2s"
}

external "insurer_b" {
  latency_p99 = "2s"
}`,
		Fixed: `pattern "aggregator" "quotes" {
  aggregator = function.compare
  sources    = [external.insurer_a, external.insurer_b]
}

function "compare" {
  memory          = 512
  timeout         = "10s"
  tracing         = true
  call_retries    = 1
  circuit_breaker = true
  calls           = [external.insurer_a, external.insurer_b]
}

external "insurer_a" {
  latency_p99 = "2s"
}

external "insurer_b" {
  latency_p99 = "2s"
}`,
		SeeAlso:  []string{"single-point-of-failure", "missing-tracing", "pattern-mismatch"},
		Patterns: []string{"aggregator"},
	}
}

func (aggregatorResilience) Check(p *lint.Pass) error {
	reported := map[*schema.Component]bool{}
	for _, pat := range p.Arch.Patterns {
		if pat.Kind != "aggregator" {
			continue
		}
		c := pat.Member("aggregator")
		if c == nil || reported[c] {
			continue
		}
		var missing []string
		if !c.Bool(schema.AttrCircuitBreaker) {
			missing = append(missing, "circuit_breaker = true (a source that is down is skipped instead of awaited)")
		}
		if r, _ := c.Num(schema.AttrCallRetries); r <= 0 {
			missing = append(missing, "call_retries (a transient error of one source fails the whole answer)")
		}
		if !c.Bool(schema.AttrTracing) {
			missing = append(missing, "tracing = true (which source made a request slow)")
		}
		if len(missing) == 0 {
			continue
		}
		reported[c] = true
		p.With(lint.Context{Pattern: pat.Name}).Report(c, c.DeclRange, "%s aggregates %s for aggregator pattern %q without %s",
			c.Address(), sourcesOf(pat), pat.Name, joinAnd(missing))
	}
	return nil
}

func sourcesOf(pat *schema.Pattern) string {
	srcs := pat.Members("sources")
	if len(srcs) == 0 {
		return "its sources"
	}
	return addressesUpTo(srcs, 5)
}
