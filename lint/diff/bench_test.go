package diff

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema/archgen"
)

// benchWorkload pushes requests through the first service's api.
const benchWorkload = `workload "peak" {
  entry    = api.api0
  route    = "POST /items"
  rate     = 50
  duration = "10m"
}
`

// generated is an architecture of n components (schema/archgen) with one
// workload, edit applied to its first file, as a version.
func generated(n int, name string, edit func(string) string) Version {
	fsys := fstest.MapFS{"workload.arch.hcl": {Data: []byte(benchWorkload)}}
	for i, f := range archgen.Files(n) {
		src := string(f.Src)
		if i == 0 && edit != nil {
			src = edit(src)
		}
		fsys[f.Name] = &fstest.MapFile{Data: []byte(src)}
	}
	return Version{Target: lint.Target{FS: fsys, Path: ".", Display: name}, Name: name}
}

// BenchmarkDiff compares two 200-component architectures with one
// workload: the second cuts a handler's concurrency and adds a function.
// "compare" is Compare alone (load, lint with the simulator's rules,
// simulate, both versions); "compare+markdown+json" adds the reports a
// pull request gets; "lint-only" is the yardstick: the two versions
// linted once each with the catalog and no simulation.
func BenchmarkDiff(b *testing.B) {
	ctx := context.Background()
	oldV := generated(200, "old", nil)
	newV := generated(200, "new", func(s string) string {
		s = strings.Replace(s, "concurrency = 50", "concurrency = 5", 1)
		return s + "\nfunction \"added\" {\n  duration = \"20ms\"\n}\n"
	})
	opt := Options{Rules: rules.All()}
	b.Run("compare", func(b *testing.B) {
		for b.Loop() {
			if _, err := Compare(ctx, oldV, newV, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("compare+markdown+json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			r, err := Compare(ctx, oldV, newV, opt)
			if err != nil || r.Invalid() {
				b.Fatal(err, r.Invalid())
			}
			buf.Reset()
			if err := WriteMarkdown(&buf, r); err != nil {
				b.Fatal(err)
			}
			if err := WriteJSON(&buf, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("lint-only", func(b *testing.B) {
		for b.Loop() {
			for _, v := range []Version{oldV, newV} {
				if _, err := lint.LintProject(ctx, []lint.Target{v.Target}, lint.Options{Rules: rules.All()}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// The benchmark's pair is valid and differs as intended.
func TestBenchmarkPair(t *testing.T) {
	oldV := generated(200, "old", nil)
	newV := generated(200, "new", func(s string) string {
		return strings.Replace(s, "concurrency = 50", "concurrency = 5", 1) + "\nfunction \"added\" {\n  duration = \"20ms\"\n}\n"
	})
	r := compare(t, oldV, newV)
	if len(r.Components.Added) != 1 || len(r.Components.Changed) != 1 || len(r.Workloads) != 1 || r.Workloads[0].New == nil {
		t.Errorf("%+v %+v %d", r.Components.Added, r.Components.Changed, len(r.Workloads))
	}
	if len(r.Old.Arch.Components) < 200 {
		t.Errorf("%d components", len(r.Old.Arch.Components))
	}
}
