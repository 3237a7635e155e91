package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// The diff mode of the action: its example workflow passes actionlint with
// the action as a local action, and its Diff step, run as GitHub would
// run it against a loopback API, posts one comment and then updates it.

const diffWorkflow = "docs/examples/github-diff.yml"

func TestDiffWorkflowExample(t *testing.T) {
	tool := actionlint(t)
	root := repoRoot(t)
	if out, code := run(t, root, nil, tool, "-no-color", diffWorkflow); code != 0 {
		t.Errorf("actionlint: exit %d\n%s", code, out)
	}
	action := readFile(t, filepath.Join(root, "action.yml"))
	example := readFile(t, filepath.Join(root, diffWorkflow))
	local := regexp.MustCompile(`uses: archiehq/archie@\S+`).ReplaceAllString(example, "uses: ./")
	if local == example {
		t.Fatalf("%s does not use archiehq/archie", diffWorkflow)
	}
	for name, c := range map[string]struct {
		workflow string
		ok       bool
	}{
		"as written":     {local, true},
		"unknown input":  {strings.Replace(local, "mode: diff", "mode: diff\n          no-such-input: x", 1), false},
		"unknown output": {strings.Replace(local, "steps.archie.outputs.diff-markdown-file", "steps.archie.outputs.no-such-output", 1), false},
	} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "action.yml"), action)
		writeFile(t, filepath.Join(dir, ".github", "workflows", "archie.yml"), c.workflow)
		if out, code := run(t, dir, nil, "git", "init", "-q"); code != 0 {
			t.Fatal(out)
		}
		out, code := run(t, dir, nil, tool, "-no-color")
		if c.ok && code != 0 || !c.ok && (code == 0 || !strings.Contains(out, "no-such-")) {
			t.Errorf("%s: actionlint exit %d\n%s", name, code, out)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// actionStep is the run: script of the action's step with this id or name.
func actionStep(t *testing.T, key string) string {
	t.Helper()
	var action struct {
		Runs struct {
			Steps []struct{ ID, Name, Run string }
		}
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(repoRoot(t), "action.yml"))), &action); err != nil {
		t.Fatal(err)
	}
	for _, s := range action.Runs.Steps {
		if s.ID == key || s.Name == key {
			return s.Run
		}
	}
	t.Fatalf("action.yml has no step %q", key)
	return ""
}

