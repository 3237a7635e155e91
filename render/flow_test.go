package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
)

func edgeByID(d *Diagram, id string) *Edge {
	for _, e := range d.Edges {
		if e.ID == id {
			return e
		}
	}
	return nil
}

func nodeByID(d *Diagram, id string) *Node {
	for _, n := range d.Nodes {
		if n.ID == id {
			return n
		}
	}
	return nil
}

// TestDataEdges: the all view lays reads and writes out without drawing
// them, names readers and writers in the store's tooltip and says so in a
// note; --data-edges and the service view draw them.
func TestDataEdges(t *testing.T) {
	arch := loadFixture(t, "shop")
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rw := edgeByID(d, "edge.function.create_order->database.orders")
	if rw == nil || rw.Style != EdgeReadWrite || !rw.Hidden {
		t.Fatalf("create_order's reads and writes of orders: %+v, want a hidden read-write edge", rw)
	}
	if tip := nodeByID(d, "database.orders").Tooltip; !strings.Contains(tip, "read by container.admin, function.create_order") ||
		!strings.Contains(tip, "written by function.create_order") {
		t.Errorf("the store's tooltip does not name its readers and writers:\n%s", tip)
	}
	if slices.ContainsFunc(d.Legend.Edges, isDataStyle) {
		t.Errorf("the legend explains data edges the diagram does not draw: %v", d.Legend.Edges)
	}
	if !slices.ContainsFunc(d.Legend.Notes, func(n string) bool { return strings.Contains(n, "--data-edges") }) {
		t.Errorf("no note says reads and writes are left out: %q", d.Legend.Notes)
	}
	for _, opt := range []Options{{DataEdges: true}, {View: "service:orders"}} {
		d, err := Build(arch, opt)
		if err != nil {
			t.Fatal(err)
		}
		if e := edgeByID(d, "edge.function.create_order->database.orders"); e == nil || e.Hidden {
			t.Errorf("%+v: the read-write edge is not drawn: %+v", opt, e)
		}
		if !slices.Contains(d.Legend.Edges, EdgeReadWrite) {
			t.Errorf("%+v: the legend lacks the read-write edge", opt)
		}
	}
}

// TestFailureBadges: failure routes into a destination shared by several
// senders become badges on the senders; a destination with one sender
// keeps its line.
func TestFailureBadges(t *testing.T) {
	src := `
function "a" {
  trigger { source = queue.in }
  on_failure = queue.shared
}
function "b" {
  trigger { source = queue.in }
  on_failure = queue.shared
}
function "c" {
  trigger { source = queue.other }
  on_failure = queue.own
}
queue "in" {
  dead_letter = queue.shared
}
queue "other" {}
queue "shared" {}
queue "own" {}
`
	arch := parse(t, []schema.SourceFile{{Name: "f.arch.hcl", Src: []byte(src)}})
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]string{
		"function.a": {"on failure → shared"},
		"function.b": {"on failure → shared"},
		"queue.in":   {"DLQ → shared"},
		"function.c": nil,
	} {
		if got := nodeByID(d, id).Badges; !slices.Equal(got, want) {
			t.Errorf("%s badges %q, want %q", id, got, want)
		}
	}
	if e := edgeByID(d, "edge.function.a->queue.shared"); e == nil || !e.Hidden {
		t.Errorf("a's failure route to the shared queue is drawn: %+v", e)
	}
	if e := edgeByID(d, "edge.function.c->queue.own"); e == nil || e.Hidden {
		t.Errorf("c's failure route to its own queue is not drawn: %+v", e)
	}
	if !slices.Contains(d.Legend.Edges, EdgeOnFailure) || slices.Contains(d.Legend.Edges, EdgeDeadLetter) {
		t.Errorf("legend edges %v: want on-failure (c's line) and no dead-letter (only a badge)", d.Legend.Edges)
	}
	var dot strings.Builder
	if err := WriteDOT(&dot, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dot.String(), "on failure → shared") || !strings.Contains(dot.String(), `"function.a" -> "queue.shared" [style=invis]`) {
		t.Errorf("the DOT lacks the badge or the invisible layout edge:\n%s", dot.String())
	}
}

