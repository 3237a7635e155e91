package render

import (
	"cmp"
	"fmt"
	"math"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/archiehq/archie/simulate"
	"github.com/hashicorp/hcl/v2"
)

// Diagram is the picture of an architecture independent of any output
// format: nodes, the clusters that group them, edges and a legend. Every
// slice is sorted, so every writer produces the same bytes for the same
// model.
type Diagram struct {
	Title     string
	View      View
	Direction string // "LR" or "TB"

	Clusters []*Cluster // sorted by label
	Nodes    []*Node    // sorted by kind, then name; each knows its cluster
	Edges    []*Edge    // sorted by source node, style, target node
	Legend   Legend

	// Large asks the layout engine to bound its effort: the diagram has
	// so many nodes that an unbounded crossing minimisation takes minutes.
	Large bool

	// Rows is how many rows of services the layout wraps the diagram
	// into (each cluster knows its row); 0 draws services wherever the
	// flow puts them.
	Rows int
}

// Cluster is a group of nodes drawn inside one frame: a service.
type Cluster struct {
	ID      string // "service.orders"
	Label   string
	Tooltip string
	// Description is the service's own: what D2 shows as a tooltip.
	Description string
	Faded       bool // holds only neighbours of the view's subject
	Nodes       []*Node

	// Row and Column place the service when the diagram is wrapped into
	// rows (Diagram.Rows > 0).
	Row, Column int
}

// Node is one box of the diagram.
type Node struct {
	ID      string // "function.create_order", "service.orders", "source.schedule"
	Kind    NodeKind
	Name    string // first line of the label
	Detail  string // second line: kind and its main setting
	Role    string // pattern roles, in the pattern view
	Tooltip string
	// Description is the component's or service's own description, and
	// PathNote what the slowest path spends from it on: the tooltip's
	// parts a reader cannot see on the node (D2 shows a tooltip as an
	// icon, so it gets one only where there is something to say).
	Description string
	PathNote    string
	Cluster     *Cluster

	Neighbour bool     // outside the view's subject, drawn for context
	Count     int      // components folded into a service node
	Severity  string   // highest severity of its findings, "" for none
	Findings  []string // "rule-id: message"
	Critical  bool     // on the highlighted path
	// Badges are edges written on the node instead of drawn: failure
	// destinations shared by several senders ("on failure → dlq").
	Badges []string
	Change Change // in a diff diagram: added, removed or changed

	order int
}

// Edge is one arrow of the diagram.
type Edge struct {
	ID       string
	From, To *Node
	Style    EdgeStyle
	Label    string
	Tooltip  string
	Count    int // model edges folded into this one
	Severity string
	Findings []string
	Critical bool
	// Hidden edges are laid out but not drawn: they keep the flow's order
	// (a store after its writers, a dead-letter queue after its senders)
	// without lines across the picture. Reads and writes in the all view
	// unless asked for, failure routes shown as badges on their senders.
	Hidden bool
	Change Change // in a diff diagram: added or removed
}

// Legend explains the styles the diagram uses, and nothing else.
type Legend struct {
	Kinds    []NodeKind
	Edges    []EdgeStyle
	Findings []LegendFinding
	Notes    []string
	// Critical says what the highlighted slowest path and the numbers on
	// its edges are; empty when no path is drawn.
	Critical string
}

// LegendFinding is one line of the findings list.
type LegendFinding struct {
	Severity string
	Rule     string
	Where    string // component address, or file:line
	Message  string
}

// maxLegendMessage bounds a finding's message in the legend; the full text
// is in the tooltip of its node or edge.
const maxLegendMessage = 100

// Text is the line shown for the finding: the rule, where (unless the
// message names it already) and the message, shortened.
func (f LegendFinding) Text() string {
	msg := f.Message
	if !strings.Contains(msg, f.Where) {
		msg = f.Where + ": " + msg
	}
	return f.Rule + " · " + truncate(msg, maxLegendMessage)
}

// maxLegendFindings bounds the findings list; archie lint lists them all.
const maxLegendFindings = 40

// CollapseAbove is the size above which the all view draws a service as a
// single node: past it a service's own detail drowns the rest of the
// picture, and layout time grows with the crossings it brings.
const CollapseAbove = 40

