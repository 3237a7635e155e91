package schema_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

func parse(t *testing.T, src string) (*schema.Architecture, hcl.Diagnostics) {
	t.Helper()
	return schema.Parse(context.Background(), ".", []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(src)}})
}

func mustParse(t *testing.T, src string) *schema.Architecture {
	t.Helper()
	a, diags := parse(t, src)
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics:\n%s", diags.Error())
	}
	return a
}

func TestEverythingLoads(t *testing.T) {
	src, err := os.ReadFile("testdata/everything.arch.hcl")
	if err != nil {
		t.Fatal(err)
	}
	a := mustParse(t, string(src))
	if a.Name != "everything" || a.Region != "eu-west-1" || a.AccountConcurrency != 3000 {
		t.Errorf("architecture block: %+v", a)
	}
	h := a.Component("function.handler")
	if h == nil || h.ServiceName() != "core" {
		t.Fatalf("function.handler missing or outside its service")
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"memory", num(h, schema.AttrMemory), 10240.0},
		{"timeout", dur(h, schema.AttrTimeout), 15 * time.Minute},
		{"duration_p99", dur(h, schema.AttrDurationP99), time.Second},
		{"cold_start", dur(h, schema.AttrColdStart), 400 * time.Millisecond},
		{"arch", h.Str(schema.AttrArch), "arm64"},
		{"distribution", h.Str(schema.AttrDistribution), "exponential"},
		{"error_rate", num(h, schema.AttrErrorRate), 0.01},
		{"calls", len(h.Refs(schema.AttrCalls)), 5},
		{"emits", len(h.Refs(schema.AttrEmits)), 7},
		{"triggers", len(h.Triggers), 3},
		{"retries", num(h, schema.AttrRetries), 1.0},
		{"messages_per_invocation", num(h, schema.AttrMessagesPerInvocation), 3.0},
		{"max_event_age", dur(h, schema.AttrMaxEventAge), time.Hour},
		{"slow transitions", num(a.Component("state_machine.slow"), schema.AttrTransitions), 12.0},
		{"quick timeout", dur(a.Component("state_machine.quick"), schema.AttrTimeout), 5 * time.Minute},
		{"legacy max_tasks", num(a.Component("container.legacy"), schema.AttrMaxTasks), 10.0},
		{"jobs fifo", a.Component("queue.jobs").Bool(schema.AttrFifo), true},
		{"jobs delay", dur(a.Component("queue.jobs"), schema.AttrDelay), 10 * time.Second},
		{"orders item_size", a.Component("database.orders").Attr(schema.AttrItemSize).Size, int64(4096)},
		{"partner latency_p99", dur(a.Component("external.partner"), schema.AttrLatencyP99), 2 * time.Second},
		{"public timeout", dur(a.Component("api.public"), schema.AttrTimeout), 20 * time.Second},
		{"internal timeout (http default)", dur(a.Component("api.internal"), schema.AttrTimeout), 30 * time.Second},
		{"lake buffer_interval", dur(a.Component("firehose.lake"), schema.AttrBufferInterval), 2 * time.Minute},
		{"lake buffer_size", a.Component("firehose.lake").Attr(schema.AttrBufferSize).Size, int64(16 << 20)},
		{"lake triggers", len(a.Component("firehose.lake").Triggers), 3},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	sr := a.Component("function.stream_reader")
	if m := sr.Triggers[0].Mode; m != schema.ModeStream {
		t.Errorf("stream trigger mode %s", m)
	}
	if m := sr.Triggers[1].Mode; m != schema.ModeStream {
		t.Errorf("database trigger mode %s", m)
	}
	if v, _ := sr.Triggers[0].Num(schema.AttrParallelization); v != 4 {
		t.Errorf("parallelization %v", v)
	}
	if len(a.Workloads) != 1 || len(a.Workloads[0].Bursts) != 2 || a.Workloads[0].Payload != 2048 || a.Workloads[0].Monthly != 50000000 {
		t.Errorf("workload: %+v", a.Workloads)
	}
	if p := a.Patterns[0]; p.Member("consumer") != a.Component("function.queue_reader") || p.Member("producer") != a.Component("api.public") {
		t.Errorf("pattern roles: %+v", p.Roles)
	}
}

func num(c *schema.Component, name schema.AttrName) float64 { v, _ := c.Num(name); return v }
func dur(c *schema.Component, name schema.AttrName) time.Duration {
	v, _ := c.Dur(name)
	return v
}

