package graphviz

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
)

// TestStartsOnlyWhenAsked: linking and initialising the package starts no
// WebAssembly (upstream's init did); Start does, once, and then Graphviz
// lays out as upstream's does.
func TestStartsOnlyWhenAsked(t *testing.T) {
	if Started() {
		t.Fatal("Graphviz was started by package initialisation")
	}
	ctx := context.Background()
	for range 2 {
		if err := Start(ctx, wazero.NewRuntimeConfig()); err != nil {
			t.Fatal(err)
		}
	}
	if !Started() || Directed == nil {
		t.Fatal("Start did not start Graphviz")
	}
	gv, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer gv.Close()
	g, err := ParseBytes([]byte("digraph { a -> b }"))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var svg bytes.Buffer
	if err := gv.Render(ctx, g, SVG, &svg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg.String(), "<title>a&#45;&gt;b</title>") {
		t.Errorf("no edge a->b in the SVG:\n%s", svg.String())
	}
}
