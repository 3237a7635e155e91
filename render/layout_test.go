package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
)

// layout is what native Graphviz made of a diagram's DOT (`dot -Tjson`):
// the bounding box and every edge as a polyline through its spline.
type layout struct {
	width, height float64
	edges         []laidEdge
}

type laidEdge struct {
	tail, head string // node names
	points     []point
}

type point struct{ x, y float64 }

// layoutOf lays the diagram out (without its legend, which SVG output lays
// out apart) with the dot program.
func layoutOf(t *testing.T, dot string, d *Diagram) layout {
	t.Helper()
	var src bytes.Buffer
	if err := writeDOT(&src, d, false); err != nil {
		t.Fatal(err)
	}
	out, err := runTool(t, 2*time.Minute, src.Bytes(), dot, "-Tjson")
	if err != nil {
		t.Fatalf("dot -Tjson: %v\n%.2000s", err, out)
	}
	l, err := parseLayout([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func parseLayout(data []byte) (layout, error) {
	var g struct {
		BB      string `json:"bb"`
		Objects []struct {
			Name string `json:"name"`
		} `json:"objects"`
		Edges []struct {
			Tail  int    `json:"tail"`
			Head  int    `json:"head"`
			Pos   string `json:"pos"`
			Style string `json:"style"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return layout{}, fmt.Errorf("dot -Tjson: %v", err)
	}
	var l layout
	bb := strings.Split(g.BB, ",")
	if len(bb) != 4 {
		return layout{}, fmt.Errorf("dot -Tjson: bounding box %q", g.BB)
	}
	x0, _ := strconv.ParseFloat(bb[0], 64)
	y0, _ := strconv.ParseFloat(bb[1], 64)
	x1, _ := strconv.ParseFloat(bb[2], 64)
	y1, _ := strconv.ParseFloat(bb[3], 64)
	l.width, l.height = x1-x0, y1-y0
	name := func(i int) string {
		if i >= 0 && i < len(g.Objects) {
			return g.Objects[i].Name
		}
		return strconv.Itoa(i)
	}
	for _, e := range g.Edges {
		if e.Style == "invis" {
			continue // laid out, not drawn
		}
		pts, err := splinePoints(e.Pos)
		if err != nil {
			return layout{}, err
		}
		l.edges = append(l.edges, laidEdge{tail: name(e.Tail), head: name(e.Head), points: pts})
	}
	return l, nil
}

// splinePoints turns Graphviz's edge pos ("e,x,y s,x,y p0 p1 p2 p3 ...",
// a chain of cubic Béziers, several chains separated by ";" when edges are
// concentrated) into a polyline sampled along the curves. The arrowhead
// end points ("s,", "e,") are left out: they sit inside the node.
func splinePoints(pos string) ([]point, error) {
	var out []point
	for _, chain := range strings.Split(pos, ";") {
		var ctrl []point
		for _, f := range strings.Fields(chain) {
			if strings.HasPrefix(f, "e,") || strings.HasPrefix(f, "s,") {
				continue
			}
			xy := strings.Split(f, ",")
			if len(xy) != 2 {
				return nil, fmt.Errorf("edge pos %q: point %q", pos, f)
			}
			x, err1 := strconv.ParseFloat(xy[0], 64)
			y, err2 := strconv.ParseFloat(xy[1], 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("edge pos %q: point %q", pos, f)
			}
			ctrl = append(ctrl, point{x, y})
		}
		if len(ctrl) == 0 {
			continue
		}
		out = append(out, ctrl[0])
		for i := 0; i+3 < len(ctrl); i += 3 {
			p0, p1, p2, p3 := ctrl[i], ctrl[i+1], ctrl[i+2], ctrl[i+3]
			const steps = 8
			for s := 1; s <= steps; s++ {
				u := float64(s) / steps
				a, b, c, d := (1-u)*(1-u)*(1-u), 3*u*(1-u)*(1-u), 3*u*u*(1-u), u*u*u
				out = append(out, point{a*p0.x + b*p1.x + c*p2.x + d*p3.x, a*p0.y + b*p1.y + c*p2.y + d*p3.y})
			}
		}
	}
	return out, nil
}

// crossings counts the points where two edges that share no node cross.
// Edges meeting at a node are left out: they touch there by design, and a
// crossing between them can always be undone by swapping their ends.
func (l layout) crossings() int {
	n := 0
	for i := range l.edges {
		for j := i + 1; j < len(l.edges); j++ {
			a, b := l.edges[i], l.edges[j]
			if a.tail == b.tail || a.tail == b.head || a.head == b.tail || a.head == b.head {
				continue
			}
			n += polylineCrossings(a.points, b.points)
		}
	}
	return n
}

func polylineCrossings(a, b []point) int {
	n := 0
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			if segmentsCross(a[i], a[i+1], b[j], b[j+1]) {
				n++
			}
		}
	}
	return n
}

// segmentsCross is true when the segments cross at one point strictly
// inside both (a touch or an overlap is not a crossing).
func segmentsCross(p1, p2, q1, q2 point) bool {
	d1 := orient(q1, q2, p1)
	d2 := orient(q1, q2, p2)
	d3 := orient(p1, p2, q1)
	d4 := orient(p1, p2, q2)
	return d1*d2 < 0 && d3*d4 < 0
}

func orient(a, b, c point) float64 {
	v := (b.x-a.x)*(c.y-a.y) - (b.y-a.y)*(c.x-a.x)
	if math.Abs(v) < 1e-9 {
		return 0
	}
	return v
}

// TestCrossingCounter makes sure the counter can fail: two edges drawn as
// an X cross once, and edges sharing a node are not counted.
func TestCrossingCounter(t *testing.T) {
	l, err := parseLayout([]byte(`{"bb":"0,0,100,100","objects":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"}],
		"edges":[{"tail":0,"head":1,"pos":"e,100,100 0,0 30,30 70,70 100,100"},
		         {"tail":2,"head":3,"pos":"0,90 30,60 70,20 100,-10"},
		         {"tail":0,"head":3,"pos":"0,0 30,0 70,0 100,0"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := l.crossings(); got != 1 {
		t.Errorf("crossings = %d, want 1", got)
	}
	if l.width != 100 || l.height != 100 {
		t.Errorf("size %gx%g, want 100x100", l.width, l.height)
	}
}

// maxCrossings is each bundled example's edge crossings in native
// Graphviz's layout of its all view before the flow layout (measured
// 2026-12-02 with Graphviz 2.43, Debian's): no example may get worse, with
// or without --data-edges.
var maxCrossings = map[string]int{
	"aggregator":                      0,
	"broken/aggregator-resilience":    0,
	"broken/api-timeout":              0,
	"broken/concurrency-budget":       0,
	"broken/dlq-mismatch":             0,
	"broken/duration-exceeds-timeout": 0,
	"broken/fan-out-failure":          3,
	"broken/implicit-defaults":        0,
	"broken/missing-dlq":              0,
	"broken/missing-throttle":         0,
	"broken/missing-tracing":          0,
	"broken/non-idempotent-consumer":  0,
	"broken/partial-batch":            0,
	"broken/pattern-mismatch":         0,
	"broken/poison-message":           0,
	"broken/recursive-loop":           0,
	"broken/sequential-orchestrator":  0,
	"broken/shared-database":          1,
	"broken/single-point-of-failure":  0,
	"broken/strangler-shared-store":   0,
	"broken/sync-chain":               0,
	"broken/timeout-budget":           0,
	"broken/trigger-above-reserved":   0,
	"broken/unbounded-concurrency":    0,
	"broken/unconsumed-channel":       0,
	"broken/unused-on-failure":        0,
	"broken/visibility-timeout":       0,
	"decoupled-messaging":             1,
	"fan-out-fan-in":                  27,
	"orchestration":                   0,
	"pub-sub":                         1,
	"queue-load-leveling":             0,
	"read-heavy-reporting":            6,
	"robust-api":                      0,
	"simple-web-service":              0,
	"strangler":                       0,
	"streams-pipeline":                2,
}

// flowCrossings are the crossings each example has with the flow layout;
// the test fails when a change makes one worse, and prints the figures
// for docs/diagrams.md when run with -v.
var flowCrossings = map[string]int{
	"aggregator":                      0,
	"broken/aggregator-resilience":    0,
	"broken/api-timeout":              0,
	"broken/concurrency-budget":       0,
	"broken/dlq-mismatch":             0,
	"broken/duration-exceeds-timeout": 0,
	"broken/fan-out-failure":          0,
	"broken/implicit-defaults":        0,
	"broken/missing-dlq":              0,
	"broken/missing-throttle":         0,
	"broken/missing-tracing":          0,
	"broken/non-idempotent-consumer":  0,
	"broken/partial-batch":            0,
	"broken/pattern-mismatch":         0,
	"broken/poison-message":           0,
	"broken/recursive-loop":           0,
	"broken/sequential-orchestrator":  0,
	"broken/shared-database":          0,
	"broken/single-point-of-failure":  0,
	"broken/strangler-shared-store":   0,
	"broken/sync-chain":               0,
	"broken/timeout-budget":           0,
	"broken/trigger-above-reserved":   0,
	"broken/unbounded-concurrency":    0,
	"broken/unconsumed-channel":       0,
	"broken/unused-on-failure":        0,
	"broken/visibility-timeout":       0,
	"decoupled-messaging":             0,
	"fan-out-fan-in":                  1,
	"orchestration":                   0,
	"pub-sub":                         0,
	"queue-load-leveling":             0,
	"read-heavy-reporting":            3,
	"robust-api":                      0,
	"simple-web-service":              0,
	"strangler":                       0,
	"streams-pipeline":                0,
}

// TestEdgeCrossings lays every bundled example out with native Graphviz
// and counts its edge crossings: the all view as drawn by default, and with
// --data-edges. Run with -v for the table in docs/diagrams.md.
func TestEdgeCrossings(t *testing.T) {
	dot := requireTool(t, "dot")
	for _, dir := range exampleDirs(t) {
		arch := loadExample(t, dir)
		name := strings.TrimPrefix(dir, "examples/")
		var counts [2]int
		for i, opt := range []Options{{}, {DataEdges: true}} {
			d, err := Build(arch, opt)
			if err != nil {
				t.Fatal(err)
			}
			counts[i] = layoutOf(t, dot, d).crossings()
		}
		t.Logf("| %s | %d | %d | %d |", name, maxCrossings[name], counts[0], counts[1])
		// An example without a record (a new one) is measured and logged.
		if want, ok := flowCrossings[name]; ok && counts[0] > want {
			t.Errorf("%s: %d edge crossings, more than the %d flowCrossings records", name, counts[0], want)
		}
		if was, ok := maxCrossings[name]; ok && (counts[0] > was || counts[1] > was) {
			t.Errorf("%s: %d edge crossings (%d with --data-edges), more than the %d before the flow layout", name, counts[0], counts[1], was)
		}
	}
	if flowCrossings["fan-out-fan-in"] > 8 {
		t.Errorf("fan-out-fan-in may have at most 8 crossings")
	}
}

// TestGeneratedSize: a generated 64-component architecture (the benchmark
// generator's) draws at most 3,000 pt wide, with an aspect ratio between
// 0.4 and 2.5, and text at its normal size (nothing scaled down to fit).
func TestGeneratedSize(t *testing.T) {
	dot := requireTool(t, "dot")
	arch, diags := schema.Parse(t.Context(), "generated", archgen.Files(64))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var src bytes.Buffer
	if err := writeDOT(&src, d, false); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(src.Bytes(), []byte(" size=")) || !bytes.Contains(src.Bytes(), []byte("node [fontname=\"Helvetica\" fontsize=11")) {
		t.Errorf("the DOT scales the drawing or its text:\n%.600s", src.String())
	}
	l := layoutOf(t, dot, d)
	ratio := l.width / l.height
	t.Logf("64 components: %.0f x %.0f pt, aspect %.2f, %d crossings", l.width, l.height, ratio, l.crossings())
	if l.width > 3000 || ratio < 0.4 || ratio > 2.5 {
		t.Errorf("64 components draw %.0f x %.0f pt (aspect %.2f): want at most 3000 pt wide, aspect 0.4..2.5", l.width, l.height, ratio)
	}
}
