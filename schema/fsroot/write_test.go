//go:build unix

package fsroot

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// faulty accepts limit bytes, then fails with err, as a full disk (ENOSPC)
// or a file-size limit (EFBIG) does halfway through a write.
type faulty struct {
	w     io.Writer
	limit int
	err   error
}

func (f *faulty) Write(p []byte) (int, error) {
	if len(p) <= f.limit {
		f.limit -= len(p)
		return f.w.Write(p)
	}
	n, _ := f.w.Write(p[:f.limit])
	f.limit = 0
	return n, f.err
}

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".archie-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteFaultsLeaveTheFileIntact(t *testing.T) {
	for _, fault := range []error{syscall.ENOSPC, syscall.EFBIG} {
		t.Run(fault.Error(), func(t *testing.T) {
			repo, _ := tree(t)
			p := filepath.Join(repo, "README.md")
			old := strings.Repeat("a paragraph a person wrote\n\n", 800)
			mustWrite(t, p, old)
			roots := &Roots{wrap: func(w io.Writer) io.Writer { return &faulty{w: w, limit: 4096, err: fault} }}
			err := roots.WriteFile(p, []byte(strings.Repeat("new\n", 10000)), 0o644)
			if !errors.Is(err, fault) || !strings.Contains(err.Error(), "unchanged") {
				t.Fatalf("err = %v, want %v and the file said unchanged", err, fault)
			}
			if got, _ := os.ReadFile(p); string(got) != old {
				t.Fatalf("the file lost its content: %d bytes left of %d", len(got), len(old))
			}
			if l := leftovers(t, repo); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

func TestWriteReplacesAndKeepsTheMode(t *testing.T) {
	repo, _ := tree(t)
	p := filepath.Join(repo, "run.sh")
	mustWrite(t, p, "old")
	if err := os.Chmod(p, 0o750); err != nil {
		t.Fatal(err)
	}
	roots := &Roots{}
	if err := roots.WriteFile(p, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "new" || info.Mode().Perm() != 0o750 {
		t.Errorf("content %q mode %v, want new and -rwxr-x---", got, info.Mode())
	}
	fresh := filepath.Join(repo, "fresh.md")
	if err := roots.WriteFile(fresh, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(fresh); info.Mode().Perm() != 0o600 {
		t.Errorf("a new file has mode %v", info.Mode())
	}
	if l := leftovers(t, repo); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestWriteRefusesLinks(t *testing.T) {
	repo, secret := tree(t)
	outside := filepath.Dir(secret)
	mustLink(t, secret, filepath.Join(repo, "index.md"))
	mustMkdir(t, filepath.Join(repo, "site"))
	mustLink(t, outside, filepath.Join(repo, "site", "diagrams"))
	mustLink(t, filepath.Join(repo, "infra"), filepath.Join(repo, "inside"))
	mustLink(t, filepath.Join(repo, "nowhere"), filepath.Join(repo, "dangling.arch.hcl"))
	roots := &Roots{}
	for _, p := range []string{
		filepath.Join(repo, "index.md"),
		filepath.Join(repo, "site", "diagrams", "x.svg"),
		filepath.Join(repo, "site", "diagrams", "new", "x.svg"),
		filepath.Join(repo, "inside", "a.arch.hcl"),
		filepath.Join(repo, "dangling.arch.hcl"),
	} {
		err := roots.WriteFile(p, []byte("overwritten"), 0o644)
		if !errors.As(err, new(*LinkError)) {
			t.Errorf("%s: err = %v, want a *LinkError", p, err)
		}
	}
	if err := roots.MkdirAll(filepath.Join(repo, "site", "diagrams", "sub"), 0o755); !errors.As(err, new(*LinkError)) {
		t.Errorf("MkdirAll through a link: %v", err)
	}
	if err := roots.Remove(filepath.Join(repo, "site", "diagrams", "secret.txt")); !errors.As(err, new(*LinkError)) {
		t.Errorf("Remove through a link: %v", err)
	}
	if got, _ := os.ReadFile(secret); string(got) != "TOKEN=hunter2\n" {
		t.Errorf("the outside file was changed: %q", got)
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
		t.Error("a directory was made outside")
	}
	if !Exists(filepath.Join(repo, "dangling.arch.hcl")) {
		t.Error("Exists misses a dangling link")
	}
	// A link above the repository is the user's own and is followed.
	above := filepath.Join(t.TempDir(), "link")
	mustLink(t, repo, above)
	if err := roots.WriteFile(filepath.Join(above, "infra", "b.md"), []byte("ok"), 0o644); err != nil {
		t.Errorf("through a link above the repository: %v", err)
	}
}

func TestWriteRefusesNonFiles(t *testing.T) {
	repo, _ := tree(t)
	if err := syscall.Mkfifo(filepath.Join(repo, "out.md"), 0o644); err != nil {
		t.Skip(err)
	}
	err := (&Roots{}).WriteFile(filepath.Join(repo, "out.md"), []byte("x"), 0o644)
	if !errors.As(err, new(*NotFileError)) {
		t.Errorf("err = %v", err)
	}
	err = (&Roots{}).WriteFile(filepath.Join(repo, "infra"), []byte("x"), 0o644)
	if !errors.As(err, new(*NotFileError)) {
		t.Errorf("over a directory: err = %v", err)
	}
}
