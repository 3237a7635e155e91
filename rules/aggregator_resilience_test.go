package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestAggregatorResilienceMeta(t *testing.T) { assertMetaExamples(t, aggregatorResilience{}) }

func TestAggregatorResilience(t *testing.T) {
	cases := map[string]string{
		"nothing set": `
pattern "aggregator" "quotes" {
  aggregator = function.compare
  sources    = [external.a]
}
function "compare" { # want "aggregator-resilience"
  calls = [external.a]
}
external "a" {}
`,
		"each one missing alone fires": `
pattern "aggregator" "p1" {
  aggregator = function.no_breaker
  sources    = [external.a]
}
pattern "aggregator" "p2" {
  aggregator = function.no_retries
  sources    = [external.a]
}
pattern "aggregator" "p3" {
  aggregator = function.no_tracing
  sources    = [external.a]
}
function "no_breaker" { # want "aggregator-resilience"
  tracing      = true
  call_retries = 2
  calls        = [external.a]
}
function "no_retries" { # want "aggregator-resilience"
  tracing         = true
  circuit_breaker = true
  call_retries    = 0
  calls           = [external.a]
}
function "no_tracing" { # want "aggregator-resilience"
  circuit_breaker = true
  call_retries    = 1
  calls           = [external.a]
}
external "a" {}
`,
		"all set": `
pattern "aggregator" "quotes" {
  aggregator = container.compare
  sources    = [external.a, function.b]
}
container "compare" {
  tracing         = true
  circuit_breaker = true
  call_retries    = 1
  calls           = [external.a, function.b]
}
external "a" {}
function "b" {}
`,
		"the same aggregator in two patterns is reported once": `
pattern "aggregator" "one" {
  aggregator = function.compare
  sources    = [external.a]
}
pattern "aggregator" "two" {
  aggregator = function.compare
  sources    = [external.b]
}
function "compare" { # want "aggregator-resilience"
  calls = [external.a, external.b]
}
external "a" {}
external "b" {}
`,
		"aggregator-like compute outside a pattern is not judged": `
function "compare" {
  calls = [external.a, external.b]
}
external "a" {}
external "b" {}
`,
		"pattern in one file, aggregator in another": `
-- patterns.arch.hcl --
pattern "aggregator" "quotes" {
  aggregator = function.compare
  sources    = [external.a]
}
-- quotes.arch.hcl --
service "quotes" {
  function "compare" { # want "aggregator-resilience"
    tracing = true
    calls   = [external.a]
  }
  external "a" {}
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, aggregatorResilience{}) })
	}
}

func TestAggregatorResilienceMessage(t *testing.T) {
	src := `
pattern "aggregator" "quotes" {
  aggregator = function.compare
  sources    = [external.a, external.b]
}
function "compare" { # want "aggregator-resilience"
  calls = [external.a, external.b]
}
external "a" {}
external "b" {}
`
	f := onlyFinding(t, src, aggregatorResilience{})
	want := `function.compare aggregates external.a and external.b for aggregator pattern "quotes" without circuit_breaker = true (a source that is down is skipped instead of awaited), call_retries (a transient error of one source fails the whole answer) and tracing = true (which source made a request slow)`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `function "compare"` {
		t.Errorf("range covers %q", got)
	}
}
