package inspect

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/golden"
)

func load(t *testing.T) *schema.Architecture {
	t.Helper()
	arch, diags := schema.Load(context.Background(), os.DirFS("testdata"), "small.arch.hcl", "small.arch.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return arch
}

func TestGolden(t *testing.T) {
	arch := load(t)
	for name, write := range map[string]func(*bytes.Buffer) error{
		"small.txt":  func(b *bytes.Buffer) error { return WriteText(b, arch) },
		"small.json": func(b *bytes.Buffer) error { return WriteJSON(b, arch) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, "testdata/"+name, b.Bytes())
	}
}

// TestJSONModel checks the facts tools rely on: defaults applied and
// marked, ranges, edges with modes.
func TestJSONModel(t *testing.T) {
	m := Build(load(t))
	var create *Component
	for i := range m.Components {
		if m.Components[i].Address == "function.create" {
			create = &m.Components[i]
		}
	}
	if create == nil {
		t.Fatal("function.create missing")
	}
	if a := create.Attributes["memory"]; a.Value != 256.0 || !a.Set || a.Range == nil || a.Range.Start.Line != 13 {
		t.Errorf("memory = %+v", a)
	}
	if a := create.Attributes["timeout"]; a.Value != "3s" || a.Set {
		t.Errorf("timeout default = %+v", a)
	}
	if create.Service != "orders" || len(create.Triggers) != 1 || create.Triggers[0].Mode != "sync" {
		t.Errorf("create = %+v", create)
	}
	modes := map[string]string{}
	for _, e := range m.Edges {
		modes[e.From+">"+e.To] = e.Mode + " " + e.Relation
	}
	if modes["database.orders>function.project"] != "stream trigger" || modes["function.create>database.orders"] != "write writes" {
		t.Errorf("edges = %v", modes)
	}
	if _, err := json.Marshal(m); err != nil {
		t.Fatal(err)
	}
}

// The summary line counts in words: "1 component, 0 edges".
func TestTextSummaryPlural(t *testing.T) {
	arch, diags := schema.Parse(context.Background(), ".", []schema.SourceFile{{Name: "one.arch.hcl", Src: []byte("queue \"q\" {}\n")}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var b bytes.Buffer
	if err := WriteText(&b, arch); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\n1 component, 0 edges\n")) {
		t.Errorf("summary: %q", b.String())
	}
}
