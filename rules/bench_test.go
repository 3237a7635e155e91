package rules_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// BenchmarkLint measures loading plus the whole catalog against the
// parse-only baseline, in one run, at each size. docs/performance.md
// records the ratios.
func BenchmarkLint(b *testing.B) {
	for _, n := range []int{10, 100, 1000, 10000} {
		files := archgen.Files(n)
		b.Run(fmt.Sprintf("parse-only/components=%d", n), func(b *testing.B) {
			for b.Loop() {
				p := hclparse.NewParser()
				for _, f := range files {
					if _, diags := p.ParseHCL(f.Src, f.Name); diags.HasErrors() {
						b.Fatal(diags)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("lint/components=%d", n), func(b *testing.B) {
			for b.Loop() {
				arch, diags := schema.Parse(context.Background(), "gen", files)
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if _, err := lint.Run(context.Background(), arch, rules.All(), lint.Config{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRule measures each rule alone on 10,000 components, the model
// already loaded.
func BenchmarkRule(b *testing.B) {
	arch, diags := schema.Parse(context.Background(), "gen", archgen.Files(10000))
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	for _, r := range rules.All() {
		b.Run(r.Meta().ID, func(b *testing.B) {
			for b.Loop() {
				if _, err := lint.Run(context.Background(), arch, []lint.Rule{r}, lint.Config{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