func TestDefaults(t *testing.T) {
	a := mustParse(t, `
function "f" {}
state_machine "s" {
  calls = [function.f]
}
state_machine "e" { type = "express" }
container "c" { tasks = 3 }
external "x" { latency = "50ms" }
api "r" { type = "rest" }
api "l" { type = "alb" }
queue "q" {}
stream "st" {}
database "d" {}
workload "w" {
  entry = function.f
  rate  = 10
}
`)
	f := a.Component("function.f")
	cases := []struct {
		name string
		got  any
		want any
	}{
		{"function timeout", dur(f, schema.AttrTimeout), 3 * time.Second},
		{"function memory", num(f, schema.AttrMemory), 128.0},
		{"function duration", dur(f, schema.AttrDuration), 100 * time.Millisecond},
		{"function duration_p99", dur(f, schema.AttrDurationP99), 300 * time.Millisecond},
		{"function retries", num(f, schema.AttrRetries), 2.0},
		{"function arch", f.Str(schema.AttrArch), "x86_64"},
		{"function cold_start", dur(f, schema.AttrColdStart), 300 * time.Millisecond},
		{"function distribution", f.Str(schema.AttrDistribution), "lognormal"},
		{"standard timeout", dur(a.Component("state_machine.s"), schema.AttrTimeout), 365 * 24 * time.Hour},
		{"standard transitions", num(a.Component("state_machine.s"), schema.AttrTransitions), 3.0},
		{"express timeout", dur(a.Component("state_machine.e"), schema.AttrTimeout), 5 * time.Minute},
		{"container max_tasks", num(a.Component("container.c"), schema.AttrMaxTasks), 3.0},
		{"container timeout set", a.Component("container.c").Attr(schema.AttrTimeout) == nil, true},
		{"external latency_p99", dur(a.Component("external.x"), schema.AttrLatencyP99), 150 * time.Millisecond},
		{"rest timeout", dur(a.Component("api.r"), schema.AttrTimeout), 29 * time.Second},
		{"alb timeout", dur(a.Component("api.l"), schema.AttrTimeout), 60 * time.Second},
		{"api public", a.Component("api.r").Bool(schema.AttrPublic), true},
		{"queue visibility", dur(a.Component("queue.q"), schema.AttrVisibilityTimeout), 30 * time.Second},
		{"queue retention", dur(a.Component("queue.q"), schema.AttrRetention), 4 * 24 * time.Hour},
		{"queue max_receive_count", num(a.Component("queue.q"), schema.AttrMaxReceiveCount), 5.0},
		{"stream retention", dur(a.Component("stream.st"), schema.AttrRetention), 24 * time.Hour},
		{"stream shards (on-demand)", a.Component("stream.st").Attr(schema.AttrShards) == nil, true},
		{"database engine", a.Component("database.d").Str(schema.AttrEngine), "dynamodb"},
		{"database capacity", a.Component("database.d").Str(schema.AttrCapacity), "on_demand"},
		{"database item_size", a.Component("database.d").Attr(schema.AttrItemSize).Size, int64(1024)},
		{"workload monthly", a.Workloads[0].Monthly, 10 * 2628000.0},
		{"workload duration", a.Workloads[0].Duration, 10 * time.Minute},
		{"workload arrival", a.Workloads[0].Arrival, "poisson"},
		{"region", a.Region, "us-east-1"},
		{"account concurrency", a.AccountConcurrency, 1000},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if f.IsSet(schema.AttrMemory) {
		t.Error("a default must not count as set")
	}
}

func TestTriggerDefaultsAndModes(t *testing.T) {
	a := mustParse(t, `
api "a" {}
queue "q" {}
stream "s" {}
topic "t" {}
bucket "b" {}
bus "e" {}
database "d" { stream = true }
function "f" {
  trigger { source = api.a }
  trigger { source = queue.q }
  trigger { source = stream.s }
  trigger { source = topic.t }
  trigger { source = bucket.b }
  trigger { source = bus.e }
  trigger { source = database.d }
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
  trigger { source = "alexa" }
  trigger { source = "iot" }
}
`)
	f := a.Component("function.f")
	want := []schema.Mode{schema.ModeSync, schema.ModePoll, schema.ModeStream, schema.ModeAsync, schema.ModeAsync, schema.ModeAsync, schema.ModeStream, schema.ModeAsync, schema.ModeSync, schema.ModeAsync}
	for i, tr := range f.Triggers {
		if tr.Mode != want[i] {
			t.Errorf("trigger %d (%s): mode %s, want %s", i, tr.SourceName, tr.Mode, want[i])
		}
	}
	if v, _ := f.Triggers[1].Num(schema.AttrBatchSize); v != 10 {
		t.Errorf("queue batch_size default %v", v)
	}
	if v, _ := f.Triggers[2].Num(schema.AttrBatchSize); v != 100 {
		t.Errorf("stream batch_size default %v", v)
	}
	if v, _ := f.Triggers[2].Num(schema.AttrMaxRetries); v != -1 {
		t.Errorf("stream max_retries default %v", v)
	}
	if got := len(f.In); got != 7 {
		t.Errorf("edges into f: %d, want 7 (named sources have no edge)", got)
	}
	if !f.InvokedAsync() {
		t.Error("f is invoked asynchronously")
	}
}

// A stream fed by a table (Kinesis Data Streams for DynamoDB), a bus fed
// by a bucket, another bus and a schedule: the modes, the attributes each
// trigger takes and the edges they make.
func TestTriggersIntoStreamAndBus(t *testing.T) {
	a := mustParse(t, `
database "d" {}
stream "s" {
  trigger { source = database.d }
}
bucket "b" {}
bus "default" {
  trigger { source = bucket.b }
}
queue "dlq" {}
bus "e" {
  trigger {
    source      = bus.default
    pattern     = { source = ["aws.s3"] }
    dead_letter = queue.dlq
    retries     = 3
  }
  trigger {
    source   = "schedule"
    schedule = "rate(1 minute)"
  }
}
`)
	var got []string
	for _, e := range a.Edges {
		got = append(got, e.From.Address()+" "+string(e.Relation)+"/"+string(e.Mode)+" "+e.To.Address())
	}
	want := []string{
		"database.d trigger/async stream.s",
		"bucket.b trigger/async bus.default",
		"bus.default trigger/async bus.e",
		"bus.e dead_letter/async queue.dlq", // the trigger's DLQ, as on a function
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	e := a.Component("bus.e")
	if len(e.Triggers) != 2 || e.Triggers[1].Mode != schema.ModeAsync {
		t.Fatalf("bus.e triggers: %+v", e.Triggers)
	}
	if v, _ := e.Triggers[0].Num(schema.AttrRetries); v != 3 {
		t.Errorf("bus trigger retries %v, want 3", v)
	}
	if v, _ := e.Triggers[1].Num(schema.AttrRetries); v != 185 {
		t.Errorf("schedule trigger retries default %v, want 185", v)
	}
	if s := a.Component("stream.s"); len(s.Triggers[0].Attrs) != 1 {
		t.Errorf("database -> stream trigger attributes: %v, want the source only", s.Triggers[0].Attrs)
	}
}

// A bus fed by EventBridge pipes from a queue, a Kinesis stream and a
// table's stream, and a topic, a queue and a stream fed by an IoT rule's
// actions: the modes, the attributes each trigger takes and the edges.
func TestPipesIntoBusAndIoTActions(t *testing.T) {
	a := mustParse(t, `
database "d" {
  stream = true
}
queue "q" {}
queue "dlq" {}
stream "k" {
  trigger { source = "iot" }
}
topic "t" {
  trigger { source = "iot" }
}
queue "iq" {
  trigger { source = "iot" }
}
bus "e" {
  trigger {
    source     = database.d
    batch_size = 1
    on_failure = queue.dlq
  }
  trigger {
    source       = queue.q
    batch_size   = 5
    batch_window = "10s"
  }
  trigger {
    source      = stream.k
    max_retries = 3
  }
}
`)
	var got []string
	for _, e := range a.Edges {
		got = append(got, e.From.Address()+" "+string(e.Relation)+"/"+string(e.Mode)+" "+e.To.Address())
	}
	want := []string{
		"database.d trigger/stream bus.e",
		"queue.q trigger/poll bus.e",
		"stream.k trigger/stream bus.e",
		"bus.e on_failure/async queue.dlq", // the pipe's DeadLetterConfig
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, addr := range []string{"stream.k", "topic.t", "queue.iq"} {
		c := a.Component(addr)
		if len(c.Triggers) != 1 || c.Triggers[0].SourceName != "iot" || c.Triggers[0].Mode != schema.ModeAsync {
			t.Errorf("%s triggers: %+v, want one async \"iot\" trigger", addr, c.Triggers)
		}
	}
	e := a.Component("bus.e")
	if v, _ := e.Triggers[1].Num(schema.AttrBatchSize); v != 5 {
		t.Errorf("queue -> bus batch_size %v, want 5", v)
	}
	if v, _ := e.Triggers[2].Num(schema.AttrBatchSize); v != 100 {
		t.Errorf("stream -> bus batch_size default %v, want 100", v)
	}
	for _, spec := range schema.TriggerAttrs(schema.KindBus, "queue") {
		if spec.Name == "partial_batch_response" || spec.Name == "invocation" {
			t.Errorf("a pipe into a bus takes %s", spec.Name)
		}
	}
}

func TestEdges(t *testing.T) {
	a := mustParse(t, `
function "a" {
  calls      = [function.b]
  emits      = [queue.q]
  reads      = [database.d]
  writes     = [bucket.x]
  on_failure = queue.dlq
}
function "b" {}
queue "q" { dead_letter = queue.dlq }
queue "dlq" {}
database "d" {}
bucket "x" {}
`)
	var got []string
	for _, e := range a.Edges {
		got = append(got, e.From.Address()+" "+string(e.Relation)+"/"+string(e.Mode)+" "+e.To.Address())
	}
	want := []string{
		"function.a calls/sync function.b",
		"function.a emits/async queue.q",
		"function.a reads/read database.d",
		"function.a writes/write bucket.x",
		"function.a on_failure/async queue.dlq",
		"queue.q dead_letter/async queue.dlq",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	e := a.Edges[0]
	if e.Range.Start.Line != 3 || e.Range.Start.Column != 17 {
		t.Errorf("calls edge range %s", e.Range)
	}
}

func TestLoadDirectoryMergesFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"arch/a.arch.hcl": {Data: []byte("service \"s\" {\n  function \"f\" {\n    emits = [queue.q]\n  }\n}\n")},
		"arch/b.arch.hcl": {Data: []byte("queue \"q\" {}\nfunction \"f\" {}\n")},
		"arch/notes.hcl":  {Data: []byte("this is not read")},
	}
	a, diags := schema.Load(context.Background(), fsys, "arch", "")
	if len(diags) != 1 {
		t.Fatalf("want one duplicate diagnostic, got %v", diags)
	}
	d := diags[0]
	if d.Summary != "Duplicate function" || d.Subject.Filename != "arch/b.arch.hcl" || !strings.Contains(d.Detail, "arch/a.arch.hcl:2:3") {
		t.Errorf("duplicate across files: %s %s %s", d.Summary, d.Subject, d.Detail)
	}
	if a.Component("queue.q") == nil || len(a.Files) != 2 {
		t.Errorf("files not merged: %d files", len(a.Files))
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{"empty/readme.md": {Data: []byte("x")}}
	if _, diags := schema.Load(context.Background(), fsys, "empty", ""); !diags.HasErrors() || !strings.Contains(diags.Error(), "no *.arch.hcl files") {
		t.Errorf("empty directory: %v", diags)
	}
	if _, diags := schema.Load(context.Background(), fsys, "missing", ""); !diags.HasErrors() {
		t.Error("missing directory must be an error")
	}
}

// API Gateway AWS service integrations: an api puts events on a bus and
// publishes to a topic synchronously (it waits for PutEvents and Publish),
// and reads or writes a table or a bucket itself, by the access written
// or, without one, by the route's method.
func TestAPIDirectIntegrations(t *testing.T) {
	a := mustParse(t, `
api "a" {}
bus "e" {
  trigger {
    source = api.a
    route  = "POST /events"
  }
}
topic "t" {
  trigger {
    source = api.a
    route  = "POST /publish"
  }
}
database "get" {
  trigger {
    source = api.a
    route  = "GET /items/{id}"
  }
}
database "head" {
  trigger {
    source = api.a
    route  = "head /items"
  }
}
database "post" {
  trigger {
    source = api.a
    route  = "POST /items"
  }
}
database "any" {
  trigger {
    source = api.a
    route  = "ANY /x"
  }
}
database "bare" {
  trigger {
    source = api.a
    route  = "/x"
  }
}
database "query" {
  trigger {
    source = api.a
    route  = "POST /search"
    access = "read"
  }
}
bucket "b" {
  trigger {
    source = api.a
    route  = "PUT /objects/{key}"
  }
}
workload "w" {
  entry = api.a
  route = "POST /events"
  rate  = 1
}
`)
	var got []string
	for _, e := range a.Edges {
		got = append(got, e.From.Address()+" "+string(e.Relation)+"/"+string(e.Mode)+" "+e.To.Address())
	}
	want := []string{
		"api.a trigger/write bucket.b",
		"api.a trigger/write database.any",
		"api.a trigger/write database.bare",
		"api.a trigger/read database.get",
		"api.a trigger/read database.head",
		"api.a trigger/write database.post",
		"api.a trigger/read database.query",
		"api.a trigger/sync bus.e",
		"api.a trigger/sync topic.t",
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := a.Component("database.get").Triggers[0].Str(schema.AttrAccess); got != "read" {
		t.Errorf("GET route's access %q, want read", got)
	}
	if w := a.Workloads[0]; w.Route != "POST /events" {
		t.Errorf("workload route %q", w.Route)
	}
	if got := schema.APIRoutes(a.Component("api.a")); len(got) != 9 {
		t.Errorf("api routes %v, want the 9 routes", got)
	}
}
