package schema_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
	"github.com/hashicorp/hcl/v2/hclparse"
)

var sizes = []int{10, 100, 1000, 10000}

// BenchmarkParseOnly is the baseline of the performance targets: parsing
// the same files with hclparse and nothing else.
func BenchmarkParseOnly(b *testing.B) {
	for _, n := range sizes {
		files := archgen.Files(n)
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			for b.Loop() {
				p := hclparse.NewParser()
				for _, f := range files {
					if _, diags := p.ParseHCL(f.Src, f.Name); diags.HasErrors() {
						b.Fatal(diags)
					}
				}
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes {
		files := archgen.Files(n)
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, diags := schema.Parse(context.Background(), "gen", files); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}
