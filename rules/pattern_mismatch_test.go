package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestPatternMismatchMeta(t *testing.T) { assertMetaExamples(t, patternMismatch{}) }

func TestPatternMismatch(t *testing.T) {
	cases := map[string]string{
		"simple_web_service wired": `
pattern "simple_web_service" "menu" {
  api      = api.public
  handlers = [function.list, function.get]
  database = database.menu
}
api "public" {}
function "list" {
  reads = [database.menu]
  trigger { source = api.public }
}
function "get" {
  trigger { source = api.public }
}
database "menu" {}
`,
		"simple_web_service: a handler without a route and an unused database": `
pattern "simple_web_service" "menu" {
  api      = api.public
  handlers = [
    function.list,
    function.get, # want "pattern-mismatch"
  ]
  database = database.menu # want "pattern-mismatch"
}
api "public" {}
api "other" {}
function "list" {
  trigger { source = api.public }
}
function "get" {
  trigger { source = api.other }
}
database "menu" {}
`,
		"decoupled_messaging wired, producers of every kind": `
pattern "decoupled_messaging" "billing" {
  channel   = queue.trips
  producers = [function.end_trip, api.public, bucket.uploads, external.partner]
  consumers = [function.bill]
}
api "public" {}
bucket "uploads" {}
external "partner" {}
queue "trips" {
  trigger { source = api.public }
  trigger { source = bucket.uploads }
}
function "end_trip" {
  emits = [queue.trips]
}
function "bill" {
  trigger { source = queue.trips }
}
`,
		"decoupled_messaging: producer and consumer not wired": `
pattern "decoupled_messaging" "billing" {
  channel   = queue.trips
  producers = [function.end_trip] # want "pattern-mismatch"
  consumers = [function.bill] # want "pattern-mismatch"
}
queue "trips" {}
queue "other" {}
function "end_trip" {
  emits = [queue.other]
}
function "bill" {
  trigger { source = queue.other }
}
`,
		"decoupled_messaging: a consumer that cannot take that channel": `
pattern "decoupled_messaging" "chain" {
  channel   = queue.a
  producers = [function.p]
  consumers = [queue.b] # want "pattern-mismatch"
}
queue "a" {}
queue "b" {}
function "p" {
  emits = [queue.a]
}
`,
		"pub_sub with a bus, a queue and an external subscriber": `
pattern "pub_sub" "orders" {
  topic       = bus.events
  publishers  = [function.place]
  subscribers = [queue.fulfil, external.crm]
}
bus "events" {}
function "place" {
  emits = [bus.events]
}
queue "fulfil" {
  trigger { source = bus.events }
}
external "crm" {
  trigger { source = bus.events }
}
`,
		"pub_sub with one subscriber": `
pattern "pub_sub" "orders" {
  topic       = topic.placed
  publishers  = [function.place]
  subscribers = [function.only] # want "pattern-mismatch"
}
topic "placed" {}
function "place" {
  emits = [topic.placed]
}
function "only" {
  trigger { source = topic.placed }
}
`,
		"pub_sub: an api cannot publish to a topic": `
pattern "pub_sub" "orders" {
  topic       = topic.placed
  publishers  = [api.public] # want "pattern-mismatch"
  subscribers = [function.a, function.b]
}
api "public" {}
topic "placed" {}
function "a" {
  trigger { source = topic.placed }
}
function "b" {
  trigger { source = topic.placed }
}
`,
		"robust_api: one backend is routed from another api": `
pattern "robust_api" "gateway" {
  api      = api.public
  backends = [
    function.a,
    container.b,
    external.c,
    queue.d,
    stream.e,
    function.f, # want "pattern-mismatch"
  ]
}
api "public" {}
api "other" {}
function "a" {
  trigger { source = api.public }
}
container "b" {
  trigger { source = api.public }
}
external "c" {
  trigger { source = api.public }
}
queue "d" {
  trigger { source = api.public }
}
stream "e" {
  trigger { source = api.public }
}
function "f" {
  trigger { source = api.other }
}
`,
		"aggregator must call, not emit": `
pattern "aggregator" "quotes" {
  aggregator = function.compare
  sources    = [
    external.a,
    function.b, # want "pattern-mismatch"
    api.c,
  ]
}
function "compare" {
  calls = [external.a, api.c]
  emits = [function.b]
}
external "a" {}
function "b" {}
api "c" {
  public = false
}
`,
		"strangler: facade must route to legacy and every modern side": `
pattern "strangler" "tickets" {
  facade = api.edge
  legacy = external.monolith # want "pattern-mismatch"
  modern = [
    function.orders,
    function.users, # want "pattern-mismatch"
  ]
}
api "edge" {}
external "monolith" {}
function "orders" {
  trigger { source = api.edge }
}
function "users" {
  calls = [external.monolith]
}
`,
		"queue_load_leveling: producer feeds, consumer triggered": `
pattern "queue_load_leveling" "ingest" {
  queue    = queue.readings
  consumer = function.store
  producer = api.public
}
api "public" {}
queue "readings" {
  trigger { source = api.public }
}
function "store" {
  trigger { source = queue.readings }
}
`,
		"queue_load_leveling: consumer fed by another queue, producer sends elsewhere": `
pattern "queue_load_leveling" "ingest" {
  queue    = queue.readings
  consumer = function.store # want "pattern-mismatch"
  producer = function.receive # want "pattern-mismatch"
}
queue "readings" {}
queue "other" {}
function "receive" {
  emits = [queue.other]
}
function "store" {
  trigger { source = queue.other }
}
`,
		"read_heavy_reporting wired": `
pattern "read_heavy_reporting" "points" {
  source     = database.points
  projectors = [function.by_member, function.search]
  views      = [database.by_member, database.search_index]
}
database "points" {
  stream = true
}
database "by_member" {}
database "search_index" {
  engine = "opensearch"
}
function "by_member" {
  writes = [database.by_member]
  trigger { source = database.points }
}
function "search" {
  writes = [database.search_index]
  trigger { source = database.points }
}
`,
		"read_heavy_reporting: table without a stream, a view nobody writes": `
pattern "read_heavy_reporting" "points" {
  source     = database.points
  projectors = [function.project] # want "pattern-mismatch"
  views      = [
    database.by_member,
    database.leaderboard, # want "pattern-mismatch"
  ]
}
database "points" {}
database "by_member" {}
database "leaderboard" {}
function "project" {
  reads  = [database.points]
  writes = [database.by_member]
}
`,
		"read_heavy_reporting: a projector that writes no view": `
pattern "read_heavy_reporting" "points" {
  source     = database.points
  projectors = [
    function.a,
    function.idle, # want "pattern-mismatch"
  ]
  views = [database.view]
}
database "points" {
  stream = true
}
database "view" {}
database "elsewhere" {}
function "a" {
  writes = [database.view]
  trigger { source = database.points }
}
function "idle" {
  writes = [database.elsewhere]
  trigger { source = database.points }
}
`,
		"streams_pipeline: sinks written, emitted to and called": `
pattern "streams_pipeline" "clicks" {
  stream     = stream.clicks
  processors = [function.enrich, function.archive]
  sinks      = [database.sessions, bucket.lake, topic.alerts, external.analytics]
}
stream "clicks" {}
database "sessions" {}
bucket "lake" {}
topic "alerts" {}
external "analytics" {}
function "enrich" {
  writes = [database.sessions]
  emits  = [topic.alerts]
  calls  = [external.analytics]
  trigger { source = stream.clicks }
}
function "archive" {
  writes = [bucket.lake]
  trigger { source = stream.clicks }
}
`,
		"streams_pipeline: a firehose as a processor": `
pattern "streams_pipeline" "clicks" {
  stream     = stream.clicks
  processors = [firehose.archive]
  sinks      = [bucket.lake]
}
stream "clicks" {}
bucket "lake" {}
firehose "archive" {
  writes = [bucket.lake]
  trigger { source = stream.clicks }
}
`,
		"streams_pipeline: a firehose fed by another stream": `
pattern "streams_pipeline" "clicks" {
  stream     = stream.clicks
  processors = [firehose.archive] # want "pattern-mismatch"
  sinks      = [bucket.lake]
}
stream "clicks" {}
stream "other" {}
bucket "lake" {}
firehose "archive" {
  writes = [bucket.lake]
  trigger { source = stream.other }
}
`,
		"streams_pipeline: processor on another stream, sink unreached": `
pattern "streams_pipeline" "clicks" {
  stream     = stream.clicks
  processors = [function.enrich] # want "pattern-mismatch"
  sinks      = [
    database.sessions,
    bucket.lake, # want "pattern-mismatch"
  ]
}
stream "clicks" {}
stream "other" {}
database "sessions" {}
bucket "lake" {}
function "enrich" {
  writes = [database.sessions]
  trigger { source = stream.other }
}
`,
		"streams_pipeline from a table's change stream": `
pattern "streams_pipeline" "orders" {
  stream     = database.orders
  processors = [function.p]
  sinks      = [stream.out]
}
database "orders" {
  stream = true
}
stream "out" {}
function "p" {
  emits = [stream.out]
  trigger { source = database.orders }
}
`,
		"fan_out_fan_in through a topic and queues, store and collector": `
pattern "fan_out_fan_in" "renditions" {
  source    = function.plan
  workers   = [function.a, function.b, container.c]
  collector = function.collect
  store     = bucket.out
}
function "plan" {
  emits = [topic.t, function.b]
}
topic "t" {}
queue "q" {
  trigger { source = topic.t }
}
function "a" {
  writes = [bucket.out]
  trigger { source = topic.t }
}
function "b" {
  writes = [bucket.out]
}
container "c" {
  writes = [bucket.out]
  trigger { source = queue.q }
}
bucket "out" {}
function "collect" {
  trigger { source = bucket.out }
}
`,
		"fan_out_fan_in through a bucket and a table stream": `
pattern "fan_out_fan_in" "split" {
  source  = function.split
  workers = [function.a, function.b]
}
function "split" {
  writes = [bucket.parts, database.jobs]
}
bucket "parts" {}
database "jobs" {
  stream = true
}
function "a" {
  trigger { source = bucket.parts }
}
function "b" {
  trigger { source = database.jobs }
}
`,
		"fan_out_fan_in through a table's Kinesis stream and a bucket's bus": `
pattern "fan_out_fan_in" "split" {
  source  = function.split
  workers = [function.a, function.b]
}
function "split" {
  writes = [database.jobs, bucket.parts]
}
database "jobs" {}
stream "changes" {
  trigger { source = database.jobs }
}
function "a" {
  trigger { source = stream.changes }
}
bucket "parts" {}
bus "default" {
  trigger { source = bucket.parts }
}
function "b" {
  trigger { source = bus.default }
}
`,
		"fan_out_fan_in: a worker called synchronously by a function source is not fanned out": `
pattern "fan_out_fan_in" "split" {
  source  = function.split
  workers = [
    function.a,
    function.b, # want "pattern-mismatch"
  ]
}
function "split" {
  emits = [function.a]
  calls = [function.b]
}
function "a" {}
function "b" {}
`,
		"fan_out_fan_in: a state machine may call its workers (Map state)": `
pattern "fan_out_fan_in" "split" {
  source  = state_machine.split
  workers = [function.a, function.b]
}
state_machine "split" {
  calls = [function.a, function.b]
}
function "a" {}
function "b" {}
`,
		"fan_out_fan_in: no reach through other compute": `
pattern "fan_out_fan_in" "split" {
  source  = topic.t
  workers = [
    function.a,
    function.b, # want "pattern-mismatch"
  ]
}
topic "t" {}
function "a" {
  emits = [function.b]
  trigger { source = topic.t }
}
function "b" {}
`,
		"fan_out_fan_in: workers that skip the store, a collector nothing reaches": `
pattern "fan_out_fan_in" "split" {
  source    = topic.t
  workers   = [
    function.a,
    function.b, # want "pattern-mismatch"
  ]
  collector = function.collect # want "pattern-mismatch"
  store     = bucket.out
}
topic "t" {}
bucket "out" {}
function "a" {
  writes = [bucket.out]
  trigger { source = topic.t }
}
function "b" {
  trigger { source = topic.t }
}
function "collect" {}
`,
		"fan_out_fan_in: the collector writes the store": `
pattern "fan_out_fan_in" "split" {
  source    = topic.t
  workers   = [function.a, function.b]
  collector = function.collect
  store     = database.results
}
topic "t" {}
queue "results" {}
database "results" {}
function "a" {
  emits = [queue.results]
  trigger { source = topic.t }
}
function "b" {
  emits = [queue.results]
  trigger { source = topic.t }
}
function "collect" {
  writes = [database.results]
  trigger { source = queue.results }
}
`,
		"fan_out_fan_in: one worker does not reach the collector": `
pattern "fan_out_fan_in" "split" {
  source    = topic.t
  workers   = [
    function.a,
    function.b, # want "pattern-mismatch"
  ]
  collector = function.collect
}
topic "t" {}
queue "results" {}
function "a" {
  emits = [queue.results]
  trigger { source = topic.t }
}
function "b" {
  trigger { source = topic.t }
}
function "collect" {
  trigger { source = queue.results }
}
`,
		"fan_out_fan_in: the collector reads the store on its own schedule": `
pattern "fan_out_fan_in" "split" {
  source    = topic.t
  workers   = [function.a]
  collector = function.collect
  store     = database.results
}
topic "t" {}
database "results" {}
function "a" {
  writes = [database.results]
  trigger { source = topic.t }
}
function "collect" {
  reads = [database.results]
  trigger {
    source   = "schedule"
    schedule = "rate(1 minute)"
  }
}
`,
		"orchestration: steps are called, a nested standard workflow is started": `
pattern "orchestration" "onboarding" {
  orchestrator = state_machine.onboard
  steps        = [
    function.account,
    external.payroll,
    state_machine.nested,
    function.missing, # want "pattern-mismatch"
  ]
}
state_machine "onboard" {
  calls = [function.account, external.payroll]
  emits = [state_machine.nested]
}
state_machine "nested" {}
function "account" {}
function "missing" {}
external "payroll" {}
`,
		"roles that span services and files": `
-- patterns.arch.hcl --
pattern "decoupled_messaging" "billing" {
  channel   = queue.trips
  producers = [function.end_trip]
  consumers = [
    function.bill,
    function.audit, # want "pattern-mismatch"
  ]
}
-- trips.arch.hcl --
service "trips" {
  function "end_trip" {
    emits = [queue.trips]
  }
}
-- billing.arch.hcl --
service "billing" {
  queue "trips" {}
  function "bill" {
    trigger { source = queue.trips }
  }
  function "audit" {}
}
`,
		"self-reference: a function that is producer and consumer of the same channel": `
pattern "decoupled_messaging" "loop" {
  channel   = queue.work
  producers = [function.worker]
  consumers = [function.worker]
}
queue "work" {}
function "worker" {
  emits = [queue.work]
  trigger { source = queue.work }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, patternMismatch{}) })
	}
}

func TestPatternMismatchMessages(t *testing.T) {
	cases := []struct{ src, want, at string }{
		{`
pattern "queue_load_leveling" "ingest" {
  queue    = queue.readings
  consumer = function.store # want "pattern-mismatch"
}
queue "readings" {}
function "store" {}
`, `function.store, the consumer of queue_load_leveling "ingest", is not triggered by queue.readings: add trigger { source = queue.readings } to function.store`, "function.store"},
		{`
pattern "robust_api" "gw" {
  api      = api.public
  backends = [function.a] # want "pattern-mismatch"
}
api "public" {}
function "a" {}
`, `function.a, a backend of robust_api "gw", gets no route from api.public: add trigger { source = api.public, route = "..." } to function.a`, "function.a"},
		{`
pattern "decoupled_messaging" "d" {
  channel   = topic.t
  producers = [function.p] # want "pattern-mismatch"
  consumers = [function.c]
}
topic "t" {}
function "p" {}
function "c" {
  trigger { source = topic.t }
}
`, `function.p, a producer of decoupled_messaging "d", does not send to topic.t: add emits = [topic.t] to function.p`, "function.p"},
		{`
pattern "pub_sub" "p" {
  topic       = topic.t
  publishers  = [bucket.b] # want "pattern-mismatch"
  subscribers = [function.c, function.d]
}
topic "t" {}
bucket "b" {}
function "c" {
  trigger { source = topic.t }
}
function "d" {
  trigger { source = topic.t }
}
`, `bucket.b, a publisher of pub_sub "p", does not send to topic.t: add trigger { source = bucket.b } to topic.t`, "bucket.b"},
		{`
pattern "decoupled_messaging" "d" {
  channel   = queue.a
  producers = [function.p]
  consumers = [queue.b] # want "pattern-mismatch"
}
queue "a" {}
queue "b" {}
function "p" {
  emits = [queue.a]
}
`, `queue.b, a consumer of decoupled_messaging "d", is not triggered by queue.a: a queue cannot be triggered by a queue, so fill the role with a component that can`, "queue.b"},
		{`
pattern "aggregator" "a" {
  aggregator = function.agg
  sources    = [external.s] # want "pattern-mismatch"
}
function "agg" {}
external "s" {}
`, `external.s, a source of aggregator "a", is not called by function.agg: add calls = [external.s] to function.agg`, "external.s"},
		{`
pattern "read_heavy_reporting" "r" {
  source     = database.src
  projectors = [function.p] # want "pattern-mismatch"
  views      = [database.v]
}
database "src" {}
database "v" {}
function "p" {
  writes = [database.v]
}
`, `function.p, a projector of read_heavy_reporting "r", is not triggered by database.src: set stream = true on database.src and add trigger { source = database.src } to function.p`, "function.p"},
		{`
pattern "streams_pipeline" "s" {
  stream     = stream.in
  processors = [function.p]
  sinks      = [external.out] # want "pattern-mismatch"
}
stream "in" {}
external "out" {}
function "p" {
  trigger { source = stream.in }
}
`, `external.out, a sink of streams_pipeline "s", is fed by no processor: add calls = [external.out] to the processor that produces it`, "external.out"},
		{`
pattern "pub_sub" "p" {
  topic       = topic.t
  publishers  = [function.pub]
  subscribers = [function.only] # want "pattern-mismatch"
}
topic "t" {}
function "pub" {
  emits = [topic.t]
}
function "only" {
  trigger { source = topic.t }
}
`, `pub_sub "p" has one subscriber, function.only: publish/subscribe delivers each event to several independent subscribers; add the other subscribers or declare the pattern as decoupled_messaging`, "function.only"},
		{`
pattern "fan_out_fan_in" "f" {
  source  = topic.t
  workers = [function.w] # want "pattern-mismatch"
}
topic "t" {}
function "w" {}
`, `function.w, a worker of fan_out_fan_in "f", is not reached asynchronously from the source topic.t: add trigger { source = topic.t } to function.w`, "function.w"},
		{`
pattern "fan_out_fan_in" "f" {
  source  = function.split
  workers = [function.w] # want "pattern-mismatch"
}
function "split" {}
function "w" {}
`, `function.w, a worker of fan_out_fan_in "f", is not reached asynchronously from the source function.split: add emits = [function.w] to function.split, or emit to a topic or queue that triggers it`, "function.w"},
		{`
pattern "fan_out_fan_in" "f" {
  source    = topic.t
  workers   = [function.w]
  collector = function.c # want "pattern-mismatch"
  store     = bucket.out
}
topic "t" {}
bucket "out" {}
function "w" {
  writes = [bucket.out]
  trigger { source = topic.t }
}
function "c" {}
`, `function.c, the collector of fan_out_fan_in "f", is reached from none of the workers: trigger it from bucket.out or have it read bucket.out`, "function.c"},
		{`
pattern "orchestration" "o" {
  orchestrator = state_machine.flow
  steps        = [function.s] # want "pattern-mismatch"
}
state_machine "flow" {}
function "s" {}
`, `function.s, a step of orchestration "o", is not called by state_machine.flow: add calls = [function.s] to state_machine.flow`, "function.s"},
	}
	for _, c := range cases {
		f := onlyFinding(t, c.src, patternMismatch{})
		if f.Message != c.want {
			t.Errorf("message\n got %s\nwant %s", f.Message, c.want)
		}
		if got := sourceAt(t, c.src, f); got != c.at {
			t.Errorf("range covers %q, want %q", got, c.at)
		}
	}
}

func TestPatternMismatchThroughChannels(t *testing.T) {
	cases := map[string]string{
		"SNS fanned out to SQS: the topic's consumers sit behind queues": `
pattern "pub_sub" "orders" {
  topic       = topic.placed
  publishers  = [function.place]
  subscribers = [function.fulfil, function.loyalty, queue.audit]
}
topic "placed" {}
function "place" {
  emits = [topic.placed]
}
queue "fulfil" {
  trigger { source = topic.placed }
}
queue "audit" {
  trigger { source = topic.placed }
}
function "fulfil" {
  trigger { source = queue.fulfil }
}
function "loyalty" {
  trigger { source = topic.placed }
}
`,
		"a producer whose bus rule feeds the channel": `
pattern "decoupled_messaging" "d" {
  channel   = topic.t
  producers = [function.p]
  consumers = [function.c]
}
bus "events" {}
topic "t" {
  trigger { source = bus.events }
}
function "p" {
  emits = [bus.events]
}
function "c" {
  trigger { source = topic.t }
}
`,
		"another function in between does not count": `
pattern "decoupled_messaging" "d" {
  channel   = queue.q
  producers = [function.p] # want "pattern-mismatch"
  consumers = [function.c] # want "pattern-mismatch"
}
queue "q" {}
queue "other" {}
function "p" {
  emits = [function.relay]
}
function "relay" {
  emits = [queue.q]
  trigger { source = queue.q }
  calls = [function.c]
}
function "c" {
  trigger { source = queue.other }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, patternMismatch{}) })
	}
}
