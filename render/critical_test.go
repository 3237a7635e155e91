package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
)

// criticalCases draw a workload's slowest path on bundled examples: a sync
// api path, an asynchronous fan-out, and views that leave hops out.
var criticalCases = []struct {
	name, dir, workload, view string
}{
	{"robust-api-critical", "examples/robust-api", "summer_sale", ""},
	{"fan-out-fan-in-critical", "examples/fan-out-fan-in", "evening_listings", ""},
	{"fan-out-fan-in-critical-context", "examples/fan-out-fan-in", "evening_listings", "context"},
	{"fan-out-fan-in-critical-pattern", "examples/fan-out-fan-in", "evening_listings", "pattern:renditions"},
}

func criticalOptions(t testing.TB, arch *schema.Architecture, workload, view string) Options {
	t.Helper()
	p, err := simulate.CriticalPath(context.Background(), arch, workload)
	if err != nil {
		t.Fatal(err)
	}
	return Options{View: view, CriticalPath: p}
}

func TestGoldenCriticalPath(t *testing.T) {
	for _, tc := range criticalCases {
		arch := loadExample(t, tc.dir)
		opt := criticalOptions(t, arch, tc.workload, tc.view)
		for _, f := range textFormats {
			t.Run(tc.name+f.ext, func(t *testing.T) {
				opt.Format = f.format
				checkGolden(t, path.Join("critical", tc.name+f.ext), renderText(t, arch, opt))
			})
		}
	}
}

// Every hop the view draws is a node with class critical-path, every edge
// between two drawn hops too, labelled with the next hop's p99; the legend
// says what the numbers are; hops left out are named in a note.
func TestCriticalPathHighlight(t *testing.T) {
	for _, tc := range criticalCases {
		t.Run(tc.name, func(t *testing.T) {
			arch := loadExample(t, tc.dir)
			opt := criticalOptions(t, arch, tc.workload, tc.view)
			d, err := Build(arch, opt)
			if err != nil {
				t.Fatal(err)
			}
			svg, err := SVG(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			classes := svgClasses(t, svg)
			p := opt.CriticalPath
			var hidden []string
			for _, h := range p.Hops {
				n := nodeFor(d, arch, h.Component)
				if n == nil {
					hidden = append(hidden, h.Component)
					continue
				}
				if !strings.Contains(classes[n.ID], "critical-path") {
					t.Errorf("node %s (hop %s) has classes %q, no critical-path", n.ID, h.Component, classes[n.ID])
				}
				if h.From == "" {
					continue
				}
				from := nodeFor(d, arch, h.From)
				if from == nil || from == n {
					continue
				}
				var e *Edge
				for _, de := range d.Edges {
					if de.From == from && de.To == n && de.Critical {
						e = de
					}
				}
				if e == nil {
					t.Errorf("no critical edge %s -> %s", from.ID, n.ID)
					continue
				}
				if !strings.Contains(classes[e.ID], "critical-path") {
					t.Errorf("edge %s has classes %q", e.ID, classes[e.ID])
				}
				if tc.view != "context" && !strings.Contains(e.Label, "p99 "+Duration(h.P99Ms)) {
					t.Errorf("edge %s label %q, want p99 %s", e.ID, e.Label, Duration(h.P99Ms))
				}
			}
			critical := 0
			for _, n := range d.Nodes {
				if n.Critical {
					critical++
				}
			}
			if critical == 0 || critical > len(p.Hops) {
				t.Errorf("%d critical nodes for %d hops", critical, len(p.Hops))
			}
			if !bytes.Contains(svg, []byte("slowest path for workload "+tc.workload+": p99 "+Duration(p.Latency.P99)+" end to end")) {
				t.Error("the legend does not state the path's end-to-end p99")
			}
			note := strings.Join(d.Legend.Notes, "\n")
			for _, h := range hidden {
				if !strings.Contains(note, h) {
					t.Errorf("hop %s is not drawn and not named in a note: %q", h, note)
				}
			}
			if len(hidden) == 0 && strings.Contains(note, "not in this view") {
				t.Errorf("a note about hidden hops when all are drawn: %q", note)
			}
			if tc.view == "context" && !strings.Contains(note, "runs inside 1 service drawn as one node (media)") {
				t.Errorf("the context view does not say the path is inside a folded service: %q", note)
			}
		})
	}
}

// nodeFor is the node that draws a component: its own, or its folded
// service's.
func nodeFor(d *Diagram, arch *schema.Architecture, addr string) *Node {
	c := arch.Component(addr)
	for _, n := range d.Nodes {
		if n.ID == addr {
			return n
		}
	}
	if d.View.Kind == ViewContext {
		id := "service.(none)"
		if c.Service != nil {
			id = "service." + c.Service.Name
		}
		for _, n := range d.Nodes {
			if n.ID == id {
				return n
			}
		}
	}
	return nil
}

// svgClasses maps each id of an SVG document to its class attribute.
func svgClasses(t *testing.T, svg []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			var id, class string
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "id":
					id = a.Value
				case "class":
					class = a.Value
				}
			}
			if id != "" {
				out[id] = class
			}
		}
	}
}

func TestDuration(t *testing.T) {
	for in, want := range map[float64]string{0: "0 ms", 4.25: "4.3 ms", 85.4: "85 ms", 999.4: "999 ms", 1000: "1 s", 1234.5: "1.23 s", 50176.19: "50.18 s"} {
		if got := Duration(in); got != want {
			t.Errorf("Duration(%g) = %q, want %q", in, got, want)
		}
	}
}
