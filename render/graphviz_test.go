package render

import (
	"bytes"
	"context"
	"testing"
)

// TestStartGraphvizAhead: Graphviz started ahead of a drawing (as 'archie
// render' does while it loads) is the one instance the drawings use, also
// when a drawing asks for it while it is starting.
func TestStartGraphvizAhead(t *testing.T) {
	arch := parse(t, generate(10))
	wait := StartGraphviz(context.Background())
	var first bytes.Buffer
	if err := Render(context.Background(), &first, arch, Options{Format: FormatSVG}); err != nil {
		t.Fatal(err)
	}
	wait()
	wait() // waiting again returns at once
	engine.Lock()
	gv := engine.gv
	engine.Unlock()
	if gv == nil {
		t.Fatal("no Graphviz instance after StartGraphviz")
	}
	var second bytes.Buffer
	if err := Render(context.Background(), &second, arch, Options{Format: FormatSVG}); err != nil {
		t.Fatal(err)
	}
	if engine.gv != gv {
		t.Error("a drawing started a second Graphviz instance")
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("the same architecture drew two different SVGs")
	}
}
