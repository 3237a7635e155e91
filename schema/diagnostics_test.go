package schema_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
)

// Each case is a malformed architecture and the one diagnostic it must
// produce: summary, position and a phrase of the detail.
var diagnosticCases = []struct {
	name    string
	src     string
	summary string
	at      string // line:column
	detail  string
}{
	{"syntax error", "function \"f\" {\n  memory = \n}\n", "Invalid expression", "2:12", ""},
	{"unclosed block", "function \"f\" {\n", "Unclosed configuration block", "1:14", ""},
	{"unknown top-level block", "functon \"f\" {}\n", "Unsupported block type", "1:1", `Did you mean "function"?`},
	{"unknown block in service", "service \"s\" {\n  qeue \"q\" {}\n}\n", "Unsupported block type", "2:3", `Did you mean "queue"?`},
	{"component inside component", "function \"f\" {\n  queue \"q\" {}\n}\n", "Unsupported block type", "2:3", "not inside another component"},
	{"top-level attribute", "memory = 3\n", "Unexpected attribute", "1:1", "holds only"},
	{"unknown attribute", "function \"f\" {\n  memmory = 512\n}\n", "Unsupported attribute", "2:3", `Did you mean "memory"?`},
	{"attribute of another kind", "queue \"q\" {\n  memory = 512\n}\n", "Unsupported attribute", "2:3", `A queue has no attribute "memory"`},
	{"wrong type: number as string", "function \"f\" {\n  memory = \"512\"\n}\n", "Incorrect attribute value type", "2:12", "a number without quotes"},
	{"wrong type: size for memory", "function \"f\" {\n  memory = \"512MB\"\n}\n", "Incorrect attribute value type", "2:12", "must be a number"},
	{"wrong type: bool", "function \"f\" {\n  idempotent = \"yes\"\n}\n", "Incorrect attribute value type", "2:16", "true or false"},
	{"duration without unit", "function \"f\" {\n  timeout = 30\n}\n", "Incorrect attribute value type", "2:13", `"30s"`},
	{"duration with unknown unit", "function \"f\" {\n  timeout = \"30 sec\"\n}\n", "Invalid duration", "2:13", "unknown unit"},
	{"missing ] hides no declaration", "function \"api\" {\n  calls = [function.worker\n}\nfunction \"worker\" {}\n", "Missing item separator", "3:1", ""},
	{"alias memory_size", "function \"f\" {\n  memory_size = 512\n}\n", "Unsupported attribute", "2:3", `Did you mean "memory"? (archie's name for memory_size)`},
	{"alias MemorySize", "function \"f\" {\n  MemorySize = 512\n}\n", "Unsupported attribute", "2:3", `Did you mean "memory"?`},
	{"alias reserved_concurrency", "function \"f\" {\n  reserved_concurrency = 5\n}\n", "Unsupported attribute", "2:3", `Did you mean "concurrency"?`},
	{"alias dlq on a queue", "queue \"q\" {\n  dlq = queue.q\n}\n", "Unsupported attribute", "2:3", `Did you mean "dead_letter"?`},
	{"alias dead_letter_queue on a function", "function \"f\" {\n  dead_letter_queue = 1\n}\n", "Unsupported attribute", "2:3", `Did you mean "on_failure"?`},
	{"alias MaxReceiveCount", "queue \"q\" {\n  MaxReceiveCount = 3\n}\n", "Unsupported attribute", "2:3", `Did you mean "max_receive_count"?`},
	{"pricing is no attribute", "function \"f\" {\n  pricing = 1\n}\n", "Unsupported attribute", "2:3", "archie simulate --pricing FILE"},
	{"duration as seconds", "function \"f\" {\n  timeout = 10\n}\n", "Incorrect attribute value type", "2:13", `"10s" (if seconds are meant)`},
	{"duration in words", "function \"f\" {\n  timeout = \"10 seconds\"\n}\n", "Invalid duration", "2:13", `Did you mean "10s"?`},
	{"duration with sec", "function \"f\" {\n  timeout = \"10sec\"\n}\n", "Invalid duration", "2:13", `Did you mean "10s"?`},
	{"duration in two units", "queue \"q\" {\n  retention = \"1 hour 30 minutes\"\n}\n", "Invalid duration", "2:15", `Did you mean "1h30m"?`},
	{"size without unit", "database \"d\" {\n  item_size = \"12\"\n}\n", "Invalid size", "2:15", "no unit"},
	{"enum", "function \"f\" {\n  arch = \"arm\"\n}\n", "Invalid value", "2:10", `Did you mean "arm64"?`},
	{"fractional integer", "function \"f\" {\n  memory = 512.5\n}\n", "Incorrect attribute value type", "2:12", "whole number"},
	{"function timeout over 15m", "function \"f\" {\n  timeout = \"16m\"\n}\n", "Value out of range", "2:13", "use a container or a state machine"},
	{"memory below 128", "function \"f\" {\n  memory = 64\n}\n", "Value out of range", "2:12", "between 128 and 10240"},
	{"memory above 10240", "function \"f\" {\n  memory = 20000\n}\n", "Value out of range", "2:12", "between 128 and 10240"},
	{"negative workload rate", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate  = -5\n}\n", "Value out of range", "4:11", "between 0 and 1000000"},
	{"negative burst rate", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate  = 5\n  burst {\n    at = \"1m\"\n    rate = -1\n    for = \"1m\"\n  }\n}\n", "Value out of range", "7:12", "between 0 and 1000000"},
	// Limits beyond which a value means nothing (docs/language.md).
	{"workload monthly 1e300", "function \"f\" {}\nworkload \"w\" {\n  entry   = function.f\n  rate    = 5\n  monthly = 1e300\n}\n", "Value out of range", "5:13", "between 0 and 1e+15"},
	{"workload rate 1e9", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate  = 1e9\n}\n", "Value out of range", "4:11", "zero to 1,000,000"},
	{"ten-year window", "function \"f\" {}\nworkload \"w\" {\n  entry    = function.f\n  rate     = 5\n  duration = \"3650d\"\n}\n", "Value out of range", "5:14", "at most 24 hours"},
	{"burst for ten years", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate  = 5\n  burst {\n    at = \"1m\"\n    rate = 10\n    for = \"3650d\"\n  }\n}\n", "Value out of range", "8:11", "at most 24 hours"},
	{"messages_per_invocation 1e8", "topic \"t\" {}\nfunction \"f\" {\n  emits                   = [topic.t]\n  messages_per_invocation = 1e8\n}\n", "Value out of range", "4:29", "at most 10,000 messages"},
	{"concurrency beyond any number", "function \"f\" {\n  concurrency = 1e16\n}\n", "Value out of range", "2:17", "at most 1e+15"},
	{"timeout beyond a year", "container \"c\" {\n  timeout = \"400d\"\n}\n", "Value out of range", "2:13", "at most 1y"},
	{"negative throttle rate", "api \"a\" {\n  throttle_rate = -1\n}\n", "Value out of range", "2:19", "at least 0"},
	{"function retries over 2", "function \"f\" {\n  retries = 5\n}\n", "Value out of range", "2:13", "0 to 2 times"},
	{"error rate over 1", "function \"f\" {\n  error_rate = 1.5\n}\n", "Value out of range", "2:16", "between 0 and 1"},
	{"max_concurrency below 2", "queue \"q\" {}\nfunction \"f\" {\n  trigger {\n    source          = queue.q\n    max_concurrency = 1\n  }\n}\n", "Value out of range", "5:23", "2 to 1000"},
	{"unknown reference", "queue \"orders\" {}\nfunction \"f\" {\n  emits = [queue.order]\n}\n", "Reference to an undeclared component", "3:12", `Did you mean "orders"?`},
	{"unknown reference kind", "function \"f\" {\n  emits = [queu.orders]\n}\n", "Unknown reference kind", "2:12", `Did you mean "queue"?`},
	{"reference of the wrong kind", "queue \"q\" {}\nfunction \"f\" {\n  calls = [queue.q]\n}\n", "Reference to the wrong kind", "3:12", "list it in emits"},
	{"reference written as string", "queue \"q\" {}\nfunction \"f\" {\n  emits = [\"queue.q\"]\n}\n", "Reference written as a string", "3:12", "without quotes"},
	{"list expected", "queue \"q\" {}\nfunction \"f\" {\n  emits = queue.q\n}\n", "List expected", "3:11", "[queue.q]"},
	{"duplicate reference", "queue \"q\" {}\nfunction \"f\" {\n  emits = [queue.q, queue.q]\n}\n", "Duplicate reference", "3:21", "twice"},
	{"duplicate component", "function \"f\" {}\nfunction \"f\" {}\n", "Duplicate function", "2:10", "main.arch.hcl:1:1"},
	{"duplicate service", "service \"s\" {}\nservice \"s\" {}\n", "Duplicate service", "2:9", "main.arch.hcl:1:1"},
	{"duplicate pattern", "queue \"q\" {}\nfunction \"f\" {\n  trigger { source = queue.q }\n}\npattern \"queue_load_leveling\" \"p\" {\n  queue = queue.q\n  consumer = function.f\n}\npattern \"queue_load_leveling\" \"p\" {\n  queue = queue.q\n  consumer = function.f\n}\n", "Duplicate pattern", "9:31", "main.arch.hcl:5:1"},
	{"duplicate workload", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate = 1\n}\nworkload \"w\" {\n  entry = function.f\n  rate = 1\n}\n", "Duplicate workload", "6:10", "main.arch.hcl:2:1"},
	{"same name, different kinds is fine but duplicate trigger is not", "queue \"q\" {}\nfunction \"q\" {\n  trigger { source = queue.q }\n  trigger { source = queue.q }\n}\n", "Duplicate trigger", "4:22", "declare each source once"},
	{"trigger on an api", "api \"a\" {}\napi \"b\" {\n  trigger { source = api.a }\n}\n", "Trigger not allowed", "3:3", "cannot have triggers"},
	{"bucket triggered by a queue", "queue \"q\" {}\nbucket \"b\" {\n  trigger { source = queue.q }\n}\n", "Trigger source not accepted", "3:22", "it accepts triggers from an api."},
	{"api on a relational database", "api \"a\" {}\ndatabase \"d\" {\n  engine = \"postgres\"\n  trigger { source = api.a }\n}\n", "Api cannot reach this database", "4:22", "only through an API Gateway integration with DynamoDB"},
	{"api on a table: unknown access", "api \"a\" {}\ndatabase \"d\" {\n  trigger {\n    source = api.a\n    access = \"scan\"\n  }\n}\n", "Invalid value", "5:14", `"read" or "write"`},
	{"api on a bucket takes no invocation", "api \"a\" {}\nbucket \"b\" {\n  trigger {\n    source = api.a\n    invocation = \"async\"\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from an api"},
	{"topic triggered by a queue", "queue \"q\" {}\ntopic \"t\" {\n  trigger { source = queue.q }\n}\n", "Trigger source not accepted", "3:22", "bucket, bus or api"},
	{"queue triggered by schedule", "queue \"q\" {\n  trigger {\n    source = \"schedule\"\n    schedule = \"rate(1 minute)\"\n  }\n}\n", "Trigger source not accepted", "3:14", "topic, bucket, api or bus"},
	{"bus triggered by a topic", "topic \"t\" {}\nbus \"e\" {\n  trigger { source = topic.t }\n}\n", "Trigger source not accepted", "3:22", `bucket, bus, queue, stream, database or api, or "schedule"`},
	{"bus triggered by a named source other than schedule", "bus \"e\" {\n  trigger { source = \"iot\" }\n}\n", "Trigger source not accepted", "2:22", `bucket, bus, queue, stream, database or api, or "schedule"`},
	{"topic triggered by a named source other than iot", "topic \"t\" {\n  trigger { source = \"schedule\" }\n}\n", "Trigger source not accepted", "2:22", `bucket, bus or api, or "iot"`},
	{"pipe from a queue into a bus takes no partial batch response", "queue \"q\" {}\nbus \"e\" {\n  trigger {\n    source = queue.q\n    partial_batch_response = true\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from a queue"},
	{"pipe from a table into a bus needs the table's stream", "database \"d\" {}\nbus \"e\" {\n  trigger { source = database.d }\n}\n", "Database without a change stream", "3:22", "stream = true"},
	{"stream fed by a relational database", "database \"d\" {\n  engine = \"postgres\"\n}\nstream \"s\" {\n  trigger { source = database.d }\n}\n", "Database cannot write into a stream", "5:22", "only a DynamoDB table"},
	{"bucket to bus trigger takes no events", "bucket \"b\" {}\nbus \"e\" {\n  trigger {\n    source = bucket.b\n    events = [\"created\"]\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from a bucket"},
	{"database to stream trigger takes no batch size", "database \"d\" {}\nstream \"s\" {\n  trigger {\n    source = database.d\n    batch_size = 5\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from a database"},
	{"function as trigger source", "function \"g\" {}\nfunction \"f\" {\n  trigger { source = function.g }\n}\n", "Invalid trigger source", "3:22", "emits"},
	{"database source without stream", "database \"d\" {}\nfunction \"f\" {\n  trigger { source = database.d }\n}\n", "Database without a change stream", "3:22", "stream = true"},
	{"trigger attribute of another source", "api \"a\" {}\nfunction \"f\" {\n  trigger {\n    source = api.a\n    batch_size = 5\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from an api"},
	{"trigger without source", "function \"f\" {\n  trigger {}\n}\n", "Missing source", "2:11", "named source"},
	{"unknown named source", "function \"f\" {\n  trigger { source = \"shedule\" }\n}\n", "Unknown trigger source", "2:22", `Did you mean "schedule"?`},
	{"named source without quotes", "function \"f\" {\n  trigger { source = schedule }\n}\n", "Named source without quotes", "2:22", `"schedule"`},
	{"schedule without expression", "function \"f\" {\n  trigger { source = \"schedule\" }\n}\n", "Missing attribute", "2:13", "needs schedule"},
	{"sync call to standard state machine", "state_machine \"s\" {}\nfunction \"f\" {\n  calls = [state_machine.s]\n}\n", "Synchronous call to a standard state machine", "3:12", "express"},
	{"queue as its own dlq", "queue \"q\" {\n  dead_letter = queue.q\n}\n", "Queue is its own dead-letter queue", "2:17", ""},
	{"dead_letter of the wrong kind", "topic \"t\" {}\nqueue \"q\" {\n  dead_letter = topic.t\n}\n", "Reference to the wrong kind", "3:17", "takes a queue"},
	{"unknown pattern kind", "pattern \"queue_levelling\" \"p\" {}\n", "Unknown pattern kind", "1:9", `Did you mean "queue_load_leveling"?`},
	{"pattern role of the wrong kind", "topic \"t\" {}\nfunction \"f\" {}\npattern \"queue_load_leveling\" \"p\" {\n  queue = topic.t\n  consumer = function.f\n}\n", "Reference to the wrong kind", "4:11", "takes a queue"},
	{"unknown pattern role", "queue \"q\" {}\nfunction \"f\" {}\npattern \"queue_load_leveling\" \"p\" {\n  queue = queue.q\n  consumer = function.f\n  consumers = [function.f]\n}\n", "Unknown role", "6:3", `Did you mean "consumer"?`},
	{"missing pattern role", "queue \"q\" {}\npattern \"queue_load_leveling\" \"p\" {\n  queue = queue.q\n}\n", "Missing role", "2:1", "consumer"},
	{"list for a single role", "queue \"q\" {}\nfunction \"f\" {}\npattern \"queue_load_leveling\" \"p\" {\n  queue = [queue.q]\n  consumer = function.f\n}\n", "Single component expected", "4:11", "one component"},
	{"workload without rate", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n}\n", "Missing attribute", "2:14", "needs rate"},
	{"workload unknown route", "api \"a\" {}\nfunction \"f\" {\n  trigger {\n    source = api.a\n    route = \"POST /orders\"\n  }\n}\nworkload \"w\" {\n  entry = api.a\n  route = \"POST /order\"\n  rate  = 1\n}\n", "Unknown route", "10:11", `Did you mean "POST /orders"?`},
	{"workload entry of the wrong kind", "database \"d\" {}\nworkload \"w\" {\n  entry = database.d\n  rate = 1\n}\n", "Reference to the wrong kind", "3:11", "entry of a workload"},
	{"burst missing for", "function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate = 1\n  burst {\n    at = \"1m\"\n    rate = 5\n  }\n}\n", "Missing attribute", "5:9", "needs for"},
	{"two architecture blocks", "architecture \"a\" {}\narchitecture \"b\" {}\n", "Duplicate architecture block", "2:1", "main.arch.hcl:1:1"},
	{"missing label", "function {}\n", "Wrong number of labels", "1:1", `function "name"`},
	{"invalid name", "function \"my function\" {}\n", "Invalid name", "1:10", "not a valid name"},
	{"variable in a value", "function \"f\" {\n  memory = var.memory\n}\n", "Reference where a value is expected", "2:12", "literal value"},
	{"container max_tasks below tasks", "container \"c\" {\n  tasks = 4\n  max_tasks = 2\n}\n", "Value out of range", "3:15", "below tasks"},
	{"function call in a value", "function \"f\" {\n  memory = max(128, 256)\n}\n", "Function calls not allowed", "2:12", "(max is one): write the value itself"},
	{"interpolation in a string", "function \"f\" {\n  description = \"v${var.x}\"\n}\n", "Interpolation not allowed", "2:17", "$${"},
	{"reference with an index", "queue \"q\" {}\nfunction \"f\" {\n  emits = [queue.q[0]]\n}\n", "Invalid reference", "3:12", "write queue.q."},
	{"reference with a string index", "queue \"q\" {}\nfunction \"f\" {\n  trigger { source = queue[\"q\"] }\n}\n", "Invalid reference", "3:22", "write queue.q."},
	{"reference to a service", "service \"billing\" {}\nfunction \"f\" {\n  calls = [service.billing]\n}\n", "Unknown reference kind", "3:12", "name the component in it"},
	{"label on an architecture block", "architecture {}\n", "Wrong number of labels", "1:1", "An architecture block takes one label"},
	{"trigger without source, article", "function \"f\" {\n  trigger {}\n}\n", "Missing source", "2:11", "a reference to an api, "},
	{"not UTF-8", "function \"f\" {\n  description = \"caf\xe9\"\n}\n", "Invalid character encoding", "2:21", "Byte 0xE9 is not UTF-8"},
	// HCL's parser recurses per level: without a limit these overflow the stack.
	{"brackets nested too deep", "function \"f\" {\n  description = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n", "Nesting too deep", "2:272", "flatten"},
	{"unary operators nested too deep", "function \"f\" {\n  memory = " + strings.Repeat("-", 1000000) + "1\n}\n", "Nesting too deep", "2:267", "flatten"},
	{"interpolations nested too deep", "function \"f\" {\n  description = \"" + strings.Repeat("${\"", 100000) + strings.Repeat("\"}", 100000) + "\"\n}\n", "Nesting too deep", "2:399", "flatten"},
}

func TestDiagnostics(t *testing.T) {
	for _, c := range diagnosticCases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := parse(t, c.src)
			if !diags.HasErrors() {
				t.Fatalf("no error for:\n%s", c.src)
			}
			d := diags[0]
			if d.Summary != c.summary {
				t.Errorf("summary %q, want %q (detail: %s)", d.Summary, c.summary, d.Detail)
			}
			if d.Subject == nil {
				t.Fatalf("no position")
			}
			if at := fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column); at != c.at {
				t.Errorf("at %s, want %s", at, c.at)
			}
			if d.Subject.Filename != "main.arch.hcl" {
				t.Errorf("file %q", d.Subject.Filename)
			}
			if !strings.Contains(d.Detail, c.detail) {
				t.Errorf("detail %q does not contain %q", d.Detail, c.detail)
			}
		})
	}
}

