// Package graphviz is go-graphviz v0.2.10 (github.com/goccy/go-graphviz,
// MIT licence, copyright Masaaki Goshima: see LICENSE), copied with its
// import paths rewritten and two changes: the WebAssembly module is
// instantiated by Start, on the first drawing, instead of in package init;
// and each function the module exports is looked up once, not on every
// call (internal/wasm/start.go, exportedFunction).
//
// Upstream compiles and instantiates its 1.5 MB Graphviz module in the init
// of its internal/wasm package (and calls into it from cgraph's init), so
// every process linking it pays the set-up, even 'archie lint' and
// 'archie version', and reads an unguarded compilation cache in
// $TMPDIR/go-graphviz. The pinned release has no lazy API, and a replace
// directive would break 'go install github.com/archiehq/archie/cmd/archie@version'.
// docs/performance.md explains the choice; upstream.patch is the whole
// difference from upstream, checked by TestMatchesUpstream, which fails
// when go.mod moves to another go-graphviz version.
//
// This file, internal/wasm/start.go and cgraph/start.go are archie's.
package graphviz

import (
	"context"
	"sync"

	"github.com/archiehq/archie/render/internal/gographviz/cgraph"
	"github.com/archiehq/archie/render/internal/gographviz/internal/wasm"
	"github.com/tetratelabs/wazero"
)

// UpstreamVersion is the go-graphviz release this package is a copy of.
const UpstreamVersion = "v0.2.10"

var started struct {
	sync.Mutex
	done bool
}

// Start instantiates Graphviz in a wazero runtime configured by cfg, once
// per process; New and ParseBytes need it first. ctx may carry a memory
// allocator (experimental.WithMemoryAllocator). A failed start may be
// retried, with another cfg.
func Start(ctx context.Context, cfg wazero.RuntimeConfig) error {
	started.Lock()
	defer started.Unlock()
	if started.done {
		return nil
	}
	if err := wasm.Start(ctx, cfg); err != nil {
		return err
	}
	if err := cgraph.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	Directed, StrictDirected = cgraph.Directed, cgraph.StrictDirected
	UnDirected, StrictUnDirected = cgraph.UnDirected, cgraph.StrictUnDirected
	started.done = true
	return nil
}

// Started reports whether this process has instantiated Graphviz.
func Started() bool { return wasm.Started() }
