package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// gitRepo makes a repository in a temporary directory holding the
// bundled queue-load-leveling example under infra/, committed on main.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed; .ci/run installs it")
		}
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	if err := os.CopyFS(filepath.Join(repo, "infra"), os.DirFS("../examples/queue-load-leveling")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "init", "-q", "-b", "main")
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "architecture")
	return repo
}

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=archie", "-c", "user.email=archie@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func replaceInFile(t *testing.T, p, old, new string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// chdir runs the rest of the test in dir.
func chdir(t *testing.T, dir string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
}

type diffJSON struct {
	Components struct {
		Added, Removed []string
		Changed        []struct {
			Address string
			Changes []struct {
				Attribute string
				Old, New  any
			}
		}
	}
	Findings struct {
		New, Fixed []struct{ Rule, Component string }
		Unchanged  int
	}
	Workloads []struct {
		Name     string
		Old, New *struct {
			P99Ms     float64 `json:"p99_ms"`
			Undrained []string
		}
	}
	Cost struct {
		Old   float64 `json:"old_monthly_usd"`
		New   float64 `json:"new_monthly_usd"`
		Delta float64 `json:"delta_usd"`
	}
}

func decodeDiff(t *testing.T, s string) diffJSON {
	t.Helper()
	var d diffJSON
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return d
}

// --base reads the committed version through git; the working tree is
// left as it was; --head compares two commits; the same run twice gives
// the same bytes.
func TestDiffBase(t *testing.T) {
	repo := gitRepo(t)
	chdir(t, repo)
	records := filepath.Join("infra", "records.arch.hcl")
	replaceInFile(t, records, "batch_size             = 10", "batch_size             = 1")
	replaceInFile(t, records, "max_concurrency        = 4", "max_concurrency        = 2")
	before := gitIn(t, repo, "status", "--porcelain")

	out, errOut, code := run(t, "", "diff", "--base", "main", "--format", "json", "--fail-on", "backlog", "infra")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "--fail-on backlog: the backlog never drains: queue.results_intake under workload rack_completions") {
		t.Errorf("stderr: %s", errOut)
	}
	d := decodeDiff(t, out)
	if len(d.Components.Changed) != 1 || d.Components.Changed[0].Address != "function.file_result" || len(d.Components.Changed[0].Changes) != 2 {
		t.Errorf("changed: %+v", d.Components.Changed)
	}
	if len(d.Findings.New) != 1 || d.Findings.New[0].Rule != "backlog-growth" {
		t.Errorf("new findings: %+v", d.Findings.New)
	}
	again, _, _ := run(t, "", "diff", "--base", "main", "--format", "json", "--fail-on", "backlog", "infra")
	if again != out {
		t.Error("two runs differ")
	}
	if after := gitIn(t, repo, "status", "--porcelain"); after != before {
		t.Errorf("the working tree changed:\n%s\n%s", before, after)
	}

	// The same change committed: --base main --head HEAD sees it, and the
	// working tree, now clean, against HEAD sees nothing.
	gitIn(t, repo, "checkout", "-q", "-b", "change")
	gitIn(t, repo, "commit", "-q", "-am", "cut the consumer")
	out2, errOut, code := run(t, "", "diff", "--base", "main", "--head", "HEAD", "--format", "json", "infra")
	if code != ExitOK || !strings.Contains(out2, `"rule": "backlog-growth"`) {
		t.Errorf("--head: exit %d\n%s%s", code, out2, errOut)
	}
	out3, _, code := run(t, "", "diff", "--base", "HEAD", "--format", "json", "--fail-on", "new-findings", "infra")
	if code != ExitOK || len(decodeDiff(t, out3).Findings.New) != 0 {
		t.Errorf("HEAD against the working tree: exit %d\n%s", code, out3)
	}

	// Run from inside the directory, PATH defaulting to ".".
	chdir(t, filepath.Join(repo, "infra"))
	out4, errOut, code := run(t, "", "diff", "--base", "main", "--format", "json")
	if code != ExitOK || len(decodeDiff(t, out4).Findings.New) != 1 {
		t.Errorf("from inside: exit %d\n%s%s", code, out4, errOut)
	}
}