// largeNodes is the node count from which layout effort is bounded.
const largeNodes = 120

// Build turns an architecture into the diagram of one view.
func Build(arch *schema.Architecture, opt Options) (*Diagram, error) {
	view, err := ParseView(opt.View)
	if err != nil {
		return nil, err
	}
	dir := cmp.Or(opt.Direction, "LR")
	if dir != "LR" && dir != "TB" {
		return nil, &UsageError{fmt.Sprintf("unknown direction %q: use LR or TB", dir)}
	}
	b := &builder{arch: arch, opt: opt, d: &Diagram{Title: title(arch), View: view, Direction: dir},
		nodeOf: map[*schema.Component]*Node{}, byID: map[string]*Node{}, clusters: map[string]*Cluster{}}
	switch view.Kind {
	case ViewAll:
		b.viewAll()
	case ViewService:
		svc := arch.Service(view.Name)
		if svc == nil {
			return nil, unknownName("service", view.Name, serviceNames(arch))
		}
		b.viewSubject(svc.Components, nil)
	case ViewPattern:
		p := patternNamed(arch, view.Name)
		if p == nil {
			return nil, unknownName("pattern", view.Name, patternNames(arch))
		}
		members, roles := patternMembers(p)
		b.viewSubject(members, roles)
	case ViewContext:
		b.viewContext()
	}
	b.edges()
	if view.Kind == ViewAll && !opt.DataEdges {
		b.hideDataEdges()
	}
	b.failureBadges()
	if len(opt.Findings) > 0 {
		b.findings(opt.Findings)
	}
	if opt.CriticalPath != nil {
		b.critical(opt.CriticalPath)
	}
	b.d.sanitize()
	b.finish()
	wrapRows(b.d)
	return b.d, nil
}

// sanitize passes every text of the diagram through safetext.Text, once,
// here: descriptions, names and finding messages come from input, and a
// control character in them would reach every format (DOT, Mermaid, D2)
// and make the SVG Graphviz draws from the DOT invalid XML. Newlines stay;
// each writer turns them into its own line break.
func (d *Diagram) sanitize() {
	clean := func(s *string) { *s = safetext.Text(*s) }
	cleanAll := func(ss []string) {
		for i := range ss {
			clean(&ss[i])
		}
	}
	clean(&d.Title)
	clean(&d.View.Name)
	for _, c := range d.Clusters {
		clean(&c.Label)
		clean(&c.Tooltip)
		clean(&c.Description)
	}
	for _, n := range d.Nodes {
		clean(&n.Name)
		clean(&n.Detail)
		clean(&n.Role)
		clean(&n.Tooltip)
		clean(&n.Description)
		clean(&n.PathNote)
		cleanAll(n.Findings)
		cleanAll(n.Badges)
	}
	for _, e := range d.Edges {
		clean(&e.Label)
		clean(&e.Tooltip)
		cleanAll(e.Findings)
	}
	for i := range d.Legend.Findings {
		f := &d.Legend.Findings[i]
		clean(&f.Rule)
		clean(&f.Where)
		clean(&f.Message)
	}
	cleanAll(d.Legend.Notes)
	clean(&d.Legend.Critical)
}

// title names the diagram: the architecture block's name, or else the
// directory's.
func title(arch *schema.Architecture) string {
	if arch.Name != "" {
		return arch.Name
	}
	if base := path.Base(strings.TrimSuffix(filepath.ToSlash(arch.Dir), "/")); base != "." && base != "/" && base != "" {
		return strings.TrimSuffix(base, schema.FileSuffix)
	}
	return "architecture"
}

type builder struct {
	arch     *schema.Architecture
	opt      Options
	d        *Diagram
	nodeOf   map[*schema.Component]*Node // components drawn, or folded into a service node
	byID     map[string]*Node
	clusters map[string]*Cluster
	folded   map[*Node]bool // service nodes standing for several components
	drawn    map[*schema.Edge]*Edge
}