// TestWrapRows: an all view of many services wraps them into rows of
// about √n, chained left to right; edges between services stop ranking
// them. Few services are not wrapped.
func TestWrapRows(t *testing.T) {
	var b strings.Builder
	const services = 7
	for i := range services {
		fmt.Fprintf(&b, "service \"s%d\" {\n  queue \"q%d\" {}\n  function \"f%d\" {\n    trigger { source = queue.q%d }\n    emits = [queue.q%d]\n  }\n}\n", i, i, i, i, (i+1)%services)
	}
	arch := parse(t, []schema.SourceFile{{Name: "w.arch.hcl", Src: []byte(b.String())}})
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Rows != 3 {
		t.Fatalf("%d services wrap into %d rows, want 3", services, d.Rows)
	}
	var places []string
	for _, c := range d.Clusters {
		places = append(places, fmt.Sprintf("%s:%d,%d", c.Label, c.Row, c.Column))
	}
	if want := "s0:0,0 s1:0,1 s2:0,2 s3:1,0 s4:1,1 s5:1,2 s6:2,0"; strings.Join(places, " ") != want {
		t.Errorf("places %s, want %s", strings.Join(places, " "), want)
	}
	var dot strings.Builder
	if err := WriteDOT(&dot, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"function.f0" -> "queue.q1" [id="edge.function.f0->queue.q1" class="mode-async" color="#0969da" style=dashed penwidth=1.4 constraint=false`,
		`"function.f0" -> "queue.q1" [style=invis]`, // s0 then s1 in row 0
		`"function.f2" -> "queue.q3" [id=`,
	} {
		if !strings.Contains(dot.String(), want) {
			t.Errorf("the DOT lacks %s", want)
		}
	}
	if strings.Contains(dot.String(), `"function.f2" -> "queue.q3" [style=invis]`) {
		t.Error("the last service of a row is chained to the first of the next")
	}
	for _, opt := range []Options{{View: "context"}, {Direction: "TB"}} {
		if d, _ := Build(arch, opt); d.Rows != 0 {
			t.Errorf("%+v: wrapped into %d rows", opt, d.Rows)
		}
	}
	few := parse(t, []schema.SourceFile{{Name: "w.arch.hcl", Src: []byte("service \"a\" {\n  queue \"q\" {}\n}\nservice \"b\" {\n  queue \"r\" {}\n}\n")}})
	if d, _ := Build(few, Options{}); d.Rows != 0 {
		t.Errorf("two services wrapped into %d rows", d.Rows)
	}
}

// TestMermaidFlat: past mermaidMaxSubgraphs services the Mermaid output
// has no subgraphs (dagre fails on them), names each node's service and
// says why in the legend.
func TestMermaidFlat(t *testing.T) {
	for _, tc := range []struct {
		services int
		flat     bool
	}{{mermaidMaxSubgraphs, false}, {mermaidMaxSubgraphs + 1, true}} {
		var b strings.Builder
		for i := range tc.services {
			fmt.Fprintf(&b, "service \"s%d\" {\n  queue \"q%d\" {}\n}\n", i, i)
		}
		arch := parse(t, []schema.SourceFile{{Name: "m.arch.hcl", Src: []byte(b.String())}})
		out := string(renderText(t, arch, Options{Format: FormatMermaid}))
		if got := !strings.Contains(out, "subgraph service_s0"); got != tc.flat {
			t.Errorf("%d services: flat %v, want %v", tc.services, got, tc.flat)
		}
		if got := strings.Contains(out, "queue · in s0"); got != tc.flat {
			t.Errorf("%d services: node names its service %v, want %v", tc.services, got, tc.flat)
		}
		if got := strings.Contains(out, "each node names its service"); got != tc.flat {
			t.Errorf("%d services: legend note %v, want %v", tc.services, got, tc.flat)
		}
	}
}
