package imports

import (
	"context"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
)

// TestRecursiveImportParsesOnce discovers the stacks of a tree and loads
// each, as `archie lint --recursive --from` does, and counts the files
// parsed: each source once, though discovery reads templates to find
// stacks and nested ones, and Terraform files to find the local modules.
func TestRecursiveImportParsesOnce(t *testing.T) {
	for _, tc := range []struct {
		format, root string
		sources      int // files below root that the importer parses
	}{
		// nested/template.yaml, nested/stacks/{messaging,workers}.yaml and
		// the templates of the other examples.
		{"sam", "testdata/sam", countFiles(t, "testdata/sam", ".yaml", ".yml", ".json")},
		{"terraform", "testdata/terraform", countFiles(t, "testdata/terraform", ".tf")},
	} {
		t.Run(tc.format, func(t *testing.T) {
			fsys := os.DirFS(tc.root)
			c := NewCache()
			dirs, err := c.Discover(fsys, tc.format, ".", "shown", schema.Walk{Recursive: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(dirs) < 2 {
				t.Fatalf("discovered %v, want several stacks", dirs)
			}
			for _, d := range dirs {
				loaded, diags := c.Load(context.Background(), tc.format, fsys, d, displayBelow(".", "shown", d))
				if diags.HasErrors() || loaded.Arch == nil {
					t.Fatalf("%s: %v", d, diags)
				}
			}
			if got := c.Parses(); got != tc.sources {
				t.Errorf("parsed %d files, want each of the %d sources once", got, tc.sources)
			}
		})
	}
}

func countFiles(t *testing.T, root string, exts ...string) int {
	t.Helper()
	n := 0
	err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, ext := range exts {
			if !d.IsDir() && strings.HasSuffix(p, ext) && !strings.HasPrefix(path.Base(p), "packaged") {
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
