package render

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/goccy/go-graphviz"

	// Before go-graphviz's init: see the package comment.
	_ "github.com/archiehq/archie/render/internal/gvcache"
)

// engine is the process's one Graphviz instance. go-graphviz runs a single
// WebAssembly module per process that is not safe for concurrent use, so
// the instance is shared behind a mutex, and created on the first render
// only: commands that never draw never pay for it.
var engine struct {
	sync.Mutex
	gv *graphviz.Graphviz
}

// dotToSVG lays out DOT source with Graphviz's dot engine. Output goes to
// a buffer: rendering to a file name breaks the shared module for the
// rest of the process.
func dotToSVG(ctx context.Context, dot []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	engine.Lock()
	defer engine.Unlock()
	if engine.gv == nil {
		gv, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("starting graphviz: %w", err)
		}
		engine.gv = gv
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("graphviz rejected the diagram: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := engine.gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("graphviz layout: %w", err)
	}
	return fixFonts(buf.Bytes()), nil
}

// Graphviz writes font-family="Helvetica,sans-Serif". Name the fonts a
// reader may have with the same widths (Arial), then Go, the font the PNG
// rasteriser loads: it does not map the generic family, and would draw no
// text at all.
func fixFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte(`font-family="Helvetica,sans-Serif"`), []byte(`font-family="`+svgFontFamily+`"`))
}

const svgFontFamily = "Helvetica,Arial,Go,sans-serif"
