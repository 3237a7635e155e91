package ir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/fsroot"
)

// pathTree is a repository with links that stay inside and links that
// lead out, next to a secret outside it, opened through the boundary.
func pathTree(t testing.TB) (fsys *fsroot.FS, dir string) {
	t.Helper()
	base := t.TempDir()
	repo := filepath.Join(base, "repo")
	for _, d := range []string{".git", "infra/sub"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"secret.yaml":        "SECRET: hunter2\n",
		"repo/infra/a.yaml":  "inside: true\n",
		"repo/infra/sub/b.y": "inside: true\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(base, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"repo/infra/out":      "../..",
		"repo/infra/abs":      filepath.Join(base, "secret.yaml"),
		"repo/infra/in":       "sub",
		"repo/infra/sub/up":   "..",
		"repo/infra/zero":     "/dev/zero",
		"repo/infra/sub/loop": "loop",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(base, name)); err != nil {
			t.Fatal(err)
		}
	}
	fsys, name, err := (&fsroot.Roots{}).For(filepath.Join(repo, "infra"))
	if err != nil {
		t.Fatal(err)
	}
	return fsys, name
}

func TestReadLocal(t *testing.T) {
	fsys, dir := pathTree(t)
	for _, p := range []string{"a.yaml", "./a.yaml", "sub/../a.yaml", "in/b.y", "sub/up/a.yaml"} {
		if _, src, err := ReadLocal(fsys, dir, p); err != nil || !strings.Contains(string(src), "inside") {
			t.Errorf("%s: %q, %v", p, src, err)
		}
	}
	for _, p := range []string{"../../secret.yaml", "out/secret.yaml", "abs", "zero", "sub/loop",
		"/etc/passwd", filepath.Join(fsys.Dir(), "..", "secret.yaml"), `C:\x`, "../../../../../../../../etc/passwd",
		strings.Repeat("../", 64) + "secret.yaml"} {
		_, src, err := ReadLocal(fsys, dir, p)
		if err == nil || len(src) > 0 {
			t.Errorf("%s: read %q", p, src)
			continue
		}
		why := Unreadable(err)
		if strings.Contains(why, "hunter2") || why == "" {
			t.Errorf("%s: %q", p, why)
		}
	}
	_, _, err := ReadLocal(fsys, dir, "out/secret.yaml")
	if why := Unreadable(err); !strings.Contains(why, "--root") {
		t.Errorf("the reason does not say how to allow it: %q", why)
	}
	var lp *LocalPathError
	if _, err := LocalPath(dir, "/etc/passwd"); !errors.As(err, &lp) {
		t.Errorf("an absolute path: %v", err)
	}
}

// FuzzLocalPath resolves arbitrary paths the way the importers resolve
// what templates name: nothing outside the repository is ever read.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"a.yaml", "../../secret.yaml", "out/secret.yaml", "sub/up/../../../secret.yaml",
		"/etc/passwd", "abs", "in/../../secret.yaml", "./././a.yaml", "sub//b.y", "zero", `..\..\secret.yaml`} {
		f.Add(s)
	}
	fsys, dir := pathTree(f)
	f.Fuzz(func(t *testing.T, p string) {
		full, src, err := ReadLocal(fsys, dir, p)
		if strings.Contains(string(src), "hunter2") {
			t.Fatalf("%q (%s) read the secret outside the root", p, full)
		}
		if err != nil && strings.Contains(Unreadable(err), "hunter2") {
			t.Fatalf("%q: the reason shows the secret", p)
		}
	})
}

// BenchmarkNamesTake takes the same name n times: linear in n since the
// suffix search resumes where it stopped (it was quadratic).
func BenchmarkNamesTake(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			for b.Loop() {
				names := NewNames()
				for range n {
					names.Take("function", "handler")
				}
			}
		})
	}
}

func TestNamesTakeSkipsTakenSuffixes(t *testing.T) {
	n := NewNames()
	var got []string
	for _, name := range []string{"x", "x_3", "x", "x", "x", "9x", "y"} {
		got = append(got, n.Take("function", name))
	}
	got = append(got, n.Take("queue", "x"))
	want := "x x_3 x_2 x_4 x_5 r_9x y x"
	if strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
	if !n.Has("function", "x_4") || n.Has("function", "x_6") {
		t.Error("Has does not see what Take gave")
	}
}
