package format

import (
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
)

// JSON writes a finding's context only where it says something.
func TestJSONFindingContext(t *testing.T) {
	at := func(line int) hcl.Range {
		return hcl.Range{Filename: "a.arch.hcl", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 5}}
	}
	fs := []lint.Finding{
		{Rule: "about", Severity: lint.Warning, Message: "about flow", Component: "function.a", Range: at(1),
			Context: lint.Context{Pattern: "flow", Path: []string{"function.a", "function.b"}}},
		{Rule: "about", Severity: lint.Warning, Message: "plain", Component: "function.b", Range: at(2)},
	}
	var b strings.Builder
	if err := WriteJSON(&b, &lint.Report{Findings: fs}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Count(out, `"context"`) != 1 || !strings.Contains(out, `"pattern": "flow"`) || strings.Contains(out, `"workload"`) {
		t.Errorf("JSON:\n%s", out)
	}
}
