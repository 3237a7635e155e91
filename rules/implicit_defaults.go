package rules

import (
	"fmt"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type implicitDefaults struct{}

func (implicitDefaults) Meta() lint.Meta {
	return lint.Meta{
		ID:       "implicit-defaults",
		Severity: lint.Info,
		Title:    "A function should state its memory and timeout",
		Why: `Lambda gives a function 128 MB of memory and a 3-second timeout unless told
otherwise. Both are rarely what the code needs: CPU is allotted in
proportion to memory (a full vCPU only at 1,769 MB), so 128 MB makes most
work slow, and 3 s is shorter than many cold starts plus a database call, so
the function times out under load although it worked in a quick test.
archie's timeout and cost rules then reason about values nobody chose.
Writing both down makes them a decision that reviewers can see.

The rule fires on a function without an explicit memory or timeout and
names the defaults it would get. Containers and state machines are not
checked: a container states its size to exist, and a state machine's
timeout is the workflow's own.`,
		Source: "AWS Lambda Developer Guide: configuring function memory (128 MB default; CPU proportional to memory, 1,769 MB = 1 vCPU) and timeout (3 s default, 900 s maximum). Checked 2026-11.",
		Ignore: "Rarely: a tiny glue function where the defaults were chosen on purpose is better served by writing memory = 128 and timeout = \"3s\".",
		Failing: `function "resize" {
  runtime = "python3.12"
}`,
		Fixed: `function "resize" {
  runtime = "python3.12"
  memory  = 1024
  timeout = "30s"
}`,
		SeeAlso: []string{"duration-exceeds-timeout", "api-timeout"},
	}
}

func (implicitDefaults) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction {
			continue
		}
		var implicit []string
		if !c.IsSet(schema.AttrMemory) {
			mem, _ := c.Num(schema.AttrMemory)
			implicit = append(implicit, fmt.Sprintf("memory (%g MB)", mem))
		}
		if !c.IsSet(schema.AttrTimeout) {
			t, _ := c.Dur(schema.AttrTimeout)
			implicit = append(implicit, "timeout ("+schema.FormatDuration(t)+")")
		}
		if len(implicit) == 0 {
			continue
		}
		names := make([]string, len(implicit))
		for i, s := range implicit {
			names[i], _, _ = strings.Cut(s, " ")
		}
		p.Report(c, c.DeclRange,
			"%s runs with the default %s: state %s so the choice is visible and the timeout and cost rules use real values",
			c.Address(), joinAnd(implicit), joinAnd(names))
	}
	return nil
}
