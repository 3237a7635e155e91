package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderFormats(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		prefix string
	}{
		{[]string{"render", "../examples/pub-sub"}, "<?xml"},
		{[]string{"render", "--format", "dot", "--view", "context", "../examples/pub-sub"}, `digraph "`},
		{[]string{"render", "-f", "mermaid", "--direction", "TB", "../examples/pub-sub"}, "---\ntitle:"},
		{[]string{"render", "--format", "d2", "--view", "pattern:order_events", "../examples/pub-sub"}, "direction: right\n"},
	} {
		out, errOut, code := run(t, "", tc.args...)
		if code != ExitOK || errOut != "" || !strings.HasPrefix(out, tc.prefix) {
			t.Errorf("%q: exit %d, stderr %q, output starts %q, want %q", tc.args, code, errOut, head(out), tc.prefix)
		}
	}
	out, _, _ := run(t, "", "render", "-f", "mermaid", "--direction", "TB", "../examples/pub-sub")
	if !strings.Contains(out, "flowchart TB\n") {
		t.Error("--direction TB did not reach the Mermaid output")
	}
	// The all view leaves reads and writes out unless --data-edges asks.
	plain, _, _ := run(t, "", "render", "-f", "mermaid", "../examples/fan-out-fan-in")
	data, _, _ := run(t, "", "render", "-f", "mermaid", "--data-edges", "../examples/fan-out-fan-in")
	const write = "function_create_upload --> database_photos"
	if strings.Contains(plain, write) || !strings.Contains(data, write) {
		t.Errorf("--data-edges does not decide whether writes are drawn: without %v, with %v", strings.Contains(plain, write), strings.Contains(data, write))
	}
}

func head(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}

// TestRenderOutputFile: -o writes the file, its extension choosing the
// format unless --format says otherwise.
func TestRenderOutputFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		file   string
		args   []string
		prefix string
	}{
		{"a.png", nil, "\x89PNG\r\n"},
		{"a.mmd", nil, "---\n"},
		{"a.gv", nil, "digraph"},
		{"b.txt", []string{"--format", "d2"}, "direction:"},
		{"c.png", []string{"--format", "dot"}, "digraph"},
	} {
		p := filepath.Join(dir, tc.file)
		args := append([]string{"render", "-o", p, "../examples/queue-load-leveling"}, tc.args...)
		out, errOut, code := run(t, "", args...)
		if code != ExitOK || out != "" || errOut != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, head(out), errOut)
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(data, []byte(tc.prefix)) {
			t.Errorf("%q: %s starts %q (%v), want %q", args, tc.file, head(string(data)), err, tc.prefix)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"render", "--view", "service:chekout", "../examples/pub-sub"}, `unknown service "chekout" (did you mean "checkout"?); the services are: checkout, fulfilment, loyalty, notifications`},
		{[]string{"render", "--view", "pattern:x", "../examples/pub-sub"}, `unknown pattern "x"; the patterns are: order_events`},
		{[]string{"render", "--view", "everything", "../examples/pub-sub"}, `unknown view "everything"`},
		{[]string{"render", "--format", "pdf", "../examples/pub-sub"}, `unknown format "pdf" (did you mean "png"?): use one of svg, png, dot, mermaid, d2`},
		{[]string{"render", "--direction", "RL", "../examples/pub-sub"}, `unknown direction "RL": use LR or TB`},
		{[]string{"render", "testdata/invalid"}, "testdata/invalid/main.arch.hcl:3:5"},
		{[]string{"render", "a", "b"}, "accepts at most 1 arg"},
		{[]string{"render", "--critical-path", "peak", "../examples/robust-api"}, `--critical-path: no workload "peak"; the workloads are hotel_browsing, summer_sale`},
		{[]string{"render", "--critical-path", "peak", "../examples/broken/sync-chain"}, "declares no workload to simulate; add one, for example:\n\nworkload \"peak\""},
	} {
		out, errOut, code := run(t, "", tc.args...)
		if code != ExitInvalid || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, head(out), errOut, tc.want)
		}
	}
}

func TestRenderRefusesPNGOnTerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), []string{"render", "--format", "png", "../examples/pub-sub"},
		IO{In: strings.NewReader(""), Out: &out, Err: &errOut, OutTerminal: true})
	if code != ExitInvalid || out.Len() != 0 || !strings.Contains(errOut.String(), "refusing to write a PNG to a terminal") {
		t.Errorf("exit %d, %d bytes out, stderr %q", code, out.Len(), errOut.String())
	}
}

// TestRenderFindings: --findings runs the rules and marks what they find.
func TestRenderFindings(t *testing.T) {
	plain, _, code := run(t, "", "render", "--format", "dot", "../examples/broken/sync-chain")
	if code != ExitOK || strings.Contains(plain, "finding-") {
		t.Fatalf("exit %d; findings drawn without --findings", code)
	}
	out, errOut, code := run(t, "", "render", "--format", "dot", "--findings", "../examples/broken/sync-chain")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"finding-", "sync-chain", "Findings"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// TestRenderFindingsHonourSuppressions: the diagram shows what archie lint
// reports, so a suppressed finding is not drawn.
func TestRenderFindingsHonourSuppressions(t *testing.T) {
	src, err := os.ReadFile("../examples/broken/sync-chain/main.arch.hcl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src = append([]byte("# archie-ignore-file: sync-chain -- the checkout path is accepted\n"), src...)
	if err := os.WriteFile(filepath.Join(dir, "main.arch.hcl"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "", "render", "--format", "dot", "--findings", dir)
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(out, "sync-chain") {
		t.Error("a suppressed finding is drawn")
	}
}

// TestRenderCriticalPath: --critical-path highlights the workload's
// slowest path in the output and says what the numbers are.
func TestRenderCriticalPath(t *testing.T) {
	out, errOut, code := run(t, "", "render", "--format", "mermaid", "--critical-path", "summer_sale", "../examples/robust-api")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		`api_travel -->|"GET /flights/search · p99 4.2 s"| function_search_flights`,
		`function_search_flights -->|"p99 4 s"| external_flight_gds`,
		"slowest path for workload summer_sale: p99 4.2 s end to end",
		"class api_travel,function_search_flights,external_flight_gds critical_path",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Mermaid output lacks %q", want)
		}
	}
}

// TestRenderRefusesUnknownExtension: -o x.pdf used to get SVG bytes and
// exit 0; an extension archie does not write is refused, naming those it
// does, and nothing is written.
func TestRenderRefusesUnknownExtension(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", "x.pdf"}, "does not write .pdf files; it writes .d2 .dot .gv .mermaid .mmd .png .svg"},
		{[]string{"-o", "x.jpg"}, "does not write .jpg files"},
		{[]string{"-o", "X.JPEG"}, "does not write .jpeg files"},
	} {
		out := filepath.Join(dir, tc.args[len(tc.args)-1])
		args := append([]string{"render", "../examples/pub-sub"}, tc.args[:len(tc.args)-1]...)
		_, errOut, code := run(t, "", append(args, out)...)
		if code != ExitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, want 2 with %q\n%s", tc.args, code, tc.want, errOut)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", tc.args, out)
		}
	}
	// --format chooses for a name without a known extension.
	out := filepath.Join(dir, "diagram.txt")
	if _, errOut, code := run(t, "", "render", "../examples/pub-sub", "--format", "dot", "-o", out); code != ExitOK {
		t.Errorf("--format dot -o diagram.txt: exit %d\n%s", code, errOut)
	}
}
