package graphviz

import (
	"bytes"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/archiehq/archie/schema/golden"
)

const (
	upstreamPath = "github.com/goccy/go-graphviz"
	copyPath     = "github.com/archiehq/archie/render/internal/gographviz"
)

// ours are the files of this copy that upstream does not have.
var ours = map[string]bool{
	"start.go": true, "cgraph/start.go": true, "internal/wasm/start.go": true,
	"upstream_test.go": true, "upstream.patch": true, "upstream_pin.go": true, "start_test.go": true,
	"internal/wasm/start_test.go": true,
}

// TestMatchesUpstream checks that this package is go-graphviz at the
// version go.mod requires, with import paths rewritten, gofmt applied and
// upstream.patch's changes: it fails when go.mod moves to another version
// (copy that version and make the same change) or when a file here drifts.
func TestMatchesUpstream(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command to find go-graphviz in the module cache")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{.Dir}}", upstreamPath).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v (go.mod requires it for this test)", upstreamPath, err)
	}
	version, dir, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if version != UpstreamVersion {
		t.Fatalf("go.mod requires %s %s, but this package is a copy of %s: copy the new version here, make the change in upstream.patch again, and set UpstreamVersion",
			upstreamPath, version, UpstreamVersion)
	}
	if dir == "" {
		t.Fatalf("%s %s is not in the module cache: run go mod download", upstreamPath, version)
	}
	var patch strings.Builder
	seen := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), "_") || d.Name() == "testdata" || d.Name() == "build" {
				return filepath.SkipDir
			}
			return nil
		}
		if !copied(rel) {
			return nil
		}
		seen[rel] = true
		want, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(rel, ".go") {
			want = bytes.ReplaceAll(want, []byte(upstreamPath), []byte(copyPath))
			if want, err = format.Source(want); err != nil {
				return err
			}
		}
		got, err := os.ReadFile(filepath.FromSlash(rel))
		if err != nil {
			t.Errorf("%s: missing from the copy: %v", rel, err)
			return nil
		}
		if !bytes.Equal(got, want) {
			if !strings.HasSuffix(rel, ".go") {
				t.Errorf("%s differs from upstream's", rel)
				return nil
			}
			patch.WriteString(udiff.Unified("upstream/"+rel, "archie/"+rel, string(want), string(got)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		rel := filepath.ToSlash(p)
		if err == nil && !d.IsDir() && !seen[rel] && !ours[rel] {
			t.Errorf("%s: not in upstream and not listed as archie's own", rel)
		}
		return nil
	})
	// A difference shows as a diff of upstream.patch: the change that the
	// copy makes to upstream beyond what the patch says.
	golden.Check(t, "upstream.patch", []byte(patch.String()))
}

// copied reports whether a file of upstream's module belongs in the copy:
// the library's sources, its WebAssembly build and its licence.
func copied(rel string) bool {
	switch {
	case rel == "LICENSE", rel == "internal/wasm/graphviz.wasm":
		return true
	case strings.HasSuffix(rel, "_test.go") || !strings.HasSuffix(rel, ".go"):
		return false
	}
	return !strings.Contains(rel, "/") || strings.HasPrefix(rel, "cdt/") || strings.HasPrefix(rel, "cgraph/") ||
		strings.HasPrefix(rel, "gvc/") || strings.HasPrefix(rel, "internal/wasm/")
}
