package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestScaffoldBuildsAndPasses starts a rule in a copy of the module, then
// generates the docs, builds and runs the rules' tests there: what the
// scaffold writes is a rule that works, registered and documented.
func TestScaffoldBuildsAndPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the module and builds it")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command")
	}
	tmp := t.TempDir()
	copyModule(t, "../../..", tmp)
	before := snapshot(t, tmp)
	files, err := scaffold(tmp, "scaffolded-example")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"rules/scaffolded_example.go", "rules/scaffolded_example_test.go", "rules/registry_gen.go"}
	if got := strings.Join(files, " "); filepath.ToSlash(got) != strings.Join(want, " ") {
		t.Errorf("wrote %v, want %v", files, want)
	}
	reg, err := os.ReadFile(filepath.Join(tmp, "rules", "registry_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(reg), "\t\tscaffoldedExample{},") {
		t.Errorf("scaffoldedExample is not registered:\n%s", reg)
	}
	// The two rule files and the generated registry are all the change.
	var changed []string
	after := snapshot(t, tmp)
	for p, sum := range after {
		if before[p] != sum {
			changed = append(changed, p)
		}
	}
	slices.Sort(changed)
	if got := strings.Join(changed, " "); got != "rules/registry_gen.go rules/scaffolded_example.go rules/scaffolded_example_test.go" {
		t.Errorf("the scaffold changed %s", got)
	}
	if _, err := scaffold(tmp, "scaffolded-example"); err == nil {
		t.Error("a second run over the same rule succeeded")
	}
	run(t, tmp, "go", "generate", "./rules")
	if _, err := os.Stat(filepath.Join(tmp, "docs", "rules", "scaffolded-example.md")); err != nil {
		t.Errorf("go generate wrote no page for the rule: %v", err)
	}
	run(t, tmp, "go", "vet", "./rules")
	run(t, tmp, "go", "test", "-count=1", "-run", "ScaffoldedExample|TestRuleDocsUpToDate|TestRuleExamples|TestRegistry", "./rules")
}

func TestScaffoldRefusesBadIDs(t *testing.T) {
	for _, id := range []string{"", "Missing-DLQ", "missing_dlq", "-x", "x-"} {
		if _, err := scaffold(t.TempDir(), id); err == nil {
			t.Errorf("%q accepted", id)
		}
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// copyModule copies the module's sources, docs and examples (not .git,
// build outputs or installed packages) from src to dst.
func copyModule(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "bin", "node_modules":
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// snapshot maps the files under dir, by slash-separated relative path, to
// their contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
