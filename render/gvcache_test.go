package render

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestForeignGraphvizCache runs this test binary as another user with a
// go-graphviz cache directory it cannot write, as on a machine where
// someone else ran archie first. go-graphviz's init used to panic there,
// taking every archie command with it.
func TestForeignGraphvizCache(t *testing.T) {
	if os.Getenv("ARCHIE_GVCACHE_CHILD") != "" {
		if !strings.Contains(os.Getenv("TMPDIR"), "archie-") {
			t.Errorf("TMPDIR %q: not moved away from the foreign cache", os.Getenv("TMPDIR"))
		}
		return // go-graphviz initialised without a panic
	}
	runuser, err := exec.LookPath("runuser")
	if os.Getuid() != 0 || err != nil {
		t.Skip("needs root and runuser to run as another user")
	}
	// A directory both users reach, holding the test binary and a cache
	// directory only root may write.
	dir, err := os.MkdirTemp("", "gvcache")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "render.test")
	src, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	// Root runs it first: go-graphviz fills its cache in dir.
	first := exec.Command(bin, "-test.run=^$")
	first.Env = append(os.Environ(), "TMPDIR="+dir)
	if out, err := first.CombinedOutput(); err != nil {
		t.Fatalf("as root: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "go-graphviz")); err != nil {
		t.Fatalf("go-graphviz made no cache: %v", err)
	}
	cmd := exec.Command(runuser, "-u", "nobody", "--", bin, "-test.run=^TestForeignGraphvizCache$", "-test.v")
	cmd.Env = append(os.Environ(), "TMPDIR="+dir, "ARCHIE_GVCACHE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestForeignGraphvizCache") {
		t.Errorf("the child did not run the test:\n%s", out)
	}
}
