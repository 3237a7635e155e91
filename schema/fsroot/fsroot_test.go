//go:build unix

package fsroot

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree makes a repository with a .git directory, an architecture inside
// and a secret outside, and returns the repository and the secret file.
func tree(t *testing.T) (repo, secret string) {
	t.Helper()
	base := t.TempDir()
	repo = filepath.Join(base, "repo")
	mustMkdir(t, filepath.Join(repo, ".git"))
	mustMkdir(t, filepath.Join(repo, "infra"))
	mustWrite(t, filepath.Join(repo, "infra", "a.arch.hcl"), "service \"s\" {}\n")
	secret = filepath.Join(base, "secret.txt")
	mustWrite(t, secret, "TOKEN=hunter2\n")
	return repo, secret
}

func mustMkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, p string, roots *Roots) (*FS, string) {
	t.Helper()
	fsys, name, err := roots.For(p)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, name
}

func TestRootIsTheRepository(t *testing.T) {
	repo, _ := tree(t)
	fsys, name := open(t, filepath.Join(repo, "infra"), &Roots{})
	if fsys.Dir() != repo {
		t.Errorf("root = %s, want %s", fsys.Dir(), repo)
	}
	src, err := fs.ReadFile(fsys, name+"/a.arch.hcl")
	if err != nil || string(src) != "service \"s\" {}\n" {
		t.Fatalf("ReadFile = %q, %v", src, err)
	}
	entries, err := fs.ReadDir(fsys, name)
	if err != nil || len(entries) != 1 || entries[0].Name() != "a.arch.hcl" {
		t.Fatalf("ReadDir = %v, %v", entries, err)
	}
}

func TestRootWithoutRepositoryIsTheDirectory(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "a.arch.hcl"), "x")
	fsys, _ := open(t, filepath.Join(dir, "a.arch.hcl"), &Roots{})
	if fsys.Dir() != dir {
		t.Errorf("root = %s, want %s", fsys.Dir(), dir)
	}
}

func TestExplicitRoot(t *testing.T) {
	repo, secret := tree(t)
	if _, _, err := (&Roots{Root: repo}).For(secret); err == nil || !strings.Contains(err.Error(), "--root") {
		t.Errorf("a path outside --root: err = %v, want one naming --root", err)
	}
	fsys, name := open(t, secret, &Roots{Root: filepath.Dir(repo)})
	if src, err := fs.ReadFile(fsys, name); err != nil || !strings.Contains(string(src), "hunter2") {
		t.Errorf("inside a wider --root: %q, %v", src, err)
	}
}

// refused reads name through fsys and checks that the error is of the
// type want, that the secret never appears, and that it came back fast.
func refused[E error](t *testing.T, fsys fs.FS, name string) E {
	t.Helper()
	done := make(chan struct{})
	var src []byte
	var err error
	go func() {
		src, err = fs.ReadFile(fsys, name)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("reading %s hangs", name)
	}
	if strings.Contains(string(src), "hunter2") {
		t.Fatalf("read the secret through %s", name)
	}
	var want E
	if !errors.As(err, &want) {
		t.Fatalf("reading %s: err = %v (%T), want %T", name, err, err, want)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("the error shows the secret: %v", err)
	}
	return want
}

func TestOutsideIsRefused(t *testing.T) {
	repo, secret := tree(t)
	infra := filepath.Join(repo, "infra")
	mustLink(t, secret, filepath.Join(infra, "abs.arch.hcl"))
	rel, _ := filepath.Rel(infra, secret)
	mustLink(t, rel, filepath.Join(infra, "rel.arch.hcl"))
	mustLink(t, "..", filepath.Join(infra, "up"))
	mustLink(t, "../..", filepath.Join(infra, "upup"))
	fsys, name := open(t, infra, &Roots{})

	for _, n := range []string{"abs.arch.hcl", "rel.arch.hcl", "upup/secret.txt"} {
		e := refused[*OutsideError](t, fsys, name+"/"+n)
		if !strings.Contains(e.Error(), "--root") || !strings.Contains(e.Error(), repo) {
			t.Errorf("%s: %v: want the root and the flag named", n, e)
		}
	}
	secretName, _ := Name(secret)
	refused[*OutsideError](t, fsys, secretName)
	refused[*OutsideError](t, fsys, "../"+secretName)
	if _, err := fsys.Stat(secretName); !errors.As(err, new(*OutsideError)) {
		t.Errorf("Stat outside: %v", err)
	}
	// A link that stays inside is followed, to a regular file only.
	if src, err := fs.ReadFile(fsys, name+"/up/infra/a.arch.hcl"); err != nil || len(src) == 0 {
		t.Errorf("a link inside the root: %q, %v", src, err)
	}
	mustLink(t, ".", filepath.Join(infra, "dir.arch.hcl"))
	refused[*NotRegularError](t, fsys, name+"/dir.arch.hcl")
}

