package rules

import (
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestPoisonMessageMeta(t *testing.T) { assertMetaExamples(t, poisonMessage{}) }

func TestPoisonMessage(t *testing.T) {
	cases := map[string]string{
		"stream trigger with the defaults": `
stream "clicks" {}
function "count" {
  trigger { # want "poison-message"
    source = stream.clicks
  }
}
`,
		"pipes from a stream and a table into a bus": `
stream "clicks" {}
database "orders" {
  stream = true
}
queue "failed" {}
queue "jobs" {}
bus "events" {
  trigger { # want "poison-message"
    source = stream.clicks
  }
  trigger {
    source         = database.orders
    max_record_age = "1h"
    on_failure     = queue.failed
  }
  trigger { source = queue.jobs }
}
`,
		"bounded retries": `
stream "clicks" {}
function "count" {
  trigger {
    source      = stream.clicks
    max_retries = 3
  }
}
`,
		"zero retries is a bound": `
stream "clicks" {}
function "count" {
  trigger {
    source      = stream.clicks
    max_retries = 0
  }
}
`,
		"bounded record age": `
stream "clicks" {}
function "count" {
  trigger {
    source         = stream.clicks
    max_record_age = "1h"
  }
}
`,
		"bisect alone does not bound the retries": `
stream "clicks" {}
function "count" {
  trigger { # want "poison-message"
    source          = stream.clicks
    bisect_on_error = true
  }
}
`,
		"explicit -1": `
stream "clicks" {}
function "count" {
  trigger { # want "poison-message"
    source      = stream.clicks
    max_retries = -1
  }
}
`,
		"table stream": `
database "orders" {
  stream = true
}
function "project" {
  trigger { # want "poison-message"
    source = database.orders
  }
}
`,
		"queue and topic triggers are not streams": `
queue "q" {}
topic "t" {}
function "f" {
  trigger { source = queue.q }
  trigger { source = topic.t }
}
`,
		"several consumers, each judged": `
stream "events" {}
function "a" {
  trigger { # want "poison-message"
    source = stream.events
  }
}
container "b" {
  trigger { # want "poison-message"
    source = stream.events
  }
}
function "c" {
  trigger {
    source         = stream.events
    max_record_age = "10m"
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, poisonMessage{}) })
	}
}

func TestPoisonMessageMessages(t *testing.T) {
	src := `
stream "clicks" {
  retention = "7d"
}
function "count" {
  trigger { # want "poison-message"
    source = stream.clicks
  }
}
`
	f := onlyFinding(t, src, poisonMessage{})
	want := "function.count reads stream.clicks with no failure handling: unbounded retries (max_retries -1, no max_record_age), no on_failure destination and no bisect_on_error; a record that always fails blocks its shard until it expires after 7d, everything behind it waits, and the record is then dropped without a trace; set max_retries or max_record_age, an on_failure destination to keep what fails, and bisect_on_error to isolate the bad record"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
	if got := sourceAt(t, src, f); got != "trigger" || f.Component != "function.count" {
		t.Errorf("range covers %q, component %s", got, f.Component)
	}

	f = onlyFinding(t, `
-- data.arch.hcl --
service "orders" {
  database "orders" {
    stream = true
  }
}
-- views.arch.hcl --
service "reporting" {
  function "project" {
    trigger { # want "poison-message"
      source          = database.orders
      bisect_on_error = true
      on_failure      = queue.failed
    }
  }
  queue "failed" {}
}
`, poisonMessage{})
	want = "function.project reads database.orders with unbounded retries (max_retries -1, no max_record_age): a record that always fails blocks its shard until it expires after 1d, and everything behind it waits; bisect_on_error isolates the bad record but its splits are not retries, so it is still retried; set max_retries or max_record_age"
	if f.Message != want || f.Range.Filename != "views.arch.hcl" {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
}

// A pipe that does not wait for its target (FIRE_AND_FORGET) is held only
// by a batch the target refuses: a warning saying so.
func TestPoisonMessageAsyncPipe(t *testing.T) {
	src := `
database "claims" {
  stream = true
}
state_machine "review" {
  type = "express"
  trigger { # want "poison-message"
    source     = database.claims
    invocation = "async"
  }
}
`
	f := onlyFinding(t, src, poisonMessage{})
	if f.Severity != lint.Warning {
		t.Errorf("severity %s, want warning", f.Severity)
	}
	want := "state_machine.review reads database.claims through a pipe that does not wait for it (invocation async) with unbounded retries (max_retries -1, no max_record_age): its failures do not hold the shard, but a record it refuses (a payload over 256 KB) is retried until it expires after 1d, and everything behind it waits; set max_retries or max_record_age"
	if f.Message != want {
		t.Errorf("message\n got %s\nwant %s", f.Message, want)
	}
}
