//go:build unix

package fsroot

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// hostileTree is a repository whose files reach out of their directories
// in every way the boundary must judge: links to siblings, to parents, out
// of the root, through linked directories, to a FIFO, deeper than the
// cache holds.
func hostileTree(t *testing.T) (repo string, names []string) {
	t.Helper()
	repo, secret := tree(t)
	mustMkdir(t, filepath.Join(repo, "a", "b", "c"))
	mustMkdir(t, filepath.Join(repo, "s"))
	mustWrite(t, filepath.Join(repo, "s", "t.yaml"), "Resources: {}\n")
	mustWrite(t, filepath.Join(repo, "a", "b", "c", "x.yaml"), "x: 1\n")
	mustLink(t, "../../s/t.yaml", filepath.Join(repo, "a", "b", "sib.yaml"))
	mustLink(t, "../s", filepath.Join(repo, "a", "sdir"))
	mustLink(t, secret, filepath.Join(repo, "a", "abs.yaml"))
	mustLink(t, "../../../../secret.txt", filepath.Join(repo, "a", "b", "up.yaml"))
	mustLink(t, "../..", filepath.Join(repo, "a", "b", "c", "loop"))
	mustLink(t, filepath.Dir(secret), filepath.Join(repo, "a", "outdir"))
	mustLink(t, "c", filepath.Join(repo, "a", "b", "clink"))
	if err := syscall.Mkfifo(filepath.Join(repo, "a", "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range dirCacheSize + 8 {
		d := filepath.Join(repo, "many", fmt.Sprintf("d%02d", i))
		mustMkdir(t, d)
		mustWrite(t, filepath.Join(d, "f.yaml"), fmt.Sprintf("n: %d\n", i))
	}
	names = []string{
		"a/b/c/x.yaml", "a/b/sib.yaml", "a/sdir/t.yaml", "a/sdir", "a/abs.yaml", "a/b/up.yaml",
		"a/b/c/loop/b/c/x.yaml", "a/outdir/secret.txt", "a/outdir", "a/b/clink/x.yaml", "a/pipe.yaml",
		"a/missing.yaml", "a/b/c/x.yaml/more", "s", "a",
	}
	for i := range dirCacheSize + 8 {
		names = append(names, fmt.Sprintf("many/d%02d/f.yaml", i))
	}
	return repo, names
}

// answer is everything the FS says of a name.
func answer(fsys *FS, name string) string {
	var out string
	if info, err := fsys.Stat(name); err != nil {
		out += "stat: " + err.Error() + "\n"
	} else {
		out += fmt.Sprintf("stat: %s %v\n", info.Name(), info.IsDir())
	}
	if src, err := fsys.ReadFile(name); err != nil {
		out += "read: " + err.Error() + "\n"
	} else {
		out += "read: " + string(src)
	}
	if entries, err := fsys.ReadDir(name); err != nil {
		out += "readdir: " + err.Error() + "\n"
	} else {
		for _, e := range entries {
			out += "entry: " + e.Name() + "\n"
		}
	}
	return out
}

// TestDirCacheAnswersAsTheRoot checks that a file system that keeps
// directories open answers every name, hostile or not, exactly as one that
// resolves every name from its root, in any order and from many goroutines.
func TestDirCacheAnswersAsTheRoot(t *testing.T) {
	repo, names := hostileTree(t)
	plain, err := Open(repo, 0)
	if err != nil {
		t.Fatal(err)
	}
	cached, name, err := (&Roots{}).For(repo)
	if err != nil {
		t.Fatal(err)
	}
	if cached.dirs == nil {
		t.Fatal("a command's file system keeps no directories open")
	}
	full := func(n string) string { return path.Join(name, n) }
	want := map[string]string{}
	for _, n := range names {
		want[n] = answer(plain, full(n))
	}
	// Out of the root, whatever the cache holds.
	for _, n := range []string{"a/abs.yaml", "a/b/up.yaml", "a/outdir/secret.txt"} {
		if _, err := cached.ReadFile(full(n)); err == nil {
			t.Errorf("%s: read through the cache, want refused", n)
		}
	}
	for round := range 3 {
		var wg sync.WaitGroup
		for i, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == round%2 {
					n = names[len(names)-1-i]
				}
				if got := answer(cached, full(n)); got != want[n] {
					t.Errorf("%s: with open directories\n%s\nwant\n%s", n, got, want[n])
				}
			}()
		}
		wg.Wait()
	}
	cached.dirs.mu.Lock()
	held := len(cached.dirs.roots)
	for _, d := range cached.dirs.roots {
		if d.refs != 0 {
			t.Errorf("a directory is still in use after every call returned: %d", d.refs)
		}
	}
	cached.dirs.mu.Unlock()
	if held > dirCacheSize {
		t.Errorf("%d directories open, want at most %d", held, dirCacheSize)
	}
}

// TestDirCacheWalk walks the tree through both file systems.
func TestDirCacheWalk(t *testing.T) {
	repo, _ := hostileTree(t)
	plain, err := Open(repo, 0)
	if err != nil {
		t.Fatal(err)
	}
	cached, name, err := (&Roots{}).For(repo)
	if err != nil {
		t.Fatal(err)
	}
	walk := func(fsys fs.FS) []string {
		var out []string
		fs.WalkDir(fsys, name, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, p+": "+err.Error())
				return nil
			}
			if !d.IsDir() {
				src, err := fs.ReadFile(fsys, p)
				out = append(out, fmt.Sprintf("%s %q %v", p, src, err))
			}
			return nil
		})
		return out
	}
	a, b := walk(plain), walk(cached)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("walks differ:\n%v\n%v", a, b)
	}
	if len(a) < dirCacheSize {
		t.Fatalf("walk saw %d files", len(a))
	}
}
