package render

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"

	graphviz "github.com/archiehq/archie/render/internal/gographviz"
	"github.com/archiehq/archie/render/internal/wasmrt"
)

// engine is the process's one Graphviz instance. go-graphviz runs a single
// WebAssembly module per process that is not safe for concurrent use, so
// the instance is shared behind a mutex, and created on the first render
// only: commands that never draw never start a WebAssembly runtime (the
// copy of go-graphviz in internal/gographviz starts it here, not in a
// package init as upstream does).
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
	if err := startGraphviz(ctx); err != nil {
		return nil, err
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

// startGraphviz starts the process's Graphviz instance, once; the caller
// holds engine's lock.
func startGraphviz(ctx context.Context) error {
	if engine.gv != nil {
		return nil
	}
	if err := startEngine(ctx, "graphviz", func(ctx context.Context, cfg wazero.RuntimeConfig) error {
		return graphviz.Start(ctx, cfg)
	}); err != nil {
		return err
	}
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("starting graphviz: %w", err)
	}
	engine.gv = gv
	return nil
}

// StartGraphviz starts Graphviz on another goroutine and returns a
// function that waits until it has started. A command that will draw calls
// it before loading the architecture, so that Graphviz's start (from the
// compile cache, a fifth of the CPU of a 200-component SVG) overlaps the
// loading on another core; ctx must carry the compile cache
// (WithCompileCache) that the drawing will use. The drawing waits for the
// start itself, so the caller need not. A failure is not reported here:
// the first layout starts Graphviz again and reports it.
func StartGraphviz(ctx context.Context) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		engine.Lock()
		defer engine.Unlock()
		_ = startGraphviz(ctx)
	}()
	return func() { <-done }
}

// Graphviz writes font-family="Helvetica,sans-Serif". Name the fonts a
// reader may have with the same widths (Arial), then Go, the font the PNG
// rasteriser loads: it does not map the generic family, and would draw no
// text at all.
func fixFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte(`font-family="Helvetica,sans-Serif"`), []byte(`font-family="`+svgFontFamily+`"`))
}

const svgFontFamily = "Helvetica,Arial,Go,sans-serif"

type compileCacheKey struct{}

type compileCacheSetting struct {
	dir  string
	note func(string)
}

// WithCompileCache returns a context under which the drawing engines
// (Graphviz and the PNG rasteriser) keep their compiled WebAssembly in
// dir (dir/graphviz, dir/resvg) between runs, verified before use (wasmrt.OpenCache), and report
// what they discard, or why they cannot use dir, to note, one line each.
// Without it they compile in memory, in every process. Only drawing
// touches dir: it is opened on the first render.
func WithCompileCache(ctx context.Context, dir string, note func(string)) context.Context {
	return context.WithValue(ctx, compileCacheKey{}, compileCacheSetting{dir, note})
}

// compileCache holds the process's caches, one per engine, opened as each
// engine starts, with that render's settings.
var compileCache struct {
	sync.Mutex
	setting *compileCacheSetting
	engines map[string]*wasmrt.Cache
}

// startEngine starts a WebAssembly engine with its compile cache (in the
// directory name) and reserved memory; if it fails with the cache, it is
// started again compiling in memory. The two engines may start at once
// (the rasteriser while Graphviz lays out a PNG's diagram): only finding
// the cache is serialised.
func startEngine(ctx context.Context, name string, start func(context.Context, wazero.RuntimeConfig) error) error {
	cache, note := engineCache(ctx, name)
	ctx = wasmrt.WithReservedMemory(context.WithoutCancel(ctx))
	err := start(ctx, cache.Configure(wazero.NewRuntimeConfig()))
	if err != nil && cache != nil {
		note(fmt.Sprintf("starting %s with the compile cache failed (%v); compiling in memory", name, err))
		err = start(ctx, wazero.NewRuntimeConfig())
	}
	if err != nil {
		return fmt.Errorf("starting %s: %w", name, err)
	}
	cache.Seal()
	return nil
}

// engineCache opens the compile cache of the engine name, once per
// process, with the first render's settings, and returns it (nil without
// one) with the function its notes go to, safe to call from both engines'
// starts at once.
func engineCache(ctx context.Context, name string) (*wasmrt.Cache, func(string)) {
	compileCache.Lock()
	defer compileCache.Unlock()
	if compileCache.setting == nil {
		s, _ := ctx.Value(compileCacheKey{}).(compileCacheSetting)
		note := s.note
		if note == nil {
			note = func(string) {}
		}
		var mu sync.Mutex
		s.note = func(msg string) {
			mu.Lock()
			defer mu.Unlock()
			note(msg)
		}
		compileCache.setting, compileCache.engines = &s, map[string]*wasmrt.Cache{}
	}
	s := compileCache.setting
	cache, opened := compileCache.engines[name]
	if !opened && s.dir != "" {
		cache = wasmrt.OpenCache(s.dir, name, s.note)
		compileCache.engines[name] = cache
	}
	return cache, s.note
}
