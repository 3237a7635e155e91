package serverless

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/schema/golden"
	"github.com/archiehq/archie/schema/imports/ir"
)

// importCase imports the files of a txtar archive (or of a directory) and
// returns the architecture written from it, formatted, and the warnings
// as "file:line: summary".
func importCase(t *testing.T, fsys fstest.MapFS, dir string) (model []byte, warnings []string) {
	t.Helper()
	res := ir.NewResult()
	if err := Import(context.Background(), res, fsys, dir, dir); err != nil {
		t.Fatal(err)
	}
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

func dirFS(t *testing.T, dir string) fstest.MapFS {
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
		fsys["app/"+filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// TestImport is one case a row: an input (a fixture directory of the
// importers' shared tests), the model it gives
// (testdata/NAME.golden; go test -update rewrites it) and the warnings.
func TestImport(t *testing.T) {
	cases := []struct {
		name     string
		dir      string // a fixture of the importers' shared tests
		warnings []string
	}{
		{name: "auctions", dir: "../testdata/serverless/auctions"},
		{name: "lists", dir: "../testdata/serverless/lists"},
		{name: "notifications", dir: "../testdata/serverless/notifications", warnings: []string{"app/serverless.yml:61: Event type not supported", "app/serverless.yml:63: Unresolved reference"}},
		{name: "shop", dir: "../testdata/serverless/shop"},
		{name: "workflow", dir: "../testdata/serverless/workflow"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := dirFS(t, c.dir)
			model, warnings := importCase(t, fsys, "app")
			golden.Check(t, filepath.Join("testdata", c.name+".golden"), model)
			if !slices.Equal(warnings, c.warnings) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(c.warnings, "\n"))
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	if err := Import(context.Background(), ir.NewResult(), fstest.MapFS{}, "nowhere", "nowhere"); err == nil {
		t.Error("a missing directory imported")
	}
	fsys := fstest.MapFS{"app/README.md": &fstest.MapFile{Data: []byte("x")}}
	if err := Import(context.Background(), ir.NewResult(), fsys, "app", "app"); err == nil {
		t.Error("a directory without serverless.yml imported")
	}
	if got := ConfigFile(fsys, "app"); got != "" {
		t.Errorf("ConfigFile = %q without a configuration", got)
	}
}
