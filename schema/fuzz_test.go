package schema_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
)

// FuzzLoad feeds arbitrary bytes to the loader and the whole rule catalog.
// Nothing may panic; an input with errors must say where.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/*.arch.hcl")
	more, _ := filepath.Glob("../examples/broken/*/*.arch.hcl")
	seeds = append(append(seeds, more...), "testdata/everything.arch.hcl")
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b)
		}
	}
	for _, c := range diagnosticCases {
		// The nesting cases are megabytes long; mutating them stalls the
		// fuzzer, and TestDiagnostics runs them anyway.
		if len(c.src) <= 1<<16 {
			f.Add([]byte(c.src))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, diags := schema.Parse(context.Background(), ".", []schema.SourceFile{{Name: "fuzz.arch.hcl", Src: src}})
		for _, d := range diags {
			if d.Subject == nil && !strings.Contains(d.Summary, "Cancelled") {
				t.Errorf("diagnostic without a position: %s: %s", d.Summary, d.Detail)
			}
		}
		if a == nil || diags.HasErrors() {
			return
		}
		if _, err := lint.Run(context.Background(), a, rules.All(), lint.Config{}); err != nil {
			t.Errorf("lint: %v", err)
		}
	})
}
