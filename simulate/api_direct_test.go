package simulate

import "testing"

// An api's direct integrations, 20 requests a second for 10 minutes on
// each route (12,000 requests), constant arrivals, one workload per route:
//
//   - PUT /items writes the table itself: 20 writes a second, one write
//     request unit each (1 KB items), 20 x 2,628,000 s = 52.56 M WRU a
//     month x $0.625 per million = $32.85; the table's change stream runs
//     its consumer once per write (batches of 1): 12,000 invocations.
//   - GET /items/{id} reads it: half a read request unit per eventually
//     consistent read of up to 4 KB, 26.28 M RRU x $0.125 per million =
//     $3.285; no write, so the consumer does not run.
//   - POST /events puts each request on the bus: its rule's target runs
//     12,000 times; EventBridge bills 52.56 M events x $1 per million =
//     $52.56.
//   - PUT /docs/{key} puts an object: the bucket's notification runs its
//     handler 12,000 times; GET /docs/{key} only reads (S3 GET requests),
//     so the handler does not run.
//
// Prices: aws.amazon.com/dynamodb/pricing/on-demand/ and
// aws.amazon.com/eventbridge/pricing/ (as simulate/prices.hcl, 2026-11);
// DynamoDB read and write units:
// docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
// (read 2026-12-02).
func TestAPIDirectIntegrations(t *testing.T) {
	const arch = `
api "a" {
  type = "rest"
}
database "items" {
  stream = true
  trigger {
    source = api.a
    route  = "PUT /items"
  }
}
database "lookups" {
  trigger {
    source = api.a
    route  = "GET /items/{id}"
  }
}
function "project" {
  duration     = "10ms"
  distribution = "constant"
  trigger {
    source     = database.items
    batch_size = 1
  }
}
bus "events" {
  trigger {
    source = api.a
    route  = "POST /events"
  }
}
function "handle" {
  duration     = "10ms"
  distribution = "constant"
  trigger { source = bus.events }
}
bucket "docs" {
  trigger {
    source = api.a
    route  = "PUT /docs/{key}"
  }
}
bucket "archive" {
  trigger {
    source = api.a
    route  = "GET /docs/{key}"
  }
}
function "index" {
  duration     = "10ms"
  distribution = "constant"
  trigger { source = bucket.docs }
}
function "never" {
  duration = "10ms"
  trigger { source = bucket.archive }
}
`
	workload := func(route string) string {
		return arch + `
workload "w" {
  entry    = api.a
  route    = "` + route + `"
  rate     = 20
  arrival  = "constant"
  duration = "10m"
}
`
	}
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, workload("PUT /items"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "api -> table writes per second", edgeRate(w, "api.a", "database.items", "trigger"), 20, 0.01)
			within(t, "write units $", costOf(w, "database.items", "write units"), 32.85, 0.01)
			within(t, "stream consumer invocations", component(t, w, "function.project").Invocations, 12000, 0.01)
			if w.Entries[0].Failed != 0 || w.Entries[0].Succeeded < 11900 {
				t.Errorf("entry %+v: want every request to succeed", w.Entries[0])
			}

			w = run(t, workload("GET /items/{id}"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "read units $", costOf(w, "database.lookups", "read units"), 3.285, 0.01)
			if c := costOf(w, "database.lookups", "write units"); c != 0 {
				t.Errorf("a read route wrote: write units $%g", c)
			}

			w = run(t, workload("POST /events"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "bus target invocations", component(t, w, "function.handle").Invocations, 12000, 0.01)
			within(t, "EventBridge events $", costOf(w, "bus.events", "events"), 52.56, 0.01)

			w = run(t, workload("PUT /docs/{key}"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "bucket notification invocations", component(t, w, "function.index").Invocations, 12000, 0.01)

			w = run(t, workload("GET /docs/{key}"), Options{Mode: mode, Seed: 1}).Workloads[0]
			for _, c := range w.Components {
				if c.Component == "function.never" && c.Invocations > 0 {
					t.Errorf("a read of a bucket ran its notification handler %g times", c.Invocations)
				}
			}
		})
	}
}
