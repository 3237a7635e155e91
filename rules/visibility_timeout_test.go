package rules

import (
	"strings"

	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

func TestVisibilityTimeoutMeta(t *testing.T) { assertMetaExamples(t, visibilityTimeout{}) }

func TestVisibilityTimeout(t *testing.T) {
	cases := map[string]string{
		"default visibility shorter than the timeout points at the block": `
queue "jobs" { # want "visibility-timeout"
}
function "run" {
  timeout = "1m"
  trigger { source = queue.jobs }
}
`,
		"a pipe that lets go of the message once the workflow starts": `
queue "jobs" {
  visibility_timeout = "30s"
}
state_machine "run" {
  trigger {
    source     = queue.jobs
    invocation = "async"
  }
}
`,
		"a pipe that waits for the workflow": `
queue "jobs" {
  visibility_timeout = "30s" # want "visibility-timeout"
}
state_machine "run" {
  type = "express"
  trigger { source = queue.jobs }
}
`,
		"below six times the timeout": `
queue "jobs" {
  visibility_timeout = "2m" # want "visibility-timeout"
}
function "run" {
  timeout = "1m"
  trigger { source = queue.jobs }
}
`,
		"six times the timeout": `
queue "jobs" {
  visibility_timeout = "6m"
}
function "run" {
  timeout = "1m"
  trigger { source = queue.jobs }
}
`,
		"the batch window adds to the margin": `
queue "jobs" {
  visibility_timeout = "6m" # want "visibility-timeout"
}
function "run" {
  timeout = "1m"
  trigger {
    source       = queue.jobs
    batch_window = "10s"
  }
}
`,
		"default function timeout and visibility": `
queue "jobs" {
  visibility_timeout = "18s"
}
function "run" {
  trigger { source = queue.jobs }
}
`,
		"container is held to its timeout only": `
queue "jobs" {
  visibility_timeout = "90s"
}
queue "short" {
  visibility_timeout = "30s" # want "visibility-timeout"
}
container "worker" {
  timeout = "1m"
  trigger { source = queue.jobs }
  trigger { source = queue.short }
}
`,
		"container without timeout": `
queue "jobs" {}
container "worker" {
  trigger { source = queue.jobs }
}
`,
		"standard state machine is started, not awaited": `
queue "jobs" {}
state_machine "flow" {
  trigger { source = queue.jobs }
}
`,
		"each consumer of a shared queue": `
queue "shared" {
  visibility_timeout = "1m" # want "visibility-timeout" "visibility-timeout"
}
function "fast" {
  timeout = "5s"
  trigger { source = queue.shared }
}
function "slow" {
  timeout = "20s"
  trigger { source = queue.shared }
}
function "slower" {
  timeout = "2m"
  trigger { source = queue.shared }
}
`,
		"topic trigger is not a queue": `
topic "t" {}
function "f" {
  timeout = "5m"
  trigger { source = topic.t }
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, visibilityTimeout{}) })
	}
}

func TestVisibilityTimeoutSeverityAndMessages(t *testing.T) {
	src := `
-- queues.arch.hcl --
service "intake" {
  queue "jobs" {
    visibility_timeout = "45s" # want "visibility-timeout"
  }
  queue "other" {
    visibility_timeout = "2m" # want "visibility-timeout"
  }
}
-- workers.arch.hcl --
service "work" {
  function "run" {
    timeout = "1m"
    trigger { source = queue.jobs }
  }
  function "walk" {
    timeout = "30s"
    trigger {
      source       = queue.other
      batch_window = "5s"
    }
  }
}
`
	fs := linttest.Run(t, src, visibilityTimeout{})
	if len(fs) != 2 {
		t.Fatalf("got %+v", fs)
	}
	errMsg := "queue.jobs hides a message for 45s (visibility_timeout) but its consumer function.run may run for 1m: Lambda rejects the mapping, and a message still being processed is handed out again; set visibility_timeout to at least 6m"
	if f := fs[0]; f.Severity != lint.Error || f.Message != errMsg || f.Component != "queue.jobs" || f.Range.Filename != "queues.arch.hcl" || sourceAt(t, src, f) != `"45s"` {
		t.Errorf("error finding: %+v\nwant %s", f, errMsg)
	}
	warnMsg := "queue.other hides a message for 2m (visibility_timeout), less than 6 x the 30s timeout of its consumer function.walk plus a 5s batch window (3m5s): a retried batch can reappear while it is still being processed; set visibility_timeout to at least 3m5s"
	if f := fs[1]; f.Severity != lint.Warning || f.Message != warnMsg {
		t.Errorf("warning finding: %+v\nwant %s", f, warnMsg)
	}
}

// TestVisibilityTimeoutDefaultTimeout: a consumer that sets no timeout is
// said to have the default one.
func TestVisibilityTimeoutDefaultTimeout(t *testing.T) {
	src := `
queue "jobs" {
  visibility_timeout = "10s" # want "visibility-timeout"
}
function "worker" {
  trigger { source = queue.jobs }
}
`
	f := onlyFinding(t, src, visibilityTimeout{})
	if !strings.Contains(f.Message, "less than 6 x the default 3s timeout of its consumer function.worker") {
		t.Errorf("message: %s", f.Message)
	}
}

// Only Lambda validates an event source mapping against the queue's
// visibility timeout; a pipe into a workflow is not rejected.
func TestVisibilityTimeoutRejectsOnlyLambdaMappings(t *testing.T) {
	f := onlyFinding(t, `
queue "jobs" {
  visibility_timeout = "30s" # want "visibility-timeout"
}
state_machine "run" {
  type = "express"
  trigger { source = queue.jobs }
}
`, visibilityTimeout{})
	if strings.Contains(f.Message, "Lambda rejects") {
		t.Errorf("a pipe's message says Lambda rejects the mapping: %s", f.Message)
	}
	f = onlyFinding(t, `
queue "jobs" {
  visibility_timeout = "30s" # want "visibility-timeout"
}
function "run" {
  timeout = "1m"
  trigger { source = queue.jobs }
}
`, visibilityTimeout{})
	if !strings.Contains(f.Message, "Lambda rejects the mapping") {
		t.Errorf("a Lambda mapping's message does not say Lambda rejects it: %s", f.Message)
	}
}
