package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const unformatted = "function \"f\" {\nmemory = 512\n    timeout=\"3s\"\n}\n"
const formatted = "function \"f\" {\n  memory  = 512\n  timeout = \"3s\"\n}\n"

func TestFmt(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.arch.hcl")
	if err := os.WriteFile(file, []byte(unformatted), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "fmt", "--check", dir)
	if code != ExitFindings || strings.TrimSpace(out) != file {
		t.Errorf("--check: exit %d, out %q", code, out)
	}
	if b, _ := os.ReadFile(file); string(b) != unformatted {
		t.Error("--check must not write")
	}
	out, _, code = run(t, "", "fmt", "--check", "--diff", dir)
	if code != ExitFindings || !strings.Contains(out, "-memory = 512") || !strings.Contains(out, "+  memory  = 512") {
		t.Errorf("--diff: exit %d, out %q", code, out)
	}
	if _, _, code = run(t, "", "fmt", dir); code != ExitOK {
		t.Errorf("fmt: exit %d", code)
	}
	if b, _ := os.ReadFile(file); string(b) != formatted {
		t.Errorf("formatted file:\n%s", b)
	}
	if out, _, code = run(t, "", "fmt", "--check", dir); code != ExitOK || out != "" {
		t.Errorf("second --check: exit %d, out %q", code, out)
	}
}

func TestFmtStdinAndErrors(t *testing.T) {
	out, _, code := run(t, unformatted, "fmt", "-")
	if code != ExitOK || out != formatted {
		t.Errorf("stdin: exit %d, out %q", code, out)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.arch.hcl")
	os.WriteFile(bad, []byte("function \"f\" {\n  memory = \n}\n"), 0o644)
	_, errOut, code := run(t, "", "fmt", bad)
	if code != ExitInvalid || !strings.Contains(errOut, bad+":2:") {
		t.Errorf("syntax error: exit %d, stderr %q", code, errOut)
	}
}

func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ingest")
	out, _, code := run(t, "", "init", "--pattern", "queue_load_leveling", dir)
	if code != ExitOK || !strings.Contains(out, "wrote ") {
		t.Fatalf("init: exit %d, %s", code, out)
	}
	if out, _, code := run(t, "", "lint", "--fail-on", "info", dir); code != ExitOK {
		t.Errorf("the starter does not lint clean: %s", out)
	}
	if _, errOut, code := run(t, "", "init", "--pattern", "queue_load_leveling", dir); code != ExitInvalid || !strings.Contains(errOut, "--force") {
		t.Errorf("init over existing files: exit %d, %s", code, errOut)
	}
	if _, errOut, code := run(t, "", "init", "--pattern", "queue_leveling", dir); code != ExitInvalid || !strings.Contains(errOut, "queue_load_leveling") {
		t.Errorf("unknown pattern: exit %d, %s", code, errOut)
	}
}

// fmt --check lists file names and --diff prints source lines: a file
// named with a newline, or a heredoc line " ::error::x" in a diff's
// context, must not become a workflow command in a CI log.
func TestFmtOutputCannotBecomeACommand(t *testing.T) {
	dir := t.TempDir()
	src := "function \"f\" {\ndescription = <<EOT\n::error file=ci.yml::owned\x1b[2J\nEOT\nmemory = 512\n}\n"
	name := filepath.Join(dir, "x\n::error file=a::b.arch.hcl")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"fmt", "--check", dir}, {"fmt", "--check", "--diff", dir}} {
		out, errOut, code := run(t, "", args...)
		if code != ExitFindings {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.ContainsRune(line, '\x1b') {
				t.Errorf("%v: %q", args, line)
			}
		}
	}
}
