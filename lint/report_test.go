package lint

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// TestWriteTextLargeFile: the text report of many findings in one large
// file splits the file once. Splitting it per finding took minutes for a
// 60000-component architecture; this case took about 15 s that way.
func TestWriteTextLargeFile(t *testing.T) {
	const n = 40000
	var src strings.Builder
	for i := range n {
		fmt.Fprintf(&src, "queue \"q%d\" { retention = \"4d\" }\n", i)
	}
	r := &Report{Files: map[string]*hcl.File{"big.arch.hcl": {Bytes: []byte(src.String())}}, Components: n}
	for i := range n {
		r.Findings = append(r.Findings, Finding{Rule: "missing-dlq", Severity: Warning, Message: "m", Component: fmt.Sprintf("queue.q%d", i),
			Range: hcl.Range{Filename: "big.arch.hcl", Start: hcl.Pos{Line: i + 1, Column: 1}, End: hcl.Pos{Line: i + 1, Column: 6}}})
	}
	start := time.Now()
	if err := WriteText(io.Discard, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("WriteText took %v for %d findings", d, n)
	}
	// The snippets still show each finding's own line.
	var b bytes.Buffer
	r.Findings = r.Findings[n-1:]
	if err := WriteText(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d | queue \"q%d\"", n, n-1); !strings.Contains(b.String(), want) {
		t.Errorf("snippet missing %q:\n%s", want, b.String())
	}
}
