package render

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// WriteMermaid writes the diagram as a Mermaid flowchart, which GitHub
// draws in Markdown. Node kinds map to Mermaid's classic shapes (the ones
// every Mermaid version GitHub has shipped understands) and a classDef per
// kind; edge modes map to the link type (-->, -.->, ---, <-->) and a
// linkStyle with the same colour and dash pattern as the SVG.
func WriteMermaid(w io.Writer, d *Diagram) error {
	bw := bufio.NewWriter(w)
	m := &mermaidWriter{w: bw, ids: map[string]string{}, used: map[string]bool{}}
	m.write(d)
	return bw.Flush()
}

type mermaidWriter struct {
	w     *bufio.Writer
	ids   map[string]string // diagram ID -> Mermaid ID
	used  map[string]bool
	links int                 // links written so far: linkStyle counts them
	flat  bool                // services written on their nodes, not as subgraphs
	style map[string][]string // linkStyle -> link indices
	order []string            // linkStyles in first-use order
}

// id maps a diagram ID ("function.create_order") to a Mermaid node ID
// ("function_create_order"): letters, digits and underscores only, made
// unique with a suffix when two IDs map to the same text.
func (m *mermaidWriter) id(s string) string {
	if id, ok := m.ids[s]; ok {
		return id
	}
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	id := b.String()
	for i := 2; m.used[id]; i++ {
		id = b.String() + "_" + strconv.Itoa(i)
	}
	m.used[id] = true
	m.ids[s] = id
	return id
}

func (m *mermaidWriter) line(indent int, format string, args ...any) {
	m.w.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(m.w, format, args...)
	m.w.WriteByte('\n')
}

// mermaidMaxSubgraphs is the number of services Mermaid draws as
// subgraphs. Mermaid's default layout (dagre) fails on compound graphs with
// many edges between subgraphs: mermaid-cli 11.17 threw "TypeError: Cannot
// set properties of undefined (setting 'order')" for the generated
// 200-component architecture (20 services) and drew it without subgraphs,
// or without the edges between them; 15 services drew. Past the limit the
// service is written on each node instead.
const mermaidMaxSubgraphs = 12

func (m *mermaidWriter) write(d *Diagram) {
	m.line(0, "---")
	m.line(0, "title: %s", mermaidTitle(d))
	m.line(0, "---")
	m.line(0, "flowchart %s", d.Direction)
	m.flat = len(d.Clusters) > mermaidMaxSubgraphs
	if !m.flat {
		for _, c := range d.Clusters {
			m.line(1, "subgraph %s[%s]", m.id(c.ID), mermaidText(c.Label))
			for _, n := range c.Nodes {
				m.node(2, n)
			}
			m.line(1, "end")
		}
	}
	for _, n := range d.Nodes {
		if n.Cluster == nil || m.flat {
			m.node(1, n)
		}
	}
	m.style = map[string][]string{}
	for _, e := range d.Edges {
		if !e.Hidden { // Mermaid lays out on its own: nothing to keep in place
			m.edge(e)
		}
	}
	m.legend(d)
	m.classes(d)
	// Frames in GitHub's light grey rather than the theme's yellow.
	for _, c := range d.Clusters {
		if m.flat {
			break
		}
		style := "fill:#f6f8fa,stroke:#8c959f,color:#24292f"
		if c.Faded {
			style = "fill:#ffffff,stroke:#d0d7de,color:#57606a,stroke-dasharray:5 3"
		}
		m.line(1, "style %s %s", m.id(c.ID), style)
	}
	if l := d.Legend; len(l.Edges) > 0 || len(l.Findings) > 0 || len(l.Notes) > 0 || l.Critical != "" || m.flat {
		m.line(1, "style legend fill:#ffffff,stroke:#d0d7de,color:#24292f")
	}
	for _, s := range m.order {
		m.line(1, "linkStyle %s %s", strings.Join(m.style[s], ","), s)
	}
}

func mermaidTitle(d *Diagram) string {
	// Front matter is YAML: quote the title.
	return strconv.Quote(d.Title + " · " + d.View.Caption())
}

