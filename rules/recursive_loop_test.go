package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestRecursiveLoopMeta(t *testing.T) { assertMetaExamples(t, recursiveLoop{}) }

func TestRecursiveLoop(t *testing.T) {
	cases := map[string]string{
		"function writes the bucket that triggers it": `
bucket "photos" {}
function "resize" {
  writes = [bucket.photos] # want "recursive-loop"
  trigger { source = bucket.photos }
}
`,
		"function emits to a firehose that delivers to the bucket that triggers it": `
bucket "lake" {}
firehose "clicks" {
  writes = [bucket.lake]
}
function "summarise" {
  emits = [firehose.clicks] # want "recursive-loop"
  trigger { source = bucket.lake }
}
`,
		"firehose delivering to another bucket, with a transforming function and a backup": `
bucket "raw" {}
bucket "lake" {}
bucket "failed" {}
firehose "clicks" {
  writes = [bucket.lake]
  backup = bucket.raw
}
function "enrich" {
  trigger { source = firehose.clicks }
}
function "summarise" {
  emits = [firehose.clicks]
  trigger { source = bucket.raw }
}
`,
		"a firehose whose bus target feeds it back": `
bus "events" {}
firehose "audit" {
  trigger { source = bus.events }
  calls = [external.sink]
}
external "sink" {}
function "enrich" {
  emits = [bus.events] # want "recursive-loop"
  trigger { source = firehose.audit }
}
`,
		"a transforming function that puts records back into its firehose through an api": `
api "ingest" {}
firehose "clicks" {
  trigger { source = api.ingest }
  writes = [bucket.lake]
}
bucket "lake" {}
function "transform" {
  calls = [api.ingest]
  trigger { source = firehose.clicks } # want "recursive-loop"
}
`,
		"function writes another bucket": `
bucket "photos" {}
bucket "thumbs" {}
function "resize" {
  writes = [bucket.thumbs]
  trigger { source = bucket.photos }
}
function "index" {
  trigger { source = bucket.thumbs }
}
`,
		"a write to a table whose stream triggers the writer": `
database "orders" {
  stream = true
}
function "enrich" {
  writes = [database.orders] # want "recursive-loop"
  trigger {
    source      = database.orders
    max_retries = 2
  }
}
`,
		"a write to a table that triggers nothing": `
database "orders" {
  stream = true
}
function "enrich" {
  reads  = [database.orders]
  writes = [database.orders]
  emits  = [queue.out]
}
queue "out" {}
`,
		"a function that emits to itself": `
function "crawl" {
  emits = [function.crawl] # want "recursive-loop"
}
`,
		"a queue the consumer feeds": `
queue "jobs" {}
function "work" {
  emits = [queue.jobs] # want "recursive-loop"
  trigger { source = queue.jobs }
}
`,
		"a loop through a topic and a queue": `
topic "events" {}
queue "inbox" {
  trigger { source = topic.events }
}
function "handle" {
  emits = [topic.events] # want "recursive-loop"
  trigger { source = queue.inbox }
}
`,
		"a loop with a synchronous hop": `
queue "q" {}
function "a" {
  calls = [function.b]
  trigger { source = queue.q }
}
function "b" {
  emits = [queue.q] # want "recursive-loop"
}
`,
		"a loop of calls only is sync-chain's": `
function "ping" {
  calls = [function.pong]
}
function "pong" {
  calls = [function.ping]
}
`,
		"failure routes are not followed": `
queue "jobs" {
  dead_letter = queue.jobs_dlq
}
queue "jobs_dlq" {}
function "work" {
  trigger { source = queue.jobs }
}
function "redrive" {
  emits = [queue.jobs]
  trigger { source = queue.jobs_dlq }
}
function "notify" {
  on_failure = function.notify_failed
  trigger {
    source   = "schedule"
    schedule = "rate(1 hour)"
  }
}
function "notify_failed" {
  emits = [function.notify]
}
`,
		"two separate loops": `
bucket "a" {}
bucket "b" {}
function "fa" {
  writes = [bucket.a] # want "recursive-loop"
  trigger { source = bucket.a }
}
function "fb" {
  writes = [bucket.b] # want "recursive-loop"
  trigger { source = bucket.b }
}
`,
		"a filtered trigger still closes the loop": `
bucket "media" {}
function "thumbnail" {
  writes = [bucket.media] # want "recursive-loop"
  trigger {
    source = bucket.media
    prefix = "uploads/"
  }
}
`,
		"one finding for a component with two loops through it": `
queue "q1" {}
queue "q2" {}
function "hub" {
  emits = [queue.q1, queue.q2] # want "recursive-loop"
  trigger { source = queue.q1 }
  trigger { source = queue.q2 }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, recursiveLoop{}) })
	}
}

func TestRecursiveLoopMessages(t *testing.T) {
	src := `
bucket "photos" {}
function "resize" {
  writes = [bucket.photos] # want "recursive-loop"
  trigger { source = bucket.photos }
}
`
	f := onlyFinding(t, src, recursiveLoop{})
	want := "recursive loop: function.resize -> bucket.photos -> function.resize; Lambda's loop detection stops it after about 16 invocations and drops its events; break the loop (write to another resource, or filter what re-enters)"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != "bucket.photos" || f.Component != "function.resize" {
		t.Errorf("range covers %q, component %s", got, f.Component)
	}

	src = `
-- orders.arch.hcl --
service "orders" {
  bus "events" {}
  function "place" {
    emits = [stream.audit] # want "recursive-loop"
    trigger { source = bus.events }
  }
}
-- audit.arch.hcl --
service "audit" {
  stream "audit" {}
  container "archive" {
    trigger {
      source      = stream.audit
      max_retries = 1
    }
    writes = [database.archive]
  }
  database "archive" {
    stream = true
  }
  function "publish" {
    emits = [bus.events]
    trigger {
      source      = database.archive
      max_retries = 1
    }
  }
}
`
	f = onlyFinding(t, src, recursiveLoop{})
	want = "recursive loop: function.place -> stream.audit -> container.archive -> database.archive -> function.publish -> bus.events -> function.place; Lambda does not detect loops through stream.audit, container.archive, database.archive and bus.events, so it runs, scales out and bills until someone stops it; break the loop (write to another resource, or filter what re-enters)"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if f.Range.Filename != "orders.arch.hcl" || sourceAt(t, src, f) != "stream.audit" || f.Component != "function.place" {
		t.Errorf("finding at %s (%q) on %s", f.Range, sourceAt(t, src, f), f.Component)
	}

	f = onlyFinding(t, `
bucket "media" {}
topic "changes" {
  trigger { source = bucket.media }
}
function "thumbnail" {
  writes = [bucket.media] # want "recursive-loop"
  trigger {
    source = topic.changes
    filter = { kind = ["upload"] }
  }
}
`, recursiveLoop{})
	want = `recursive loop: function.thumbnail -> bucket.media -> topic.changes -> function.thumbnail; Lambda's loop detection stops it after about 16 invocations and drops its events; break the loop (write to another resource, or filter what re-enters) (unless the filter of the trigger of function.thumbnail from topic.changes keeps out what the loop writes; then suppress with that reason)`
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
}
