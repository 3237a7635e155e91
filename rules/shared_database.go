package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type sharedDatabase struct{}

func (sharedDatabase) Meta() lint.Meta {
	return lint.Meta{
		ID:       "shared-database",
		Severity: lint.Error,
		Title:    "A database belongs to one service",
		Why: `When two services write the same table, neither can change its schema, its
capacity or its access patterns without coordinating with the other, and a
bug in one corrupts the other's data: the services are coupled through the
data instead of through a contract. The serverless patterns catalog presents
decoupled messaging as better encapsulation than a shared database, and the
strangler pattern has each new service own its data.

It is an error when compute of two or more services writes the same database;
a warning when a service other than the database's owner reads or writes it
(a component the error already names as a writer is not warned again for
reading). Components declared outside any service are not counted, nor is
the modern side of a strangler writing its legacy side's database, which
strangler-shared-store reports.`,
		Source: "Serverless patterns catalog (seed 002): decoupled messaging offers better encapsulation than a shared database; strangler: new services own their data.",
		Ignore: "During a migration with a planned end (say so, with a date, in the suppression reason), or for a read-only reference table published by its owner for everyone.",
		Failing: `service "orders" {
  function "place_order" {
    writes = [database.orders]
  }
  database "orders" {}
}

service "billing" {
  function "charge" {
    writes = [database.orders]
  }
}`,
		Fixed: `service "orders" {
  function "place_order" {
    writes = [database.orders]
    emits  = [topic.order_placed]
  }
  database "orders" {}
  topic "order_placed" {}
}

service "billing" {
  function "charge" {
    writes = [database.payments]
    trigger {
      source = topic.order_placed
    }
  }
  database "payments" {}
}`,
		SeeAlso: []string{"strangler-shared-store"},
		Imported: `When a write the finding rests on was inferred by the importer from an IAM
permission or an environment variable (a shared role, a policy template),
the error becomes a warning and names those edges; a read or write of
another service's database that was inferred is an info instead of a
warning.`,
	}
}

func (sharedDatabase) Check(p *lint.Pass) error {
	strangled := stranglerStores(p.Arch)
	for _, db := range p.Arch.Components {
		if db.Kind != schema.KindDatabase {
			continue
		}
		writers := map[string][]*schema.Component{}
		for _, w := range db.Writers() {
			if strangled[[2]*schema.Component{w, db}] {
				continue // strangler-shared-store's finding
			}
			if s := w.ServiceName(); s != "" {
				writers[s] = append(writers[s], w)
			}
		}
		owner := db.ServiceName()
		if len(writers) >= 2 {
			// Writes the importer inferred from permissions lower the
			// finding to a warning and are named.
			var writes []*schema.Edge
			for _, e := range db.In {
				if e.Mode == schema.ModeWrite && slices.Contains(writers[e.From.ServiceName()], e.From) {
					writes = append(writes, e)
				}
			}
			note := inferredNote(writes)
			sev := lint.Error
			if note != "" {
				sev = lint.Warning
			}
			p.ReportAt(sev, db, db.DeclRange,
				"%s is written by %d services: %s; give each service its own data and share changes through events or an API%s",
				db.Address(), len(writers), describeServices(writers), note)
		}
		if owner == "" && len(writers) == 1 {
			for s := range writers {
				owner = s
			}
		}
		if owner == "" {
			continue
		}
		for _, e := range db.In {
			if e.Mode != schema.ModeRead && e.Mode != schema.ModeWrite {
				continue
			}
			s := e.From.ServiceName()
			if s == "" || s == owner || strangled[[2]*schema.Component{e.From, db}] || len(writers) >= 2 && slices.Contains(writers[s], e.From) {
				continue // the error above already names every writer, reading or not
			}
			verb := "reads"
			if e.Mode == schema.ModeWrite {
				verb = "writes"
			}
			sev := lint.Warning
			if e.Inferred() {
				sev = lint.Info
			}
			p.ReportAt(sev, e.From, edgeRange(e),
				"%s of service %s %s %s, owned by service %s: ask the owner through an API or keep a copy fed by its events%s",
				e.From.Address(), s, verb, db.Address(), owner, inferredNote([]*schema.Edge{e}))
		}
	}
	return nil
}

func describeServices(writers map[string][]*schema.Component) string {
	names := make([]string, 0, len(writers))
	for s := range writers {
		names = append(names, s)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, s := range names {
		parts[i] = fmt.Sprintf("%s (%s)", s, lint.Addresses(writers[s]))
	}
	return strings.Join(parts, ", ")
}
