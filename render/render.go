// Package render draws an architecture: it builds a small diagram (nodes,
// service clusters, styled edges, a legend) from the model for one view,
// and writes it as DOT, Mermaid or D2 text, or lays it out with Graphviz
// (compiled to WebAssembly, no system install) as SVG, rasterised to PNG.
// It is the only package that uses Graphviz.
package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
)

// Format is an output format.
type Format string

// The output formats.
const (
	FormatSVG     Format = "svg"
	FormatPNG     Format = "png"
	FormatDOT     Format = "dot"
	FormatMermaid Format = "mermaid"
	FormatD2      Format = "d2"
)

// Formats lists the output formats, default first.
func Formats() []string {
	return []string{string(FormatSVG), string(FormatPNG), string(FormatDOT), string(FormatMermaid), string(FormatD2)}
}

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	if !slices.Contains(Formats(), s) {
		return "", &UsageError{fmt.Sprintf("unknown format %q%s: use one of %s", s, schema.Suggest(s, Formats()), strings.Join(Formats(), ", "))}
	}
	return Format(s), nil
}

// Options select what to draw and how.
type Options struct {
	Format    Format // default svg
	View      string // "all" (default), "context", "service:NAME", "pattern:NAME"
	Direction string // "LR" (default) or "TB"

	// DataEdges draws reads and writes in the all view too. Without it
	// the all view leaves them out (each store's tooltip names its
	// readers and writers) so data access does not cut across the flow;
	// the service and pattern views always draw them.
	DataEdges bool

	// Findings, when not empty, are drawn on the diagram: offending nodes
	// and edges in the severity colour, with the rule and message in their
	// tooltips and a findings list in the legend.
	Findings []lint.Finding

	// CriticalPath, when set, is highlighted: its components and edges
	// bold in one colour, its edges labelled with their latencies, and a
	// legend line saying what the numbers are (simulate.CriticalPath).
	CriticalPath *simulate.Path

	// Scale is the PNG's pixels per SVG pixel; default 2 (sharp on
	// high-density screens).
	Scale float64

	// Warn, when set, receives advice about the output: a Mermaid diagram
	// too big for Mermaid's default limits, say.
	Warn func(msg string)
}

// Mermaid's default limits (mermaid.js.org/config/schema-docs/config.html:
// maxTextSize 50000 characters, maxEdges 500; checked 2026-11). GitHub
// uses the defaults: past them it shows an error instead of the diagram.
const (
	mermaidMaxText  = 50_000
	mermaidMaxEdges = 500
)

// Render draws the architecture in the requested format to w.
func Render(ctx context.Context, w io.Writer, arch *schema.Architecture, opt Options) error {
	format := opt.Format
	if format == "" {
		format = FormatSVG
	}
	if _, err := ParseFormat(string(format)); err != nil {
		return err
	}
	d, err := Build(arch, opt)
	if err != nil {
		return err
	}
	switch format {
	case FormatDOT:
		return WriteDOT(w, d)
	case FormatMermaid:
		var buf bytes.Buffer
		if err := WriteMermaid(&buf, d); err != nil {
			return err
		}
		links := len(d.Edges) + len(d.Legend.Edges)
		if opt.Warn != nil && (buf.Len() > mermaidMaxText || links > mermaidMaxEdges) {
			opt.Warn(fmt.Sprintf("the Mermaid diagram has %d links and %d characters; Mermaid, and GitHub with it, draws at most %d links and %d characters by default: draw a part with --view context%s",
				links, buf.Len(), mermaidMaxEdges, mermaidMaxText, serviceViews(arch)))
		}
		_, err := w.Write(buf.Bytes())
		return err
	case FormatD2:
		return WriteD2(w, d)
	}
	// For a PNG, the rasteriser starts while Graphviz lays out the
	// diagram; nothing of it outlives Render.
	var rasteriserStarted chan struct{}
	if format == FormatPNG {
		rasteriserStarted = make(chan struct{})
		go func() {
			defer close(rasteriserStarted)
			prestartRasteriser(ctx)
		}()
	}
	svg, err := SVG(ctx, d)
	if err != nil {
		if rasteriserStarted != nil {
			<-rasteriserStarted
		}
		return err
	}
	if format == FormatSVG {
		_, err = w.Write(svg)
		return err
	}
	png, err := PNG(ctx, svg, PNGOptions{Scale: opt.Scale})
	if err != nil {
		return err
	}
	_, err = w.Write(png)
	return err
}

// SVG lays the diagram out with Graphviz and returns the SVG document:
// the diagram, then its legend and its findings list below it, each laid
// out on its own so the legend stays a compact block whatever the
// diagram's ranks are.
func SVG(ctx context.Context, d *Diagram) ([]byte, error) {
	writers := []func(io.Writer, *Diagram) error{
		func(w io.Writer, d *Diagram) error { return writeDOT(w, d, false) },
	}
	if l := d.Legend; len(l.Kinds) > 0 || len(l.Edges) > 0 {
		writers = append(writers, writeLegendDOT)
	}
	if l := d.Legend; len(l.Findings) > 0 || len(l.Notes) > 0 {
		writers = append(writers, writeNotesDOT)
	}
	var parts [][]byte
	for _, write := range writers {
		var dot bytes.Buffer
		if err := write(&dot, d); err != nil {
			return nil, err
		}
		svg, err := dotToSVG(ctx, dot.Bytes())
		if err != nil {
			return nil, err
		}
		parts = append(parts, svg)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return stackSVG(parts...)
}

// serviceViews names the service views a part of the architecture can be
// drawn with: ", or one service: --view service:a (services: a, b, c, ...)".
func serviceViews(arch *schema.Architecture) string {
	names := serviceNames(arch)
	if len(names) == 0 {
		return ""
	}
	list := names
	if len(list) > 5 {
		list = append(slices.Clone(list[:5]), fmt.Sprintf("and %d more", len(names)-5))
	}
	return fmt.Sprintf(", or one service with --view service:%s (services: %s)", names[0], strings.Join(list, ", "))
}
