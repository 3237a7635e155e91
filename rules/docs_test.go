package rules

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
	"github.com/archiehq/archie/simulate"
)

const docsDir = "../docs/rules"

// TestRuleDocsUpToDate fails when docs/rules/ differs from what the rules'
// metadata generates.
func TestRuleDocsUpToDate(t *testing.T) {
	docs := lint.RuleDocs(All())
	for name, want := range docs {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil {
			t.Errorf("docs/rules/%s is missing: run `make generate` and commit docs/rules", name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("docs/rules/%s is out of date with the rule metadata: run `make generate` and commit docs/rules", name)
		}
	}
	entries, err := os.ReadDir(docsDir)
	if err != nil {
		t.Fatalf("%v: run `make generate`", err)
	}
	for _, e := range entries {
		if _, ok := docs[e.Name()]; !ok && strings.HasSuffix(e.Name(), ".md") {
			src, _ := os.ReadFile(filepath.Join(docsDir, e.Name()))
			if bytes.HasPrefix(src, []byte("<!-- Code generated")) {
				t.Errorf("docs/rules/%s documents a rule that no longer exists: run `make generate`", e.Name())
			}
		}
	}
}

// TestRuleExamples lints every rule's failing example, which must fire
// the rule, and its fixed example, which must not, with the whole catalog
// (every preset) and the suppression checks, as `archie lint --preset all`
// would (the simulator's rules simulate every workload an example
// declares). It covers every rule of Catalog: the rule files', the
// simulator's and the engine's.
func TestRuleExamples(t *testing.T) {
	for _, m := range Catalog() {
		t.Run(m.ID, func(t *testing.T) {
			for field, v := range map[string]string{"Title": m.Title, "Why": m.Why, "Source": m.Source, "Ignore": m.Ignore, "Failing": m.Failing, "Fixed": m.Fixed} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s is empty: every rule's page shows it", field)
				}
			}
			if len(m.SeeAlso) == 0 {
				t.Error("SeeAlso is empty")
			}
			if m.Failing == "" || m.Fixed == "" {
				return
			}
			if got := exampleRules(t, m.Failing); !slices.Contains(got, m.ID) {
				t.Errorf("the failing example does not fire %s (it fires %v)", m.ID, got)
			}
			if got := exampleRules(t, m.Fixed); slices.Contains(got, m.ID) {
				t.Errorf("the fixed example fires %s", m.ID)
			}
		})
	}
}

// exampleRules lints an example (one file or a txtar archive) and returns
// the IDs of the rules that fired.
func exampleRules(t *testing.T, src string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range linttest.Files(src) {
		fsys["example/"+f.Name] = &fstest.MapFile{Data: f.Src}
	}
	settings := simulate.LintSettings{Options: simulate.Options{Seed: 1}}.Set(nil)
	r, err := lint.LintProject(context.Background(), []lint.Target{{FS: fsys, Path: "example", Display: "example"}}, lint.Options{Rules: All(), Settings: settings, Flags: lint.Flags{Presets: []string{lint.PresetAll}}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Invalid() {
		t.Fatalf("the example does not load:\n%s", r.Errors.Error())
	}
	var ids []string
	for _, f := range r.Findings {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	return ids
}

// TestDocumentedConfigurations checks every .archie.hcl shown in the
// configuration and custom-rule guides: it must load against the catalog
// and lint every bundled example without an error.
func TestDocumentedConfigurations(t *testing.T) {
	examples, err := filepath.Glob("../examples/*/*.arch.hcl")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var targets []lint.Target
	seen := map[string]bool{}
	for _, f := range examples {
		dir := filepath.ToSlash(filepath.Dir(f))
		if !seen[dir] {
			seen[dir] = true
			targets = append(targets, lint.Target{FS: os.DirFS(".."), Path: strings.TrimPrefix(dir, "../"), Display: dir})
		}
	}
	for _, doc := range []string{"configuration.md", "custom-rules.md"} {
		src, err := os.ReadFile(filepath.Join("..", "docs", doc))
		if err != nil {
			t.Fatal(err)
		}
		blocks := configBlocks(string(src))
		if len(blocks) == 0 {
			t.Errorf("%s shows no configuration", doc)
		}
		for i, block := range blocks {
			name := fmt.Sprintf("%s block %d", doc, i+1)
			if _, diags := lint.ParseConfig([]byte(block), name, All()); diags.HasErrors() {
				t.Errorf("%s does not load:\n%s", name, diags.Error())
				continue
			}
			cfg := &lint.ConfigSource{FS: fstest.MapFS{"c.hcl": {Data: []byte(block)}}, Path: "c.hcl", Display: name}
			r, err := lint.LintProject(context.Background(), targets, lint.Options{Rules: All(), Config: cfg})
			if err != nil || r.Invalid() {
				t.Errorf("%s fails on the examples: %v %s", name, err, r.Errors.Error())
			}
		}
	}
}

// configBlocks returns the ```hcl blocks of a Markdown document that are
// configuration: their first line that is not a comment opens a config or
// rule block.
func configBlocks(md string) []string {
	var out []string
	for _, part := range strings.Split(md, "```hcl\n")[1:] {
		body, _, _ := strings.Cut(part, "```")
		for _, line := range strings.Split(body, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if strings.HasPrefix(line, "config ") || strings.HasPrefix(line, "rule ") {
				out = append(out, body)
			}
			break
		}
	}
	return out
}
