package site

import (
	"context"
	"fmt"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
)

// BenchmarkDocsHTML: what `archie docs --format html` does after loading
// and simulating: lint, pages, every diagram laid out by Graphviz, the one
// HTML file. docs/performance.md records its numbers.
func BenchmarkDocsHTML(b *testing.B) {
	for _, n := range []int{100, 1000} {
		arch, diags := schema.Parse(context.Background(), "generated", archgen.Files(n))
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			size := 0
			for b.Loop() {
				findings, err := lint.Run(context.Background(), arch, rules.All(), lint.Config{})
				if err != nil {
					b.Fatal(err)
				}
				report := &lint.Report{Findings: findings}
				s, err := Build(context.Background(), Input{Arch: arch, Lint: report, Rules: rules.All()}, Options{Diagrams: Renderer{}})
				if err != nil {
					b.Fatal(err)
				}
				html, err := s.HTML()
				if err != nil {
					b.Fatal(err)
				}
				size = len(html)
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
