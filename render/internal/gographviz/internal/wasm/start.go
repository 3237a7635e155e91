// This file is archie's, not go-graphviz's: see the package comment of
// render/internal/gographviz.

package wasm

import (
	"context"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
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

// exports holds the module's exported functions, looked up once each.
// Upstream looks a function up on every call into the module, and wazero
// makes each lookup a new function with its own call stack: parsing a
// 200-node graph made thousands of them (labels are set node by node),
// each allocated and then collected.
var exports struct {
	mod api.Module
	fns map[string]*exported
}

// exportedFunction returns the function name exported by mod, made once
// per module. go-graphviz is not safe for concurrent use, so neither is
// this (archie serialises every call into Graphviz).
func exportedFunction(mod api.Module, name string) api.Function {
	if exports.mod != mod {
		exports.mod, exports.fns = mod, map[string]*exported{}
	}
	f, ok := exports.fns[name]
	if !ok {
		fn := mod.ExportedFunction(name)
		if fn == nil {
			return nil
		}
		f = &exported{Function: fn, mod: mod, name: name}
		exports.fns[name] = f
	}
	return f
}

// exported is a function of the module that is called through one call
// stack. A call made while that stack is in use (a callback from Graphviz
// into Go that calls the same function again) gets a function of its own,
// as upstream's every call does.
type exported struct {
	api.Function
	mod  api.Module
	name string
	busy bool
}

func (f *exported) Call(ctx context.Context, params ...uint64) ([]uint64, error) {
	if f.busy {
		return f.mod.ExportedFunction(f.name).Call(ctx, params...)
	}
	f.busy = true
	defer func() { f.busy = false }()
	return f.Function.Call(ctx, params...)
}

func (f *exported) CallWithStack(ctx context.Context, stack []uint64) error {
	if f.busy {
		return f.mod.ExportedFunction(f.name).CallWithStack(ctx, stack)
	}
	f.busy = true
	defer func() { f.busy = false }()
	return f.Function.CallWithStack(ctx, stack)
}
