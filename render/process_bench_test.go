package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/archiehq/archie/schema"
)

// processChildEnv makes the test binary, started by BenchmarkRenderProcess,
// draw one architecture as a whole process would and exit: its value is
// the number of components, processCacheEnv the compile cache directory
// and processOutEnv the SVG file to write.
const (
	processChildEnv = "ARCHIE_RENDER_PROCESS_COMPONENTS"
	processCacheEnv = "ARCHIE_RENDER_PROCESS_CACHE"
	processOutEnv   = "ARCHIE_RENDER_PROCESS_OUT"
)

func TestMain(m *testing.M) {
	if n := os.Getenv(processChildEnv); n != "" {
		if err := renderProcessChild(n); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// renderProcessChild is the work of 'archie render -o out.svg' on the
// generated architecture, in a fresh process: parse the HCL, start
// Graphviz from the compile cache, lay out the diagram, its legend and
// its notes, write the file.
func renderProcessChild(components string) error {
	n, err := strconv.Atoi(components)
	if err != nil {
		return err
	}
	ctx := context.Background()
	arch, diags := schema.Parse(ctx, "generated", generate(n))
	if diags.HasErrors() {
		return diags
	}
	ctx = WithCompileCache(ctx, os.Getenv(processCacheEnv), func(msg string) { fmt.Fprintln(os.Stderr, msg) })
	var out bytes.Buffer
	if err := Render(ctx, &out, arch, Options{Format: FormatSVG}); err != nil {
		return err
	}
	return os.WriteFile(os.Getenv(processOutEnv), out.Bytes(), 0o644)
}

// BenchmarkRenderProcess times the SVG of a generated architecture as a
// user gets it from a fresh process, start-up, Graphviz's start from a warm
// compile cache and the first layouts included, against native Graphviz
// ('dot -Tsvg', when installed) on the DOT of the same drawing ('archie
// render -f dot': the diagram with its legend). Besides the wall time per
// process it reports the CPU time (user and system) of the child process,
// the fairer measure on a loaded machine: docs/performance.md records the
// ratio.
func BenchmarkRenderProcess(b *testing.B) {
	for _, n := range []int{200} {
		dir := b.TempDir()
		cache, out := filepath.Join(dir, "cache"), filepath.Join(dir, "out.svg")
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			run := func() time.Duration {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), processChildEnv+"="+strconv.Itoa(n), processCacheEnv+"="+cache, processOutEnv+"="+out)
				if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
					b.Fatalf("render process: %v\n%s", err, msg)
				}
				return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			run() // compiles Graphviz into the cache
			var cpu time.Duration
			for b.Loop() {
				cpu += run()
			}
			b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
		})
		b.Run(fmt.Sprintf("native/components=%d", n), func(b *testing.B) {
			dot, err := exec.LookPath("dot")
			if err != nil {
				b.Skip("native Graphviz (dot) is not installed")
			}
			arch := parse(b, generate(n))
			var src bytes.Buffer
			if err := Render(context.Background(), &src, arch, Options{Format: FormatDOT}); err != nil {
				b.Fatal(err)
			}
			in := filepath.Join(dir, "in.dot")
			if err := os.WriteFile(in, src.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			var cpu time.Duration
			for b.Loop() {
				cmd := exec.Command(dot, "-Tsvg", "-o", filepath.Join(dir, "native.svg"), in)
				if msg, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("dot: %v\n%s", err, msg)
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
