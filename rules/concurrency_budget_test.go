package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestConcurrencyBudgetMeta(t *testing.T) { assertMetaExamples(t, concurrencyBudget{}) }

func TestConcurrencyBudget(t *testing.T) {
	cases := map[string]string{
		"over the default account without an architecture block": `
function "a" {
  concurrency = 500
}
function "b" {
  concurrency = 300
}
function "c" {
  concurrency = 200 # want "concurrency-budget"
}
function "d" {
  concurrency = 50
}
`,
		"exactly the reservable 900": `
function "a" {
  concurrency = 600
}
function "b" {
  concurrency = 300
}
`,
		"reported at the architecture block": `
architecture "shop" { # want "concurrency-budget"
  account_concurrency = 500
}
function "a" {
  concurrency = 300
}
function "b" {
  concurrency = 150
}
`,
		"a raised account limit": `
architecture "shop" {
  account_concurrency = 3000
}
function "a" {
  concurrency = 2000
}
function "b" {
  concurrency = 900
}
`,
		"containers are not Lambda": `
container "web" {
  concurrency = 5000
}
function "a" {
  concurrency = 100
}
`,
		"an account too small to reserve anything": `
architecture "sandbox" { # want "concurrency-budget"
  account_concurrency = 50
}
function "a" {
  concurrency = 1
}
`,
		"no reservations": `
function "a" {}
function "b" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, concurrencyBudget{}) })
	}
}

func TestConcurrencyBudgetMessage(t *testing.T) {
	src := `
-- main.arch.hcl --
architecture "shop" { # want "concurrency-budget"
  account_concurrency = 1000
}
-- orders.arch.hcl --
service "orders" {
  function "place" {
    concurrency = 400
  }
  function "track" {
    concurrency = 100
  }
}
-- search.arch.hcl --
service "search" {
  function "query" {
    concurrency = 400
  }
  function "index" {
    concurrency = 50
  }
}
`
	f := onlyFinding(t, src, concurrencyBudget{})
	want := "reserved concurrency adds up to 950 across 4 functions (function.place 400, function.query 400, function.track 100, 1 more), above the 900 an account limit of 1000 can reserve: Lambda keeps 100 unreserved and rejects the reservation that crosses the line; lower the reservations, or raise the account limit and account_concurrency"
	if f.Message != want || f.Range.Filename != "main.arch.hcl" || f.Component != "" {
		t.Errorf("got %+v\nwant %s", f, want)
	}

	f = onlyFinding(t, `
function "a" {
  concurrency = 950 # want "concurrency-budget"
}
`, concurrencyBudget{})
	if f.Component != "function.a" {
		t.Errorf("component %q", f.Component)
	}
}
