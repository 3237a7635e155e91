// Package importtest holds what the importers' front-end tests share:
// reading a case's files into a file system rooted at app/, and writing
// an import's result as the text its golden file holds.
package importtest

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/archiehq/archie/schema/imports/ir"
)

// Dir is where a case's files sit in the file systems below.
const Dir = "app"

// DirFS reads the files below dir into a file system, under Dir.
func DirFS(t testing.TB, dir string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fsys[Dir+"/"+filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// ArchiveFS reads the files of a txtar archive into a file system, under
// Dir.
func ArchiveFS(t testing.TB, file string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[Dir+"/"+f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// Summary is an import's result as its golden file holds it: the
// architecture written from it, formatted, then what was not imported
// and what was ignored; and its warnings as "file:line: summary".
func Summary(res *ir.Result) (model []byte, warnings []string) {
	res.Sort()
	var b strings.Builder
	for _, f := range ir.Write(res).Formatted() {
		fmt.Fprintf(&b, "-- %s --\n%s", f.Name, f.Src)
	}
	for _, u := range res.Unsupported {
		fmt.Fprintf(&b, "-- unsupported --\n%s %s x%d: %s\n", u.File, u.Type, u.Count, u.Reason)
	}
	for _, typ := range slices.Sorted(maps.Keys(res.Ignored)) {
		fmt.Fprintf(&b, "-- ignored --\n%s x%d\n", typ, res.Ignored[typ])
	}
	for _, d := range res.Diags {
		at := "-"
		if d.Subject != nil {
			at = fmt.Sprintf("%s:%d", d.Subject.Filename, d.Subject.Start.Line)
		}
		warnings = append(warnings, at+": "+d.Summary)
	}
	return []byte(b.String()), warnings
}
