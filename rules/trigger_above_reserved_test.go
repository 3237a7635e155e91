package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestTriggerAboveReservedMeta(t *testing.T) { assertMetaExamples(t, triggerAboveReserved{}) }

func TestTriggerAboveReserved(t *testing.T) {
	cases := map[string]string{
		"max_concurrency above reserved": `
queue "jobs" {}
function "run" {
  concurrency = 10
  trigger {
    source          = queue.jobs
    max_concurrency = 50 # want "trigger-above-reserved"
  }
}
`,
		"stream shards x parallelization above reserved": `
stream "clicks" {
  shards = 4
}
function "count" {
  concurrency = 10
  trigger { # want "trigger-above-reserved"
    source          = stream.clicks
    parallelization = 5
  }
}
`,
		"stream within reserved": `
stream "clicks" {
  shards = 4
}
function "count" {
  concurrency = 10
  trigger {
    source          = stream.clicks
    parallelization = 2
  }
}
`,
		"on-demand stream": `
stream "clicks" {}
function "count" {
  concurrency = 1
  trigger {
    source          = stream.clicks
    parallelization = 10
  }
}
`,
		"equal": `
queue "jobs" {}
function "run" {
  concurrency = 10
  trigger {
    source          = queue.jobs
    max_concurrency = 10
  }
}
`,
		"no reservation": `
queue "jobs" {}
function "run" {
  trigger {
    source          = queue.jobs
    max_concurrency = 50
  }
}
`,
		"no max_concurrency": `
queue "jobs" {}
function "run" {
  concurrency = 10
  trigger { source = queue.jobs }
}
`,
		"triggers that add up past the reservation": `
queue "a" {}
queue "b" {}
function "run" {
  concurrency = 10 # want "trigger-above-reserved"
  trigger {
    source          = queue.a
    max_concurrency = 6
  }
  trigger {
    source          = queue.b
    max_concurrency = 6
  }
}
`,
		"one trigger above, the sum not reported again": `
queue "a" {}
queue "b" {}
function "run" {
  concurrency = 10
  trigger {
    source          = queue.a
    max_concurrency = 20 # want "trigger-above-reserved"
  }
  trigger {
    source          = queue.b
    max_concurrency = 5
  }
}
`,
		"containers have no reserved concurrency": `
queue "jobs" {}
container "run" {
  concurrency = 2
  trigger {
    source          = queue.jobs
    max_concurrency = 50
  }
}
`,
		"reserved zero": `
queue "jobs" {}
function "paused" {
  concurrency = 0
  trigger {
    source          = queue.jobs
    max_concurrency = 2 # want "trigger-above-reserved"
  }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, triggerAboveReserved{}) })
	}
}

func TestTriggerAboveReservedMessages(t *testing.T) {
	src := `
-- queues.arch.hcl --
service "intake" {
  queue "jobs" {}
}
-- worker.arch.hcl --
service "work" {
  function "run" {
    concurrency = 10
    trigger {
      source          = queue.jobs
      max_concurrency = 50 # want "trigger-above-reserved"
    }
  }
}
`
	f := onlyFinding(t, src, triggerAboveReserved{})
	want := "the trigger of function.run from queue.jobs allows max_concurrency 50, above the function's reserved concurrency 10: invocations past 10 are throttled and their messages go back to the queue, towards the dead-letter queue; set max_concurrency to 10 at most"
	if f.Message != want || sourceAt(t, src, f) != "50" || f.Range.Filename != "worker.arch.hcl" || f.Component != "function.run" {
		t.Errorf("got %+v\nwant %s", f, want)
	}

	f = onlyFinding(t, `
queue "a" {}
queue "b" {}
function "run" {
  concurrency = 10 # want "trigger-above-reserved"
  trigger {
    source          = queue.a
    max_concurrency = 6
  }
  trigger {
    source          = queue.b
    max_concurrency = 6
  }
}
`, triggerAboveReserved{})
	want = "the queue triggers of function.run (queue.a and queue.b) allow 12 concurrent invocations together, above its reserved concurrency 10: invocations past 10 are throttled and their messages go back to the queue; make their max_concurrency add up to 10 at most"
	if f.Message != want {
		t.Errorf("got %s\nwant %s", f.Message, want)
	}
}