func TestOnlyRegularFiles(t *testing.T) {
	repo, _ := tree(t)
	infra := filepath.Join(repo, "infra")
	if err := syscall.Mkfifo(filepath.Join(infra, "fifo.arch.hcl"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	mustLink(t, "/dev/zero", filepath.Join(infra, "zero.arch.hcl"))
	fsys, name := open(t, infra, &Roots{})
	refused[*NotRegularError](t, fsys, name+"/fifo.arch.hcl")
	// /dev/zero is outside the root; with the whole disk as root it is
	// still no regular file.
	refused[*OutsideError](t, fsys, name+"/zero.arch.hcl")
	all, _ := open(t, infra, &Roots{Root: "/"})
	refused[*NotRegularError](t, all, "dev/zero")
	if _, err := os.Stat("/proc/self/environ"); err == nil {
		t.Setenv("ARCHIE_TEST_SECRET", "hunter2")
		refused[*NotRegularError](t, all, "proc/self/environ")
	}
}

func TestSizeLimit(t *testing.T) {
	repo, _ := tree(t)
	big := filepath.Join(repo, "infra", "big.arch.hcl")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// 56 MB, sparse: no disk is used, and nothing must be read.
	if err := f.Truncate(56 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fsys, name := open(t, big, &Roots{})
	e := refused[*TooLargeError](t, fsys, name)
	if !strings.Contains(e.Error(), "56MB") || !strings.Contains(e.Error(), "--max-file-size") || !strings.Contains(e.Error(), "8MB") {
		t.Errorf("message: %v", e)
	}
	small, name := open(t, big, &Roots{MaxFileSize: 100 << 20})
	if small.MaxFileSize() != 100<<20 {
		t.Fatal("limit not applied")
	}
	if _, err := small.Open(name); err != nil {
		t.Errorf("under a raised limit: %v", err)
	}
}

func TestFileGrowingPastItsSize(t *testing.T) {
	repo, _ := tree(t)
	p := filepath.Join(repo, "infra", "a.arch.hcl")
	fsys, name := open(t, p, &Roots{})
	f, err := fsys.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Grows after the stat: the extra bytes are not taken for content.
	if err := os.WriteFile(p, []byte(strings.Repeat("x", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(f)
	if !errors.As(err, new(*NotRegularError)) {
		t.Errorf("err = %v, want a *NotRegularError", err)
	}
}

func TestAnchor(t *testing.T) {
	repo, secret := tree(t)
	roots := &Roots{}
	if err := roots.Anchor(filepath.Join(repo, "infra")); err != nil {
		t.Fatal(err)
	}
	if fsys, _, err := roots.For(filepath.Join(repo, "README.md")); err != nil || fsys.Dir() != repo {
		t.Errorf("a file in the repository: %v", err)
	}
	_, _, err := roots.For(secret)
	if err == nil || !strings.Contains(err.Error(), "--root") || !strings.Contains(err.Error(), "infra") {
		t.Errorf("a file outside the anchored root: %v", err)
	}
	// A place to write to finds its own root.
	if fsys, _, err := roots.ForOwn(filepath.Join(filepath.Dir(secret), "site")); err != nil || fsys.Dir() != filepath.Dir(secret) {
		t.Errorf("ForOwn: %v", err)
	}
}
