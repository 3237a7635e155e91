package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The action and workflow examples are checked with actionlint
// (github.com/rhysd/actionlint; .ci/run installs the version it pins),
// which runs shellcheck over run: scripts when it is on PATH.

var exampleWorkflows = []string{"docs/examples/github-action.yml", "docs/examples/github-plain.yml"}

func actionlint(t *testing.T) string {
	t.Helper()
	return requireTool(t, "actionlint", "ACTIONLINT", "go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12")
}

func TestWorkflowExamples(t *testing.T) {
	tool := actionlint(t)
	root := repoRoot(t)
	if out, code := run(t, root, nil, tool, append([]string{"-no-color"}, exampleWorkflows...)...); code != 0 {
		t.Errorf("actionlint: exit %d\n%s", code, out)
	}
}

// TestActionMetadata checks action.yml through the example workflow:
// actionlint reads a local action's metadata (uses: ./) and checks the
// inputs and outputs the workflow uses against it. A bad input must be
// reported, or the check proves nothing.
func TestActionMetadata(t *testing.T) {
	tool := actionlint(t)
	root := repoRoot(t)
	action, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(root, "docs/examples/github-action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	const published = "uses: archiehq/archie@d41a05988140dc6622a90f08908bc14f2dd04a82"
	if !strings.Contains(string(example), published) {
		t.Fatalf("the example does not use %q", published)
	}
	project := func(workflow string) string {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "action.yml"), action, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".github", "workflows", "archie.yml"), []byte(workflow), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, code := run(t, dir, nil, "git", "init", "-q"); code != 0 {
			t.Fatal(out)
		}
		return dir
	}
	local := strings.Replace(string(example), published, "uses: ./", 1)
	dir := project(local)
	if out, code := run(t, dir, nil, tool, "-no-color"); code != 0 {
		t.Errorf("actionlint with the action as a local action: exit %d\n%s", code, out)
	}

	for name, bad := range map[string]string{
		"unknown input":  strings.Replace(local, "fail-on: warning", "fail-on: warning\n          no-such-input: x", 1),
		"unknown output": strings.Replace(local, "steps.archie.outputs.sarif-file", "steps.archie.outputs.no-such-output", 1),
	} {
		dir := project(bad)
		out, code := run(t, dir, nil, tool, "-no-color")
		if code == 0 || !strings.Contains(out, "no-such-") {
			t.Errorf("%s: actionlint did not catch it (exit %d)\n%s", name, code, out)
		}
	}
}

// TestActionScripts runs shellcheck over the run: scripts of the composite
// action, which actionlint does not look into, and makes sure they take
// inputs through env: rather than ${{ }} (an input spliced into a script
// would be run as code).
func TestActionScripts(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Default     string
		}
		Runs struct {
			Using string
			Steps []struct {
				Name  string
				Shell string
				Run   string
				Uses  string
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q", action.Runs.Using)
	}
	for _, in := range []string{"path", "fail-on", "version", "sarif-file"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("input %s missing", in)
		}
	}
	var scripts []string
	for _, s := range action.Runs.Steps {
		if s.Run == "" {
			continue
		}
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash", s.Name, s.Shell)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q splices an expression into its script; pass it through env:", s.Name)
		}
		scripts = append(scripts, s.Run)
	}
	if len(scripts) == 0 {
		t.Fatal("no run steps")
	}
	shellcheck := requireTool(t, "shellcheck", "", "apt-get install shellcheck")
	for i, script := range scripts {
		cmd := exec.Command(shellcheck, "--shell=bash", "--severity=style", "-")
		cmd.Stdin = strings.NewReader(script)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("shellcheck, script %d: %v\n%s\n--- script:\n%s", i, err, out, script)
		}
	}
}
