package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Files a flag names are read through the boundary too: outside the
// repository they need --root, which widens the boundary to a directory
// that holds them.
func TestRootFlag(t *testing.T) {
	base := t.TempDir()
	repo := filepath.Join(base, "repo")
	copyExample(t, "pub-sub", repo)
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(base, "shared")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(shared, "archie.hcl")
	if err := os.WriteFile(config, []byte("config {\n  fail_on = \"error\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(repo, "arch")

	// Architectures inside the repository need no flag.
	if _, errOut, code := run(t, "", "lint", arch); code == ExitInvalid {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, flag := range []string{"--config", "--baseline"} {
		_, errOut, code := run(t, "", "lint", flag, config, arch)
		if code != ExitInvalid || !strings.Contains(errOut, "--root") || !strings.Contains(errOut, "outside") {
			t.Errorf("%s outside the repository: exit %d, want 2 and --root named:\n%s", flag, code, errOut)
		}
	}
	if _, errOut, code := run(t, "", "--root", base, "lint", "--config", config, arch); code == ExitInvalid {
		t.Errorf("--root around both: exit %d: %s", code, errOut)
	}
	// A path outside --root is refused with both named.
	_, errOut, code := run(t, "", "--root", arch, "lint", shared)
	if code != ExitInvalid || !strings.Contains(errOut, "is outside --root") {
		t.Errorf("a path outside --root: exit %d:\n%s", code, errOut)
	}
	// --max-file-size reads units, and refuses nonsense.
	if out, _, code := run(t, "", "--max-file-size", "1KB", "lint", arch); code != ExitInvalid || !strings.Contains(out, "over the limit of 1KB") {
		t.Errorf("--max-file-size 1KB: exit %d:\n%s", code, out)
	}
	if _, errOut, code := run(t, "", "--max-file-size", "-3MB", "lint", arch); code != ExitInvalid || !strings.Contains(errOut, "--max-file-size") {
		t.Errorf("--max-file-size -3MB: exit %d:\n%s", code, errOut)
	}
}

// fmt writes through a temporary file renamed over the original: the mode
// is kept, and no temporary file is left behind.
func TestFmtKeepsModeAndLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.arch.hcl")
	if err := os.WriteFile(p, []byte("service   \"s\"   {\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := run(t, "", "fmt", dir); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want -rw-------", info.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	if src, _ := os.ReadFile(p); !strings.HasPrefix(string(src), "service \"s\" {") {
		t.Errorf("not formatted:\n%s", src)
	}
}
