package imports

import (
	"context"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
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
			if tc.format == "terraform" {
				if got := c.Parses(); got != tc.sources {
					t.Errorf("parsed %d files, want each of the %d sources once", got, tc.sources)
				}
				return
			}
			// A YAML or JSON file that cannot be a template is not parsed
			// unless a template names it (an OpenAPI or state machine
			// definition); none is parsed twice, and every template is.
			seen := map[string]bool{}
			for k := range c.cfn {
				if seen[k.name] {
					t.Errorf("%s parsed twice", k.name)
				}
				seen[k.name] = true
			}
			templates := 0
			fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !isTemplateName(d.Name()) {
					return err
				}
				if src, _ := fs.ReadFile(fsys, p); cfn.MayBeTemplate(src) {
					templates++
					if !seen[p] {
						t.Errorf("template %s not parsed", p)
					}
				}
				return nil
			})
			if got := c.Parses(); got < templates || got > tc.sources {
				t.Errorf("parsed %d files, want the %d templates and at most the %d sources", got, templates, tc.sources)
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
