package hclwrite

import (
	"bytes"
	gofmt "go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	upstreamModule = "github.com/hashicorp/hcl/v2"
	upstreamUtil   = upstreamModule + "/internal/unicodeutil"
	copyUtil       = "github.com/archiehq/archie/schema/internal/hclwrite/internal/unicodeutil"
)

// change is the whole difference from upstream, besides import paths and
// gofmt: node.go without node.Equal and the go-cmp import.
var change = map[string][2]string{
	"node.go": {
		"import (\n\t\"fmt\"\n\n\t\"github.com/google/go-cmp/cmp\"\n)",
		"import (\n\t\"fmt\"\n)",
	},
}

var removed = map[string]string{
	"node.go": "func (n *node) Equal(other *node) bool {\n\treturn cmp.Equal(n.content, other.content)\n}\n\n",
}

// TestMatchesUpstream checks that this package is upstream's hclwrite, at
// the version go.mod requires, plus the change above: it fails when go.mod
// moves to another version of hcl (copy that version's files here and
// make the change again) or when a file drifts.
func TestMatchesUpstream(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command to find hcl in the module cache")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{.Dir}}", upstreamModule).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", upstreamModule, err)
	}
	version, dir, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if version != UpstreamVersion {
		t.Fatalf("go.mod requires %s %s, but schema/internal/hclwrite is a copy of %s: copy the new version's hclwrite here, make the change again and set UpstreamVersion",
			upstreamModule, version, UpstreamVersion)
	}
	if dir == "" {
		t.Fatalf("%s %s is not in the module cache: run go mod download", upstreamModule, version)
	}
	for _, pair := range [][2]string{{"hclwrite", "."}, {"internal/unicodeutil", "internal/unicodeutil"}} {
		compareDir(t, filepath.Join(dir, pair[0]), pair[1])
	}
}

func compareDir(t *testing.T, upstream, ours string) {
	t.Helper()
	goFiles := func(dir string, skip ...string) []string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && !slices.Contains(skip, n) {
				names = append(names, n)
			}
		}
		return names
	}
	want, got := goFiles(upstream), goFiles(ours, "upstream.go")
	if !slices.Equal(want, got) {
		t.Errorf("%s: files %v, upstream has %v", ours, got, want)
	}
	for _, name := range want {
		up, err := os.ReadFile(filepath.Join(upstream, name))
		if err != nil {
			t.Fatal(err)
		}
		up = bytes.ReplaceAll(up, []byte(upstreamUtil), []byte(copyUtil))
		if ours == "." {
			if c, ok := change[name]; ok {
				if !bytes.Contains(up, []byte(c[0])) || !bytes.Contains(up, []byte(removed[name])) {
					t.Errorf("upstream %s changed where this copy differs: redo the change", name)
					continue
				}
				up = bytes.Replace(up, []byte(c[0]), []byte(c[1]), 1)
				up = bytes.Replace(up, []byte(removed[name]), nil, 1)
			}
		}
		if up, err = gofmt.Source(up); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		mine, err := os.ReadFile(filepath.Join(ours, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(up, mine) {
			t.Errorf("%s differs from upstream %s plus the change in upstream_test.go", filepath.Join(ours, name), version(upstream))
		}
	}
}

func version(dir string) string { return filepath.Base(filepath.Dir(dir)) }
