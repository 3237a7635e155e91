// This file is archie's, not go-graphviz's: see the package comment of
// render/internal/gographviz.

package wasm

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
)

var started struct {
	sync.Mutex
	done bool
}

// Start instantiates Graphviz's WebAssembly module in a wazero runtime
// configured by cfg, once per process; upstream does this in a package
// init. ctx may carry a memory allocator (experimental.WithMemoryAllocator);
// its cancellation does not reach the module, which lives as long as the
// process. A failed start is returned, not panicked, and may be retried.
func Start(ctx context.Context, cfg wazero.RuntimeConfig) (err error) {
	started.Lock()
	defer started.Unlock()
	if started.done {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	instantiate(context.WithoutCancel(ctx), cfg)
	started.done = true
	return nil
}

// Started reports whether Start has instantiated the module.
func Started() bool {
	started.Lock()
	defer started.Unlock()
	return started.done
}
