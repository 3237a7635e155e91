package lint

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/golden"
)

// docRule is a documented rule for the golden files of the rule
// documentation; they change only when the renderers do.
type docRule struct{ meta Meta }

func (r docRule) Meta() Meta        { return r.meta }
func (docRule) Check(p *Pass) error { return nil }

func docRules() []Rule {
	return []Rule{
		docRule{Meta{
			ID: "deep-chain", Severity: Warning,
			Title: "Synchronous chains through more than max_hops functions",
			Why: `Every hop waits for the next: latencies add up and each waiting
function is billed while it waits.

The shortest timeout on the path caps the whole chain.`,
			Source:  "A fixture; not a real source.",
			Ignore:  "When the chain is short in time.",
			Failing: "function \"a\" {\n  calls = [function.b]\n}\n\nfunction \"b\" {}",
			Fixed:   "function \"a\" {}",
			SeeAlso: []string{"no-dlq", "not-a-rule"},
			Options: []Option{{Name: "max_hops", Default: 2, Min: 1, Doc: "compute components a path may pass through"}},
		}},
		docRule{Meta{
			ID: "no-dlq", Severity: Error,
			Title:   "Consumed queues without a dead_letter queue",
			Why:     "A message that keeps failing is redelivered until retention ends, then lost.",
			Source:  "A fixture.",
			Ignore:  "When losing messages is fine.",
			Failing: `queue "q" {}`,
			Fixed:   "queue \"q\" {\n  dead_letter = queue.q_dlq\n}\n\nqueue \"q_dlq\" {}",
			SeeAlso: []string{"deep-chain"},
		}},
	}
}

// goldenFile compares got with testdata/ruledoc/name; -update rewrites it.
func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "ruledoc", name), got)
}

func TestRuleListGolden(t *testing.T) {
	metas := Catalog(docRules())
	for _, format := range RuleListFormats() {
		var b bytes.Buffer
		if err := WriteRuleList(&b, metas, format); err != nil {
			t.Fatal(err)
		}
		goldenFile(t, "list."+format, b.Bytes())
	}
	if err := WriteRuleList(&bytes.Buffer{}, metas, "yaml"); err == nil {
		t.Error("an unknown format is accepted")
	}
}

func TestExplainGolden(t *testing.T) {
	for _, m := range Catalog(docRules()) {
		if m.ID != "deep-chain" && m.ID != RuleUnusedSuppression {
			continue
		}
		var b bytes.Buffer
		if err := WriteExplain(&b, m, ExplainOptions{}); err != nil {
			t.Fatal(err)
		}
		goldenFile(t, "explain-"+m.ID+".txt", b.Bytes())
		var c bytes.Buffer
		if err := WriteExplain(&c, m, ExplainOptions{Color: true}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(c.String(), ANSIBold+"WHY"+ANSIReset) || strings.Contains(b.String(), "\x1b") {
			t.Error("colour only when asked")
		}
	}
}

func TestRuleDocsGolden(t *testing.T) {
	docs := RuleDocs(docRules())
	var names []string
	for name := range docs {
		names = append(names, name)
	}
	want := "README.md deep-chain.md invalid-suppression.md no-dlq.md suppression-without-reason.md unused-suppression.md"
	slices.Sort(names)
	if got := strings.Join(names, " "); got != want {
		t.Errorf("pages: %s", got)
	}
	for _, name := range []string{"README.md", "deep-chain.md", "unused-suppression.md"} {
		goldenFile(t, "docs-"+name, docs[name])
	}
}

func TestReflow(t *testing.T) {
	got := reflow("one two three four five\nsix\n\n- a list\n- kept", "  ", 16)
	want := "  one two three\n  four five six\n\n  - a list\n  - kept"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
