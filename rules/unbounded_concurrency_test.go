package rules

import (
	"context"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
	"github.com/archiehq/archie/schema"
)

func TestUnboundedConcurrency(t *testing.T) {
	cases := map[string]string{
		"uncapped function writes a relational database": `
function "record" {
  writes = [database.ledger] # want "unbounded-concurrency"
}
database "ledger" { engine = "postgres" }
`,
		"capped function writes a relational database": `
function "record" {
  concurrency = 10
  writes      = [database.ledger]
}
database "ledger" { engine = "aurora" }
`,
		"reads are not writes": `
function "report" {
  reads = [database.ledger]
}
database "ledger" { engine = "mysql" }
`,
		"on-demand dynamodb and s3 are elastic": `
function "f" {
  writes = [database.t, bucket.b]
}
database "t" {}
bucket "b" {}
`,
		"provisioned dynamodb is not": `
function "f" {
  writes = [database.t] # want "unbounded-concurrency"
}
database "t" {
  capacity       = "provisioned"
  write_capacity = 5
}
`,
		"externals with limits, containers without autoscaling": `
function "f" {
  calls = [external.limited, external.open, container.fixed, container.scaling] # want "unbounded-concurrency" "unbounded-concurrency"
}
external "limited" { rate_limit = 10 }
external "open" {}
container "fixed" { tasks = 2 }
container "scaling" {
  tasks     = 2
  max_tasks = 20
}
`,
		"a queue trigger with max_concurrency caps the consumer": `
queue "q" {}
function "worker" {
  calls = [external.partner]
  trigger {
    source          = queue.q
    max_concurrency = 5
  }
}
external "partner" { max_concurrency = 5 }
`,
		"max_concurrency on one trigger does not cap another source": `
queue "q" {}
topic "t" {}
function "worker" {
  calls = [external.partner] # want "unbounded-concurrency"
  trigger {
    source          = queue.q
    max_concurrency = 5
  }
  trigger { source = topic.t }
}
external "partner" { max_concurrency = 5 }
`,
		"a stream consumer is bounded by its shards": `
database "orders" {
  stream = true
}
stream "clicks" {
  shards = 4
}
function "project" {
  writes = [database.ledger]
  trigger { source = database.orders }
  trigger {
    source          = stream.clicks
    parallelization = 2
  }
}
database "ledger" { engine = "postgres" }
`,
		"a stream trigger does not bound another source": `
database "orders" {
  stream = true
}
topic "t" {}
function "project" {
  writes = [database.ledger] # want "unbounded-concurrency"
  trigger { source = database.orders }
  trigger { source = topic.t }
}
database "ledger" { engine = "postgres" }
`,
		"load-leveling consumer without a cap": `
queue "ingest" {}
function "consume" { # want "unbounded-concurrency"
  trigger { source = queue.ingest }
}
pattern "queue_load_leveling" "ingest" {
  queue    = queue.ingest
  consumer = function.consume
}
`,
		"load-leveling consumer capped by its trigger": `
queue "ingest" {}
function "consume" {
  trigger {
    source          = queue.ingest
    max_concurrency = 10
  }
}
pattern "queue_load_leveling" "ingest" {
  queue    = queue.ingest
  consumer = function.consume
}
`,
		"uncapped function behind a throttled public api is a warning": `
api "public" {
  throttle_rate = 500
}
api "private" { public = false }
function "open" { # want "unbounded-concurrency"
  trigger { source = api.public }
}
function "internal" {
  trigger { source = api.private }
}
function "capped" {
  concurrency = 100
  trigger { source = api.public }
}
`,
		"a throttle that cannot take the account's concurrency": `
api "keyed" {
  throttle_rate  = 10
  throttle_burst = 20
}
api "wide" {
  throttle_rate  = 10
  throttle_burst = 20
}
# 20 + 10 x 30s = 320 executions at most, under 1,000
function "small" {
  timeout = "30s"
  trigger { source = api.keyed }
}
# 20 + 10 x 100s = 1,020 executions: the account's whole concurrency
function "slow" { # want "unbounded-concurrency"
  timeout = "100s"
  trigger { source = api.wide }
}
`,
		"a container that does not scale out is capped by its tasks": `
container "sync_worker" {
  tasks  = 2
  writes = [database.erp]
  calls  = [external.sap]
  trigger { source = queue.jobs }
}
container "api_server" {
  tasks     = 2
  max_tasks = 20
  writes    = [database.erp] # want "unbounded-concurrency"
}
database "erp" {
  engine = "aurora"
}
external "sap" {
  max_concurrency = 10
}
pattern "queue_load_leveling" "sync" {
  queue    = queue.jobs
  consumer = container.sync_worker
}
queue "jobs" {}
`,
		"a state machine calling a fixed container": `
container "legacy" {}
state_machine "flow" {
  calls = [container.legacy] # want "unbounded-concurrency"
}
`,
		"behind an unthrottled public api, missing-throttle names it": `
api "public" {}
function "open" {
  trigger { source = api.public }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, unboundedConcurrency{}) })
	}
}

func TestUnboundedConcurrencySeverities(t *testing.T) {
	fs := linttest.Run(t, `
api "public" {
  throttle_rate = 500
}
function "f" { # want "unbounded-concurrency"
  trigger { source = api.public }
}
function "g" {
  writes = [database.pg] # want "unbounded-concurrency"
  trigger { source = api.public }
}
database "pg" { engine = "postgres" }
`, unboundedConcurrency{})
	if len(fs) != 2 || fs[0].Severity.String() != "warning" || fs[1].Severity.String() != "error" {
		t.Fatalf("want a warning for f and only an error for g, got %+v", fs)
	}
}

func TestUnboundedConcurrencyArticle(t *testing.T) {
	fs := linttest.Run(t, `
function "f" {
  writes = [database.erp] # want "unbounded-concurrency"
}
database "erp" {
  engine = "aurora"
}
`, unboundedConcurrency{})
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "writes database.erp, an aurora database:") {
		t.Fatalf("got %+v", fs)
	}
}

// TestUnboundedConcurrencySharedRole: a write inferred from a role several
// components share is a warning that says so; one inferred from the
// function's own role stays an error.
func TestUnboundedConcurrencySharedRole(t *testing.T) {
	src := `
database "ledger" {
  engine          = "postgres"
  max_connections = 100
}
function "list" {
  timeout = "10s"
  writes  = [database.ledger]
}
function "audit" {
  timeout = "10s"
  writes  = [database.ledger]
}
`
	arch := linttest.Load(t, src)
	arch.Imported = true
	for _, e := range arch.Edges {
		e.Source = schema.SourcePermission
		if e.From.Name == "list" {
			e.SharedBy = 3
		}
	}
	fs, err := lint.Run(context.Background(), arch, []lint.Rule{unboundedConcurrency{}}, lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range fs {
		got[f.Component] = f.Severity.String() + " | " + f.Message
	}
	if s := got["function.list"]; !strings.HasPrefix(s, "warning | ") || !strings.Contains(s, "(from a permission of a role 3 components share)") {
		t.Errorf("function.list: %q", s)
	}
	if s := got["function.audit"]; !strings.HasPrefix(s, "error | ") || !strings.Contains(s, "(from a permission) is inferred") {
		t.Errorf("function.audit: %q", s)
	}
}