func (b *builder) node(id string, make func() *Node) *Node {
	if n := b.byID[id]; n != nil {
		return n
	}
	n := make()
	n.ID = id
	b.byID[id] = n
	b.d.Nodes = append(b.d.Nodes, n)
	return n
}

func (b *builder) cluster(svc *schema.Service) *Cluster {
	id := "service." + svc.Name
	if c := b.clusters[id]; c != nil {
		return c
	}
	c := &Cluster{ID: id, Label: svc.Name, Tooltip: serviceTooltip(svc), Description: svc.Description, Faded: true}
	b.clusters[id] = c
	b.d.Clusters = append(b.d.Clusters, c)
	return c
}

// component draws c as a node of its own, inside its service's cluster.
func (b *builder) component(c *schema.Component, neighbour bool) *Node {
	n := b.node(c.Address(), func() *Node {
		return &Node{Kind: NodeKind(c.Kind), Name: c.Name, Detail: detail(c), Tooltip: tooltip(c), Description: c.Str(schema.AttrDescription), Neighbour: neighbour}
	})
	if !neighbour {
		n.Neighbour = false
	}
	if c.Service != nil && n.Cluster == nil {
		n.Cluster = b.cluster(c.Service)
	}
	if n.Cluster != nil && !n.Neighbour {
		n.Cluster.Faded = false
	}
	b.nodeOf[c] = n
	return n
}

// serviceNode folds the components of a service (or the top-level ones
// when svc is nil) into one node.
func (b *builder) serviceNode(svc *schema.Service, members []*schema.Component) *Node {
	id, name, tip, owner, desc := "service.(none)", "(no service)", "components declared outside any service", "", ""
	if svc != nil {
		id, name, tip, owner, desc = "service."+svc.Name, svc.Name, serviceTooltip(svc), svc.Owner, svc.Description
	}
	n := b.node(id, func() *Node {
		return &Node{Kind: NodeService, Name: name, Detail: joinNonEmpty(" · ", owner, plural(len(members), "component", "components")),
			Tooltip: tip, Description: desc, Count: len(members)}
	})
	if b.folded == nil {
		b.folded = map[*Node]bool{}
	}
	b.folded[n] = true
	for _, c := range members {
		b.nodeOf[c] = n
	}
	return n
}

func (b *builder) viewAll() {
	var collapsed []string
	for _, svc := range b.arch.Services {
		if len(svc.Components) > CollapseAbove {
			b.serviceNode(svc, svc.Components)
			collapsed = append(collapsed, fmt.Sprintf("%s (%d)", svc.Name, len(svc.Components)))
		}
	}
	for _, c := range b.arch.Components {
		if b.nodeOf[c] == nil {
			b.component(c, false)
		}
	}
	if len(collapsed) > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes,
			fmt.Sprintf("Services with more than %d components are drawn as one node: %s. Draw one with --view service:NAME.",
				CollapseAbove, strings.Join(collapsed, ", ")))
	}
}

// viewSubject draws the subject's components, and every component one
// edge away from them as a neighbour.
func (b *builder) viewSubject(members []*schema.Component, roles map[*schema.Component][]string) {
	for _, c := range members {
		n := b.component(c, false)
		n.Role = strings.Join(roles[c], ", ")
	}
	for _, c := range members {
		for _, e := range c.Out {
			if b.nodeOf[e.To] == nil {
				b.component(e.To, true)
			}
		}
		for _, e := range c.In {
			if b.nodeOf[e.From] == nil {
				b.component(e.From, true)
			}
		}
	}
	if n := len(b.arch.Components) - len(b.nodeOf); n > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes,
			fmt.Sprintf("%s more than one edge away are not drawn (--view all draws everything).", plural(n, "component", "components")))
	}
}

func (b *builder) viewContext() {
	for _, svc := range b.arch.Services {
		b.serviceNode(svc, svc.Components)
	}
	var top []*schema.Component
	for _, c := range b.arch.Components {
		if c.Service == nil {
			top = append(top, c)
		}
	}
	if len(top) > 0 {
		b.serviceNode(nil, top)
	}
}

