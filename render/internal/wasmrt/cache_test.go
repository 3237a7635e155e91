//go:build unix

package wasmrt

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tetratelabs/wazero"
)

// answer is a WebAssembly module exporting answer() = 42.
var answer = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
	0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // types: () -> i32
	0x03, 0x02, 0x01, 0x00, // functions: one of type 0
	0x07, 0x0a, 0x01, 0x06, 'a', 'n', 's', 'w', 'e', 'r', 0x00, 0x00, // export "answer"
	0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b, // code: i32.const 42
}

// notes collects OpenCache's notes.
type notes []string

func (n *notes) add(msg string) { *n = append(*n, msg) }

// compile opens the cache in dir, runs answer with it and seals it,
// returning the notes.
func compile(t *testing.T, dir string) []string {
	t.Helper()
	var n notes
	c := OpenCache(filepath.Dir(dir), filepath.Base(dir), n.add)
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, c.Configure(wazero.NewRuntimeConfig()))
	defer r.Close(ctx)
	mod, err := r.Instantiate(ctx, answer)
	if err != nil {
		t.Fatalf("instantiating with the cache: %v", err)
	}
	res, err := mod.ExportedFunction("answer").Call(ctx)
	if err != nil || len(res) != 1 || res[0] != 42 {
		t.Fatalf("answer() = %v, %v", res, err)
	}
	c.Seal()
	return n
}

// entry returns the path of the one cache entry in dir.
func entry(t *testing.T, dir string) string {
	t.Helper()
	found, _ := filepath.Glob(filepath.Join(dir, "wazero-*", strings.Repeat("[0-9a-f]", 64)))
	if len(found) != 1 {
		t.Fatalf("want one cache entry in %s, found %v", dir, found)
	}
	return found[0]
}

func TestCacheFillsAndReuses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archie", "wasm", "answer")
	if n := compile(t, dir); len(n) != 0 {
		t.Errorf("notes on a fresh cache: %q", n)
	}
	for _, d := range []string{filepath.Dir(filepath.Dir(dir)), filepath.Dir(dir), dir} {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, mode %v; want 0700", d, err, fi.Mode().Perm())
		}
	}
	p := entry(t, dir)
	if _, err := os.Stat(p + hashSuffix); err != nil {
		t.Errorf("entry not sealed: %v", err)
	}
	before, _ := os.Stat(p)
	if n := compile(t, dir); len(n) != 0 {
		t.Errorf("notes on a good cache: %q", n)
	}
	after, _ := os.Stat(p)
	if !os.SameFile(before, after) {
		t.Error("a good entry was rewritten instead of reused")
	}
}

// TestCacheRemovesAbandonedWrites: a temporary file of wazero's left by a
// process that exited while compiling is removed once it is an hour old; a
// recent one may be another process's write in progress and stays.
func TestCacheRemovesAbandonedWrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "answer")
	compile(t, dir)
	p := entry(t, dir)
	old, recent := p+".123456.tmp", p+".789.tmp"
	for _, f := range []string{old, recent} {
		if err := os.WriteFile(f, []byte("half an entry"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	then := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(old, then, then); err != nil {
		t.Fatal(err)
	}
	if n := compile(t, dir); len(n) != 0 {
		t.Errorf("notes: %q", n)
	}
	if _, err := os.Lstat(old); err == nil {
		t.Error("an abandoned temporary file was kept")
	}
	if _, err := os.Lstat(recent); err != nil {
		t.Errorf("a recent temporary file was removed: %v", err)
	}
	if _, err := os.Lstat(p); err != nil {
		t.Errorf("the entry was removed: %v", err)
	}
}

// TestCacheDiscardsBadEntries spoils the entry one way each and checks
// that the next run discards it with one note and compiles again.
func TestCacheDiscardsBadEntries(t *testing.T) {
	for _, tc := range []struct {
		name, note string
		spoil      func(t *testing.T, p string)
	}{
		{"corrupted", "does not match its recorded SHA-256", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0xff
			write(t, p, b)
		}},
		{"truncated", "does not match its recorded SHA-256", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			write(t, p, b[:len(b)/2])
		}},
		{"empty", "empty", func(t *testing.T, p string) { write(t, p, nil) }},
		{"unsealed", "no recorded SHA-256", func(t *testing.T, p string) { os.Remove(p + hashSuffix) }},
		{"hash forged", "does not match its recorded SHA-256", func(t *testing.T, p string) {
			write(t, p+hashSuffix, []byte(strings.Repeat("0", 64)))
		}},
		{"symlink", "not a regular file", func(t *testing.T, p string) {
			os.Remove(p)
			if err := os.Symlink("/etc/passwd", p); err != nil {
				t.Fatal(err)
			}
		}},
		{"fifo", "not a regular file", func(t *testing.T, p string) {
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skipf("no FIFOs here: %v", err)
			}
		}},
		{"foreign", "owned by another user", func(t *testing.T, p string) { chownNobody(t, p) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "wasm", "answer")
			compile(t, dir)
			p := entry(t, dir)
			tc.spoil(t, p)
			n := compileWithin(t, dir, 20*time.Second)
			if len(n) != 1 || !strings.Contains(n[0], tc.note) || !strings.Contains(n[0], p) || strings.Contains(n[0], "\n") {
				t.Errorf("notes %q; want one line naming %s and saying %q", n, p, tc.note)
			}
			fi, err := os.Lstat(p)
			if err != nil || !fi.Mode().IsRegular() || !ownedByMe(fi) {
				t.Fatalf("entry not rebuilt: %v %v", fi, err)
			}
			if n := compile(t, dir); len(n) != 0 {
				t.Errorf("notes after the rebuild: %q", n)
			}
		})
	}
}

