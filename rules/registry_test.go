package rules

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
	"github.com/archiehq/archie/rules/internal/registry"
	"github.com/archiehq/archie/simulate"
)

// TestRegistryUpToDate fails when a rule file's rule is not registered:
// registry_gen.go must be what go generate writes from the rule files.
func TestRegistryUpToDate(t *testing.T) {
	want, err := registry.Source(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(registry.FileName)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("rules/%s is out of date with the rule files: run `go generate ./rules` and commit it", registry.FileName)
	}
}

// TestRegistry checks the catalog as a whole: one rule per ID, each rule
// of this package in its own file named after its ID with a test file
// beside it, and every rule (the simulator's too) with a page in
// docs/rules/ and Failing and Fixed examples (TestRuleExamples runs them).
func TestRegistry(t *testing.T) {
	found, err := registry.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	fileOf := map[string]string{}
	for _, r := range found {
		fileOf[r.Type] = r.File
	}
	own := catalogRules()
	if len(own) != len(found) {
		t.Fatalf("%d rules registered, %d rule types in the rule files", len(own), len(found))
	}
	seen := map[string]bool{}
	for _, m := range Catalog() {
		if seen[m.ID] {
			t.Errorf("two rules have the ID %s", m.ID)
		}
		seen[m.ID] = true
		if _, err := os.Stat(filepath.Join(docsDir, m.ID+".md")); err != nil {
			t.Errorf("%s has no page in docs/rules: run `go generate ./rules`", m.ID)
		}
		if strings.TrimSpace(m.Failing) == "" || strings.TrimSpace(m.Fixed) == "" {
			t.Errorf("%s has no Failing or no Fixed example", m.ID)
		}
	}
	for i, r := range own {
		id := r.Meta().ID
		file := strings.ReplaceAll(id, "-", "_") + ".go"
		typ := typeName(r)
		if fileOf[typ] != file {
			t.Errorf("rule %s (%s) is declared in %s, want %s", id, typ, fileOf[typ], file)
		}
		if _, err := os.Stat(strings.TrimSuffix(file, ".go") + "_test.go"); err != nil {
			t.Errorf("rule %s has no test file: %v", id, err)
		}
		if i > 0 && id == own[i-1].Meta().ID {
			t.Errorf("%s is registered twice", id)
		}
	}
	// All lists the simulator's rules after this package's, in ID order.
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.Meta().ID)
	}
	var simIDs []string
	for _, r := range simulate.Rules() {
		simIDs = append(simIDs, r.Meta().ID)
	}
	if n := len(ids) - len(simIDs); n < 0 || !slices.Equal(ids[n:], simIDs) || !slices.IsSorted(ids[:n]) {
		t.Errorf("All() = %v, want this package's rules sorted by ID, then %v", ids, simIDs)
	}
	// The engine's checks are in the catalog, documented like rules.
	for _, m := range lint.EngineRules() {
		if !seen[m.ID] {
			t.Errorf("the engine's check %s is not in Catalog()", m.ID)
		}
	}
}

// A rule that judges declared patterns names the pattern in the context
// of its findings about one, which the docs site groups them by.
func TestPatternRulesNameThePattern(t *testing.T) {
	for _, r := range All() {
		m := r.Meta()
		if len(m.Patterns) == 0 {
			continue
		}
		arch := linttest.Load(t, m.Failing)
		kinds := map[string]string{}
		judged := false
		for _, p := range arch.Patterns {
			kinds[p.Name] = p.Kind
			judged = judged || slices.Contains(m.Patterns, "*") || slices.Contains(m.Patterns, p.Kind)
		}
		n := 0
		for _, f := range linttest.Findings(t, m.Failing, lint.Config{}, r) {
			if f.Context.Pattern == "" {
				continue
			}
			n++
			kind, ok := kinds[f.Context.Pattern]
			if !ok || !slices.Contains(m.Patterns, "*") && !slices.Contains(m.Patterns, kind) {
				t.Errorf("%s: finding about pattern %q (kind %q), which it does not judge: %+v", m.ID, f.Context.Pattern, kind, f)
			}
		}
		if n == 0 && judged {
			t.Errorf("%s judges patterns %v but no finding of its failing example names one", m.ID, m.Patterns)
		}
	}
}

// A rule type missing one of its two methods is a mistake the generator
// reports rather than registering half a rule.
func TestRegistryFindsHalfRules(t *testing.T) {
	dir := t.TempDir()
	src := "package rules\n\nimport \"github.com/archiehq/archie/lint\"\n\ntype half struct{}\n\nfunc (half) Check(p *lint.Pass) error { return nil }\n"
	if err := os.WriteFile(filepath.Join(dir, "half.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := registry.Find(dir); err == nil || !strings.Contains(err.Error(), "half") {
		t.Errorf("Find = %v, want an error naming half", err)
	}
	full := src + "\nfunc (half) Meta() lint.Meta { return lint.Meta{} }\n"
	if err := os.WriteFile(filepath.Join(dir, "half.go"), []byte(full), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := registry.Find(dir)
	if err != nil || len(got) != 1 || got[0] != (registry.Rule{Type: "half", File: "half.go"}) {
		t.Errorf("Find = %v, %v", got, err)
	}
}

// typeName is the name of a rule's type, as the registry lists it.
func typeName(r lint.Rule) string { return strings.TrimPrefix(fmt.Sprintf("%T", r), "rules.") }

// The rules about paths give the path in the context of their findings,
// in the order the message shows it.
func TestPathRulesGiveThePath(t *testing.T) {
	for _, r := range []lint.Rule{syncChain{}, recursiveLoop{}, missingTracing{}} {
		m := r.Meta()
		fs := linttest.Findings(t, m.Failing, lint.Config{}, r)
		if len(fs) == 0 {
			t.Fatalf("%s: no finding on the failing example", m.ID)
		}
		for _, f := range fs {
			if len(f.Context.Path) < 2 || !strings.Contains(f.Message, strings.Join(f.Context.Path, " -> ")) {
				t.Errorf("%s: path %v not the one of the message %q", m.ID, f.Context.Path, f.Message)
			}
		}
	}
}
