package lint

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// largeReport is a report of n findings, one per line of one large file.
func largeReport(n int) *Report {
	var src strings.Builder
	for i := range n {
		fmt.Fprintf(&src, "queue \"q%d\" { retention = \"4d\" }\n", i)
	}
	r := &Report{Files: map[string]*hcl.File{"big.arch.hcl": {Bytes: []byte(src.String())}}, Components: n}
	for i := range n {
		r.Findings = append(r.Findings, Finding{Rule: "missing-dlq", Severity: Warning, Message: "m", Component: fmt.Sprintf("queue.q%d", i),
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
