package render

import "github.com/archiehq/archie/schema"

// NodeKind is what a diagram node stands for: a component kind, or one of
// the nodes a view adds (a collapsed service, a named trigger source).
type NodeKind string

// Node kinds beyond the component kinds.
const (
	NodeService NodeKind = "service" // a service drawn as one node (context view, collapsed services)
	NodeSource  NodeKind = "source"  // a named trigger source: "schedule", "cognito", ...
)

// nodeKinds is the order of node kinds in sorted output and in the legend.
var nodeKinds = func() []NodeKind {
	out := make([]NodeKind, 0, len(schema.Kinds)+2)
	out = append(out, NodeService)
	for _, k := range schema.Kinds {
		out = append(out, NodeKind(k))
	}
	return append(out, NodeSource)
}()

func kindRank(k NodeKind) int {
	for i, x := range nodeKinds {
		if x == k {
			return i
		}
	}
	return len(nodeKinds)
}

// nodeStyle is how one node kind looks in each output format. The shapes
// are plain geometry of our own: no icon set to license or embed.
type nodeStyle struct {
	Legend string // what the legend calls it

	Shape    string // Graphviz shape
	DotStyle string // Graphviz style
	Fill     string
	Stroke   string

	Mermaid [2]string // opening and closing brackets of the Mermaid shape
	D2Shape string
	D2Extra string // extra D2 style lines
}

// Palette: one hue per family of kinds (entry, compute, messaging, data,
// outside), light fills so black text stays readable in print.
const (
	fillEntry     = "#efe7fd"
	strokeEntry   = "#6f42c1"
	fillCompute   = "#dfeafe"
	strokeCompute = "#2b5fb4"
	fillChannel   = "#fff1cc"
	strokeChannel = "#a86b00"
	fillData      = "#dcf3e2"
	strokeData    = "#2b7a45"
	fillOutside   = "#f1f1f1"
	strokeOutside = "#5f6368"
)

