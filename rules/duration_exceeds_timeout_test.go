package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestDurationExceedsTimeoutMeta(t *testing.T) { assertMetaExamples(t, durationExceedsTimeout{}) }

func TestDurationExceedsTimeout(t *testing.T) {
	cases := map[string]string{
		"own work alone is over": `
function "f" {
  timeout      = "2s" # want "duration-exceeds-timeout"
  duration_p99 = "2500ms"
}
`,
		"default p99 is three times the mean": `
function "f" {
  timeout  = "1s" # want "duration-exceeds-timeout"
  duration = "400ms"
}
function "g" {
  timeout  = "1200ms"
  duration = "400ms"
}
`,
		"default timeout points at the block": `
function "f" { # want "duration-exceeds-timeout"
  duration_p99 = "4s"
}
`,
		"exactly at the timeout fits": `
function "f" {
  timeout      = "3s"
  duration_p99 = "1s"
  calls        = [external.e]
}
external "e" {
  latency_p99 = "2s"
}
`,
		"callee timeouts and external p99 add up": `
function "f" {
  timeout      = "10s" # want "duration-exceeds-timeout"
  duration_p99 = "1s"
  calls        = [function.g, external.e]
}
function "g" {
  timeout = "6s"
}
external "e" {
  latency_p99 = "3500ms"
}
`,
		"call retries multiply every call": `
function "f" {
  timeout      = "8s" # want "duration-exceeds-timeout"
  duration_p99 = "1s"
  call_retries = 2
  calls        = [external.e]
}
function "g" {
  timeout      = "8s"
  duration_p99 = "1s"
  call_retries = 1
  calls        = [external.e]
}
external "e" {
  latency_p99 = "2500ms"
}
`,
		"one call that alone reaches the timeout is timeout-budget's": `
function "f" {
  timeout      = "9s"
  duration_p99 = "1s"
  call_retries = 2
  calls        = [external.e]
}
external "e" {
  latency_p99 = "3s"
}
`,
		"emits, reads and writes do not wait": `
function "f" {
  timeout      = "1s"
  duration_p99 = "500ms"
  emits        = [function.slow, queue.q]
  reads        = [database.d]
  writes       = [bucket.b]
}
function "slow" {
  timeout = "15m"
}
queue "q" {}
database "d" {}
bucket "b" {}
`,
		"container without a timeout is skipped, and counts with its p99 as a callee": `
container "web" {
  duration_p99 = "1m"
  calls        = [external.e]
}
external "e" {
  latency_p99 = "1m"
}
function "f" {
  timeout      = "5s" # want "duration-exceeds-timeout"
  duration_p99 = "1s"
  calls        = [container.web]
}
function "g" {
  timeout      = "5s"
  duration_p99 = "1s"
  calls        = [container.small]
}
container "small" {
  duration_p99 = "2s"
}
`,
		"container with a timeout is checked": `
container "batch" {
  timeout      = "1m" # want "duration-exceeds-timeout"
  duration_p99 = "50s"
  calls        = [external.e]
}
external "e" {
  latency_p99 = "20s"
}
`,
		"an internal api counts with its longest route": `
api "internal" {
  public = false
}
function "backend" {
  timeout = "2s"
  trigger { source = api.internal }
}
function "f" {
  timeout      = "3s"
  duration_p99 = "500ms"
  calls        = [api.internal]
}
function "g" {
  timeout      = "2400ms" # want "duration-exceeds-timeout"
  duration_p99 = "500ms"
  calls        = [api.internal]
}
`,
		"express state machine callee uses its default timeout": `
state_machine "quote" {
  type = "express"
}
function "f" {
  timeout      = "6m" # want "duration-exceeds-timeout"
  duration_p99 = "90s"
  calls        = [state_machine.quote]
}
`,
		"state machine steps add up": `
state_machine "flow" {
  type    = "express"
  timeout = "20s" # want "duration-exceeds-timeout"
  calls   = [function.a, function.b]
}
function "a" {
  timeout = "10s"
}
function "b" {
  timeout = "10s"
}
`,
		"standard state machine has a year": `
state_machine "flow" {
  calls = [function.a]
}
function "a" {
  timeout = "15m"
}
`,
		"a synchronous self-call never fits, and is timeout-budget's": `
function "recurse" {
  timeout = "5s"
  calls   = [function.recurse]
}
`,
		"a cycle of calls: the outer one sums past its timeout, the inner one is timeout-budget's": `
function "ping" {
  timeout      = "5s" # want "duration-exceeds-timeout"
  duration_p99 = "2s"
  calls        = [function.pong]
}
function "pong" {
  timeout      = "4s"
  duration_p99 = "2s"
  calls        = [function.ping]
}
`,
		"callee in another file and service": `
-- front.arch.hcl --
service "front" {
  function "checkout" {
    timeout      = "5s" # want "duration-exceeds-timeout"
    duration_p99 = "1500ms"
    calls        = [function.price]
  }
}
-- pricing.arch.hcl --
service "pricing" {
  function "price" {
    timeout = "4s"
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, durationExceedsTimeout{}) })
	}
}

func TestDurationExceedsTimeoutMessage(t *testing.T) {
	src := `
function "checkout" {
  timeout      = "9s" # want "duration-exceeds-timeout"
  duration_p99 = "600ms"
  call_retries = 1
  calls        = [function.price, external.tax]
}
function "price" {
  timeout = "3s"
}
external "tax" {
  latency_p99 = "1500ms"
}
`
	f := onlyFinding(t, src, durationExceedsTimeout{})
	want := "function.checkout can run 9.6s at worst, over its timeout of 9s: p99 own work 600ms + 2 x function.price (timeout 3s) + 2 x external.tax (p99 latency 1.5s); raise the timeout, make the work faster, or move the slow calls off the request path"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `"9s"` {
		t.Errorf("range covers %q, want the timeout value", got)
	}
}

func TestDurationExceedsTimeoutDefaultTimeoutMessage(t *testing.T) {
	src := `
function "f" { # want "duration-exceeds-timeout"
  duration = "2s"
}
`
	f := onlyFinding(t, src, durationExceedsTimeout{})
	want := "function.f can run 6s at worst, over its default timeout of 3s: p99 own work 6s; raise the timeout or make the work faster"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `function "f"` {
		t.Errorf("range covers %q", got)
	}
}
