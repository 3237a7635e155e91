// The cache directory is found through XDG_CACHE_HOME, as on Linux.

//go:build linux

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cacheEnv points archie's user cache directory into a temporary one.
func cacheEnv(t *testing.T) (env []string, cache string) {
	t.Helper()
	tmp := t.TempDir()
	cache = filepath.Join(tmp, "cache")
	tmpdir := filepath.Join(tmp, "tmp")
	if err := os.Mkdir(tmpdir, 0o700); err != nil {
		t.Fatal(err)
	}
	return []string{"XDG_CACHE_HOME=" + cache, "HOME=" + filepath.Join(tmp, "home"), "TMPDIR=" + tmpdir}, cache
}

// TestOnlyDrawingStartsWebAssembly runs every command that does not draw
// and checks that none touched the compile cache, which each WebAssembly
// engine opens before it starts (or, for upstream go-graphviz's init,
// $TMPDIR/go-graphviz); then a render must have filled it, so
// the check cannot pass by looking in the wrong place.
func TestOnlyDrawingStartsWebAssembly(t *testing.T) {
	bin, root := archie(t), repoRoot(t)
	env, cache := cacheEnv(t)
	work := t.TempDir()
	example := filepath.Join(root, "examples", "pub-sub")
	sam := filepath.Join(root, "schema", "imports", "testdata", "sam", "orders", "template.yaml")
	for _, args := range [][]string{
		{"version"},
		{"--help"},
		{"rules"},
		{"explain", "missing-dlq"},
		{"lint", example},
		{"lint", "--format", "json", filepath.Join(root, "examples", "broken", "missing-dlq")},
		{"lint", "--from", "sam", sam},
		{"fmt", "--check", example},
		{"inspect", example},
		{"simulate", example},
		{"import", "sam", sam, "-o", filepath.Join(work, "imported")},
		{"init", filepath.Join(work, "new"), "--pattern", "queue_load_leveling"},
		{"render", "-f", "dot", example},
		{"render", "-f", "mermaid", example},
		{"render", "-f", "d2", example},
	} {
		out, code := run(t, work, env, bin, args...)
		if code > 1 {
			t.Errorf("archie %s: exit %d\n%s", strings.Join(args, " "), code, out)
		}
		if _, err := os.Lstat(filepath.Join(filepath.Dir(cache), "tmp", "go-graphviz")); err == nil {
			t.Fatalf("archie %s started upstream go-graphviz", strings.Join(args, " "))
		}
		if _, err := os.Lstat(cache); err == nil {
			t.Fatalf("archie %s touched the compile cache: it started a WebAssembly engine without drawing", strings.Join(args, " "))
		}
	}
	if out, code := run(t, work, env, bin, "render", "-o", filepath.Join(work, "a.svg"), example); code != 0 {
		t.Fatalf("render: exit %d\n%s", code, out)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache, "archie", "wasm", "graphviz", "wazero-*", "*.sha256")); len(entries) == 0 {
		t.Errorf("render left no sealed entry in %s", cache)
	}
}

// TestUpstreamGraphvizIsNotLinked: linking github.com/goccy/go-graphviz
// would bring back its package init, which starts WebAssembly in every
// process; render/internal/gographviz is the copy to use.
func TestUpstreamGraphvizIsNotLinked(t *testing.T) {
	root := repoRoot(t)
	cmd := exec.Command("go", "list", "-deps", "./cmd/archie")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/goccy/go-graphviz") {
			t.Errorf("archie links %s: import github.com/archiehq/archie/render/internal/gographviz instead", pkg)
		}
	}
}

// TestChartLibrariesAreNotLinked: simulate/charts draws the simulator's
// charts; gonum/plot linked its fonts, PDF, EPS and LaTeX back ends (and
// encoding/gob) into every process, and their package initialisation
// into every start-up.
func TestChartLibrariesAreNotLinked(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "./cmd/archie")
	cmd.Dir = repoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, unwanted := range []string{"gonum.org/", "codeberg.org/go-fonts/", "codeberg.org/go-latex/",
			"codeberg.org/go-pdf/", "github.com/ajstarks/svgo", "git.sr.ht/~sbinet/"} {
			if strings.HasPrefix(pkg, unwanted) {
				t.Errorf("archie links %s: charts are drawn by simulate/charts", pkg)
			}
		}
		if pkg == "encoding/gob" {
			t.Errorf("archie links encoding/gob, whose init registers types in every process")
		}
	}
}

// TestCompileCacheSurvivesTampering spoils the compile cache between
// renders in the ways of a hostile or broken machine: each time the
// render still succeeds with the same bytes, in bounded time, saying on
// stderr what it discarded.
func TestCompileCacheSurvivesTampering(t *testing.T) {
	bin, root := archie(t), repoRoot(t)
	example := filepath.Join(root, "examples", "pub-sub")
	env, cache := cacheEnv(t)
	render := func() (svg []byte, stderr string) {
		t.Helper()
		cmd := exec.Command(bin, "render", example)
		cmd.Env = append(os.Environ(), env...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("render: %v\n%s", err, errOut.String())
			}
		case <-time.After(2 * time.Minute):
			cmd.Process.Kill()
			t.Fatalf("render hung on the compile cache")
		}
		return out.Bytes(), errOut.String()
	}
	want, stderr := render()
	if stderr != "" {
		t.Errorf("notes on a fresh cache: %s", stderr)
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "archie", "wasm", "graphviz", "wazero-*", strings.Repeat("[0-9a-f]", 64)))
	if len(entries) == 0 {
		t.Fatal("render left no cache entry")
	}
	p := entries[0]
	for _, tc := range []struct {
		name  string
		spoil func() error
		note  string
	}{
		{"garbage", func() error { return os.WriteFile(p, []byte("garbage"), 0o600) }, "does not match its recorded SHA-256"},
		{"empty", func() error { return os.WriteFile(p, nil, 0o600) }, "empty"},
		{"fifo", func() error { os.Remove(p); return syscall.Mkfifo(p, 0o600) }, "not a regular file"},
	} {
		if err := tc.spoil(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, stderr := render()
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the SVG changed", tc.name)
		}
		if !strings.Contains(stderr, "archie: note: compile cache entry "+p) || !strings.Contains(stderr, tc.note) ||
			strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "goroutine") {
			t.Errorf("%s: stderr %q, want one note saying %q", tc.name, stderr, tc.note)
		}
	}
}
