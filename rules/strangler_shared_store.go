package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type stranglerSharedStore struct{}

func (stranglerSharedStore) Meta() lint.Meta {
	return lint.Meta{
		ID:       "strangler-shared-store",
		Severity: lint.Error,
		Title:    "In a strangler migration, the new side must not write the legacy side's database",
		Why: `The strangler pattern replaces a legacy system one route at a time behind a
facade, and it only ends well when each new service owns its data: the
serverless patterns catalog's own example gives the first new service its
own data store and pushes changes back to the legacy app through an
anti-corruption layer. When the legacy system and a modern service both
write the same database, the new service inherits the legacy schema and
its constraints, every change to the table needs both teams, either side's
bug corrupts the other's data, and the legacy database can never be
switched off, so the migration has no end.

The rule fires when a database is written directly both by the component
in the legacy role of a strangler pattern and by a component in its modern
role, and points at each modern write. Reads are not checked: reading
legacy data during a migration is common and safe.`,
		Source: "Serverless patterns catalog (seed 002): strangler (new services own their data; an anti-corruption layer syncs back to the legacy app) and 'no shared databases' in the same author's migration story.",
		Ignore: "For a short, dated step of a migration where the modern service takes over a table the legacy side is about to stop writing: suppress with the date.",
		Failing: `pattern "strangler" "tickets" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}

api "edge" {
  type          = "alb"
  throttle_rate = 200
}

container "monolith" {
  timeout = "30s"
  writes  = [database.shop]
  trigger {
    source = api.edge
    route  = "/*"
  }
}

function "orders" {
  memory  = 512
  timeout = "10s"
  writes  = [database.shop]
  trigger {
    source = api.edge
    route  = "/orders/*"
  }
}

database "shop" {
  engine = "mysql"
}`,
		Fixed: `pattern "strangler" "tickets" {
  facade = api.edge
  legacy = container.monolith
  modern = [function.orders]
}

api "edge" {
  type          = "alb"
  throttle_rate = 200
}

container "monolith" {
  timeout = "30s"
  writes  = [database.shop]
  trigger {
    source = api.edge
    route  = "/*"
  }
}

# the new service owns its table and tells the monolith through a queue
function "orders" {
  memory  = 512
  timeout = "10s"
  writes  = [database.orders]
  emits   = [queue.to_monolith]
  trigger {
    source = api.edge
    route  = "/orders/*"
  }
}

database "orders" {}

database "shop" {
  engine = "mysql"
}

queue "to_monolith" {}`,
		SeeAlso:  []string{"shared-database", "pattern-mismatch"},
		Patterns: []string{"strangler"},
	}
}

func (stranglerSharedStore) Check(p *lint.Pass) error {
	reported := map[*schema.Edge]bool{}
	for _, pat := range p.Arch.Patterns {
		if pat.Kind != "strangler" {
			continue
		}
		legacy := pat.Member("legacy")
		if legacy == nil {
			continue
		}
		legacyWrites := map[*schema.Component]bool{}
		for _, e := range legacy.Out {
			if e.Relation == schema.RelWrites && e.To.Kind == schema.KindDatabase {
				legacyWrites[e.To] = true
			}
		}
		if len(legacyWrites) == 0 {
			continue
		}
		for _, m := range pat.Members("modern") {
			if m == legacy {
				continue
			}
			for _, e := range m.Out {
				if e.Relation != schema.RelWrites || !legacyWrites[e.To] || reported[e] {
					continue
				}
				reported[e] = true
				p.With(lint.Context{Pattern: pat.Name}).Report(m, edgeRange(e),
					"%s (modern side of strangler %q) writes %s, which legacy %s also writes: the new service inherits the legacy schema and the old database can never be retired; give %s its own database and sync the legacy side through events",
					m.Address(), pat.Name, e.To.Address(), legacy.Address(), m.Address())
			}
		}
	}
	return nil
}

// stranglerStores are the (modern member, database) pairs this rule
// reports: shared-database leaves their edges alone, so one migration
// mistake gives one finding.
func stranglerStores(a *schema.Architecture) map[[2]*schema.Component]bool {
	out := map[[2]*schema.Component]bool{}
	for _, pat := range a.Patterns {
		legacy := pat.Member("legacy")
		if pat.Kind != "strangler" || legacy == nil {
			continue
		}
		for _, m := range pat.Members("modern") {
			if m == legacy {
				continue
			}
			for _, e := range m.Out {
				if e.Relation == schema.RelWrites && e.To.Kind == schema.KindDatabase && edgeBetween(legacy, e.To, schema.RelWrites) != nil {
					out[[2]*schema.Component{m, e.To}] = true
				}
			}
		}
	}
	return out
}
