package terraform

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/schema"
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
	if err := Import(context.Background(), res, fsys, dir, dir, schema.ParseHCL); err != nil {
		t.Fatal(err)
	}
	return importtest.Summary(res)
}

// TestImport is one case a row: an input (testdata/NAME.txtar, or a
// fixture directory of the importers' shared tests), the model it gives
// (testdata/NAME.golden; go test -update rewrites it) and the warnings.
func TestImport(t *testing.T) {
	cases := []struct {
		name     string
		dir      string // a shared fixture instead of testdata/NAME.txtar
		warnings []string
	}{
		{name: "shop", dir: "../testdata/terraform/shop"},
		{name: "platform", dir: "../testdata/terraform/platform", warnings: []string{"app/main.tf:26: Module not followed"}},
		{name: "registry", dir: "../testdata/terraform/registry", warnings: []string{"app/main.tf:94: Module not followed"}},
		{name: "memorydb", dir: "../testdata/terraform/memorydb"},
		{name: "suppressed", dir: "../testdata/terraform/suppressed"},
		{name: "inferred", dir: "../testdata/terraform/inferred"},
		{name: "private-api", dir: "../testdata/terraform/private-api"},
		{name: "usage-plan", dir: "../testdata/terraform/usage-plan"},
		{name: "async", dir: "../testdata/terraform/async"},
		{name: "authorizers", dir: "../testdata/terraform/authorizers"},
		{name: "event-sources", dir: "../testdata/terraform/event-sources"},
		{name: "hygiene", dir: "../testdata/terraform/hygiene"},
		{name: "pipes", dir: "../testdata/terraform/pipes"},
		{name: "unknown", dir: "../testdata/terraform/unknown", warnings: []string{"app/main.tf:28: Unresolved reference", "app/main.tf:47: Unresolved reference", "app/main.tf:65: Unresolved reference"}},
		{name: "websocket-proxy", dir: "../testdata/terraform/websocket-proxy"},
		{name: "values", warnings: []string{"app/main.tf:57: Unresolved reference"}},
		{name: "modules", warnings: []string{"app/main.tf:32: Unresolved reference", "app/main.tf:54: Trigger left out"}},
		{name: "arn-names"},
		{name: "references", warnings: []string{"app/main.tf:40: Unresolved reference", "app/main.tf:45: Unresolved reference", "app/main.tf:55: Unresolved reference", "app/main.tf:61: Unresolved reference"}},
		{name: "wiring", warnings: []string{"app/main.tf:31: Integration not followed", "app/main.tf:59: Unresolved reference", "app/main.tf:105: Trigger left out"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fsys fstest.MapFS
			if c.dir != "" {
				fsys = importtest.DirFS(t, c.dir)
			} else {
				fsys = importtest.ArchiveFS(t, filepath.Join("testdata", c.name+".txtar"))
			}
			model, warnings := importCase(t, fsys, "app")
			golden.Check(t, filepath.Join("testdata", c.name+".golden"), model)
			if !slices.Equal(warnings, c.warnings) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(c.warnings, "\n"))
			}
		})
	}
}

func TestHasResourcesAndLocalModules(t *testing.T) {
	fsys := importtest.ArchiveFS(t, filepath.Join("testdata", "wiring.txtar"))
	fsys["empty/README.md"] = &fstest.MapFile{Data: []byte("no configuration\n")}
	fsys["vars/variables.tf"] = &fstest.MapFile{Data: []byte("variable \"x\" {}\n")}
	for dir, want := range map[string]bool{"app": true, "app/modules/billing": true, "empty": false, "vars": false, "missing": false} {
		if got := HasResources(fsys, dir, dir, schema.ParseHCL); got != want {
			t.Errorf("HasResources(%s) = %v, want %v", dir, got, want)
		}
	}
	if got := LocalModules(fsys, "app", "app", schema.ParseHCL); !slices.Equal(got, []string{"app/modules/billing"}) {
		t.Errorf("LocalModules = %q", got)
	}
}

func TestImportErrors(t *testing.T) {
	res := ir.NewResult()
	if err := Import(context.Background(), res, fstest.MapFS{}, "nowhere", "nowhere", schema.ParseHCL); err == nil {
		t.Error("a missing directory imported")
	}
	fsys := fstest.MapFS{"app/README.md": &fstest.MapFile{Data: []byte("x")}}
	if err := Import(context.Background(), ir.NewResult(), fsys, "app", "app", schema.ParseHCL); err == nil {
		t.Error("a directory without .tf files imported")
	}
}
