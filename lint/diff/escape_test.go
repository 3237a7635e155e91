package diff

import (
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
)

// Input text in the text and Markdown reports can start no workflow
// command and carries no control character.
func TestHostileTextEscaped(t *testing.T) {
	f := lint.Finding{
		Rule:     "missing-dlq",
		Severity: lint.Error,
		Message:  "x\n::error file=a::owned\x1b[2J",
		Range:    hcl.Range{Filename: "evil\n::warning::x.arch.hcl", Start: hcl.Pos{Line: 1, Column: 1}},
	}
	for _, s := range []string{findingText(f), codeText("a`b\n::error::c\r")} {
		for _, line := range strings.Split(s, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") {
				t.Errorf("line starts a workflow command: %q", line)
			}
		}
		if strings.ContainsAny(s, "\x1b\r") {
			t.Errorf("control character in %q", s)
		}
	}
}
