package archgen

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/archiehq/archie/schema"
)

var (
	outDir = flag.String("out", "", "write a generated architecture to this directory (see docs/performance.md)")
	size   = flag.Int("n", 20, "components of the architecture written with -out")
)

func TestGeneratedArchitecturesLoad(t *testing.T) {
	for _, n := range []int{1, 10, 25, 1000} {
		files := Files(n)
		a, diags := schema.Parse(context.Background(), "gen", files)
		if diags.HasErrors() {
			t.Fatalf("n=%d: %s", n, diags.Error())
		}
		want := ((n + ComponentsPerService - 1) / ComponentsPerService) * ComponentsPerService
		if len(a.Components) != want {
			t.Errorf("n=%d: %d components, want %d", n, len(a.Components), want)
		}
	}
}

// TestWriteFixture writes an architecture to disk for whole-process
// timings: go test ./schema/archgen -run WriteFixture -args -out DIR -n 20
func TestWriteFixture(t *testing.T) {
	if *outDir == "" {
		t.Skip("no -out given")
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range Files(*size) {
		if err := os.WriteFile(filepath.Join(*outDir, f.Name), f.Src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
