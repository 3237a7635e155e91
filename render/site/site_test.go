package site

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/golden"
	"github.com/archiehq/archie/simulate"
)

// repoRoot is the repository root as seen from this package's directory.
const repoRoot = "../.."

// goldenArchitectures are documented in testdata/golden/<base name>/,
// every page of each. The fixture has findings, a suppression, failing
// pattern checks and a component outside any service.
var goldenArchitectures = []string{
	"examples/pub-sub",
	"examples/queue-load-leveling",
	"examples/aggregator",
	"examples/strangler",
	"examples/broken/predicted-throttling",
	"render/site/testdata/arch/payments",
}

func goldenDir(arch string) string { return "render/site/testdata/golden/" + path.Base(arch) }

// input loads an architecture (a path from the repository root), lints it
// as 'archie lint' does and simulates its workloads.
func input(t testing.TB, arch string) Input {
	return loadInput(t, arch, "")
}

// snapshot is a simulation as the golden pages see it: the simulator's
// JSON report and the names of its charts. The golden pages test how the
// docs present a simulation; the simulator's own numbers have their own
// golden tests, so a change there does not break these. -update
// simulates afresh and rewrites the snapshot.
type snapshot struct {
	Report *simulate.Report    `json:"report"`
	Charts map[string][]string `json:"charts"`
}

// loadInput is input with the simulation read from (or, with -update,
// written to) a snapshot file when one is named.
func loadInput(t testing.TB, arch, snapshotFile string) Input {
	t.Helper()
	ctx := context.Background()
	fsys := os.DirFS(repoRoot)
	a, diags := schema.Load(ctx, fsys, arch, arch)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", arch, diags)
	}
	// The simulator's rules as 'archie lint' runs them: every workload,
	// analytic mode.
	settings := simulate.LintSettings{Options: simulate.Options{Seed: 1}}.Set(nil)
	report, err := lint.LintProject(ctx, []lint.Target{{FS: fsys, Path: arch, Display: arch}}, lint.Options{Rules: rules.All(), Settings: settings})
	if err != nil {
		t.Fatal(err)
	}
	if report.Invalid() {
		t.Fatalf("%s: %v", arch, report.Errors)
	}
	in := Input{Arch: a, Lint: report, Rules: rules.All()}
	if len(a.Workloads) == 0 {
		return in
	}
	if snapshotFile != "" && !golden.Updating() {
		data, err := os.ReadFile(snapshotFile)
		if err != nil {
			t.Fatalf("%v (go test ./render/site -update writes it)", err)
		}
		var snap snapshot
		if err := json.Unmarshal(data, &snap); err != nil {
			t.Fatal(err)
		}
		in.Simulation = &Simulation{Report: snap.Report, Charts: map[string][]Chart{}}
		for w, names := range snap.Charts {
			for _, n := range names {
				in.Simulation.Charts[w] = append(in.Simulation.Charts[w],
					Chart{Name: n, Title: chartTitle(n, w), SVG: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)})
			}
		}
		return in
	}
	sim, err := Simulate(ctx, a, simulate.Options{Seed: 1}) // archie simulate's default
	if err != nil {
		t.Fatal(err)
	}
	in.Simulation = sim
	if snapshotFile != "" {
		snap := snapshot{Report: sim.Report, Charts: map[string][]string{}}
		for w, charts := range sim.Charts {
			for _, c := range charts {
				snap.Charts[w] = append(snap.Charts[w], c.Name)
			}
		}
		data, err := json.MarshalIndent(snap, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(snapshotFile), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(snapshotFile, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return in
}

// build documents an architecture as if written to outDir (both relative
// to the repository root), so source links resolve from there.
func build(t testing.TB, in Input, outDir string, d Diagrammer) *Site {
	t.Helper()
	s, err := Build(context.Background(), in, Options{
		Diagrams:   d,
		SourcePath: func(file string) string { return relPath(outDir, file) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestGolden(t *testing.T) {
	for _, arch := range goldenArchitectures {
		t.Run(path.Base(arch), func(t *testing.T) {
			out := goldenDir(arch)
			dir := filepath.Join(repoRoot, filepath.FromSlash(out))
			snapFile := filepath.Join(repoRoot, "render/site/testdata/simulation", path.Base(arch)+".json")
			s := build(t, loadInput(t, arch, snapFile), out, Renderer{})
			got := map[string][]byte{}
			var assets bytes.Buffer
			for _, f := range s.Markdown() {
				if strings.HasSuffix(f.Path, ".md") {
					got[f.Path] = f.Data
				} else {
					assets.WriteString(f.Path + "\n")
				}
			}
			got["assets.txt"] = assets.Bytes()
			golden.CheckDir(t, dir, got)
		})
	}
}

// TestDeterministic builds the same documentation twice and expects the
// same bytes, diagrams and the HTML file included.
func TestDeterministic(t *testing.T) {
	arch := "examples/pub-sub"
	first := build(t, input(t, arch), "out", Renderer{})
	second := build(t, input(t, arch), "out", Renderer{})
	a, b := first.Markdown(), second.Markdown()
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
	h1, err := first.HTML()
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := second.HTML()
	if !bytes.Equal(h1, h2) {
		t.Error("the HTML differs between two runs")
	}
}
