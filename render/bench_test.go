package render

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"
)

// benchSizes are the architecture sizes (components) of the render
// benchmarks; docs/performance.md records their numbers.
var benchSizes = []int{10, 50, 200, 1000}

func benchDiagram(b *testing.B, n int) *Diagram {
	b.Helper()
	arch := parse(b, generate(n))
	d, err := Build(arch, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkRenderDOT: the model to DOT text (view building included).
func BenchmarkRenderDOT(b *testing.B) {
	for _, n := range benchSizes {
		arch := parse(b, generate(n))
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := Render(context.Background(), &buf, arch, Options{Format: FormatDOT}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderSVG: the model to the SVG a user gets (diagram, legend
// and notes laid out by Graphviz in WebAssembly, then stacked).
func BenchmarkRenderSVG(b *testing.B) {
	for _, n := range benchSizes {
		arch := parse(b, generate(n))
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := Render(context.Background(), &buf, arch, Options{Format: FormatSVG}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderLayout and BenchmarkRenderLayoutNative lay out the same
// DOT (the diagram without its legend) with Graphviz in WebAssembly and
// with the native dot program (process start included), for the ratio in
// docs/performance.md.
func BenchmarkRenderLayout(b *testing.B) {
	for _, n := range benchSizes {
		src := benchDOT(b, n)
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := dotToSVG(context.Background(), src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRenderLayoutNative(b *testing.B) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		b.Skip("native Graphviz (dot) is not installed")
	}
	for _, n := range benchSizes {
		src := benchDOT(b, n)
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(dot, "-Tsvg")
				cmd.Stdin = bytes.NewReader(src)
				if out, err := cmd.Output(); err != nil || len(out) == 0 {
					b.Fatalf("dot: %v", err)
				}
			}
		})
	}
}

func benchDOT(b *testing.B, n int) []byte {
	var buf bytes.Buffer
	if err := writeDOT(&buf, benchDiagram(b, n), false); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkRenderPNG: the SVG rasterised (the rasteriser already started).
func BenchmarkRenderPNG(b *testing.B) {
	for _, n := range benchSizes[:3] {
		svg, err := SVG(context.Background(), benchDiagram(b, n))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := PNG(context.Background(), svg, PNGOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderPNGExample: the PNG of examples/orchestration (16
// components, diagram, legend and notes stacked) at the default scale,
// rasterising and encoding only (the rasteriser started before the
// loop); docs/performance.md has the whole process.
func BenchmarkRenderPNGExample(b *testing.B) {
	d, err := Build(loadExample(b, "examples/orchestration"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	svg, err := SVG(context.Background(), d)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := PNG(context.Background(), svg, PNGOptions{}); err != nil { // the rasteriser compiled and started
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := PNG(context.Background(), svg, PNGOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