// Files added to or deleted from the tree since the base, and a
// directory that did not exist at the base.
func TestDiffBaseAddedAndMissing(t *testing.T) {
	repo := gitRepo(t)
	chdir(t, repo)
	// A service moved to a file of its own, realigned and commented, is
	// not a change.
	records := filepath.Join("infra", "records.arch.hcl")
	src := string(mustRead(t, records))
	i := strings.Index(src, `service "care-alerts"`)
	if i < 0 {
		t.Fatal("no care-alerts service")
	}
	if err := os.WriteFile(records, []byte(src[:i]), 0o644); err != nil {
		t.Fatal(err)
	}
	moved := "# moved from records.arch.hcl\n" + strings.ReplaceAll(strings.ReplaceAll(src[i:], "  =", " ="), "  ", "    ")
	if err := os.WriteFile(filepath.Join("infra", "alerts.arch.hcl"), []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "", "diff", "--base", "main", "infra")
	if code != ExitOK || !strings.Contains(out, "No change") {
		t.Errorf("a moved block: exit %d\n%s%s", code, out, errOut)
	}
	if err := os.MkdirAll("new-infra", 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = run(t, "", "diff", "--base", "main", "new-infra")
	if code != ExitInvalid || !strings.Contains(errOut, "new-infra does not exist at main") {
		t.Errorf("a directory new since the base: exit %d\n%s", code, errOut)
	}
	_, errOut, code = run(t, "", "diff", "--base", "no-such-branch", "infra")
	if code != ExitInvalid || !strings.Contains(errOut, "no-such-branch: no such commit") {
		t.Errorf("unknown revision: exit %d\n%s", code, errOut)
	}
	_, errOut, code = run(t, "", "diff", "--base", "--upload-pack=touch /tmp/x", "infra")
	if code != ExitInvalid || !strings.Contains(errOut, "is not a revision") {
		t.Errorf("an option as revision: exit %d\n%s", code, errOut)
	}
}

// A path outside any repository is a clear error, not a crash.
func TestDiffBaseOutsideRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../examples/pub-sub")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	_, errOut, code := run(t, "", "diff", "--base", "main", dir)
	if code != ExitInvalid || !strings.Contains(errOut, "is not inside a git repository") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

func TestDiffCommandLine(t *testing.T) {
	ex := "../examples/queue-load-leveling"
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"diff", ex, ex}, ExitOK, "No change"},
		{[]string{"diff", "--fail-on", "new-findings", "--fail-on", "cost-increase=0", "--fail-on", "p99-increase=0", "--fail-on", "backlog", ex, ex}, ExitOK, "No change"},
		{[]string{"diff", ex}, ExitInvalid, "give two paths"},
		{[]string{"diff", ex, ex, ex}, ExitInvalid, "give two paths"},
		{[]string{"diff", "--head", "HEAD", ex}, ExitInvalid, "--head needs --base"},
		{[]string{"diff", "--base", "main", ex, ex}, ExitInvalid, "at most one PATH"},
		{[]string{"diff", "--format", "yaml", ex, ex}, ExitInvalid, "unknown format"},
		{[]string{"diff", "--format", "json", "--format", "text", ex, ex}, ExitInvalid, "only one --format"},
		{[]string{"diff", "--fail-on", "cost-increase", ex, ex}, ExitInvalid, "percent"},
		{[]string{"diff", "--fail-on", "new-finding", ex, ex}, ExitInvalid, "unknown condition"},
		{[]string{"diff", "--workload", "nope", ex, ex}, ExitInvalid, `no workload "nope"`},
		{[]string{"diff", "--from", "pulumi", ex, ex}, ExitInvalid, "--from"},
		{[]string{"diff", ex, "does/not/exist"}, ExitInvalid, "does/not/exist: no such file or directory"},
		{[]string{"diff", ex, "testdata/invalid"}, ExitInvalid, "testdata/invalid is invalid"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args[1:], " "), func(t *testing.T) {
			out, errOut, code := run(t, "", c.args...)
			if code != c.code || !strings.Contains(out+errOut, c.want) {
				t.Errorf("exit %d, want %d and %q\nstdout: %s\nstderr: %s", code, c.code, c.want, out, errOut)
			}
			if strings.Contains(out+errOut, "goroutine ") || strings.Contains(out+errOut, "panic") {
				t.Errorf("stack trace:\n%s%s", out, errOut)
			}
		})
	}
}

