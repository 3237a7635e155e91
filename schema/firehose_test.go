package schema_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/schema"
)

// A firehose with every construct of the language: producers by emits and
// by triggers from each source it accepts, destinations by writes and
// calls, a backup bucket and a transforming function.
func TestFirehose(t *testing.T) {
	a := mustParse(t, `
stream "events" {}
topic "orders" {}
bus "app" {}
api "ingest" {
  type = "rest"
}
queue "dlq" {}
bucket "lake" {}
bucket "failed" {}
database "search" {
  engine = "opensearch"
}
external "splunk" {}
function "producer" {
  emits = [firehose.clicks]
}
firehose "clicks" {
  description     = "raw click events to the data lake"
  buffer_interval = "60s"
  buffer_size     = "64MB"
  writes          = [bucket.lake, database.search]
  calls           = [external.splunk]
  backup          = bucket.failed

  trigger { source = stream.events }
  trigger {
    source      = topic.orders
    filter      = { kind = ["click"] }
    dead_letter = queue.dlq
  }
  trigger {
    source      = bus.app
    pattern     = { source = ["app"] }
    dead_letter = queue.dlq
    retries     = 3
  }
  trigger {
    source = api.ingest
    route  = "POST /events"
  }
  trigger { source = "iot" }
  trigger { source = "cloudwatch_logs" }
}
firehose "plain" {
  writes = [bucket.lake]
}
function "transform" {
  trigger { source = firehose.clicks }
}
function "outside" {
  trigger { source = "firehose" }
}
`)
	var got []string
	for _, e := range a.Edges {
		if e.From.Kind == schema.KindFirehose || e.To.Kind == schema.KindFirehose {
			got = append(got, e.From.Address()+" "+string(e.Relation)+"/"+string(e.Mode)+" "+e.To.Address())
		}
	}
	want := []string{
		"function.producer emits/async firehose.clicks",
		"stream.events trigger/stream firehose.clicks",
		"topic.orders trigger/async firehose.clicks",
		"bus.app trigger/async firehose.clicks",
		"api.ingest trigger/sync firehose.clicks",
		"firehose.clicks trigger/sync function.transform",
		"firehose.clicks calls/sync external.splunk",
		"firehose.clicks writes/write bucket.lake",
		"firehose.clicks writes/write database.search",
		"firehose.clicks on_failure/async bucket.failed",
		"firehose.clicks dead_letter/async queue.dlq", // the topic subscription's
		"firehose.clicks dead_letter/async queue.dlq", // the bus target's
		"firehose.plain writes/write bucket.lake",
	}
	slices.Sort(got)
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	f := a.Component("firehose.clicks")
	if !f.Kind.IsChannel() || f.Kind.IsCompute() || !f.IsElastic() {
		t.Errorf("firehose: channel %v, compute %v, elastic %v; want a channel, not compute, elastic", f.Kind.IsChannel(), f.Kind.IsCompute(), f.IsElastic())
	}
	if d, _ := f.Dur(schema.AttrBufferInterval); d != time.Minute {
		t.Errorf("buffer_interval %v, want 1m", d)
	}
	if n, _ := f.Num(schema.AttrBufferSize); n != 64<<20 {
		t.Errorf("buffer_size %v, want 64 MiB", n)
	}
	modes := map[string]schema.Mode{}
	for _, tr := range f.Triggers {
		modes[tr.SourceName] = tr.Mode
	}
	for src, m := range map[string]schema.Mode{"iot": schema.ModeAsync, "cloudwatch_logs": schema.ModeAsync, "api.ingest": schema.ModeSync} {
		if modes[src] != m {
			t.Errorf("trigger from %s: mode %q, want %q", src, modes[src], m)
		}
	}
	if v, _ := f.Triggers[2].Num(schema.AttrRetries); v != 3 {
		t.Errorf("bus trigger retries %v, want 3", v)
	}
	if n := len(f.Triggers[0].Attrs); n != 1 {
		t.Errorf("stream -> firehose trigger attributes: %v, want the source only", f.Triggers[0].Attrs)
	}

	p := a.Component("firehose.plain")
	if d, _ := p.Dur(schema.AttrBufferInterval); d != 300*time.Second {
		t.Errorf("default buffer_interval %v, want 300s", d)
	}
	if n, _ := p.Num(schema.AttrBufferSize); n != 5<<20 {
		t.Errorf("default buffer_size %v, want 5 MiB", n)
	}
	if o := a.Component("function.outside"); o.Triggers[0].Mode != schema.ModeSync || o.Triggers[0].Source != nil {
		t.Errorf("named source \"firehose\": %+v", o.Triggers[0])
	}
}

