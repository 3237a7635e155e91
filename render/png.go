package render

import (
	"context"
	"fmt"
	"math"
	"sync"

	resvg "github.com/kanrichan/resvg-go"
	"github.com/tetratelabs/wazero"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// PNGOptions control rasterisation.
type PNGOptions struct {
	Scale float64 // pixels per SVG pixel; default 2
}

// maxPixels bounds the PNG (64 MB of RGBA; rasterising costs about a
// second per 4 million pixels on one core): past it the scale is reduced,
// so a huge diagram gives a smaller picture in bounded time rather than a
// huge one in minutes. maxSide keeps within what image viewers open.
const (
	maxPixels = 16_000_000
	maxSide   = 16_384
)

// rasteriser is the process's one resvg instance: compiling its
// WebAssembly module costs most of a second, and an instance is not safe
// for concurrent use.
var rasteriser struct {
	sync.Mutex
	worker *resvg.Worker
	fonts  *resvg.FontDB
}

// PNG rasterises an SVG document with resvg (compiled to WebAssembly), the
// same picture as the SVG: shapes, arrows, clusters and text in the Go
// fonts. Graphviz's own PNG renderer is not used: it drops edges.
func PNG(ctx context.Context, svg []byte, opt PNGOptions) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	scale := opt.Scale
	if scale <= 0 {
		scale = 2
	}
	rasteriser.Lock()
	defer rasteriser.Unlock()
	if err := startRasteriser(ctx); err != nil {
		return nil, err
	}
	wk := rasteriser.worker
	tree, err := wk.NewTreeFromData(svg, &resvg.Options{FontFamily: "Go", Dpi: 96})
	if err != nil {
		return nil, fmt.Errorf("reading the SVG for the PNG: %w", err)
	}
	defer tree.Close()
	if err := tree.ConvertText(rasteriser.fonts); err != nil {
		return nil, fmt.Errorf("laying out PNG text: %w", err)
	}
	w, h, err := tree.GetSize()
	if err != nil {
		return nil, err
	}
	scale = fitScale(float64(w), float64(h), scale)
	pw, ph := uint32(math.Ceil(float64(w)*scale)), uint32(math.Ceil(float64(h)*scale))
	pix, err := wk.NewPixmap(pw, ph)
	if err != nil {
		return nil, fmt.Errorf("allocating a %dx%d PNG: %w", pw, ph, err)
	}
	defer pix.Close()
	if err := tree.Render(resvg.TransformFromScale(float32(scale), float32(scale)), pix); err != nil {
		return nil, fmt.Errorf("rasterising: %w", err)
	}
	return pix.EncodePNG()
}

// fitScale reduces scale so a w x h picture stays within the pixel bounds.
func fitScale(w, h, scale float64) float64 {
	if w <= 0 || h <= 0 {
		return scale
	}
	if s := math.Sqrt(maxPixels / (w * h)); s < scale {
		scale = s
	}
	if s := maxSide / math.Max(w, h); s < scale {
		scale = s
	}
	return scale
}

// prestartRasteriser starts the rasteriser ahead of the PNG, so its start
// overlaps Graphviz's layout of the diagram on another core. A failure is
// not reported here: PNG starts it again and reports that.
func prestartRasteriser(ctx context.Context) {
	rasteriser.Lock()
	defer rasteriser.Unlock()
	_ = startRasteriser(ctx)
}

// startRasteriser starts the process's resvg instance, once; the caller
// holds rasteriser's lock.
func startRasteriser(ctx context.Context) error {
	if rasteriser.worker != nil {
		return nil
	}
	var wk *resvg.Worker
	err := startEngine(ctx, "resvg", func(ctx context.Context, cfg wazero.RuntimeConfig) error {
		var err error
		wk, err = resvg.NewWorker(ctx, cfg)
		return err
	})
	if err != nil {
		return err
	}
	db, err := wk.NewFontDBDefault()
	if err != nil {
		wk.Close()
		return fmt.Errorf("starting the PNG rasteriser: %w", err)
	}
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gobolditalic.TTF} {
		if err := db.LoadFontData(ttf); err != nil {
			wk.Close()
			return fmt.Errorf("loading the Go fonts: %w", err)
		}
	}
	rasteriser.worker, rasteriser.fonts = wk, db
	return nil
}