// TestActionDiffStep runs the Diff step's script in a repository whose
// pull request cuts a consumer's concurrency: the first run creates the
// comment, the second updates it, a fork's run posts nothing, and the
// backlog gate makes the exit code 1, which Diff result turns into a
// failed step.
func TestActionDiffStep(t *testing.T) {
	bin := archie(t)
	script := actionStep(t, "diff")

	var mu sync.Mutex
	var comments []string
	var writes int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer t0ken" {
			http.Error(w, "{}", http.StatusUnauthorized)
			return
		}
		var in struct{ Body string }
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/repos/octo/shop/issues/3/comments":
			list := []map[string]any{}
			for i, c := range comments {
				list = append(list, map[string]any{"id": i + 1, "body": c})
			}
			json.NewEncoder(w).Encode(list)
		case r.Method == http.MethodPost && r.URL.Path == "/repos/octo/shop/issues/3/comments":
			json.NewDecoder(r.Body).Decode(&in)
			comments = append(comments, in.Body)
			writes++
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("{}"))
		case r.Method == http.MethodPatch && r.URL.Path == "/repos/octo/shop/issues/comments/1":
			json.NewDecoder(r.Body).Decode(&in)
			comments[0] = in.Body
			writes++
			w.Write([]byte("{}"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	repo := t.TempDir()
	if err := os.CopyFS(filepath.Join(repo, "infra"), os.DirFS(filepath.Join(repoRoot(t), "examples", "queue-load-leveling"))); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) string {
		out, code := run(t, repo, []string{"GIT_CONFIG_NOSYSTEM=1", "HOME=" + repo},
			"git", append([]string{"-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		if code != 0 {
			t.Fatalf("git %v: %s", args, out)
		}
		return strings.TrimSpace(out)
	}
	git("init", "-q", "-b", "main")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	records := filepath.Join(repo, "infra", "records.arch.hcl")
	src := readFile(t, records)
	src = strings.Replace(src, "batch_size             = 10", "batch_size             = 1", 1)
	src = strings.Replace(src, "max_concurrency        = 4", "max_concurrency        = 2", 1)
	writeFile(t, records, src)
	git("commit", "-q", "-am", "cut the consumer")

	runner := t.TempDir()
	if err := os.MkdirAll(filepath.Join(runner, "archie-bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, filepath.Join(runner, "archie-bin", "archie")); err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(runner, "event.json")
	writeFile(t, event, `{"pull_request":{"number":3}}`)
	step := func(fork string) (output, summary, log string) {
		outFile, sumFile := filepath.Join(t.TempDir(), "output"), filepath.Join(t.TempDir(), "summary")
		env := []string{
			"RUNNER_TEMP=" + runner, "GITHUB_OUTPUT=" + outFile, "GITHUB_STEP_SUMMARY=" + sumFile,
			"GITHUB_API_URL=" + srv.URL, "GITHUB_REPOSITORY=octo/shop", "GITHUB_EVENT_PATH=" + event, "GITHUB_TOKEN=t0ken",
			"ARCHIE_PATH=infra", "ARCHIE_BASE=" + base, "ARCHIE_DIFF_FAIL_ON=new-findings=error backlog",
			"ARCHIE_COMMENT=true", "ARCHIE_FORK=" + fork,
		}
		log, code := run(t, repo, env, "bash", "-c", script)
		if code != 0 {
			t.Fatalf("the Diff step failed: exit %d\n%s", code, log)
		}
		return readFile(t, outFile), readFile(t, sumFile), log
	}

	for i, want := range []string{"created", "updated"} {
		output, summary, log := step("false")
		if !strings.Contains(output, "exit-code=1\n") || !strings.Contains(log, want+" the comment on pull request #3") {
			t.Errorf("run %d: outputs %q\n%s", i+1, output, log)
		}
		if !strings.HasPrefix(summary, "<!-- archie-diff -->\n## archie diff") || !strings.Contains(summary, "backlog-growth") {
			t.Errorf("run %d: job summary:\n%.500s", i+1, summary)
		}
	}
	if len(comments) != 1 || writes != 2 || !strings.Contains(comments[0], "backlog-growth") {
		t.Errorf("%d comments after %d writes", len(comments), writes)
	}
	_, _, log := step("true")
	if writes != 2 || strings.Contains(log, "the comment on pull request") {
		t.Errorf("a fork's run wrote a comment:\n%s", log)
	}

	result := actionStep(t, "Diff result")
	for exit, want := range map[string]int{"0": 0, "1": 1, "2": 2, "": 2} {
		if out, code := run(t, repo, []string{"ARCHIE_EXIT=" + exit}, "bash", "-c", result); code != want {
			t.Errorf("Diff result with exit %q: %d, want %d\n%s", exit, code, want, out)
		}
	}
}

// TestActionLintStepSimulate runs the Lint step's script on an example
// whose workload throttles: with simulate true the report carries the
// simulation's finding, with false (--no-simulate) it does not, and any
// other value is refused as invalid input (exit code 2).
func TestActionLintStepSimulate(t *testing.T) {
	bin := archie(t)
	script := actionStep(t, "lint")
	repo := t.TempDir()
	if err := os.CopyFS(filepath.Join(repo, "infra"), os.DirFS(filepath.Join(repoRoot(t), "examples", "broken", "predicted-throttling"))); err != nil {
		t.Fatal(err)
	}
	runner := t.TempDir()
	if err := os.MkdirAll(filepath.Join(runner, "archie-bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, filepath.Join(runner, "archie-bin", "archie")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		simulate, exit string
		finding        bool
	}{
		{"true", "exit-code=0", true},
		{"false", "exit-code=0", false},
		{"yes", "exit-code=2", false},
	} {
		outFile, sumFile := filepath.Join(t.TempDir(), "output"), filepath.Join(t.TempDir(), "summary")
		writeFile(t, sumFile, "")
		env := []string{
			"RUNNER_TEMP=" + runner, "GITHUB_OUTPUT=" + outFile, "GITHUB_STEP_SUMMARY=" + sumFile,
			"ARCHIE_PATH=infra", "ARCHIE_FAIL_ON=error", "ARCHIE_SARIF=" + filepath.Join(t.TempDir(), "archie.sarif"),
			"ARCHIE_SIMULATE=" + c.simulate,
		}
		log, code := run(t, repo, env, "bash", "-c", script)
		if code != 0 {
			t.Fatalf("simulate %s: the Lint step failed: exit %d\n%s", c.simulate, code, log)
		}
		output, summary := readFile(t, outFile), readFile(t, sumFile)
		if !strings.Contains(output, c.exit+"\n") {
			t.Errorf("simulate %s: outputs %q, want %s\n%s", c.simulate, output, c.exit, log)
		}
		if got := strings.Contains(summary, "predicted-throttling"); got != c.finding {
			t.Errorf("simulate %s: predicted-throttling in the job summary %v, want %v\n%.800s", c.simulate, got, c.finding, summary)
		}
	}
}
