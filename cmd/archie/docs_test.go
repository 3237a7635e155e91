package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// documentedCommands collects the `archie lint` command lines of docs/ci.md
// and the CI examples, continuation lines joined, without the YAML around
// them. Lines with placeholders ("$FAIL_ON", "FILE", "PATH...") describe
// rather than run, and are left out.
func documentedCommands(t *testing.T, root string) map[string][]string {
	t.Helper()
	files := []string{"docs/ci.md", "docs/examples/github-plain.yml", "docs/examples/gitlab-ci.yml"}
	prefix := regexp.MustCompile(`^\s*(-\s+)?(run:\s*)?(- )?`)
	out := map[string][]string{}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		for i := 0; i < len(lines); i++ {
			line := prefix.ReplaceAllString(lines[i], "")
			if !strings.HasPrefix(line, "archie lint") {
				continue
			}
			cmd := line
			for strings.HasSuffix(strings.TrimSpace(cmd), `\`) && i+1 < len(lines) {
				i++
				cmd = strings.TrimSuffix(strings.TrimSpace(cmd), `\`) + " " + strings.TrimSpace(lines[i])
			}
			if strings.Contains(cmd, `"$`) || strings.Contains(cmd, "FILE") || strings.Contains(cmd, "PATH...") {
				continue
			}
			out[name] = append(out[name], cmd)
		}
	}
	return out
}

// TestDocumentedCommands runs every documented `archie lint` command on a
// clean repository: the flags and formats the docs show must exist, and
// the files they name must be written.
func TestDocumentedCommands(t *testing.T) {
	bin := archie(t)
	root := repoRoot(t)
	cmds := documentedCommands(t, root)
	n := 0
	for file, list := range cmds {
		for _, cmd := range list {
			n++
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "infra"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "infra", "main.arch.hcl"), []byte(cleanArch), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, code := run(t, dir, nil, "git", "init", "-q"); code != 0 {
				t.Fatal(out)
			}
			env := []string{"PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")}
			out, code := run(t, dir, env, "bash", "-c", cmd)
			if code != 0 {
				t.Errorf("%s: %s\nexit %d\n%s", file, cmd, code, out)
				continue
			}
			for _, m := range regexp.MustCompile(`--format [a-z]+=(\S+)`).FindAllStringSubmatch(cmd, -1) {
				if info, err := os.Stat(filepath.Join(dir, m[1])); err != nil || info.Size() == 0 {
					t.Errorf("%s: %s did not write %s: %v", file, cmd, m[1], err)
				}
			}
		}
	}
	t.Logf("ran %d documented commands", n)
	if n < 5 {
		t.Errorf("found only %d documented commands: %v", n, cmds)
	}
}

func TestGitLabExample(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs/examples/gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var ci map[string]struct {
		Image     string
		Script    []string
		Artifacts struct {
			When    string
			Reports map[string]string
		}
	}
	if err := yaml.Unmarshal(data, &ci); err != nil {
		t.Fatalf("gitlab-ci.yml: %v", err)
	}
	job, ok := ci["archie"]
	if !ok {
		t.Fatal("no archie job")
	}
	script := strings.Join(job.Script, "\n")
	for kind, format := range map[string]string{"junit": "junit", "codequality": "codequality"} {
		file := job.Artifacts.Reports[kind]
		if file == "" || !strings.Contains(script, "--format "+format+"="+file) {
			t.Errorf("report %s (%q) is not what the script writes:\n%s", kind, file, script)
		}
	}
	if job.Artifacts.When != "always" {
		t.Error("reports must be kept when the job fails on findings (artifacts:when: always)")
	}
}
