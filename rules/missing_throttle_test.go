package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestMissingThrottleMeta(t *testing.T) { assertMetaExamples(t, missingThrottle{}) }

func TestMissingThrottle(t *testing.T) {
	cases := map[string]string{
		"public by default, no throttle": `
api "public" { # want "missing-throttle"
}
`,
		"throttled": `
api "public" {
  throttle_rate = 100
}
`,
		"a burst alone is not a rate": `
api "public" { # want "missing-throttle"
  throttle_burst = 100
}
`,
		"private api": `
api "internal" {
  public = false
}
function "f" {
  calls = [api.internal]
}
`,
		"every api type": `
api "lb" { # want "missing-throttle"
  type = "alb"
}
api "graph" { # want "missing-throttle"
  type = "appsync"
}
api "ws" { # want "missing-throttle"
  type = "websocket"
}
`,
		"each api on its own, across files": `
-- a.arch.hcl --
api "one" { # want "missing-throttle"
}
-- b.arch.hcl --
api "two" {
  throttle_rate = 5
}
api "three" { # want "missing-throttle"
  public = true
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, missingThrottle{}) })
	}
}

func TestMissingThrottleMessageAndRange(t *testing.T) {
	src := `
api "shop" { # want "missing-throttle"
  type = "rest"
}
function "list" {
  trigger {
    source = api.shop
    route  = "GET /items"
  }
}
function "buy" {
  trigger {
    source = api.shop
    route  = "POST /cart"
  }
}
`
	f := onlyFinding(t, src, missingThrottle{})
	want := "api.shop is public in front of function.buy and function.list with no throttle_rate: one client can use the account's regional api quota (10,000 requests/s by default, shared by every api) and push all of it to the backends; set throttle_rate and throttle_burst; function.buy and function.list have no reserved concurrency either, so the flood can take the account's whole concurrency and throttle every other function (or set their concurrency)"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != `api "shop"` {
		t.Errorf("range covers %q", got)
	}
	if f.Component != "api.shop" {
		t.Errorf("component %q", f.Component)
	}
}

func TestMissingThrottleMessageALB(t *testing.T) {
	f := onlyFinding(t, `
api "lb" { # want "missing-throttle"
  type = "alb"
}
`, missingThrottle{})
	want := "api.lb is public with no throttle_rate: an ALB has no throttle of its own, so one client's flood reaches the backends unchecked; limit it in front (a WAF rate-based rule) and record that limit as throttle_rate"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
}
