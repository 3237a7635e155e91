package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestSinglePointOfFailureMeta(t *testing.T) { assertMetaExamples(t, singlePointOfFailure{}) }

func TestSinglePointOfFailure(t *testing.T) {
	cases := map[string]string{
		"three routes, three callers without a breaker": `
api "shop" {}
function "a" {
  calls = [external.inventory] # want "single-point-of-failure"
  trigger { source = api.shop }
}
function "b" {
  calls = [external.inventory] # want "single-point-of-failure"
  trigger { source = api.shop }
}
function "c" {
  calls = [external.inventory] # want "single-point-of-failure"
  trigger { source = api.shop }
}
external "inventory" {}
`,
		"two routes are below the threshold": `
api "shop" {}
function "a" {
  calls = [external.inventory]
  trigger { source = api.shop }
}
function "b" {
  calls = [external.inventory]
  trigger { source = api.shop }
}
external "inventory" {}
`,
		"routes count, not apis; one function behind three apis": `
api "web" {}
api "mobile" {}
api "partner" {}
function "front" {
  calls = [function.auth] # want "single-point-of-failure"
  trigger { source = api.web }
  trigger { source = api.mobile }
  trigger { source = api.partner }
}
function "auth" {}
`,
		"a function the apis route to directly has no caller to protect it": `
api "web" {}
api "mobile" {}
api "partner" {}
function "front" {
  trigger { source = api.web }
  trigger { source = api.mobile }
  trigger { source = api.partner }
}
`,
		"protected callers are not reported, unprotected ones are": `
api "shop" {}
function "a" {
  circuit_breaker = true
  calls           = [external.inventory]
  trigger { source = api.shop }
}
function "b" {
  circuit_breaker = true
  calls           = [external.inventory]
  trigger { source = api.shop }
}
function "c" {
  calls = [external.inventory] # want "single-point-of-failure"
  trigger { source = api.shop }
}
external "inventory" {}
`,
		"every caller protected": `
api "shop" {}
function "a" {
  circuit_breaker = true
  calls           = [external.inventory]
  trigger { source = api.shop }
}
function "b" {
  circuit_breaker = true
  calls           = [external.inventory]
  trigger { source = api.shop }
}
function "c" {
  circuit_breaker = true
  calls           = [external.inventory]
  trigger { source = api.shop }
}
external "inventory" {}
`,
		"transitive: deep dependency under a shared hub": `
api "shop" {}
function "a" {
  circuit_breaker = true
  calls           = [function.hub]
  trigger { source = api.shop }
}
function "b" {
  circuit_breaker = true
  calls           = [function.hub]
  trigger { source = api.shop }
}
function "c" {
  circuit_breaker = true
  calls           = [function.hub]
  trigger { source = api.shop }
}
function "hub" {
  calls = [external.db_proxy] # want "single-point-of-failure"
}
external "db_proxy" {}
`,
		"sync named sources are entry routes; async ones are not": `
api "shop" {}
function "signup" {
  calls = [external.crm] # want "single-point-of-failure"
  trigger { source = "cognito" }
}
function "skill" {
  calls = [external.crm] # want "single-point-of-failure"
  trigger { source = "alexa" }
}
function "web" {
  calls = [external.crm] # want "single-point-of-failure"
  trigger { source = api.shop }
}
function "nightly" {
  calls = [external.crm] # want "single-point-of-failure"
  trigger {
    source   = "schedule"
    schedule = "rate(1 day)"
  }
}
external "crm" {}
`,
		"asynchronous work is not a route": `
topic "t" {}
queue "q" {}
function "a" {
  calls = [external.crm]
  trigger { source = topic.t }
}
function "b" {
  calls = [external.crm]
  trigger { source = queue.q }
}
function "c" {
  calls = [external.crm]
  trigger {
    source   = "schedule"
    schedule = "rate(1 day)"
  }
}
external "crm" {}
`,
		"a standard state machine behind an api is started, not awaited": `
api "shop" {}
state_machine "one" {
  calls = [function.step]
  trigger { source = api.shop }
}
state_machine "two" {
  calls = [function.step]
  trigger { source = api.shop }
}
state_machine "three" {
  calls = [function.step]
  trigger { source = api.shop }
}
function "step" {}
`,
		"an internal api is a dependency; its routes are not entries": `
api "public" {}
api "internal" {
  public = false
}
function "a" {
  calls = [api.internal] # want "single-point-of-failure"
  trigger { source = api.public }
}
function "b" {
  calls = [api.internal] # want "single-point-of-failure"
  trigger { source = api.public }
}
function "c" {
  calls = [api.internal] # want "single-point-of-failure"
  trigger { source = api.public }
}
function "backend" {
  trigger { source = api.internal }
}
`,
		"a cycle of calls terminates": `
api "shop" {}
function "a" {
  calls = [function.ping] # want "single-point-of-failure"
  trigger { source = api.shop }
}
function "b" {
  calls = [function.ping] # want "single-point-of-failure"
  trigger { source = api.shop }
}
function "c" {
  calls = [function.ping] # want "single-point-of-failure"
  trigger { source = api.shop }
}
function "ping" {
  calls = [function.pong] # want "single-point-of-failure"
}
function "pong" {
  calls = [function.ping] # want "single-point-of-failure"
}
`,
		"self-call: the only caller is itself": `
api "shop" {}
function "a" {
  circuit_breaker = true
  calls           = [function.r]
  trigger { source = api.shop }
}
function "b" {
  circuit_breaker = true
  calls           = [function.r]
  trigger { source = api.shop }
}
function "c" {
  circuit_breaker = true
  calls           = [function.r]
  trigger { source = api.shop }
}
function "r" {
  calls = [function.r] # want "single-point-of-failure"
}
`,
		"routes across files and services": `
-- web.arch.hcl --
service "web" {
  api "public" {}
  function "browse" {
    calls = [external.pricing] # want "single-point-of-failure"
    trigger { source = api.public }
  }
}
-- mobile.arch.hcl --
service "mobile" {
  api "app" {}
  function "app_home" {
    calls = [external.pricing] # want "single-point-of-failure"
    trigger { source = api.app }
  }
  function "app_cart" {
    circuit_breaker = true
    calls           = [external.pricing]
    trigger { source = "cognito" }
  }
}
-- partner.arch.hcl --
service "pricing" {
  external "pricing" {}
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, singlePointOfFailure{}) })
	}
}

func TestSinglePointOfFailureThreshold(t *testing.T) {
	src := `
api "shop" {}
function "a" {
  calls = [external.inventory] # want "single-point-of-failure"
  trigger {
    source = api.shop
    route  = "GET /a"
  }
}
function "b" {
  calls = [external.inventory] # want "single-point-of-failure"
  trigger {
    source = api.shop
    route  = "GET /b"
  }
}
external "inventory" {}
`
	cfg := lint.Config{Rules: map[string]lint.RuleConfig{"single-point-of-failure": {Options: map[string]int{"threshold": 2}}}}
	fs := linttest.RunConfig(t, src, cfg, singlePointOfFailure{})
	want := `external.inventory is reached synchronously from 2 entry routes (api.shop "GET /a", api.shop "GET /b"), and function.a calls it without circuit_breaker: when external.inventory fails, every one of those routes waits for it and fails; set circuit_breaker = true on function.a and degrade instead`
	if len(fs) != 2 || fs[0].Message != want {
		t.Fatalf("got %+v\nwant first message %s", fs, want)
	}
	if got := sourceAt(t, src, fs[0]); got != "external.inventory" {
		t.Errorf("range covers %q, want the call reference", got)
	}
	if fs[0].Component != "function.a" {
		t.Errorf("component %q", fs[0].Component)
	}
}

// Many routes: the count stops at a bound, the message says "or more".
func TestSinglePointOfFailureManyRoutes(t *testing.T) {
	var b strings.Builder
	b.WriteString("api \"shop\" {}\nexternal \"inventory\" {}\n")
	for i := range 20 {
		fmt.Fprintf(&b, "function \"f%02d\" {\n  circuit_breaker = %t\n  calls = [external.inventory]\n  trigger {\n    source = api.shop\n    route  = \"GET /r%02d\"\n  }\n}\n", i, i != 7, i)
	}
	fs := linttest.Findings(t, b.String(), lint.Config{}, singlePointOfFailure{})
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %+v", fs)
	}
	if !strings.HasPrefix(fs[0].Message, `external.inventory is reached synchronously from 8 or more entry routes (api.shop "GET /r00", api.shop "GET /r01",`) ||
		!strings.Contains(fs[0].Message, "function.f07 calls it") {
		t.Errorf("message %s", fs[0].Message)
	}
}
