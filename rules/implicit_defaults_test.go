package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestImplicitDefaultsMeta(t *testing.T) { assertMetaExamples(t, implicitDefaults{}) }

func TestImplicitDefaults(t *testing.T) {
	cases := map[string]string{
		"both implicit": `
function "f" { # want "implicit-defaults"
}
`,
		"memory implicit": `
function "f" { # want "implicit-defaults"
  timeout = "3s"
}
`,
		"timeout implicit": `
function "f" { # want "implicit-defaults"
  memory = 128
}
`,
		"both explicit, even at the default values": `
function "f" {
  memory  = 128
  timeout = "3s"
}
`,
		"containers and state machines are not functions": `
container "web" {}
state_machine "flow" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, implicitDefaults{}) })
	}
}

func TestImplicitDefaultsMessages(t *testing.T) {
	for src, want := range map[string]string{
		`function "f" {} # want "implicit-defaults"`: "function.f runs with the default memory (128 MB) and timeout (3s): state memory and timeout so the choice is visible and the timeout and cost rules use real values",
		`function "f" { # want "implicit-defaults"
  timeout = "1m"
}`: "function.f runs with the default memory (128 MB): state memory so the choice is visible and the timeout and cost rules use real values",
		`function "f" { # want "implicit-defaults"
  memory = 2048
}`: "function.f runs with the default timeout (3s): state timeout so the choice is visible and the timeout and cost rules use real values",
	} {
		f := onlyFinding(t, src, implicitDefaults{})
		if f.Message != want {
			t.Errorf("message\n got %s\nwant %s", f.Message, want)
		}
		if got := sourceAt(t, src, f); got != `function "f"` {
			t.Errorf("range covers %q", got)
		}
	}
}
