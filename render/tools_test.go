package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
)

// The tests below hand our DOT, D2 and Mermaid to the real tools. They
// skip when a tool is missing, except in CI (CI=true), where .ci/run
// installs them and a missing tool is a failure.

func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; .ci/run installs it", name)
	}
	t.Skipf("%s is not installed (CI=true makes this a failure)", name)
	return ""
}

// toolInput is one diagram handed to the tools.
type toolInput struct {
	name string
	arch *schema.Architecture
	opt  Options
}

func toolInputs(t *testing.T) []toolInput {
	var out []toolInput
	for _, dir := range exampleDirs(t) {
		out = append(out, toolInput{strings.TrimPrefix(dir, "examples/"), loadExample(t, dir), Options{}})
	}
	for _, tc := range fixtureCases {
		arch := loadFixture(t, tc.fixture)
		opt := tc.opt
		if tc.findings {
			opt.Findings = fixedFindings(arch)
		}
		out = append(out, toolInput{"fixtures/" + tc.name, arch, opt})
	}
	for _, tc := range criticalCases {
		arch := loadExample(t, tc.dir)
		out = append(out, toolInput{"critical/" + tc.name, arch, criticalOptions(t, arch, tc.workload, tc.view)})
	}
	return out
}

func runTool(t *testing.T, timeout time.Duration, stdin []byte, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// TestGraphvizAcceptsDOT: native Graphviz lays out every DOT we write,
// without a warning.
func TestGraphvizAcceptsDOT(t *testing.T) {
	dot := requireTool(t, "dot")
	t.Parallel()
	for _, in := range toolInputs(t) {
		in.opt.Format = FormatDOT
		src := renderText(t, in.arch, in.opt)
		out, err := runTool(t, time.Minute, src, dot, "-Tsvg", "-o", os.DevNull)
		if err != nil || strings.TrimSpace(out) != "" {
			t.Errorf("%s: dot -Tsvg: %v\n%s", in.name, err, out)
		}
	}
}

// TestD2Validates: d2 compiles every D2 file we write to SVG. Compiling
// parses and validates the file as `d2 validate` does, and catches what
// validation does not (an undefined ${variable}, Markdown in a tooltip
// that is not well-formed). The files are compiled by one d2 process per
// CPU at a time: each spends most of a second in its JavaScript layout.
func TestD2Validates(t *testing.T) {
	d2 := requireTool(t, "d2")
	t.Parallel()
	dir := t.TempDir()
	inputs := toolInputs(t)
	files := make([]string, len(inputs))
	for i, in := range inputs {
		in.opt.Format = FormatD2
		files[i] = filepath.Join(dir, fmt.Sprintf("%03d.d2", i))
		if err := os.WriteFile(files[i], renderText(t, in.arch, in.opt), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	errs := make([]string, len(inputs))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range work {
				if out, err := runTool(t, time.Minute, nil, d2, "--layout=dagre", files[i], strings.TrimSuffix(files[i], ".d2")+".svg"); err != nil {
					errs[i] = fmt.Sprintf("%s: d2: %v\n%s", inputs[i].name, err, out)
				}
			}
		})
	}
	for i := range inputs {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Error(e)
		}
	}
	// And d2 does reject a file that is not D2, or the loop proves nothing.
	bad := filepath.Join(dir, "bad.d2")
	if err := os.WriteFile(bad, []byte("a -> b: {\n  shape: no-such-shape\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runTool(t, time.Minute, nil, d2, "--layout=dagre", bad, filepath.Join(dir, "bad.svg")); err == nil {
		t.Errorf("d2 compiled a file with an unknown shape:\n%s", out)
	}
}

// mmdcConfig writes the puppeteer configuration that points mermaid-cli at
// the system's Chromium.
func mmdcConfig(t *testing.T, dir string) string {
	chromium := os.Getenv("PUPPETEER_EXECUTABLE_PATH")
	if chromium == "" {
		chromium = requireTool(t, "chromium")
	}
	config := filepath.Join(dir, "puppeteer.json")
	if err := os.WriteFile(config, fmt.Appendf(nil, `{"executablePath":%q,"args":["--no-sandbox","--disable-gpu"]}`, chromium), 0o644); err != nil {
		t.Fatal(err)
	}
	return config
}

// TestMermaidScale: mermaid-cli draws the Mermaid of a generated
// 200-component architecture (20 services, written without subgraphs: see
// mermaidMaxSubgraphs). With subgraphs it failed with a TypeError.
func TestMermaidScale(t *testing.T) {
	mmdc := requireTool(t, "mmdc")
	t.Parallel()
	dir := t.TempDir()
	config := mmdcConfig(t, dir)
	arch, diags := schema.Parse(t.Context(), "generated", archgen.Files(200))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	input := filepath.Join(dir, "g200.mmd")
	if err := os.WriteFile(input, renderText(t, arch, Options{Format: FormatMermaid}), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runTool(t, 5*time.Minute, nil, mmdc, "-p", config, "-i", input, "-o", filepath.Join(dir, "g200.svg"))
	if err != nil {
		t.Fatalf("mmdc: %v\n%s", err, out)
	}
}

// TestMermaidParses: mermaid-cli (the Mermaid GitHub runs, in a headless
// Chromium) draws every flowchart we write. All diagrams go in one
// Markdown file so the browser starts once.
func TestMermaidParses(t *testing.T) {
	mmdc := requireTool(t, "mmdc")
	t.Parallel()
	dir := t.TempDir()
	config := mmdcConfig(t, dir)
	var md bytes.Buffer
	inputs := toolInputs(t)
	for _, in := range inputs {
		in.opt.Format = FormatMermaid
		fmt.Fprintf(&md, "## %s\n\n```mermaid\n%s```\n\n", in.name, renderText(t, in.arch, in.opt))
	}
	input := filepath.Join(dir, "diagrams.md")
	if err := os.WriteFile(input, md.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runTool(t, 10*time.Minute, nil, mmdc, "-p", config, "-i", input, "-o", filepath.Join(dir, "out.md"))
	if err != nil {
		t.Fatalf("mmdc: %v\n%s", err, out)
	}
	if n := strings.Count(out, ".svg"); n < len(inputs) {
		t.Errorf("mmdc drew %d of %d diagrams:\n%s", n, len(inputs), out)
	}
}
