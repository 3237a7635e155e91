// These tests run archie the way CI systems run it: the built
// binary writing every report format over the bundled examples, the
// pre-commit hooks through the real pre-commit, and the GitHub Action
// through actionlint and shellcheck. The external tools are installed by
// .ci/run; locally a test whose tool is missing is skipped, and with
// CI=true it fails instead.
package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// requireTool finds an external program, from the environment variable
// env when it is set, else on PATH. Missing, it skips the test, or fails
// it in CI.
func requireTool(t *testing.T, name, env, install string) string {
	t.Helper()
	if env != "" {
		if p := os.Getenv(env); p != "" {
			return p
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found; .ci/run installs it (%s)", name, install)
	}
	t.Skipf("%s not found (install: %s)", name, install)
	return ""
}

// repoRoot is the root of the checkout the tests run in.
func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("not in a git checkout: %v", err)
	}
	return strings.TrimSpace(string(out))
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
	buildOut  []byte
)

// archie builds the archie binary once for the package's tests, the way
// the README says to: make build (go build without make).
func archie(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "archie-integration-")
		if buildErr != nil {
			return
		}
		bin := filepath.Join(buildDir, "archie")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/archie")
		if _, err := exec.LookPath("make"); err == nil {
			cmd = exec.Command("make", "-s", "build", "BIN="+bin)
		}
		cmd.Dir = root
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build ./cmd/archie: %v\n%s", buildErr, buildOut)
	}
	return filepath.Join(buildDir, "archie")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// run runs a command in dir and returns its combined output and exit code;
// it fails the test only when the command cannot start.
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), ee.ExitCode()
		}
		t.Fatalf("%s %v: %v\n%s", name, args, err, out.String())
	}
	return out.String(), 0
}

// TestVersionNamesCommit: `make build` records the commit archie is
// built from, so that `archie version` can name it.
func TestVersionNamesCommit(t *testing.T) {
	requireTool(t, "make", "", "apt-get install make")
	bin := archie(t)
	root := repoRoot(t)
	head, code := run(t, root, nil, "git", "rev-parse", "HEAD")
	if code != 0 {
		t.Fatal(head)
	}
	out, code := run(t, root, nil, bin, "version")
	if code != 0 || !strings.Contains(out, "commit: "+strings.TrimSpace(head)) {
		t.Errorf("archie version (exit %d) does not name HEAD %s:\n%s", code, head, out)
	}
}

// TestBuildIsStatic: `make build` links a static binary (CGO_ENABLED=0),
// as the releases are, so that a start pays no dynamic loader or C
// runtime (docs/performance.md#start-up-a-static-binary).
func TestBuildIsStatic(t *testing.T) {
	requireTool(t, "make", "", "apt-get install make")
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	f, err := elf.Open(archie(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("make build linked a dynamic binary (it has %v): build with CGO_ENABLED=0", p.Type)
		}
	}
}