// edges draws the model's edges between drawn nodes. Edges between two
// component nodes keep their own style and label; edges touching a folded
// service node are aggregated per style with a count.
func (b *builder) edges() {
	type key struct {
		from, to *Node
		style    EdgeStyle
	}
	agg := map[key]*Edge{}
	var order []key
	add := func(from, to *Node, style EdgeStyle, label, tip string) *Edge {
		k := key{from, to, style}
		e := agg[k]
		if e == nil {
			e = &Edge{From: from, To: to, Style: style}
			agg[k] = e
			order = append(order, k)
		}
		e.Count++
		if label != "" && !slices.Contains(strings.Split(e.Label, ", "), label) {
			e.Label = joinNonEmpty(", ", e.Label, label)
		}
		if tip != "" {
			e.Tooltip = joinNonEmpty("\n", e.Tooltip, tip)
		}
		return e
	}
	drawn := map[*schema.Edge]*Edge{}
	for _, me := range b.arch.Edges {
		from, to := b.nodeOf[me.From], b.nodeOf[me.To]
		if from == nil || to == nil || from == to {
			continue
		}
		style := styleOf(me)
		if b.folded[from] || b.folded[to] {
			drawn[me] = add(from, to, style, "", "")
			continue
		}
		drawn[me] = add(from, to, style, edgeLabel(me), edgeTooltip(me))
	}
	// Named sources ("schedule", "cognito") have no component: draw them
	// as event sources feeding the components they trigger.
	for _, c := range b.arch.Components {
		to := b.nodeOf[c]
		if to == nil {
			continue
		}
		for _, t := range c.Triggers {
			if t.Source != nil {
				continue
			}
			src := b.node("source."+t.SourceName, func() *Node {
				return &Node{Kind: NodeSource, Name: t.SourceName, Detail: "event source", Tooltip: t.SourceName + ": a trigger source outside the architecture"}
			})
			style := EdgeAsync
			if t.Mode == schema.ModeSync {
				style = EdgeSync
			}
			label, tip := "", ""
			if !b.folded[to] {
				label = t.Str(schema.AttrSchedule)
				tip = fmt.Sprintf("%s triggers %s (%s)", t.SourceName, c.Address(), t.Mode)
			}
			add(src, to, style, label, tip)
		}
	}
	// A component that both reads and writes a store gets one edge with
	// arrows at both ends.
	for _, k := range order {
		if k.style != EdgeWrite {
			continue
		}
		rk := key{k.from, k.to, EdgeRead}
		if r := agg[rk]; r != nil && !b.folded[k.from] && !b.folded[k.to] {
			w := agg[k]
			w.Style = EdgeReadWrite
			w.Tooltip = joinNonEmpty("\n", r.Tooltip, w.Tooltip)
			w.Count += r.Count
			for me, de := range drawn {
				if de == r {
					drawn[me] = w
				}
			}
			delete(agg, rk)
		}
	}
	for _, k := range order {
		e := agg[k]
		if e == nil {
			continue // a read folded into a read-write edge
		}
		if b.folded[e.From] || b.folded[e.To] {
			e.Label = plural(e.Count, string(e.Style), string(e.Style))
			one, many := edgeNouns(e.Style)
			e.Tooltip = fmt.Sprintf("%s from %s to %s", plural(e.Count, one, many), e.From.Name, e.To.Name)
		}
		b.d.Edges = append(b.d.Edges, e)
	}
	b.drawn = drawn
}

// styleOf maps a model edge to its drawn style.
func styleOf(e *schema.Edge) EdgeStyle {
	switch e.Relation {
	case schema.RelOnFailure:
		return EdgeOnFailure
	case schema.RelDeadLetter:
		return EdgeDeadLetter
	}
	switch e.Mode {
	case schema.ModeSync:
		return EdgeSync
	case schema.ModePoll:
		return EdgePoll
	case schema.ModeStream:
		return EdgeStream
	case schema.ModeRead:
		return EdgeRead
	case schema.ModeWrite:
		return EdgeWrite
	}
	return EdgeAsync
}

