package schema_test

import (
	"errors"
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/schema"
)

func walkTree() fstest.MapFS {
	f := &fstest.MapFile{Data: []byte("queue \"q\" {}\n")}
	return fstest.MapFS{
		"root/main.arch.hcl":                    f,
		"root/a/x.arch.hcl":                     f,
		"root/a/b/y.arch.hcl":                   f,
		"root/testdata/bad.arch.hcl":            f,
		"root/vendor/v.arch.hcl":                f,
		"root/node_modules/m/n.arch.hcl":        f,
		"root/.git/g.arch.hcl":                  f,
		"root/.hidden/h.arch.hcl":               f,
		"root/docs/readme.md":                   f,
		"root/a/testdata/also-skipped.arch.hcl": f,
	}
}

func TestDiscoverSkips(t *testing.T) {
	for _, c := range []struct {
		walk schema.Walk
		want []string
	}{
		{schema.Walk{}, []string{"root"}},
		{schema.Walk{Recursive: true}, []string{"root", "root/a", "root/a/b"}},
		{schema.Walk{Recursive: true, Include: []string{"testdata"}}, []string{"root", "root/a", "root/a/b", "root/a/testdata", "root/testdata"}},
		{schema.Walk{Recursive: true, Include: []string{".hidden", "vendor"}}, []string{"root", "root/.hidden", "root/a", "root/a/b", "root/vendor"}},
	} {
		got, err := schema.Discover(walkTree(), "root", c.walk)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("Discover(%+v) = %q, %v; want %q", c.walk, got, err, c.want)
		}
	}
}

// TestWalkTreeRoot: the root is walked even when its own name would be
// skipped below it.
func TestWalkTreeRoot(t *testing.T) {
	var seen []string
	err := schema.WalkTree(walkTree(), "root/testdata", schema.Walk{Recursive: true}, func(p string, d fs.DirEntry) error {
		seen = append(seen, p)
		return nil
	})
	if err != nil || !slices.Equal(seen, []string{"root/testdata", "root/testdata/bad.arch.hcl"}) {
		t.Errorf("walked %q, %v", seen, err)
	}
}

// failingFS fails to list one directory.
type failingFS struct {
	fstest.MapFS
	bad string
}

func (f failingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// TestWalkTreeError: a directory that cannot be read is an error that
// names it, for lint's discovery as for the importers'.
func TestWalkTreeError(t *testing.T) {
	fsys := failingFS{walkTree(), "root/a/b"}
	_, err := schema.Discover(fsys, "root", schema.Walk{Recursive: true})
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != "root/a/b" || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("Discover error = %v, want the unreadable root/a/b", err)
	}
}
