package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestTimeoutBudgetMeta(t *testing.T) { assertMetaExamples(t, timeoutBudget{}) }

func TestTimeoutBudget(t *testing.T) {
	cases := map[string]string{
		"a firehose behind an api: the api does not wait for its transformation": `
api "ingest" {
  type = "rest"
}
function "front" {
  timeout = "5s"
  calls   = [api.ingest]
}
firehose "clicks" {
  writes = [bucket.lake]
  trigger { source = api.ingest }
}
bucket "lake" {}
function "transform" {
  timeout = "60s"
  trigger { source = firehose.clicks }
}
`,
		"callee longer than its caller": `
function "caller" {
  timeout = "5s"
  calls   = [function.callee] # want "timeout-budget"
}
function "callee" {
  timeout = "10s"
}
`,
		"equal timeouts are not below": `
function "caller" {
  timeout = "5s"
  calls   = [function.callee] # want "timeout-budget"
}
function "callee" {
  timeout = "5s"
}
`,
		"nested timeouts": `
function "caller" {
  timeout = "5s"
  calls   = [function.callee]
}
function "callee" {
  timeout = "4s"
}
`,
		"retries multiply the callee": `
function "caller" {
  timeout      = "10s"
  call_retries = 2
  calls        = [function.slow, function.quick] # want "timeout-budget"
}
function "slow" {
  timeout = "4s"
}
function "quick" {
  timeout = "3s"
}
`,
		"external counts with its p99 latency": `
function "caller" {
  timeout = "1s"
  calls   = [external.partner, external.fast] # want "timeout-budget"
}
external "partner" {
  latency = "500ms"
}
external "fast" {
  latency     = "100ms"
  latency_p99 = "400ms"
}
`,
		"container caller without timeout is not judged": `
container "worker" {
  calls = [function.f]
}
function "f" {
  timeout = "15m"
}
`,
		"container callee without timeout is not judged per call": `
function "f" {
  timeout = "3s"
  calls   = [container.svc]
}
container "svc" {}
`,
		"api callee counts with what is behind its routes": `
function "caller" {
  timeout = "5s"
  calls   = [api.internal, api.other] # want "timeout-budget"
}
api "internal" {}
function "routed" {
  timeout = "2s"
  trigger { source = api.internal }
}
api "other" {}
container "unbounded" {
  trigger { source = api.other }
}
`,
		"an api that only enqueues answers at once": `
function "producer" {
  timeout = "10s"
  calls   = [api.ingest, api.empty] # want "timeout-budget"
}
api "ingest" {
  public = false
}
queue "events" {
  trigger {
    source = api.ingest
    route  = "POST /events"
  }
}
stream "clicks" {
  trigger {
    source = api.ingest
    route  = "POST /clicks"
  }
}
api "empty" {
  public = false
}
`,
		"express state machine steps": `
state_machine "flow" {
  type    = "express"
  timeout = "10s"
  calls   = [function.step_a, function.step_b] # want "timeout-budget"
}
function "step_a" {
  timeout = "3s"
}
function "step_b" {
  timeout = "10s"
}
`,
		"path behind an api adds up past its timeout": `
api "public" {}
function "a" {
  timeout      = "29s"
  duration_p99 = "20s"
  calls        = [function.b]
  trigger { source = api.public } # want "timeout-budget"
}
function "b" {
  timeout      = "15s"
  duration_p99 = "12s"
}
`,
		"path that fits": `
api "public" {}
function "a" {
  timeout = "10s"
  calls   = [function.b, external.x]
  trigger { source = api.public }
}
function "b" {
  timeout = "8s"
}
external "x" {
  latency = "1s"
}
`,
		"a reported call is not reported again on the path": `
api "public" {}
function "a" {
  timeout = "10s"
  calls   = [function.b] # want "timeout-budget"
  trigger { source = api.public }
}
function "b" {
  timeout = "25s"
}
`,
		"a first hop that outlasts the api is api-timeout's": `
api "public" {}
function "a" {
  timeout = "40s"
  calls   = [function.b]
  trigger { source = api.public }
}
function "b" {
  timeout = "1s"
}
`,
		"container without timeout counts with its p99 duration": `
api "public" {}
container "web" {
  duration     = "5s"
  duration_p99 = "20s"
  calls        = [function.f]
  trigger { source = api.public } # want "timeout-budget"
}
function "f" {
  timeout      = "15s"
  duration_p99 = "12s"
}
`,
		"standard state machine behind an api is started, not awaited": `
api "public" {}
state_machine "order" {
  calls = [function.f]
  trigger { source = api.public }
}
function "f" {
  timeout = "1m"
}
`,
		"synchronous cycle terminates": `
api "public" {}
function "ping" {
  timeout = "5s"
  calls   = [function.pong] # want "timeout-budget"
  trigger { source = api.public }
}
function "pong" {
  timeout = "5s"
  calls   = [function.ping] # want "timeout-budget"
}
`,
		"self call": `
function "recurse" {
  timeout = "5s"
  calls   = [function.recurse] # want "timeout-budget"
}
`,
		"sync named source is not an api": `
function "pre_signup" {
  timeout = "20s"
  calls   = [function.check]
  trigger { source = "cognito" }
}
function "check" {
  timeout = "15s"
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, timeoutBudget{}) })
	}
}

func TestTimeoutBudgetMessages(t *testing.T) {
	t.Run("single call", func(t *testing.T) {
		src := `
function "b" {
  timeout = "5s"
  calls   = [function.a] # want "timeout-budget"
}
function "a" {
  timeout = "10s"
}
`
		f := onlyFinding(t, src, timeoutBudget{})
		want := "function.a (timeout 10s) is called synchronously by function.b (timeout 5s): function.b is cut off before the call can end, so it never sees the callee's error and cannot retry or fall back; keep the callee's limit below 5s"
		if f.Message != want {
			t.Errorf("message\n got %s\nwant %s", f.Message, want)
		}
		if got := sourceAt(t, src, f); got != "function.a" || f.Component != "function.b" {
			t.Errorf("range covers %q, component %s", got, f.Component)
		}
	})
	t.Run("retries", func(t *testing.T) {
		f := onlyFinding(t, `
function "b" {
  timeout      = "10s"
  call_retries = 2
  calls        = [external.x] # want "timeout-budget"
}
external "x" {
  latency_p99 = "4s"
}
`, timeoutBudget{})
		want := "external.x (p99 latency 4s) is called synchronously by function.b (timeout 10s) with call_retries 2: 3 attempts can take 12s, so function.b is cut off before its last retry ends; keep 3 x the callee's limit below 10s"
		if f.Message != want {
			t.Errorf("message\n got %s\nwant %s", f.Message, want)
		}
	})
	t.Run("path with retries across services and files", func(t *testing.T) {
		src := `
-- edge.arch.hcl --
service "edge" {
  api "public" { type = "rest" }
}
-- orders.arch.hcl --
service "orders" {
  function "place" {
    timeout      = "18s"
    duration_p99 = "10s"
    call_retries = 1
    calls        = [function.price]
    trigger {
      source = api.public # want "timeout-budget"
      route  = "POST /orders"
    }
  }
}
-- pricing.arch.hcl --
service "pricing" {
  function "price" {
    timeout      = "5s"
    duration_p99 = "8s"
    calls        = [external.tax]
  }
  external "tax" {
    latency_p99 = "2s"
  }
}
`
		f := onlyFinding(t, src, timeoutBudget{})
		want := `the slowest path behind api.public route "POST /orders" takes 30s at p99, more than its integration timeout of 29s: api.public -> function.place (p99 duration 10s) -> function.price (p99 duration 8s x 2 attempts) -> external.tax (p99 latency 2s x 2 attempts); make the hops faster or move work off the request path`
		if f.Message != want {
			t.Errorf("message\n got %s\nwant %s", f.Message, want)
		}
		if f.Range.Filename != "orders.arch.hcl" || sourceAt(t, src, f) != "api.public" || f.Component != "function.place" {
			t.Errorf("finding at %s on %s", f.Range, f.Component)
		}
	})
}