// Several formats in one run, each to its file; imported sources with
// --from.
func TestDiffFormatsAndFrom(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "shop")
	if err := os.CopyFS(tmpl, os.DirFS(importFixtures+"/sam/shop")); err != nil {
		t.Fatal(err)
	}
	replaceInFile(t, filepath.Join(tmpl, "template.yaml"), "MemorySize: 256", "MemorySize: 1024")
	md, js, mm := filepath.Join(dir, "diff.md"), filepath.Join(dir, "diff.json"), filepath.Join(dir, "diff.mmd")
	out, errOut, code := run(t, "", "diff", "--from", "sam", "--format", "text", "--format", "markdown="+md, "--format", "json="+js,
		"--format", "mermaid="+mm, importFixtures+"/sam/shop", tmpl)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "memory  256 -> 1024") {
		t.Errorf("text:\n%s", out)
	}
	for _, f := range []string{md, js, mm} {
		b, err := os.ReadFile(f)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	d := decodeDiff(t, string(mustRead(t, js)))
	if len(d.Components.Changed) == 0 {
		t.Errorf("json: %+v", d)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDiffHelpHasExamples(t *testing.T) {
	out, _, code := run(t, "", "diff", "--help")
	if code != ExitOK || !strings.Contains(out, "archie diff --base origin/main") || !strings.Contains(out, "--fail-on") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// What a repository holds is input like any other: a symbolic link
// pointing out of the tree is not followed, and a file name with a
// control character is refused with its name, not used.
func TestDiffBaseHostileTree(t *testing.T) {
	repo := gitRepo(t)
	chdir(t, repo)
	outside := filepath.Join(t.TempDir(), "secret.arch.hcl")
	if err := os.WriteFile(outside, []byte(`function "stolen" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join("infra", "link.arch.hcl")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "link")
	if err := os.Remove(filepath.Join("infra", "link.arch.hcl")); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "", "diff", "--base", "HEAD", "--format", "json", "infra")
	if code != ExitOK || strings.Contains(out, "stolen") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if err := os.WriteFile(filepath.Join("infra", "bad\x01name.arch.hcl"), []byte(`function "x" {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "odd name")
	_, errOut, code = run(t, "", "diff", "--base", "HEAD", "infra")
	if code != ExitInvalid || !strings.Contains(errOut, `"infra/bad\x01name.arch.hcl"`) {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// --github-comment posts the markdown report once and updates it on the
// next run; a fork's read-only token skips it and the exit code stays the
// gates'.
func TestDiffGitHubComment(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	var posts, patches int
	readOnly := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Method == http.MethodGet:
			var list []map[string]any
			for i, b := range bodies {
				list = append(list, map[string]any{"id": i + 1, "body": b})
			}
			json.NewEncoder(w).Encode(list)
		case readOnly:
			http.Error(w, "{}", http.StatusForbidden)
		case r.Method == http.MethodPost && r.URL.Path == "/repos/octo/shop/issues/12/comments":
			var in map[string]string
			json.NewDecoder(r.Body).Decode(&in)
			bodies = append(bodies, in["body"])
			posts++
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte("{}"))
		case r.Method == http.MethodPatch && r.URL.Path == "/repos/octo/shop/issues/comments/1":
			var in map[string]string
			json.NewDecoder(r.Body).Decode(&in)
			bodies[0] = in["body"]
			patches++
			w.Write([]byte("{}"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	event := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(event, []byte(`{"pull_request":{"number":12}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "octo/shop", "GITHUB_EVENT_PATH": event, "GITHUB_TOKEN": "t"}
	runEnv := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := Execute(context.Background(), args, IO{In: strings.NewReader(""), Out: &out, Err: &errOut, Env: func(k string) string { return env[k] }})
		return errOut.String(), code
	}
	ex := "../examples/pub-sub"
	for i, want := range []string{"created", "updated"} {
		errOut, code := runEnv("diff", "--github-comment", "--format", "json="+filepath.Join(t.TempDir(), "d.json"), ex, ex)
		if code != ExitOK || !strings.Contains(errOut, want+" the comment on pull request #12") {
			t.Errorf("run %d: exit %d\n%s", i+1, code, errOut)
		}
	}
	if posts != 1 || patches != 1 || len(bodies) != 1 || !strings.HasPrefix(bodies[0], "<!-- archie-diff -->\n## archie diff") {
		t.Errorf("posts %d patches %d bodies %d", posts, patches, len(bodies))
	}
	readOnly = true
	bodies = nil
	errOut, code := runEnv("diff", "--github-comment", "--fail-on", "new-findings", "--format", "json="+filepath.Join(t.TempDir(), "d.json"), ex, ex)
	if code != ExitOK || !strings.Contains(errOut, "the comment is skipped") {
		t.Errorf("read-only: exit %d\n%s", code, errOut)
	}
}

// --from with --base: the importer reads the template from the revision
// in memory like any other source.
func TestDiffBaseFrom(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	if err := os.CopyFS(filepath.Join(repo, "shop"), os.DirFS(importFixtures+"/sam/shop")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "init", "-q", "-b", "main")
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "template")
	chdir(t, repo)
	replaceInFile(t, filepath.Join("shop", "template.yaml"), "MemorySize: 256", "MemorySize: 1024")
	out, errOut, code := run(t, "", "diff", "--from", "sam", "--base", "main", "--format", "json", "shop")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	d := decodeDiff(t, out)
	found := false
	for _, c := range d.Components.Changed {
		for _, ch := range c.Changes {
			if ch.Attribute == "memory" && ch.Old == 256.0 && ch.New == 1024.0 {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no memory 256 -> 1024:\n%s", out)
	}
}
