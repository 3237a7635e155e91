package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// cleanArch has no finding at the time of writing; the test needs only
	// that it has no error, so that rules added later may warn about it.
	cleanArch = `service "jobs" {
  owner = "team-jobs"

  api "jobs" {
    description    = "accepts jobs"
    type           = "rest"
    timeout        = "29s"
    throttle_rate  = 100
    throttle_burst = 200
  }

  function "accept_job" {
    description = "queues a job"
    memory      = 256
    timeout     = "5s"
    concurrency = 50
    idempotent  = true
    tracing     = true
    emits       = [queue.jobs]
    trigger {
      source = api.jobs
      route  = "POST /jobs"
    }
  }

  queue "jobs" {
    description        = "jobs to run"
    visibility_timeout = "2m"
    dead_letter        = queue.jobs_dlq
  }

  queue "jobs_dlq" {
    retention = "14d"
  }

  function "run_job" {
    description = "runs one job"
    memory      = 256
    timeout     = "10s"
    concurrency = 5
    idempotent  = true
    tracing     = true
    trigger {
      source                 = queue.jobs
      batch_size             = 1
      partial_batch_response = true
    }
  }
}
`
	// brokenArch has a consumed queue without a dead-letter queue.
	brokenArch = `queue "orders" {
  description = "orders to ship"
}

function "ship" {
  memory      = 256
  timeout     = "10s"
  concurrency = 5
  idempotent  = true
  trigger {
    source = queue.orders
  }
}
`
	// unformatted is cleanArch with an equals sign out of line.
	unformatted = strings.Replace(cleanArch, "dead_letter        =", "dead_letter =", 1)
)

// TestPreCommitHooks runs the hooks of .pre-commit-hooks.yaml with the
// real pre-commit in a sample repository whose .pre-commit-config.yaml
// pins this checkout, as a user's pins a release: pre-commit clones it,
// builds archie once with `go install ./...` (language: golang) for both
// hooks, and every later run reuses that build. (pre-commit try-repo
// would clone and build again on every call: five builds took minutes.)
//
// The config pins the commit at HEAD: uncommitted changes are not tested,
// so a half-finished work tree cannot fail the build or test a manifest
// that is not the one committed. In CI the checkout is a fresh clone,
// where HEAD is the work tree.
func TestPreCommitHooks(t *testing.T) {
	preCommit := requireTool(t, "pre-commit", "", "apt-get install pre-commit")
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go on PATH for pre-commit's golang hooks")
	}
	t.Parallel()
	root := repoRoot(t)
	head, code := run(t, root, nil, "git", "rev-parse", "HEAD")
	if code != 0 {
		t.Fatalf("git rev-parse HEAD: %s", head)
	}
	head = strings.TrimSpace(head)
	if out, code := run(t, root, nil, "git", "cat-file", "-e", head+":.pre-commit-hooks.yaml"); code != 0 {
		t.Fatalf(".pre-commit-hooks.yaml is not committed at HEAD, which the test pins: %s", out)
	}
	if out, _ := run(t, root, nil, "git", "status", "--porcelain", "--", ".pre-commit-hooks.yaml"); out != "" {
		t.Logf("note: .pre-commit-hooks.yaml has uncommitted changes; testing the committed one (%s)", head[:12])
	}

	gomodcache, code := run(t, root, nil, "go", "env", "GOMODCACHE")
	if code != 0 {
		t.Fatal(gomodcache)
	}
	env := []string{
		// One hook environment for the whole test, nothing from the user's.
		"PRE_COMMIT_HOME=" + t.TempDir(),
		// pre-commit points GOPATH into its environment: keep the module
		// cache where it is, so the build does not download every module
		// again. The build cache (GOCACHE) stays the user's too, so the
		// hook's build reuses the packages the tests compiled.
		"GOMODCACHE=" + strings.TrimSpace(gomodcache),
		"PRE_COMMIT_COLOR=never",
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=archie", "GIT_AUTHOR_EMAIL=archie@example.com",
		"GIT_COMMITTER_NAME=archie", "GIT_COMMITTER_EMAIL=archie@example.com",
	}

	sample := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(sample, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, code := run(t, sample, env, "git", "add", "--", name); code != 0 {
			t.Fatalf("git add: %s", out)
		}
	}
	remove := func(name string) {
		t.Helper()
		if out, code := run(t, sample, env, "git", "rm", "-q", "-f", "--", name); code != 0 {
			t.Fatalf("git rm: %s", out)
		}
	}
	if out, code := run(t, sample, env, "git", "init", "-q"); code != 0 {
		t.Fatalf("git init: %s", out)
	}
	// language_version: system, because pre-commit takes a go under the
	// home directory for a shim and would download Go instead, and the go
	// command puts the toolchain it switched to (GOTOOLCHAIN, under
	// GOMODCACHE) first on PATH.
	write(".pre-commit-config.yaml", "repos:\n  - repo: "+root+"\n    rev: "+head+"\n    hooks:\n      - id: archie-lint\n        language_version: system\n      - id: archie-fmt\n        language_version: system\n      - id: archie-diff\n        language_version: system\n")
	hook := func(id string) (string, int) {
		t.Helper()
		return run(t, sample, env, preCommit, "run", id, "--all-files", "--verbose")
	}
	status := func(out string) string {
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "archie ") && strings.Contains(line, "...") {
				return line[strings.LastIndex(line, ".")+1:]
			}
		}
		return "(no status line)"
	}

	// The one build of the hooks' environment: the real language: golang
	// install from the pinned revision.
	if out, code := run(t, sample, env, preCommit, "install-hooks"); code != 0 {
		t.Fatalf("pre-commit install-hooks (go install ./... of the pinned revision): exit %d\n%s", code, out)
	}

	// No architecture in the repository: the hook has no files to check.
	write("README.md", "# sample\n")
	out, code := hook("archie-lint")
	if code != 0 || !strings.Contains(out, "Skipped") {
		t.Fatalf("without architectures: exit %d, status %s\n%s", code, status(out), out)
	}

	write("services/jobs/main.arch.hcl", cleanArch)
	out, code = hook("archie-lint")
	if code != 0 || status(out) != "Passed" {
		t.Fatalf("clean architecture: exit %d, status %s\n%s", code, status(out), out)
	}

	write("services/orders/main.arch.hcl", brokenArch)
	out, code = hook("archie-lint")
	if code != 1 || status(out) != "Failed" {
		t.Fatalf("broken architecture: exit %d, status %s\n%s", code, status(out), out)
	}
	for _, want := range []string{"error[missing-dlq]", "services/orders/main.arch.hcl:1:1", "queue.orders"} {
		if !strings.Contains(out, want) {
			t.Errorf("broken architecture: output lacks %q\n%s", want, out)
		}
	}
	remove("services/orders/main.arch.hcl")

	// archie-fmt rewrites the files it is given; pre-commit fails the hook
	// because a file changed, and passes on the next run.
	write("services/jobs/main.arch.hcl", unformatted)
	out, code = hook("archie-fmt")
	if code != 1 || status(out) != "Failed" || !strings.Contains(out, "files were modified by this hook") {
		t.Fatalf("unformatted file: exit %d, status %s\n%s", code, status(out), out)
	}
	got, err := os.ReadFile(filepath.Join(sample, "services", "jobs", "main.arch.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != cleanArch {
		t.Errorf("archie fmt wrote\n%s\nwant\n%s", got, cleanArch)
	}
	write("services/jobs/main.arch.hcl", string(got))
	out, code = hook("archie-fmt")
	if code != 0 || status(out) != "Passed" {
		t.Fatalf("formatted file: exit %d, status %s\n%s", code, status(out), out)
	}

	// archie-diff compares what is being committed with HEAD: no change
	// passes, a change that adds an error finding stops the commit.
	write("main.arch.hcl", cleanArch)
	if out, code := run(t, sample, env, "git", "commit", "-q", "-m", "architectures"); code != 0 {
		t.Fatalf("git commit: %s", out)
	}
	out, code = hook("archie-diff")
	if code != 0 || status(out) != "Passed" {
		t.Fatalf("archie-diff, no change: exit %d, status %s\n%s", code, status(out), out)
	}
	write("main.arch.hcl", brokenArch)
	out, code = hook("archie-diff")
	if code != 1 || status(out) != "Failed" || !strings.Contains(out, "new   error [missing-dlq]") || !strings.Contains(out, "--fail-on new-findings=error") {
		t.Fatalf("archie-diff, a new error: exit %d, status %s\n%s", code, status(out), out)
	}

	// Every run above used the one environment install-hooks built.
	envs, err := filepath.Glob(filepath.Join(strings.TrimPrefix(env[0], "PRE_COMMIT_HOME="), "repo*", "golangenv-*"))
	if err != nil || len(envs) != 1 {
		t.Errorf("pre-commit built %d golang environments, want 1: %v", len(envs), envs)
	}
}

