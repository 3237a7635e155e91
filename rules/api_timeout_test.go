package rules

import (
	"github.com/archiehq/archie/lint"

	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestAPITimeoutMeta(t *testing.T) { assertMetaExamples(t, apiTimeout{}) }

func TestAPITimeout(t *testing.T) {
	cases := map[string]string{
		"function longer than an http api": `
api "public" {}
function "export" {
  timeout = "1m" # want "api-timeout"
  trigger { source = api.public }
}
`,
		"rest api gives up at 29s": `
api "public" { type = "rest" }
function "slow" {
  timeout = "30s" # want "api-timeout"
  trigger { source = api.public }
}
function "exact" {
  timeout = "29s"
  trigger { source = api.public }
}
`,
		"default function timeout fits": `
api "public" {}
function "quick" {
  trigger { source = api.public }
}
`,
		"explicit api timeout": `
api "lb" {
  type    = "alb"
  timeout = "10s"
}
function "f" {
  timeout = "15s" # want "api-timeout"
  trigger { source = api.lb }
}
`,
		"alb default allows a minute": `
api "lb" { type = "alb" }
function "f" {
  timeout = "45s"
  trigger { source = api.lb }
}
`,
		"express state machine default timeout points at the block": `
api "public" {}
state_machine "quote" { # want "api-timeout"
  type = "express"
  trigger { source = api.public }
}
`,
		"standard state machine is started, not awaited": `
api "public" {}
state_machine "order" {
  trigger { source = api.public }
}
`,
		"container without timeout is not judged": `
api "public" {}
container "web" {
  trigger { source = api.public }
}
`,
		"container with a long timeout": `
api "public" {}
container "web" {
  timeout = "2m" # want "api-timeout"
  trigger { source = api.public }
}
`,
		"queue and stream behind an api answer at once": `
api "public" {}
queue "inbox" {
  trigger { source = api.public }
}
stream "events" {
  trigger { source = api.public }
}
`,
		"proxied external with a slow p99": `
api "public" {}
external "partner" {
  latency     = "5s"
  latency_p99 = "45s" # want "api-timeout"
  trigger { source = api.public }
}
external "fast" {
  latency = "200ms"
  trigger { source = api.public }
}
`,
		"external p99 by default is 3 x latency": `
api "public" {}
external "legacy" { # want "api-timeout"
  latency = "12s"
  trigger { source = api.public }
}
`,
		"one finding per api": `
api "public" {}
api "internal" {
  type    = "alb"
  timeout = "2m"
}
function "report" {
  timeout = "90s" # want "api-timeout"
  trigger { source = api.public }
  trigger { source = api.internal }
}
`,
		"a function called by the routed function is timeout-budget's": `
api "public" {}
function "front" {
  timeout = "10s"
  calls   = [function.back]
  trigger { source = api.public }
}
function "back" {
  timeout = "5m"
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, apiTimeout{}) })
	}
}

func TestAPITimeoutMessageAndRange(t *testing.T) {
	src := `
api "public" {}
function "export" {
  timeout = "2m" # want "api-timeout"
  trigger {
    source = api.public
    route  = "POST /exports"
  }
}
`
	f := onlyFinding(t, src, apiTimeout{})
	want := `function.export (timeout 2m) is triggered synchronously by api.public route "POST /exports" (http api, integration timeout 30s): the client gets a 504 after 30s while function.export keeps running, billed, for up to 2m; set its timeout to at most 30s or hand the work off asynchronously`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `"2m"` || f.Component != "function.export" {
		t.Errorf("range covers %q, component %s", got, f.Component)
	}
}

func TestAPITimeoutAcrossFiles(t *testing.T) {
	src := `
-- edge.arch.hcl --
service "edge" {
  api "public" { type = "rest" }
}
-- reports.arch.hcl --
service "reports" {
  function "render" {
    timeout = "40s" # want "api-timeout"
    trigger {
      source = api.public
      route  = "GET /reports/{id}"
    }
  }
}
`
	f := onlyFinding(t, src, apiTimeout{})
	if f.Range.Filename != "reports.arch.hcl" || sourceAt(t, src, f) != `"40s"` {
		t.Errorf("finding at %s", f.Range)
	}
}

// TestAPITimeoutCloseIsAWarning: a timeout a few seconds over the api's is
// a warning, a longer one an error.
func TestAPITimeoutCloseIsAWarning(t *testing.T) {
	fs := linttest.Run(t, `
api "public" {
  type = "rest"
}
function "close" {
  timeout = "30s" # want "api-timeout"
  trigger {
    source = api.public
    route  = "GET /a"
  }
}
function "far" {
  timeout = "1m" # want "api-timeout"
  trigger {
    source = api.public
    route  = "GET /b"
  }
}
`, apiTimeout{})
	if len(fs) != 2 || fs[0].Severity != lint.Warning || fs[1].Severity != lint.Error {
		t.Fatalf("want a warning for close and an error for far, got %+v", fs)
	}
}
