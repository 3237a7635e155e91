package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestSharedDatabase(t *testing.T) {
	cases := map[string]string{
		"written by two services": `
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  database "orders" { # want "shared-database"
  }
}
service "billing" {
  function "charge" {
    writes = [database.orders]
  }
}
`,
		"written by two services and read by a third": `
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  database "orders" { # want "shared-database"
  }
}
service "billing" {
  function "charge" {
    writes = [database.orders]
  }
}
service "reporting" {
  function "daily" {
    reads = [database.orders] # want "shared-database"
  }
}
`,
		"a writer that also reads is named once, by the error": `
service "accounts" {
  function "update_account" {
    reads  = [database.accounts]
    writes = [database.accounts]
  }
  database "accounts" { # want "shared-database"
  }
}
service "billing" {
  function "charge" {
    reads  = [database.accounts]
    writes = [database.accounts]
  }
  function "report" {
    reads = [database.accounts] # want "shared-database"
  }
}
`,
		"a strangler's modern side on the legacy database is strangler-shared-store's": `
api "edge" {}
service "legacy" {
  container "monolith" {
    writes = [database.products]
    trigger { source = api.edge }
  }
  database "products" {}
}
service "catalog" {
  function "catalog_v2" {
    reads  = [database.products]
    writes = [database.products]
    trigger {
      source = api.edge
      route  = "GET /products"
    }
  }
}
service "search" {
  function "indexer" {
    reads = [database.products] # want "shared-database"
  }
}
pattern "strangler" "split" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.catalog_v2]
}
`,
		"written by one service, read by its owner": `
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  function "get" {
    reads = [database.orders]
  }
  database "orders" {}
}
`,
		"read by another service": `
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  database "orders" {}
}
service "reporting" {
  function "daily" {
    reads = [database.orders] # want "shared-database"
  }
}
`,
		"top-level database: owner is its only writing service": `
database "orders" {}
service "orders" {
  function "place" {
    writes = [database.orders]
  }
}
service "reporting" {
  function "daily" {
    reads = [database.orders] # want "shared-database"
  }
}
`,
		"top-level components are not counted": `
database "shared" {}
function "a" {
  writes = [database.shared]
}
function "b" {
  writes = [database.shared]
}
service "x" {
  function "c" {
    writes = [database.shared]
  }
}
`,
		"a foreign writer of an owned database is a warning": `
service "orders" {
  database "orders" {}
}
service "billing" {
  function "charge" {
    writes = [database.orders] # want "shared-database"
  }
}
`,
		"change stream consumers are not readers": `
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  database "orders" { stream = true }
}
service "reporting" {
  queue "failed" {}
  function "project" {
    trigger {
      source     = database.orders
      on_failure = queue.failed
    }
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, sharedDatabase{}) })
	}
}

func TestSharedDatabaseAcrossFiles(t *testing.T) {
	fs := linttest.Run(t, `
-- orders.arch.hcl --
service "orders" {
  function "place" {
    writes = [database.orders]
  }
  database "orders" { # want "shared-database"
  }
}
-- billing.arch.hcl --
service "billing" {
  function "charge" {
    writes = [database.orders]
  }
}
-- shipping.arch.hcl --
service "shipping" {
  function "ship" {
    writes = [database.orders]
  }
}
`, sharedDatabase{})
	want := "database.orders is written by 3 services: billing (function.charge), orders (function.place), shipping (function.ship); give each service its own data and share changes through events or an API"
	if len(fs) != 1 || fs[0].Message != want || fs[0].Range.Filename != "orders.arch.hcl" {
		t.Fatalf("got %+v\nwant %q", fs, want)
	}
}
