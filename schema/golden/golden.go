// Package golden compares test output with golden files, and rewrites
// them when the tests run with -update:
//
//	go test ./render -update    # one package
//	make golden                 # every package with golden files
//
// A rewritten golden file is reviewed like code: git diff shows what the
// change did to the output, and only a deliberate change is committed.
// A mismatch is reported as a unified diff from the golden file to the
// output, so the failing test shows what -update would write.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
)

var update = flag.Bool("update", false, "rewrite the golden files with the output of the tests instead of comparing with them")

// Updating reports whether the tests run with -update, for tests that
// write golden files of their own shape (a snapshot the others read).
func Updating() bool { return *update }

// Check compares got with the golden file (a path relative to the test's
// package directory), or with -update writes got to it, creating the
// directories it needs.
func Check(t testing.TB, file string, got []byte) {
	t.Helper()
	if *update {
		Write(t, file, got)
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (go test -update rewrites it; review the change with git diff):\n%s", file, Diff(file, want, got))
	}
}

// CheckDir compares the files under dir with got, a map of slash paths
// relative to dir to contents: a file that differs, a golden file no
// longer generated and an output without a golden file all fail. With
// -update it replaces dir with got.
func CheckDir(t testing.TB, dir string, got map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for _, p := range slices.Sorted(maps.Keys(got)) {
			Write(t, filepath.Join(dir, filepath.FromSlash(p)), got[p])
		}
		return
	}
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if data, ok := got[rel]; !ok {
			t.Errorf("%s: golden file is no longer generated (go test -update removes it)", p)
		} else if !bytes.Equal(data, want) {
			t.Errorf("%s differs from the output (go test -update rewrites it; review the change with git diff):\n%s", p, Diff(p, want, data))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if !seen[p] {
			t.Errorf("%s: generated but has no golden file (go test -update writes it)", filepath.Join(dir, filepath.FromSlash(p)))
		}
	}
}

// Write writes a golden file, creating the directories it needs.
func Write(t testing.TB, file string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Diff is a unified diff from want (the golden file, named name) to got,
// with a note where the two differ only in a final newline or in bytes
// that print alike. It is "" when they are equal.
func Diff(name string, want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	d := udiff.Unified(name, "output", string(want), string(got))
	if d == "" || strings.TrimSpace(d) == "" {
		return fmt.Sprintf("(same text, different bytes: %q against %q)", clip(want), clip(got))
	}
	return d
}

func clip(b []byte) []byte {
	if len(b) > 200 {
		return b[:200]
	}
	return b
}
