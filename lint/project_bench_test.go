package lint

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/schema/archgen"
)

// BenchmarkLintProject measures what LintProject adds to Lint: the
// search for .archie.hcl, suppression comments (lexing every file) and a
// custom rule evaluated on every function.
func BenchmarkLintProject(b *testing.B) {
	rules := []Rule{checkRule{id: "every-function", kind: "function", sev: Warning}}
	for _, n := range []int{10, 100, 1000, 10000} {
		fsys := fstest.MapFS{"r/.git/HEAD": {Data: []byte("\n")}}
		for _, f := range archgen.Files(n) {
			fsys["r/gen/"+f.Name] = &fstest.MapFile{Data: f.Src}
		}
		targets := []Target{{FS: fsys, Path: "r/gen", Display: "gen"}}
		b.Run(fmt.Sprintf("lint/components=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Lint(context.Background(), targets, rules, Config{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("project/components=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := LintProject(context.Background(), targets, Options{Rules: rules}); err != nil {
					b.Fatal(err)
				}
			}
		})
		withCustom := fstest.MapFS{}
		for k, v := range fsys {
			withCustom[k] = v
		}
		withCustom["r/.archie.hcl"] = &fstest.MapFile{Data: []byte("rule \"memory-cap\" {\n  kind = \"function\"\n  condition = self.memory <= 3008 && length(self.calls) < 10\n}\n")}
		customTargets := []Target{{FS: withCustom, Path: "r/gen", Display: "gen"}}
		b.Run(fmt.Sprintf("project+custom/components=%d", n), func(b *testing.B) {
			for b.Loop() {
				r, err := LintProject(context.Background(), customTargets, Options{Rules: rules})
				if err != nil || r.Invalid() {
					b.Fatal(err, r.Errors)
				}
			}
		})
	}
}