func (m *mermaidWriter) node(indent int, n *Node) {
	st := nodeStyles[n.Kind]
	label := "<b>" + mermaidEscape(n.Name) + "</b>"
	detail := n.Detail
	if m.flat && n.Cluster != nil {
		detail = joinNonEmpty(" · ", detail, "in "+n.Cluster.Label)
	}
	if detail != "" {
		label += "<br/>" + mermaidEscape(detail)
	}
	if n.Role != "" {
		label += "<br/><i>" + mermaidEscape(n.Role) + "</i>"
	}
	for _, badge := range n.Badges {
		label += "<br/>" + mermaidEscape(badge)
	}
	if len(n.Findings) > 0 {
		label += "<br/>" + mermaidEscape("! "+plural(len(n.Findings), "finding", "findings"))
	}
	m.line(indent, "%s%s\"%s\"%s", m.id(n.ID), st.Mermaid[0], label, st.Mermaid[1])
}

func (m *mermaidWriter) link(from, to, arrow, label, style string) {
	if label != "" {
		m.line(1, "%s %s|\"%s\"| %s", from, arrow, mermaidEscape(label), to)
	} else {
		m.line(1, "%s %s %s", from, arrow, to)
	}
	if _, ok := m.style[style]; !ok {
		m.order = append(m.order, style)
	}
	m.style[style] = append(m.style[style], strconv.Itoa(m.links))
	m.links++
}

func (m *mermaidWriter) edge(e *Edge) {
	lk := edgeLooks[e.Style]
	style := lk.MermaidStyle
	if e.Severity != "" {
		style = "stroke:" + severityColors[e.Severity] + ",stroke-width:3px"
		if strings.Contains(lk.MermaidStyle, "dasharray") {
			style += lk.MermaidStyle[strings.Index(lk.MermaidStyle, ",stroke-dasharray"):]
		}
	}
	if e.Critical {
		style = criticalLinkStyle(lk)
	}
	if e.Change != "" {
		style = changeLinkStyle(e.Change)
	}
	m.link(m.id(e.From.ID), m.id(e.To.ID), lk.Mermaid, e.Label, style)
}

// criticalLinkStyle is the linkStyle of an edge on the slowest path: bold
// in the path's colour, keeping the mode's dash pattern.
func criticalLinkStyle(lk edgeLook) string {
	style := "stroke:" + colorCritical + ",stroke-width:3.5px,color:" + colorCritical
	if i := strings.Index(lk.MermaidStyle, ",stroke-dasharray"); i >= 0 {
		style += lk.MermaidStyle[i:]
	}
	return style
}

func (m *mermaidWriter) legend(d *Diagram) {
	l := d.Legend
	if len(l.Kinds) == 0 && len(l.Edges) == 0 && len(l.Findings) == 0 && len(l.Notes) == 0 && l.Critical == "" && !m.flat {
		return
	}
	// No samples of node kinds: every node's label names its kind, and a
	// column of shapes made the legend bigger than small diagrams.
	if len(l.Edges) == 0 && len(l.Findings) == 0 && len(l.Notes) == 0 && l.Critical == "" && !m.flat {
		return
	}
	m.line(1, "subgraph legend[\"Legend\"]")
	for _, s := range l.Edges {
		m.line(2, "%s[\"%s\"]", m.id("legend.edge."+string(s)), mermaidEscape(edgeLooks[s].Legend))
		m.line(2, "%s[\" \"]", m.id("legend.edge."+string(s)+".end"))
	}
	if l.Critical != "" {
		m.line(2, "%s[\"%s\"]", m.id("legend.critical"), mermaidEscape(l.Critical))
		m.line(2, "%s[\" \"]", m.id("legend.critical.end"))
	}
	notes := l.Notes
	if m.flat {
		notes = append(slices.Clone(notes), fmt.Sprintf("%d services: each node names its service (Mermaid lays out at most %d as frames).", len(d.Clusters), mermaidMaxSubgraphs))
	}
	if len(l.Findings) > 0 || len(notes) > 0 {
		var lines []string
		if len(l.Findings) > 0 {
			lines = append(lines, "<b>Findings</b>")
			for _, f := range l.Findings {
				lines = append(lines, mermaidEscape(f.Severity+" "+f.Text()))
			}
		}
		for _, n := range notes {
			lines = append(lines, "<i>"+mermaidEscape(n)+"</i>")
		}
		m.line(2, "%s[\"%s\"]", m.id("legend.notes"), strings.Join(lines, "<br/>"))
	}
	m.line(1, "end")
	for _, s := range l.Edges {
		lk := edgeLooks[s]
		m.link(m.id("legend.edge."+string(s)), m.id("legend.edge."+string(s)+".end"), lk.Mermaid, "", lk.MermaidStyle)
	}
	if l.Critical != "" {
		m.link(m.id("legend.critical"), m.id("legend.critical.end"), "-->", "p99", criticalLinkStyle(edgeLooks[EdgeSync]))
	}
}