// Each wrong use of a firehose is an error at the expression that is wrong.
func TestFirehoseErrors(t *testing.T) {
	for _, c := range []struct {
		name, src, summary, at, detail string
	}{
		{"buffer interval above 900s", "firehose \"f\" {\n  buffer_interval = \"901s\"\n}\n", "Value out of range", "2:21", "between 0s and 15m"},
		{"buffer size below 1MB", "firehose \"f\" {\n  buffer_size = \"512KB\"\n}\n", "Value out of range", "2:17", "between 1MB and 128MB"},
		{"buffer size above 128MB", "firehose \"f\" {\n  buffer_size = \"129MB\"\n}\n", "Value out of range", "2:17", "buffering hints"},
		{"backup that is not a bucket", "queue \"q\" {}\nfirehose \"f\" {\n  backup = queue.q\n}\n", "Reference to the wrong kind", "3:12", "backup of a firehose cannot name a queue; it takes a bucket"},
		{"backup list", "bucket \"b\" {}\nfirehose \"f\" {\n  backup = [bucket.b]\n}\n", "", "3:12", ""},
		{"calls an api", "api \"a\" {}\nfirehose \"f\" {\n  calls = [api.a]\n}\n", "Reference to the wrong kind", "3:12", "it takes an external"},
		{"writes to a queue", "queue \"q\" {}\nfirehose \"f\" {\n  writes = [queue.q]\n}\n", "Reference to the wrong kind", "3:13", "database or bucket"},
		{"emits of a firehose", "queue \"q\" {}\nfirehose \"f\" {\n  emits = [queue.q]\n}\n", "Unsupported attribute", "3:3", `A firehose has no attribute "emits"`},
		{"triggered by a queue", "queue \"q\" {}\nfirehose \"f\" {\n  trigger { source = queue.q }\n}\n", "Trigger source not accepted", "3:22", `stream, topic, bus or api, or "iot" or "cloudwatch_logs"`},
		{"triggered by a schedule", "firehose \"f\" {\n  trigger {\n    source   = \"schedule\"\n    schedule = \"rate(1 minute)\"\n  }\n}\n", "Trigger source not accepted", "3:16", `"iot" or "cloudwatch_logs"`},
		{"stream trigger takes no batch size", "stream \"s\" {}\nfirehose \"f\" {\n  trigger {\n    source     = stream.s\n    batch_size = 5\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from a stream"},
		{"api trigger takes no invocation", "api \"a\" {}\nfirehose \"f\" {\n  trigger {\n    source     = api.a\n    invocation = \"async\"\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from an api"},
		{"container triggered by a firehose", "firehose \"f\" {}\ncontainer \"c\" {\n  trigger { source = firehose.f }\n}\n", "Trigger source not accepted", "3:22", "A container cannot be triggered by a firehose"},
		{"queue triggered by a firehose", "firehose \"f\" {}\nqueue \"q\" {\n  trigger { source = firehose.f }\n}\n", "Trigger source not accepted", "3:22", "A queue cannot be triggered by a firehose"},
		{"firehose trigger takes no attributes", "firehose \"f\" {}\nfunction \"g\" {\n  trigger {\n    source     = firehose.f\n    batch_size = 5\n  }\n}\n", "Unsupported attribute", "5:5", "trigger from a firehose"},
		{"named source firehose without quotes", "function \"g\" {\n  trigger { source = firehose }\n}\n", "Named source without quotes", "2:22", `source = "firehose"`},
		{"alias buffering_interval", "firehose \"f\" {\n  buffering_interval = 60\n}\n", "Unsupported attribute", "2:3", `Did you mean "buffer_interval"? (archie's name for buffering_interval)`},
		{"alias SizeInMBs", "firehose \"f\" {\n  SizeInMBs = 5\n}\n", "Unsupported attribute", "2:3", `Did you mean "buffer_size"?`},
		{"undeclared firehose", "function \"g\" {\n  emits = [firehose.nope]\n}\n", "Reference to an undeclared component", "2:12", `No firehose named "nope"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, diags := parse(t, c.src)
			if !diags.HasErrors() {
				t.Fatalf("no error")
			}
			d := diags[0]
			at := ""
			if d.Subject != nil {
				at = fmt.Sprintf("%d:%d", d.Subject.Start.Line, d.Subject.Start.Column)
			}
			if (c.summary != "" && d.Summary != c.summary) || at != c.at || !strings.Contains(d.Detail, c.detail) {
				t.Errorf("got %s %q: %s\nwant %s %q containing %q", at, d.Summary, d.Detail, c.at, c.summary, c.detail)
			}
		})
	}
}

// A synchronous path ends at a firehose: it answers PutRecord once it has
// the records, and transforms them later, from its buffer.
func TestSyncPathEndsAtFirehose(t *testing.T) {
	a := mustParse(t, `
api "ingest" {}
firehose "clicks" {
  trigger { source = api.ingest }
}
function "transform" {
  calls = [function.lookup]
  trigger { source = firehose.clicks }
}
function "lookup" {}
`)
	var got []string
	for _, c := range schema.NewSyncPaths().Longest(a.Component("api.ingest")) {
		got = append(got, c.Address())
	}
	if strings.Join(got, " ") != "api.ingest firehose.clicks" {
		t.Errorf("path %v, want api.ingest firehose.clicks", got)
	}
}