// compileWithin is compile, failing the test if it takes longer than d
// (a FIFO opened for reading blocks until a writer comes).
func compileWithin(t *testing.T, dir string, d time.Duration) []string {
	t.Helper()
	done := make(chan []string, 1)
	go func() { done <- compile(t, dir) }()
	select {
	case n := <-done:
		return n
	case <-time.After(d):
		t.Fatalf("the cache hung for %v", d)
		return nil
	}
}

func TestCacheRefusesForeignDirectory(t *testing.T) {
	for _, which := range []string{"cache", "grandparent"} {
		t.Run(which, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "archie", "wasm", "answer")
			compile(t, dir)
			d := dir
			if which == "grandparent" {
				d = filepath.Dir(filepath.Dir(dir))
			}
			chownNobody(t, d)
			var n notes
			if c := OpenCache(filepath.Dir(dir), filepath.Base(dir), n.add); c != nil {
				t.Error("a cache directory of another user's was used")
			}
			if len(n) != 1 || !strings.Contains(n[0], "belongs to another user") || !strings.Contains(n[0], "compiling in memory") {
				t.Errorf("notes %q", n)
			}
		})
	}
}

func TestCacheRefusesSymlinkedDirectory(t *testing.T) {
	tmp := t.TempDir()
	elsewhere := filepath.Join(tmp, "elsewhere")
	os.Mkdir(elsewhere, 0o700)
	dir := filepath.Join(tmp, "wasm")
	if err := os.Symlink(elsewhere, dir); err != nil {
		t.Fatal(err)
	}
	var n notes
	if c := OpenCache(filepath.Dir(dir), filepath.Base(dir), n.add); c != nil || len(n) != 1 || !strings.Contains(n[0], "is not a directory") {
		t.Errorf("a symlinked cache directory: cache %v, notes %q", c, n)
	}
}

// TestCacheRemovesSymlinkedVersionDirectory: wazero follows a symbolic
// link named like its version directory, to code someone else wrote.
func TestCacheRemovesSymlinkedVersionDirectory(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "wasm", "answer")
	compile(t, dir)
	p := entry(t, dir)
	vdir := filepath.Dir(p)
	planted := filepath.Join(tmp, "planted")
	if err := os.Rename(vdir, planted); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(planted, vdir); err != nil {
		t.Fatal(err)
	}
	n := compile(t, dir)
	if len(n) != 1 || !strings.Contains(n[0], vdir+" is not a directory; removed") {
		t.Errorf("notes %q", n)
	}
	if fi, err := os.Lstat(vdir); err != nil || !fi.IsDir() {
		t.Errorf("%s not rebuilt as a directory: %v", vdir, err)
	}
	if _, err := os.Stat(filepath.Join(planted, filepath.Base(p))); err != nil {
		t.Errorf("the planted directory was changed: %v", err)
	}
}

func TestCacheMakesItsDirectoryPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wasm", "answer")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777)
	compile(t, dir)
	for _, d := range []string{filepath.Dir(dir), dir} {
		if fi, _ := os.Stat(d); fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, want 0700", d, fi.Mode().Perm())
		}
	}
}

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// chownNobody gives a file to the user nobody, as another user on the
// machine would have made it; it needs root.
func chownNobody(t *testing.T, p string) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
	out, err := exec.Command("id", "-u", "nobody").Output()
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	var uid int
	for _, c := range strings.TrimSpace(string(out)) {
		uid = uid*10 + int(c-'0')
	}
	if err := os.Lchown(p, uid, uid); err != nil {
		t.Fatal(err)
	}
}