// classes writes one classDef per node kind and state, and assigns them.
func (m *mermaidWriter) classes(d *Diagram) {
	assign := map[string][]string{}
	var names []string
	add := func(class, id string) {
		if _, ok := assign[class]; !ok {
			names = append(names, class)
		}
		assign[class] = append(assign[class], m.id(id))
	}
	for _, n := range d.Nodes {
		add("kind_"+string(n.Kind), n.ID)
	}
	for _, n := range d.Nodes {
		if n.Neighbour {
			add("neighbour", n.ID)
		}
	}
	for _, n := range d.Nodes {
		if n.Role != "" {
			add("member", n.ID)
		}
	}
	for _, n := range d.Nodes {
		if n.Critical {
			add("critical_path", n.ID)
		}
	}
	for _, n := range d.Nodes {
		if n.Severity != "" {
			add("finding_"+n.Severity, n.ID)
		}
	}
	for _, n := range d.Nodes {
		if n.Change != "" {
			add("change_"+string(n.Change), n.ID)
		}
	}
	for _, s := range d.Legend.Edges {
		add("legend_text", "legend.edge."+string(s))
		add("legend_text", "legend.edge."+string(s)+".end")
	}
	if len(d.Legend.Findings) > 0 || len(d.Legend.Notes) > 0 || m.flat {
		add("legend_text", "legend.notes")
	}
	if d.Legend.Critical != "" {
		add("legend_text", "legend.critical")
		add("legend_text", "legend.critical.end")
		add("critical_text", "legend.critical")
	}
	defs := map[string]string{
		"neighbour":   "fill:#ffffff,stroke:#8c959f,color:#57606a",
		"member":      "stroke-width:2.5px",
		"legend_text": "fill:none,stroke:none,color:#24292f",
		// Mermaid has no class "critical-path" (a hyphen would end the
		// name): the SVG's class is critical_path.
		"critical_path": "stroke:" + colorCritical + ",stroke-width:3px",
		"critical_text": "color:" + colorCritical,
	}
	for sev, c := range severityColors {
		defs["finding_"+sev] = "stroke:" + c + ",stroke-width:3px"
	}
	for name, def := range changeClassDefs() {
		defs[name] = def
	}
	for _, k := range nodeKinds {
		st := nodeStyles[k]
		def := "fill:" + st.Fill + ",stroke:" + st.Stroke + ",color:#1f2328"
		if strings.Contains(st.DotStyle, "dashed") {
			def += ",stroke-dasharray:5 3"
		}
		if k == NodeService {
			def += ",stroke-width:2px"
		}
		defs["kind_"+string(k)] = def
	}
	// Kinds first, then states, so a finding's colour wins over its kind.
	slices.SortStableFunc(names, func(a, b string) int { return classRank(a) - classRank(b) })
	for _, c := range names {
		m.line(1, "classDef %s %s", c, defs[c])
	}
	for _, c := range names {
		m.line(1, "class %s %s", strings.Join(assign[c], ","), c)
	}
}

func classRank(c string) int {
	switch {
	case strings.HasPrefix(c, "kind_"):
		return 0
	case strings.HasPrefix(c, "finding_"):
		return 3
	case strings.HasPrefix(c, "change_"):
		return 4
	case c == "legend_text":
		return 1
	}
	return 2
}

// mermaidEscape makes text safe inside a quoted Mermaid label: quotes and
// angle brackets as Mermaid entity codes, so user text never turns into
// markup or ends the label.
func mermaidEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '#':
			b.WriteString("#35;")
		case '&':
			b.WriteString("#amp;")
		case '\n':
			b.WriteString("<br/>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func mermaidText(s string) string { return "\"" + mermaidEscape(s) + "\"" }
