package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestLogRetention(t *testing.T) {
	cases := map[string]string{
		"kept forever": `
function "a" {
  log_retention_days = 0 # want "log-retention"
}
state_machine "s" {
  log_retention_days = 0 # want "log-retention"
}
api "p" {
  log_retention_days = 0 # want "log-retention"
}
`,
		"a retention": `
function "a" {
  log_retention_days = 14
}
`,
		"unset is unknown": `
function "a" {}
state_machine "s" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, logRetention{}) })
	}
	f := onlyFinding(t, "function \"a\" {\n  log_retention_days = 0 # want \"log-retention\"\n}\n", logRetention{})
	if want := "function.a keeps its logs, and pays for their storage, forever (log_retention_days = 0): set a retention, e.g. 30 days"; f.Message != want {
		t.Errorf("message %q", f.Message)
	}
}
