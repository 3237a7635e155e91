package format

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
)

// largeReport is a report of n findings, one per line of one large file.
func largeReport(n int) *lint.Report {
	var src strings.Builder
	for i := range n {
		fmt.Fprintf(&src, "queue \"q%d\" { retention = \"4d\" }\n", i)
	}
	r := &lint.Report{Files: map[string]*hcl.File{"big.arch.hcl": {Bytes: []byte(src.String())}}, Components: n}
	for i := range n {
		r.Findings = append(r.Findings, lint.Finding{Rule: "missing-dlq", Severity: lint.Warning, Message: "m", Component: fmt.Sprintf("queue.q%d", i),
			Range: hcl.Range{Filename: "big.arch.hcl", Start: hcl.Pos{Line: i + 1, Column: 1}, End: hcl.Pos{Line: i + 1, Column: 6}}})
	}
	return r
}

// BenchmarkWriteTextLargeFile: the text report splits a file into lines
// once, not once per finding (which took minutes for a 60,000-component
// architecture).
func BenchmarkWriteTextLargeFile(b *testing.B) {
	r := largeReport(40000)
	for b.Loop() {
		if err := WriteText(io.Discard, r, TextOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The snippets of a large file show each finding's own line.
func TestWriteTextLargeFile(t *testing.T) {
	const n = 40000
	r := largeReport(n)
	var b bytes.Buffer
	r.Findings = r.Findings[n-1:]
	if err := WriteText(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d | queue \"q%d\"", n, n-1); !strings.Contains(b.String(), want) {
		t.Errorf("snippet missing %q:\n%s", want, b.String())
	}
}

// The text and JSON formats say what a baseline suppressed and which of
// its entries no longer occur.
func TestBaselineInTextAndJSON(t *testing.T) {
	at := func(line int) hcl.Range {
		return hcl.Range{Filename: "infra/main.arch.hcl", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 9}}
	}
	f := func(name string, line int, by string) lint.Finding {
		return lint.Finding{Rule: "every-function", Severity: lint.Warning, Message: "m", Component: "function." + name, Range: at(line), SuppressedBy: by}
	}
	r := &lint.Report{
		Findings:   []lint.Finding{f("c", 3, "")},
		Suppressed: []lint.Finding{f("a", 2, "baseline"), f("q", 4, "baseline")},
		Fixed:      []lint.Finding{f("b", 0, "")},
	}
	var text bytes.Buffer
	if err := WriteText(&text, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 findings suppressed (2 by the baseline)", "1 finding fixed since the baseline:\n  every-function  infra/main.arch.hcl (function.b)\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"suppressed_by": "baseline"`, `"fixed": [`, `"component": "function.b",`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON output lacks %q:\n%s", want, js.String())
		}
	}
}
