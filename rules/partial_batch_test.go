package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestPartialBatchMeta(t *testing.T) { assertMetaExamples(t, partialBatch{}) }

func TestPartialBatch(t *testing.T) {
	cases := map[string]string{
		"a pipe that does not wait for its target": `
queue "jobs" {}
stream "clicks" {}
function "enqueue" {
  trigger {
    source     = queue.jobs
    invocation = "async"
  }
}
state_machine "sessionize" {
  type = "express"
  trigger {
    source      = stream.clicks
    invocation  = "async"
    max_retries = 2
  }
}
`,
		"queue trigger with the default batch of 10": `
queue "q" {}
function "f" {
  trigger { # want "partial-batch"
    source = queue.q
  }
}
`,
		"batch of one": `
queue "q" {}
function "f" {
  trigger {
    source     = queue.q
    batch_size = 1
  }
}
`,
		"partial batch response": `
queue "q" {}
function "f" {
  trigger {
    source                 = queue.q
    batch_size             = 50
    partial_batch_response = true
  }
}
`,
		"explicitly false": `
queue "q" {}
function "f" {
  trigger { # want "partial-batch"
    source                 = queue.q
    partial_batch_response = false
  }
}
`,
		"stream and table stream triggers": `
stream "s" {}
database "d" {
  stream = true
}
function "f" {
  trigger { # want "partial-batch"
    source = stream.s
  }
  trigger { # want "partial-batch"
    source     = database.d
    batch_size = 2
  }
}
`,
		"push sources have no batches": `
topic "t" {}
bus "b" {}
bucket "k" {}
api "a" {}
function "f" {
  trigger { source = topic.t }
  trigger { source = bus.b }
  trigger { source = bucket.k }
  trigger { source = api.a }
}
`,
		"pipes into a bus run no handler": `
queue "q" {}
stream "s" {}
database "d" {
  stream = true
}
bus "e" {
  trigger { source = queue.q }
  trigger {
    source      = stream.s
    max_retries = 2
  }
  trigger {
    source      = database.d
    max_retries = 2
  }
}
`,
		"container polling a queue": `
queue "q" {}
container "c" {
  trigger { # want "partial-batch"
    source = queue.q
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, partialBatch{}) })
	}
}

func TestPartialBatchMessages(t *testing.T) {
	src := `
-- queues.arch.hcl --
queue "emails" {}
stream "clicks" {}
-- consumers.arch.hcl --
function "send" {
  trigger { # want "partial-batch"
    source     = queue.emails
    batch_size = 25
  }
}
function "count" {
  trigger { # want "partial-batch"
    source      = stream.clicks
    max_retries = 2
  }
}
`
	fs := linttest.Run(t, src, partialBatch{})
	if len(fs) != 2 {
		t.Fatalf("got %+v", fs)
	}
	want := "function.send reads queue.emails in batches of up to 25 without partial_batch_response: when one item fails, every message of the batch becomes visible again and is processed twice, and good ones drift towards the dead-letter queue; report failed items with partial_batch_response = true"
	if f := fs[0]; f.Message != want || sourceAt(t, src, f) != "trigger" || f.Range.Filename != "consumers.arch.hcl" {
		t.Errorf("got %+v\nwant %s", f, want)
	}
	want = "function.count reads stream.clicks in batches of up to 100 without partial_batch_response: when one item fails, the whole batch is retried from its start while the shard waits; report failed items with partial_batch_response = true"
	if f := fs[1]; f.Message != want {
		t.Errorf("got %+v\nwant %s", f, want)
	}
}