var nodeStyles = map[NodeKind]nodeStyle{
	NodeService: {Legend: "service", Shape: "box", DotStyle: "filled,bold", Fill: "#f6f8fa", Stroke: "#444c56",
		Mermaid: [2]string{"[", "]"}, D2Shape: "rectangle", D2Extra: "double-border: true"},
	NodeKind(schema.KindAPI): {Legend: "api", Shape: "cds", DotStyle: "filled", Fill: fillEntry, Stroke: strokeEntry,
		Mermaid: [2]string{">", "]"}, D2Shape: "step"},
	NodeKind(schema.KindFunction): {Legend: "function", Shape: "box", DotStyle: "rounded,filled", Fill: fillCompute, Stroke: strokeCompute,
		Mermaid: [2]string{"(", ")"}, D2Shape: "rectangle", D2Extra: "border-radius: 8"},
	NodeKind(schema.KindContainer): {Legend: "container", Shape: "box3d", DotStyle: "filled", Fill: fillCompute, Stroke: strokeCompute,
		Mermaid: [2]string{"[", "]"}, D2Shape: "rectangle", D2Extra: "3d: true"},
	NodeKind(schema.KindStateMachine): {Legend: "state machine", Shape: "component", DotStyle: "filled", Fill: fillCompute, Stroke: strokeCompute,
		Mermaid: [2]string{"([", "])"}, D2Shape: "oval"},
	NodeKind(schema.KindQueue): {Legend: "queue", Shape: "plain", DotStyle: "", Fill: fillChannel, Stroke: strokeChannel,
		Mermaid: [2]string{"[[", "]]"}, D2Shape: "queue"},
	NodeKind(schema.KindTopic): {Legend: "topic", Shape: "hexagon", DotStyle: "filled", Fill: fillChannel, Stroke: strokeChannel,
		Mermaid: [2]string{"{{", "}}"}, D2Shape: "hexagon"},
	NodeKind(schema.KindStream): {Legend: "stream", Shape: "parallelogram", DotStyle: "filled", Fill: fillChannel, Stroke: strokeChannel,
		Mermaid: [2]string{"[/", "/]"}, D2Shape: "parallelogram"},
	NodeKind(schema.KindBus): {Legend: "event bus", Shape: "trapezium", DotStyle: "filled", Fill: fillChannel, Stroke: strokeChannel,
		Mermaid: [2]string{"[/", `\]`}, D2Shape: "diamond"},
	// A delivery stream: a funnel that buffers records and delivers them.
	NodeKind(schema.KindFirehose): {Legend: "firehose", Shape: "invtrapezium", DotStyle: "filled", Fill: fillChannel, Stroke: strokeChannel,
		Mermaid: [2]string{`[\`, `\]`}, D2Shape: "stored_data"},
	NodeKind(schema.KindBucket): {Legend: "bucket", Shape: "folder", DotStyle: "filled", Fill: fillData, Stroke: strokeData,
		Mermaid: [2]string{`[\`, "/]"}, D2Shape: "package"},
	NodeKind(schema.KindDatabase): {Legend: "database", Shape: "cylinder", DotStyle: "filled", Fill: fillData, Stroke: strokeData,
		Mermaid: [2]string{"[(", ")]"}, D2Shape: "cylinder"},
	NodeKind(schema.KindExternal): {Legend: "external system", Shape: "box", DotStyle: "dashed,filled", Fill: fillOutside, Stroke: strokeOutside,
		Mermaid: [2]string{"[", "]"}, D2Shape: "cloud"},
	NodeSource: {Legend: "event source", Shape: "ellipse", DotStyle: "dashed,filled", Fill: "#ffffff", Stroke: strokeOutside,
		Mermaid: [2]string{"((", "))"}, D2Shape: "circle"},
}

// EdgeStyle is how work or data crosses an edge, as drawn.
type EdgeStyle string

// Edge styles, in legend order.
const (
	EdgeSync       EdgeStyle = "sync"        // request/response: the caller waits
	EdgeAsync      EdgeStyle = "async"       // fire and forget
	EdgePoll       EdgeStyle = "poll"        // a poller takes batches from a queue
	EdgeStream     EdgeStyle = "stream"      // a poller reads ordered batches per shard
	EdgeWrite      EdgeStyle = "write"       // data written
	EdgeRead       EdgeStyle = "read"        // data read
	EdgeReadWrite  EdgeStyle = "read-write"  // read and written
	EdgeOnFailure  EdgeStyle = "on-failure"  // failed invocations or batches go here
	EdgeDeadLetter EdgeStyle = "dead-letter" // undeliverable messages go here
)

var edgeStyleOrder = []EdgeStyle{EdgeSync, EdgeAsync, EdgePoll, EdgeStream, EdgeWrite, EdgeRead, EdgeReadWrite, EdgeOnFailure, EdgeDeadLetter}

func edgeRank(s EdgeStyle) int {
	for i, x := range edgeStyleOrder {
		if x == s {
			return i
		}
	}
	return len(edgeStyleOrder)
}

// edgeLook is how one edge style is drawn. Mode is the class suffix
// ("mode-async") shared by every format.
type edgeLook struct {
	Legend string
	Mode   string

	Color     string
	DotStyle  string  // solid, dashed, dotted
	Arrowhead string  // Graphviz arrow shape
	Dir       string  // Graphviz dir: forward, back, both
	PenWidth  float64 // Graphviz penwidth
	Label     string  // a fixed label (failure routes)

	Mermaid      string // the Mermaid link
	MermaidStyle string // its linkStyle

	D2Arrow  string // the D2 connection operator
	D2Dash   int    // stroke-dash, 0 for solid
	D2Head   string // target arrowhead shape
	D2Filled bool   // filled arrowhead
	D2Width  int
}

const (
	colorSync    = "#24292f"
	colorAsync   = "#0969da"
	colorPoll    = "#8250df"
	colorStream  = "#bf3989"
	colorData    = "#8c959f"
	colorFailure = "#cf222e"
)

var edgeLooks = map[EdgeStyle]edgeLook{
	EdgeSync: {Legend: "sync call (waits)", Mode: "sync", Color: colorSync, DotStyle: "solid", Arrowhead: "normal", PenWidth: 1.4,
		Mermaid: "-->", MermaidStyle: "stroke:" + colorSync + ",stroke-width:1.5px",
		D2Arrow: "->", D2Head: "triangle", D2Filled: true, D2Width: 2},
	EdgeAsync: {Legend: "async (fire and forget)", Mode: "async", Color: colorAsync, DotStyle: "dashed", Arrowhead: "onormal", PenWidth: 1.4,
		Mermaid: "-.->", MermaidStyle: "stroke:" + colorAsync + ",stroke-width:1.5px,stroke-dasharray:6 4",
		D2Arrow: "->", D2Dash: 5, D2Head: "triangle", D2Width: 2},
	EdgePoll: {Legend: "poll (batches from a queue)", Mode: "poll", Color: colorPoll, DotStyle: "dotted", Arrowhead: "vee", PenWidth: 1.8,
		Mermaid: "-.->", MermaidStyle: "stroke:" + colorPoll + ",stroke-width:2px,stroke-dasharray:2 3",
		D2Arrow: "->", D2Dash: 1, D2Head: "arrow", D2Filled: true, D2Width: 2},
	EdgeStream: {Legend: "stream (ordered per shard)", Mode: "stream", Color: colorStream, DotStyle: "dotted", Arrowhead: "veevee", PenWidth: 1.8,
		Mermaid: "-.->", MermaidStyle: "stroke:" + colorStream + ",stroke-width:2px,stroke-dasharray:2 3",
		D2Arrow: "->", D2Dash: 1, D2Head: "arrow", D2Filled: true, D2Width: 3},
	EdgeWrite: {Legend: "writes", Mode: "write", Color: colorData, DotStyle: "solid", Arrowhead: "normal", PenWidth: 0.8,
		Mermaid: "-->", MermaidStyle: "stroke:" + colorData + ",stroke-width:1px",
		D2Arrow: "->", D2Head: "triangle", D2Filled: true, D2Width: 1},
	EdgeRead: {Legend: "reads (arrow at the reader)", Mode: "read", Color: colorData, DotStyle: "solid", Arrowhead: "normal", Dir: "back", PenWidth: 0.8,
		Mermaid: "---", MermaidStyle: "stroke:" + colorData + ",stroke-width:1px",
		D2Arrow: "<-", D2Head: "triangle", D2Filled: true, D2Width: 1},
	EdgeReadWrite: {Legend: "reads and writes", Mode: "read-write", Color: colorData, DotStyle: "solid", Arrowhead: "normal", Dir: "both", PenWidth: 0.8,
		Mermaid: "<-->", MermaidStyle: "stroke:" + colorData + ",stroke-width:1px",
		D2Arrow: "<->", D2Head: "triangle", D2Filled: true, D2Width: 1},
	EdgeOnFailure: {Legend: "failed invocations", Mode: "on-failure", Color: colorFailure, DotStyle: "dashed", Arrowhead: "onormal", PenWidth: 1.2, Label: "on failure",
		Mermaid: "-.->", MermaidStyle: "stroke:" + colorFailure + ",stroke-width:1.5px,stroke-dasharray:6 4",
		D2Arrow: "->", D2Dash: 5, D2Head: "triangle", D2Width: 1},
	EdgeDeadLetter: {Legend: "dead-letter queue", Mode: "dead-letter", Color: colorFailure, DotStyle: "dashed", Arrowhead: "onormal", PenWidth: 1.2, Label: "DLQ",
		Mermaid: "-.->", MermaidStyle: "stroke:" + colorFailure + ",stroke-width:1.5px,stroke-dasharray:6 4",
		D2Arrow: "->", D2Dash: 5, D2Head: "triangle", D2Width: 1},
}

// Severity colours of findings drawn on the diagram (GitHub's palette, so
// a diagram in a pull request reads like the annotations beside it).
var severityColors = map[string]string{
	"error":   "#d1242f",
	"warning": "#9a6700",
	"info":    "#0969da",
}

// Critical path highlight.
const colorCritical = "#e8590c"
