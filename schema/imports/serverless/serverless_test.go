package serverless

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/schema/golden"
	"github.com/archiehq/archie/schema/imports/internal/importtest"
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
	return importtest.Summary(res)
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
		{name: "notifications", dir: "../testdata/serverless/notifications", warnings: []string{"app/serverless.yml:63: Unresolved reference"}},
		{name: "shop", dir: "../testdata/serverless/shop"},
		{name: "workflow", dir: "../testdata/serverless/workflow"},
		{name: "suppressed", dir: "../testdata/serverless/suppressed"},
		{name: "usage-plan", dir: "../testdata/serverless/usage-plan"},
		{name: "authorizers", dir: "../testdata/serverless/authorizers"},
		{name: "event-sources", dir: "../testdata/serverless/event-sources"},
		{name: "hygiene", dir: "../testdata/serverless/hygiene"},
		{name: "unknown", dir: "../testdata/serverless/unknown", warnings: []string{"app/serverless.yml:13: Unresolved reference", "app/serverless.yml:25: Unresolved reference"}},
		{name: "emails", dir: "../testdata/recursive/serverless/app/emails", warnings: []string{"app/serverless.yml:10: Unresolved reference"}},
		{name: "other-provider", dir: "testdata/other-provider", warnings: []string{"app/serverless.yml:3: Provider not supported"}},
		{name: "buses", dir: "testdata/buses", warnings: []string{"app/serverless.yml:50: Unresolved reference", "app/serverless.yml:66: Unresolved reference"}},
		{name: "unreadable", dir: "testdata/unreadable"},
		{name: "users", dir: "../testdata/recursive/serverless/app/users"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := importtest.DirFS(t, c.dir)
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
