//go:build unix

package fsroot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
)

// BenchmarkReadFiles reads a generated architecture from disk through the
// boundary, with os.DirFS (no checks) as the yardstick measured in the
// same run.
func BenchmarkReadFiles(b *testing.B) {
	for _, n := range []int{100, 1000} {
		dir := b.TempDir()
		for _, f := range archgen.Files(n) {
			if err := os.WriteFile(filepath.Join(dir, filepath.Base(f.Name)), f.Src, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		bounded, name, err := (&Roots{}).For(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("components=%d/os.DirFS", n), func(b *testing.B) {
			fsys := os.DirFS(dir)
			for b.Loop() {
				if _, err := schema.ReadFiles(fsys, ".", "gen"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("components=%d/boundary", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := schema.ReadFiles(bounded, name, "gen"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("components=%d/boundary+load", n), func(b *testing.B) {
			for b.Loop() {
				if _, diags := schema.Load(context.Background(), bounded, name, "gen"); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}
