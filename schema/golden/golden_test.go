package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder keeps what a check reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestDiff(t *testing.T) {
	if d := Diff("a", []byte("x\n"), []byte("x\n")); d != "" {
		t.Errorf("equal texts give %q", d)
	}
	d := Diff("testdata/a.golden", []byte("one\ntwo\nthree\n"), []byte("one\n2\nthree\n"))
	for _, want := range []string{"--- testdata/a.golden", "+++ output", "-two", "+2", " one"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if d := Diff("a", []byte("x"), []byte("x\n")); !strings.Contains(d, "\\ No newline") && !strings.Contains(d, "same text") {
		t.Errorf("a missing final newline is not shown:\n%s", d)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "out.golden")
	if err := os.WriteFile(file, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &recorder{TB: t}
	Check(r, file, []byte("a\nb\n"))
	if len(r.errs) != 0 {
		t.Errorf("same output reported: %v", r.errs)
	}
	Check(r, file, []byte("a\nc\n"))
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "+c") {
		t.Errorf("different output reported as %v", r.errs)
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	Write(t, filepath.Join(dir, "a.md"), []byte("a\n"))
	Write(t, filepath.Join(dir, "sub", "b.md"), []byte("b\n"))
	Write(t, filepath.Join(dir, "gone.md"), []byte("gone\n"))
	r := &recorder{TB: t}
	CheckDir(r, dir, map[string][]byte{"a.md": []byte("a\n"), "sub/b.md": []byte("B\n"), "new.md": nil})
	got := strings.Join(r.errs, "\n")
	for _, want := range []string{"b.md differs", "gone.md: golden file is no longer generated", "new.md: generated but has no golden file"} {
		if !strings.Contains(got, want) {
			t.Errorf("CheckDir did not report %q:\n%s", want, got)
		}
	}
	if len(r.errs) != 3 {
		t.Errorf("%d reports, want 3:\n%s", len(r.errs), got)
	}
}
