package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestStranglerSharedStoreMeta(t *testing.T) { assertMetaExamples(t, stranglerSharedStore{}) }

func TestStranglerSharedStore(t *testing.T) {
	cases := map[string]string{
		"modern writes the legacy database": `
pattern "strangler" "s" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders, function.users]
}
api "edge" {}
container "monolith" {
  writes = [database.shop, database.audit]
  trigger { source = api.edge }
}
function "orders" {
  writes = [database.orders, database.shop] # want "strangler-shared-store"
}
function "users" {
  writes = [database.audit] # want "strangler-shared-store"
}
database "shop" {}
database "orders" {}
database "audit" {}
`,
		"reads are fine": `
pattern "strangler" "s" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
api "edge" {}
container "monolith" {
  writes = [database.shop]
}
function "orders" {
  reads  = [database.shop]
  writes = [database.orders]
}
database "shop" {}
database "orders" {}
`,
		"legacy reads what modern writes": `
pattern "strangler" "s" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
api "edge" {}
container "monolith" {
  reads = [database.orders]
}
function "orders" {
  writes = [database.orders]
}
database "orders" {}
`,
		"an external legacy side writes nothing we can see": `
pattern "strangler" "s" {
  facade = api.edge
  legacy = external.monolith
  modern = [function.orders]
}
api "edge" {}
external "monolith" {
  trigger { source = api.edge }
}
function "orders" {
  writes = [database.orders]
}
database "orders" {}
`,
		"buckets are not databases": `
pattern "strangler" "s" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
api "edge" {}
container "monolith" {
  writes = [bucket.files]
}
function "orders" {
  writes = [bucket.files]
}
bucket "files" {}
`,
		"two modern services sharing a table is shared-database's business": `
pattern "strangler" "s" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.a, function.b]
}
api "edge" {}
container "monolith" {}
function "a" {
  writes = [database.new]
}
function "b" {
  writes = [database.new]
}
database "new" {}
`,
		"the same modern write in two stranglers is reported once": `
pattern "strangler" "one" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
pattern "strangler" "two" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
api "edge" {}
container "monolith" {
  writes = [database.shop]
}
function "orders" {
  writes = [database.shop] # want "strangler-shared-store"
}
database "shop" {}
`,
		"legacy and modern in different files and services": `
-- pattern.arch.hcl --
pattern "strangler" "s" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
-- legacy.arch.hcl --
service "legacy" {
  api "edge" {}
  container "monolith" {
    writes = [database.shop]
  }
  database "shop" {}
}
-- modern.arch.hcl --
service "orders" {
  function "orders" {
    writes = [database.shop] # want "strangler-shared-store"
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, stranglerSharedStore{}) })
	}
}

func TestStranglerSharedStoreMessage(t *testing.T) {
	src := `
pattern "strangler" "tickets" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}
api "edge" {}
container "monolith" {
  writes = [database.shop]
}
function "orders" {
  writes = [database.shop] # want "strangler-shared-store"
}
database "shop" {}
`
	f := onlyFinding(t, src, stranglerSharedStore{})
	want := `function.orders (modern side of strangler "tickets") writes database.shop, which legacy container.monolith also writes: the new service inherits the legacy schema and the old database can never be retired; give function.orders its own database and sync the legacy side through events`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != "database.shop" {
		t.Errorf("range covers %q, want the write reference", got)
	}
}
