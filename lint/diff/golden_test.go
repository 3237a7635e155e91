package diff

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/render"
	"github.com/archiehq/archie/schema/golden"
)

// goldenPair is the bundled queue-load-leveling example and a change to
// it: the dead-letter queue of the intake queue removed, the consumer's
// memory raised and its concurrency cut, and an archiving function added
// on the results topic.
func goldenPair(t testing.TB) (Version, Version) {
	dir := copyExample(t, "queue-load-leveling",
		[3]string{"records.arch.hcl", "    dead_letter        = queue.results_intake_dlq\n", ""},
		[3]string{"records.arch.hcl", "    max_receive_count  = 5\n", ""},
		[3]string{"records.arch.hcl", `  queue "results_intake_dlq" {
    description = "Results that failed five times (unknown patient, bad codes)"
    retention   = "14d"
  }
`, ""},
		[3]string{"records.arch.hcl", "memory       = 1536", "memory       = 2048"},
		[3]string{"records.arch.hcl", "max_concurrency        = 4", "max_concurrency        = 2"},
		[3]string{"records.arch.hcl", "batch_size             = 10", "batch_size             = 2"},
		[3]string{"records.arch.hcl", `  topic "results_filed" {`, `  function "archive_result" {
    duration   = "80ms"
    idempotent = true
    trigger {
      source = topic.results_filed
    }
  }

  topic "results_filed" {`},
	)
	oldV := Version{Target: lint.Target{FS: os.DirFS("../../examples/queue-load-leveling"), Path: ".", Display: "examples/queue-load-leveling"}, Name: "main"}
	newV := Version{Target: lint.Target{FS: os.DirFS(dir), Path: ".", Display: "examples/queue-load-leveling"}, Name: "working tree"}
	return oldV, newV
}

// Every format of one change, against golden files; the SVG through the
// DOT it is laid out from. Two runs give the same bytes.
func TestGoldenFormats(t *testing.T) {
	oldV, newV := goldenPair(t)
	first := compare(t, oldV, newV)
	second := compare(t, oldV, newV)
	for _, f := range []struct{ format, file string }{
		{"text", "change.txt"}, {"json", "change.json"}, {"markdown", "change.md"}, {"mermaid", "change.mmd"},
	} {
		var a, b bytes.Buffer
		if err := Write(context.Background(), &a, first, f.format); err != nil {
			t.Fatal(err)
		}
		if err := Write(context.Background(), &b, second, f.format); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two runs differ", f.format)
		}
		checkGolden(t, f.file, a.Bytes())
	}
	d, err := Diagram(first)
	if err != nil {
		t.Fatal(err)
	}
	var dot bytes.Buffer
	if err := render.WriteDOT(&dot, d); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "change.dot", dot.Bytes())
	// The empty comparison too.
	same := compare(t, oldV, oldV)
	for _, f := range []struct{ format, file string }{{"text", "same.txt"}, {"json", "same.json"}, {"markdown", "same.md"}} {
		var b bytes.Buffer
		if err := Write(context.Background(), &b, same, f.format); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, f.file, b.Bytes())
	}
}

// The SVG is a well-formed document with the changes drawn in their
// colours.
func TestSVG(t *testing.T) {
	if testing.Short() {
		t.Skip("Graphviz layout")
	}
	oldV, newV := goldenPair(t)
	r := compare(t, oldV, newV)
	var b bytes.Buffer
	if err := Write(context.Background(), &b, r, "svg"); err != nil {
		t.Fatal(err)
	}
	// Graphviz writes a hyphen in a class name as &#45;.
	svg := strings.ReplaceAll(b.String(), "&#45;", "-")
	for _, want := range []string{"<svg", "change-added", "change-removed", "change-changed", "#1a7f37", "#cf222e", "#bf8700"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// A comparison too long for one comment is cut to GitHub's limit, with a
// note, and keeps its marker and verdict.
func TestMarkdownFitsAComment(t *testing.T) {
	oldV, newV := goldenPair(t)
	r := compare(t, oldV, newV)
	long := strings.Repeat("a very long message that goes on ", 40)
	n := len(r.Findings.New) + 3000
	for i := range 3000 {
		f := r.Findings.New[0]
		f.Message = long + itoa(i)
		r.Findings.New = append(r.Findings.New, f)
		r.Components.Added = append(r.Components.Added, "function.generated_"+itoa(i))
	}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if len(out) > MaxMarkdown {
		t.Errorf("%d bytes, over %d", len(out), MaxMarkdown)
	}
	if !strings.HasPrefix(out, Marker+"\n## archie diff\n") {
		t.Errorf("no marker and heading:\n%.200s", out)
	}
	if !strings.Contains(out, "more not shown") || !strings.Contains(out, itoa(n)+" new findings") {
		t.Errorf("no note of what was cut:\n%.2000s", out)
	}
}

// A rule with a page in docs/rules is linked; a custom rule is not.
func TestRuleLinks(t *testing.T) {
	if got := ruleLink("missing-dlq", true); !strings.Contains(got, "docs/rules/missing-dlq.md") {
		t.Errorf("catalog rule: %s", got)
	}
	if got := ruleLink("team-naming", false); strings.Contains(got, "](") {
		t.Errorf("custom rule linked: %s", got)
	}
	oldV, newV := goldenPair(t)
	r := compare(t, oldV, newV)
	for _, id := range []string{"missing-dlq", "backlog-growth", "implicit-defaults"} {
		if !r.documented[id] {
			t.Errorf("%s not documented", id)
		}
	}
}

// checkGolden compares got with testdata/golden/name; -update rewrites it.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), got)
}
