package wasm

import (
	"context"
	"testing"

	"github.com/tetratelabs/wazero"
)

// TestExportedFunctionsLookedUpOnce: a function of the module is looked
// up once and then called through the same value; a call made while it is
// in use (re-entered from a callback) gets a function of its own and
// still works.
func TestExportedFunctionsLookedUpOnce(t *testing.T) {
	ctx := context.Background()
	if err := Start(ctx, wazero.NewRuntimeConfig()); err != nil {
		t.Fatal(err)
	}
	first, again := mod.ExportedFunction("malloc"), mod.ExportedFunction("malloc")
	if first != again {
		t.Error("malloc was looked up twice")
	}
	if f := mod.ExportedFunction("no_such_function"); f != nil {
		t.Errorf("a function the module does not export: got %v, want nil", f)
	}
	f, ok := first.(*exported)
	if !ok {
		t.Fatalf("malloc is a %T, not archie's cached function", first)
	}
	for _, busy := range []bool{false, true} {
		f.busy = busy
		p, err := mod.malloc(ctx, 64)
		if err != nil || p == 0 {
			t.Fatalf("malloc with its stack in use=%v: %d, %v", busy, p, err)
		}
		if f.busy != busy {
			t.Errorf("malloc with its stack in use=%v left it in use=%v", busy, f.busy)
		}
		f.busy = false
		if err := mod.free(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
}