// TestPreCommitFiles checks the hook manifest and the configuration
// example in docs/ci.md with pre-commit's own validators.
func TestPreCommitFiles(t *testing.T) {
	preCommit := requireTool(t, "pre-commit", "", "apt-get install pre-commit")
	root := repoRoot(t)
	for _, args := range [][]string{
		{"validate-manifest", ".pre-commit-hooks.yaml"},
		{"validate-config", "docs/examples/pre-commit-config.yaml"},
	} {
		if out, code := run(t, root, nil, preCommit, args...); code != 0 {
			t.Errorf("pre-commit %s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
	}
}

// TestDocsPinRealRevisions: every revision the docs tell users to pin (a
// pre-commit rev, an action ref) is a commit or tag of this repository;
// a tag that does not exist makes pre-commit fail with "pathspec ... did
// not match".
func TestDocsPinRealRevisions(t *testing.T) {
	root := repoRoot(t)
	pin := regexp.MustCompile(`(?m)(?:\brev:\s*|archiehq/archie@)([0-9A-Za-z._-]+)`)
	n := 0
	for _, doc := range []string{"docs/ci.md", "docs/examples/pre-commit-config.yaml", "docs/examples/github-action.yml", "README.md"} {
		data, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pin.FindAllStringSubmatch(string(data), -1) {
			rev := m[1]
			n++
			if out, code := run(t, root, nil, "git", "rev-parse", "-q", "--verify", rev+"^{commit}"); code != 0 {
				if strings.HasPrefix(rev, "v") && isExplainedFuture(string(data), rev) {
					continue
				}
				t.Errorf("%s pins %s, which is no commit or tag of this repository: %s", doc, rev, out)
			}
		}
	}
	if n < 3 {
		t.Errorf("found %d pins in the docs; the pattern no longer matches them", n)
	}
}

// isExplainedFuture reports whether a release tag that does not exist yet
// appears only in text about the first release ("once there are releases,
// a tag such as v0.1.0"), never as the value of a pin in a config.
func isExplainedFuture(doc, tag string) bool {
	for _, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "rev: "+tag) || strings.HasPrefix(trimmed, "uses: archiehq/archie@"+tag) || strings.HasPrefix(trimmed, "- uses: archiehq/archie@"+tag) {
			return false
		}
	}
	return true
}
