package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/render/site"
)

// docs runs archie in dir and returns stdout, stderr and the exit code.
func docs(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	return run(t, "", args...)
}

// copyExample copies an example architecture into dir/arch.
func copyExample(t *testing.T, example, dir string) {
	t.Helper()
	src := filepath.Join("..", "examples", example)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "arch"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".arch.hcl") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "arch", e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func editFile(t *testing.T, p, old, new string) {
	t.Helper()
	src := readFile(t, p)
	if !strings.Contains(src, old) {
		t.Fatalf("%s does not contain %q", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(src, old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDocsSiteAndCheck(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "pub-sub", dir)

	_, errOut, code := docs(t, dir, "docs", "arch", "-o", "site")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{"index.md", "findings.md", "services/checkout.md", "patterns/order_events.md",
		"workloads/saturday_morning.md", "diagrams/context.svg", "diagrams/service-checkout.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "site", f)); err != nil {
			t.Errorf("not written: %v", err)
		}
	}
	index := readFile(t, filepath.Join(dir, "site", "index.md"))
	if !strings.Contains(index, "# basketful-order-events") || !strings.Contains(index, "![Context diagram") {
		t.Errorf("index.md:\n%s", index)
	}
	// Source links are relative to the output directory.
	if page := readFile(t, filepath.Join(dir, "site", "services", "checkout.md")); !strings.Contains(page, "(../../arch/checkout.arch.hcl#L") {
		t.Errorf("services/checkout.md does not link to its source lines:\n%s", page)
	}

	out, errOut, code := docs(t, dir, "docs", "arch", "-o", "site", "--check")
	if code != ExitOK || out != "" {
		t.Fatalf("--check on fresh docs: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// One attribute changes: --check names the page and writes nothing.
	before := readFile(t, filepath.Join(dir, "site", "services", "checkout.md"))
	editFile(t, filepath.Join(dir, "arch", "checkout.arch.hcl"), `memory       = 512`, `memory       = 1024`)
	out, errOut, code = docs(t, dir, "docs", "arch", "-o", "site", "--check")
	if code != ExitFindings {
		t.Fatalf("--check after a change: exit %d, want 1; stderr %s", code, errOut)
	}
	if !strings.Contains(out, "site/services/checkout.md: would update") {
		t.Errorf("--check does not name the changed page:\n%s", out)
	}
	if !strings.Contains(errOut, "out of date") {
		t.Errorf("stderr: %q", errOut)
	}
	if readFile(t, filepath.Join(dir, "site", "services", "checkout.md")) != before {
		t.Error("--check wrote a file")
	}

	// Writing brings the docs up to date; a stale page archie wrote (in
	// its manifest) goes; a hand-written one stays, and so does one that
	// merely looks generated.
	stale := filepath.Join(dir, "site", "services", "retired.md")
	notes := filepath.Join(dir, "site", "notes.md")
	lookalike := filepath.Join(dir, "site", "services", "lookalike.md")
	if err := os.WriteFile(stale, []byte(site.GeneratedMarker+"\n\n# Service retired\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lookalike, []byte(site.GeneratedMarker+"\n\n# Not ours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "site", site.ManifestName)
	if err := os.WriteFile(manifest, []byte(readFile(t, manifest)+"services/retired.md\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(notes, []byte("# Our notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = docs(t, dir, "docs", "arch", "-o", "site", "--check")
	if code != ExitFindings || !strings.Contains(out, "site/services/retired.md: would remove") {
		t.Errorf("--check with a stale page: exit %d\n%s", code, out)
	}
	if _, errOut, code = docs(t, dir, "docs", "arch", "-o", "site"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(readFile(t, filepath.Join(dir, "site", "services", "checkout.md")), "1,024 MB") {
		t.Error("the page does not show the new memory")
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the stale generated page was kept")
	}
	if _, err := os.Stat(lookalike); err != nil {
		t.Error("a page not in the manifest was removed")
	}
	if readFile(t, notes) != "# Our notes\n" {
		t.Error("a hand-written file was touched")
	}
	if out, _, code = docs(t, dir, "docs", "arch", "-o", "site", "--check"); code != ExitOK {
		t.Errorf("--check after writing: exit %d\n%s", code, out)
	}
}

const readme = "# Basketful order events\n" +
	"\n" +
	"Hand-written introduction, with trailing spaces  \n" +
	"and a [link](https://example.com).\n" +
	"\n" +
	"## Diagram\n" +
	"<!-- archie:begin diagram -->\n" +
	"stale\n" +
	"<!-- archie:end diagram -->\n" +
	"\n" +
	"## Services\n" +
	"<!-- archie:begin services -->\n" +
	"<!-- archie:end services -->\n" +
	"Between the sections.\n" +
	"<!-- archie:begin findings -->\n" +
	"<!-- archie:end findings -->\n" +
	"\n" +
	"```md\n" +
	"<!-- archie:begin cost -->\n" +
	"shown as an example, never filled\n" +
	"<!-- archie:end cost -->\n" +
	"```\n" +
	"<!-- archie:begin cost -->\n" +
	"<!-- archie:end cost -->\n" +
	"The end, no newline"

func TestDocsInject(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "pub-sub", dir)
	file := filepath.Join(dir, "README.md")
	if err := os.WriteFile(file, []byte(readme), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, code := docs(t, dir, "docs", "arch", "--inject", "README.md", "--check"); code != ExitFindings || !strings.Contains(out, "README.md: would update") {
		t.Fatalf("--check before injecting: exit %d\n%s", code, out)
	}
	if readFile(t, file) != readme {
		t.Fatal("--check changed the README")
	}
	if _, errOut, code := docs(t, dir, "docs", "arch", "--inject", "README.md"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	got := readFile(t, file)

	// Everything outside the markers is byte for byte the same.
	outside := func(s string) string {
		for _, name := range []string{"diagram", "services", "findings", "cost"} {
			section := regexp.MustCompile(`(?s)<!-- archie:begin ` + name + ` -->\n.*?<!-- archie:end ` + name + ` -->`)
			s = section.ReplaceAllString(s, "[section "+name+"]")
		}
		return s
	}
	if outside(got) != outside(readme) {
		t.Errorf("text outside the markers changed:\n--- want\n%s\n--- got\n%s", outside(readme), outside(got))
	}
	if strings.Count(outside(readme), "[section ") != 5 {
		t.Fatalf("the test's README has %d sections, want 5", strings.Count(outside(readme), "[section "))
	}
	for _, w := range []string{
		"<!-- archie:begin diagram -->\n\n```mermaid\n",
		"\nflowchart ",
		"| Service | Owner | Description | Components | Patterns |",
		"| [`checkout`](arch/checkout.arch.hcl#L1) | team-checkout |",
		"No findings: the architecture passes all",
		"| saturday_morning | `api.shop` `POST /orders` |",
		"shown as an example, never filled",
		"\nThe end, no newline",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("the README lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "stale") {
		t.Error("the old content of a section is still there")
	}

	// Again: nothing to do.
	if out, _, code := docs(t, dir, "docs", "arch", "--inject", "README.md", "--check"); code != ExitOK {
		t.Errorf("--check right after injecting: exit %d\n%s", code, out)
	}
	// One attribute changes what a section shows: --check notices.
	editFile(t, filepath.Join(dir, "arch", "checkout.arch.hcl"), `owner       = "team-checkout"`, `owner       = "team-baskets"`)
	if out, _, code := docs(t, dir, "docs", "arch", "--inject", "README.md", "--check"); code != ExitFindings || !strings.Contains(out, "README.md: would update") {
		t.Errorf("--check after a change: exit %d\n%s", code, out)
	}
}

func TestDocsInjectErrors(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "pub-sub", dir)
	bad := "# Title\n\n<!-- archie:begin servics -->\n<!-- archie:end servics -->\n<!-- archie:begin cost -->\ntext\n"
	file := filepath.Join(dir, "README.md")
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := docs(t, dir, "docs", "arch", "--inject", "README.md")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, w := range []string{`README.md:3: unknown section "servics"`, "README.md:5: section cost is never closed"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if readFile(t, file) != bad {
		t.Error("a file with bad markers was changed")
	}
}

func TestDocsHTML(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "pub-sub", dir)
	if _, errOut, code := docs(t, dir, "docs", "arch", "--format", "html", "-o", "out/architecture.html"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page := readFile(t, filepath.Join(dir, "out", "architecture.html"))
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, "<svg") {
		t.Errorf("not an HTML page with inline diagrams: %.200s", page)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	if len(entries) != 1 {
		t.Errorf("the HTML format wrote %d files, want 1", len(entries))
	}
	// A directory as -o gets index.html.
	if err := os.Mkdir(filepath.Join(dir, "pub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := docs(t, dir, "docs", "arch", "--format", "html", "-o", "pub"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if readFile(t, filepath.Join(dir, "pub", "index.html")) != page {
		t.Error("the same input gave a different HTML file")
	}
	if _, _, code := docs(t, dir, "docs", "arch", "--format", "html", "-o", "pub", "--check"); code != ExitOK {
		t.Errorf("--check on a fresh HTML file: exit %d", code)
	}
}

func TestDocsInvalidInput(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "arch"), 0o755); err != nil {
		t.Fatal(err)
	}
	src := "service \"a\" {\n  function \"f\" {\n    memory = \"lots\"\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "arch", "main.arch.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := docs(t, dir, "docs", "arch", "-o", "site")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut, "arch/main.arch.hcl:3:14") {
		t.Errorf("the diagnostic has no position:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "site")); !os.IsNotExist(err) {
		t.Error("docs of an invalid architecture were written")
	}
}

func TestDocsCommandLine(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "pub-sub", dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"docs", "arch"}, "say where to write"},
		{[]string{"docs", "arch", "-o", "x", "--format", "pdf"}, `unknown format "pdf"`},
		{[]string{"docs", "arch", "--inject", "missing.md"}, "--inject"},
	} {
		_, errOut, code := docs(t, dir, tc.args...)
		if code != ExitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	out, _, code := docs(t, dir, "docs", "--help")
	if code != ExitOK || !strings.Contains(out, "archie docs examples/pub-sub -o docs/architecture") || !strings.Contains(out, "--inject README.md") {
		t.Errorf("--help lacks its examples:\n%s", out)
	}
}

func TestDocsProgress(t *testing.T) {
	var buf bytes.Buffer
	p := &docsProgress{io: IO{Err: &buf, ErrTerminal: true}, start: time.Now().Add(-time.Second)}
	p.report(2, 5, "diagram service:orders")
	p.done()
	if got := buf.String(); got != "\r\x1b[K[2/5] diagram service:orders\r\x1b[K" {
		t.Errorf("on a terminal: %q", got)
	}
	buf.Reset()
	p = &docsProgress{io: IO{Err: &buf}, start: time.Now().Add(-time.Second)}
	p.report(2, 5, "diagram service:orders")
	p.done()
	if buf.Len() != 0 {
		t.Errorf("progress written to a pipe: %q", buf.String())
	}
}

func TestDocsStamp(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "pub-sub", dir)
	if _, errOut, code := docs(t, dir, "docs", "arch", "-o", "plain", "--no-simulate"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, errOut, code := docs(t, dir, "docs", "arch", "-o", "stamped", "--no-simulate", "--stamp"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	plain, stamped := readFile(t, filepath.Join(dir, "plain", "index.md")), readFile(t, filepath.Join(dir, "stamped", "index.md"))
	if strings.Contains(plain, " UTC.") {
		t.Error("a page carries a stamp without --stamp")
	}
	if !strings.Contains(stamped, "\n---\n\nGenerated by archie ") || !strings.Contains(stamped, " UTC.") {
		t.Errorf("--stamp: no stamp in\n%s", stamped)
	}
	if !strings.Contains(plain, "The workloads were not simulated.") {
		t.Error("--no-simulate still shows a cost")
	}
}

// TestDocsReplications: --replications 3 shows each workload figure as a
// mean with its interval, and the same arrivals as three runs of
// 'archie simulate --replications 3'; out-of-range counts and
// --no-simulate with replications are usage errors.
func TestDocsReplications(t *testing.T) {
	dir := t.TempDir()
	copyExample(t, "simple-web-service", dir)
	if _, errOut, code := docs(t, dir, "docs", "arch", "-o", "one"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, errOut, code := docs(t, dir, "docs", "arch", "-o", "three", "--replications", "3"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	one := readFile(t, filepath.Join(dir, "one", "workloads", "morning_rush.md"))
	three := readFile(t, filepath.Join(dir, "three", "workloads", "morning_rush.md"))
	if strings.Contains(one, "(±") || !strings.Contains(one, "seed 1).") {
		t.Errorf("one run shows intervals or no seed:\n%s", one)
	}
	for _, want := range []string{"3 replications with seeds derived from 1", "Student's t, 2 degrees of freedom", " ms (±", ") a month**"} {
		if !strings.Contains(three, want) {
			t.Errorf("--replications 3: %q missing from the workload page:\n%s", want, three)
		}
	}
	for _, args := range [][]string{
		{"--replications", "0"},
		{"--replications", "1001"},
		{"--replications", "2", "--no-simulate"},
	} {
		if _, errOut, code := docs(t, dir, append([]string{"docs", "arch", "-o", "bad"}, args...)...); code != ExitInvalid || !strings.Contains(errOut, "--replications") {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
		}
	}
}