// edgeNouns names an edge style in the singular and plural.
func edgeNouns(s EdgeStyle) (string, string) {
	switch s {
	case EdgeSync:
		return "sync call", "sync calls"
	case EdgeAsync:
		return "async delivery", "async deliveries"
	case EdgePoll:
		return "queue poller", "queue pollers"
	case EdgeStream:
		return "stream poller", "stream pollers"
	case EdgeRead:
		return "read", "reads"
	case EdgeWrite:
		return "write", "writes"
	case EdgeReadWrite:
		return "read and write", "reads and writes"
	case EdgeOnFailure:
		return "failure destination", "failure destinations"
	}
	return "dead-letter queue", "dead-letter queues"
}

// findings marks the nodes and edges findings point at: a finding about a
// component marks its node; one whose range lies inside an edge's
// declaration (a reference in calls, a trigger's source) marks the edge.
func (b *builder) findings(fs []lint.Finding) {
	hidden, over := 0, 0
	for _, f := range fs {
		sev := f.Severity.String()
		text := f.Rule + ": " + f.Message
		shown := false
		if c := b.arch.Component(f.Component); c != nil {
			if n := b.nodeOf[c]; n != nil {
				n.Findings = append(n.Findings, text)
				n.Severity = worse(n.Severity, sev)
				shown = true
			}
		}
		for _, me := range b.arch.Edges {
			de := b.drawn[me]
			if de == nil || !within(f.Range, me.Range) {
				continue
			}
			if de.Hidden {
				// Not drawn: the sender, whose declaration it is, shows it.
				if !slices.Contains(de.From.Findings, text) {
					de.From.Findings = append(de.From.Findings, text)
				}
				de.From.Severity = worse(de.From.Severity, sev)
				shown = true
				continue
			}
			if !slices.Contains(de.Findings, text) {
				de.Findings = append(de.Findings, text)
			}
			de.Severity = worse(de.Severity, sev)
			shown = true
		}
		if !shown {
			hidden++
			continue
		}
		where := f.Component
		if where == "" {
			where = fmt.Sprintf("%s:%d", f.Range.Filename, f.Range.Start.Line)
		}
		if len(b.d.Legend.Findings) < maxLegendFindings {
			b.d.Legend.Findings = append(b.d.Legend.Findings, LegendFinding{Severity: sev, Rule: f.Rule, Where: where, Message: f.Message})
		} else {
			over++
		}
	}
	if over > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes, fmt.Sprintf("%s more not listed here: archie lint lists them all.", plural(over, "finding", "findings")))
	}
	if hidden > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes,
			fmt.Sprintf("%s about components outside this view not drawn.", plural(hidden, "finding", "findings")))
	}
}

// critical highlights a slowest path: the nodes of its hops and the
// edges between them, each edge labelled with the p99 time spent from
// the hop it leads to onwards. Hops the view does not draw are counted in
// a note.
func (b *builder) critical(p *simulate.Path) {
	var hidden, folded []string
	for _, h := range p.Hops {
		n := b.nodeOf[b.arch.Component(h.Component)]
		if n == nil {
			hidden = append(hidden, h.Component)
			continue
		}
		if b.folded[n] {
			if !slices.Contains(folded, n.Name) {
				folded = append(folded, n.Name)
			}
			n.Critical = true
			// A hop from another node into the folded service: the edge
			// between the two is on the path (unlabelled: the hop's time
			// is inside the service).
			if e := b.drawn[h.Edge]; h.Edge != nil && e != nil {
				e.Critical = true
			}
			continue
		}
		n.Critical = true
		n.PathNote = fmt.Sprintf("slowest path of workload %s: p99 %s from here on (mean %s); this hop adds p99 %s (mean %s)",
			p.Workload, Duration(h.P99Ms), Duration(h.MeanMs), Duration(h.SelfP99Ms), Duration(h.SelfMeanMs))
		n.Tooltip = joinNonEmpty("\n\n", n.Tooltip, n.PathNote)
		if h.Edge == nil {
			continue
		}
		e := b.drawn[h.Edge]
		if e == nil || e.Critical {
			continue // inside a folded service, or already labelled by an earlier hop
		}
		// The path is drawn whatever the view leaves out.
		e.Hidden = false
		e.Critical = true
		e.Label = joinNonEmpty(" · ", e.Label, "p99 "+Duration(h.P99Ms))
		e.Tooltip = joinNonEmpty("\n", e.Tooltip, fmt.Sprintf("slowest path: p99 %s (mean %s) from %s on", Duration(h.P99Ms), Duration(h.MeanMs), h.Component))
	}
	what := "response"
	if !p.Sync {
		what = "until all its work is done"
	}
	b.d.Legend.Critical = fmt.Sprintf("slowest path for workload %s: p99 %s end to end (%s, %s model); edge labels: p99 time spent from there on",
		p.Workload, Duration(p.Latency.P99), what, p.Mode)
	if len(hidden) > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes, fmt.Sprintf("%s of the slowest path's %d not in this view: %s.",
			plural(len(hidden), "hop", "hops"), len(p.Hops), strings.Join(hidden, ", ")))
	}
	if len(folded) > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes, fmt.Sprintf("The slowest path runs inside %s drawn as one node (%s): --view all or --view service:NAME draws its hops and their latencies.",
			plural(len(folded), "service", "services"), strings.Join(folded, ", ")))
	}
}

