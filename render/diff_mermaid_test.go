package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDiffMarkdownMermaidRenders: mermaid-cli draws the diff diagram of
// archie diff's Markdown report, as GitHub does in a pull-request comment.
// The reports are lint/diff's golden files, which its tests keep equal to
// what archie diff writes.
func TestDiffMarkdownMermaidRenders(t *testing.T) {
	mmdc := requireTool(t, "mmdc")
	chromium := os.Getenv("PUPPETEER_EXECUTABLE_PATH")
	if chromium == "" {
		chromium = requireTool(t, "chromium")
	}
	t.Parallel()
	reports, err := filepath.Glob("../lint/diff/testdata/golden/*.md")
	if err != nil || len(reports) == 0 {
		t.Fatalf("no reports: %v", err)
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "puppeteer.json")
	if err := os.WriteFile(config, fmt.Appendf(nil, `{"executablePath":%q,"args":["--no-sandbox","--disable-gpu"]}`, chromium), 0o644); err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	blocks := 0
	for _, r := range reports {
		b, err := os.ReadFile(r)
		if err != nil {
			t.Fatal(err)
		}
		blocks += strings.Count(string(b), "```mermaid\n")
		fmt.Fprintf(&md, "# %s\n\n%s\n", filepath.Base(r), b)
	}
	if blocks == 0 {
		t.Fatal("no Mermaid diagram in the reports")
	}
	input := filepath.Join(dir, "reports.md")
	if err := os.WriteFile(input, []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runTool(t, 5*time.Minute, nil, mmdc, "-p", config, "-i", input, "-o", filepath.Join(dir, "out.md"))
	if err != nil {
		t.Fatalf("mmdc: %v\n%s", err, out)
	}
	if n := strings.Count(out, ".svg"); n < blocks {
		t.Errorf("mmdc drew %d of %d diagrams:\n%s", n, blocks, out)
	}
}