// Input the parser cannot read is one error, not a cascade of consequences.
func TestDiagnosticsSingle(t *testing.T) {
	for _, c := range diagnosticCases {
		if c.summary != "Invalid character encoding" && c.summary != "Nesting too deep" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			if _, diags := parse(t, c.src); len(diags) != 1 {
				t.Errorf("want 1 diagnostic, got %d:\n%s", len(diags), diags.Error())
			}
		})
	}
}

// An attribute written with a wrong value has that error only, not also
// "missing".
func TestDiagnosticsWrittenNotMissing(t *testing.T) {
	for _, src := range []string{
		"service \"s\" {}\nworkload \"w\" {\n  entry = service.s\n  rate  = 1\n}\n",
		"function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate  = \"fast\"\n}\n",
		"function \"f\" {}\nworkload \"w\" {\n  entry = function.f\n  rate  = 1\n  burst {\n    at   = 5\n    rate = 2\n    for  = \"1m\"\n  }\n}\n",
	} {
		_, diags := parse(t, src)
		if len(diags) != 1 || diags[0].Summary == "Missing attribute" {
			t.Errorf("want one error, not 'Missing attribute', for:\n%s\ngot:\n%s", src, diags.Error())
		}
	}
}

// All diagnostics of a load are reported together.
func TestDiagnosticsAccumulate(t *testing.T) {
	_, diags := parse(t, `
function "f" {
  memory  = 1
  timeout = "1h"
  emits   = [queue.nope]
}
topic "t" {
  fifo = "no"
}
pattern "pubsub" "x" {}
`)
	if len(diags) != 5 {
		t.Fatalf("want 5 diagnostics, got %d:\n%s", len(diags), diags.Error())
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"jsn", []string{"text", "json"}, "json"},
		{"jsno", []string{"text", "json"}, "json"}, // a transposition is two edits
		{"tabel", []string{"table", "json"}, "table"},
		{"arm", []string{"x86_64", "arm64"}, "arm64"},
		{"pdf", []string{"svg", "d2"}, ""}, // two edits of two letters: nothing in common
		{"zz", []string{"d2"}, ""},
	} {
		want := ""
		if c.want != "" {
			want = fmt.Sprintf(" (did you mean %q?)", c.want)
		}
		if got := schema.Suggest(c.name, c.candidates); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", c.name, got, want)
		}
	}
}

// TestSyntaxErrorFirst: a syntax error in one file cuts off the
// declarations after it; the references to them from other files are
// consequences, and reporting them (first, as a.arch.hcl sorts before
// b.arch.hcl) sent people hunting for a function that is declared. Only
// the syntax error is reported, with the errors of the files that parsed.
func TestSyntaxErrorFirst(t *testing.T) {
	files := []schema.SourceFile{
		{Name: "a.arch.hcl", Src: []byte("function \"api\" {\n  calls   = [function.worker]\n  memory_size = 1\n}\n")},
		{Name: "b.arch.hcl", Src: []byte("queue \"q\" {}\nfunction \"producer\" {\n  emits = [queue.q\n}\nfunction \"worker\" {}\n")},
	}
	_, diags := schema.Parse(context.Background(), ".", files)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d %s", d.Subject.Filename, d.Subject.Start.Line, d.Summary))
	}
	want := []string{"a.arch.hcl:3 Unsupported attribute", "b.arch.hcl:4 Missing item separator"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