// Duration writes milliseconds for people: "85 ms", "4.2 ms", "1.25 s".
func Duration(ms float64) string {
	switch {
	case ms >= 1000:
		return strconv.FormatFloat(math.Round(ms/10)/100, 'f', -1, 64) + " s"
	case ms >= 10:
		return strconv.FormatFloat(math.Round(ms), 'f', -1, 64) + " ms"
	}
	return strconv.FormatFloat(math.Round(ms*10)/10, 'f', -1, 64) + " ms"
}

func within(inner, outer hcl.Range) bool {
	if inner.Filename != outer.Filename || outer.Filename == "" {
		return false
	}
	return inner.Start.Byte >= outer.Start.Byte && inner.End.Byte <= outer.End.Byte && inner.End.Byte > inner.Start.Byte
}

var severityRank = map[string]int{"": 0, "info": 1, "warning": 2, "error": 3}

func worse(a, b string) string {
	if severityRank[b] > severityRank[a] {
		return b
	}
	return a
}

// finish sorts everything, assigns edge IDs and fills the legend.
func (b *builder) finish() {
	d := b.d
	slices.SortStableFunc(d.Nodes, func(x, y *Node) int {
		return cmp.Or(cmp.Compare(kindRank(x.Kind), kindRank(y.Kind)), strings.Compare(x.Name, y.Name), strings.Compare(x.ID, y.ID))
	})
	for i, n := range d.Nodes {
		n.order = i
		if n.Cluster != nil {
			n.Cluster.Nodes = append(n.Cluster.Nodes, n)
		}
	}
	slices.SortStableFunc(d.Clusters, func(x, y *Cluster) int { return strings.Compare(x.Label, y.Label) })
	slices.SortStableFunc(d.Edges, func(x, y *Edge) int {
		return cmp.Or(cmp.Compare(x.From.order, y.From.order), cmp.Compare(edgeRank(x.Style), edgeRank(y.Style)),
			cmp.Compare(x.To.order, y.To.order), strings.Compare(x.Label, y.Label))
	})
	pairs := map[[2]*Node]int{}
	for _, e := range d.Edges {
		pairs[[2]*Node{e.From, e.To}]++
	}
	for _, e := range d.Edges {
		e.ID = "edge." + e.From.ID + "->" + e.To.ID
		if pairs[[2]*Node{e.From, e.To}] > 1 {
			e.ID += "." + string(e.Style)
		}
	}
	kinds := map[NodeKind]bool{}
	for _, n := range d.Nodes {
		kinds[n.Kind] = true
	}
	for _, k := range nodeKinds {
		if kinds[k] {
			d.Legend.Kinds = append(d.Legend.Kinds, k)
		}
	}
	styles := map[EdgeStyle]bool{}
	for _, e := range d.Edges {
		if !e.Hidden {
			styles[e.Style] = true
		}
	}
	for _, s := range edgeStyleOrder {
		if styles[s] {
			d.Legend.Edges = append(d.Legend.Edges, s)
		}
	}
	d.Large = len(d.Nodes) >= largeNodes
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func plural(n int, one, many string) string { return textfmt.Plural(n, one, many) }
