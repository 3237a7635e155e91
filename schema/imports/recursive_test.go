package imports

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/golden"
	"github.com/hashicorp/hcl/v2"
	"golang.org/x/tools/txtar"
)

// TestRecursiveGolden imports every tree testdata/recursive/FORMAT/CASE as
// `archie import FORMAT --recursive` does (all of it, one architecture)
// and records how `lint --from FORMAT --recursive` groups its
// directories, comparing both with testdata/recursive/FORMAT/CASE.golden.
func TestRecursiveGolden(t *testing.T) {
	for _, format := range []string{"sam", "terraform", "serverless"} {
		entries, err := os.ReadDir(filepath.Join("testdata", "recursive", format))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			name := e.Name()
			t.Run(format+"/"+name, func(t *testing.T) {
				fsys := os.DirFS(filepath.Join("testdata", "recursive", format))
				c := NewCache()
				dirs, err := c.Discover(fsys, format, name, name, schema.Walk{Recursive: true})
				if err != nil {
					t.Fatal(err)
				}
				var groups strings.Builder
				for _, g := range c.Groups(fsys, format, dirs) {
					fmt.Fprintln(&groups, strings.Join(g, " "))
				}
				loaded, diags := c.LoadAll(context.Background(), format, fsys, dirs, name, name)
				if loaded == nil || loaded.Arch == nil {
					t.Fatalf("nothing loaded: %v", diags)
				}
				for _, d := range diags {
					if d.Severity == hcl.DiagError {
						t.Errorf("error in the imported architecture: %s", d)
					}
				}
				ar := txtar.Parse(goldenArchive(loaded, diags))
				ar.Files = append([]txtar.File{{Name: "lint groups", Data: []byte(groups.String())}}, ar.Files...)
				got := txtar.Format(ar)
				file := filepath.Join("testdata", "recursive", format, name+".golden")
				golden.Check(t, file, got)
			})
		}
	}
}
