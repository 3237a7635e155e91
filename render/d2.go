package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteD2 writes the diagram in D2. Services are containers; node kinds
// and edge modes are D2 classes, so the SVG D2 draws carries the same
// class names (kind-function, mode-async) as ours.
func WriteD2(w io.Writer, d *Diagram) error {
	bw := bufio.NewWriter(w)
	p := &d2Writer{w: bw}
	p.write(d)
	return bw.Flush()
}

type d2Writer struct{ w *bufio.Writer }

func (p *d2Writer) line(indent int, format string, args ...any) {
	p.w.WriteString(strings.Repeat("  ", indent))
	fmt.Fprintf(p.w, format, args...)
	p.w.WriteByte('\n')
}

func (p *d2Writer) write(d *Diagram) {
	dir := "right"
	if d.Direction == "TB" {
		dir = "down"
	}
	p.line(0, "direction: %s", dir)
	p.line(0, "title: %s {", d2String(d.Title+" · "+d.View.Caption()))
	p.line(1, "near: top-left")
	p.line(1, "shape: text")
	p.line(1, "style.font-size: 20")
	p.line(1, "style.bold: true")
	p.line(0, "}")
	p.classes(d)
	for _, c := range d.Clusters {
		p.line(0, "%s: {", d2Key(c.ID))
		p.line(1, "label: %s", d2String(c.Label))
		p.line(1, "class: service")
		if c.Description != "" {
			p.line(1, "tooltip: %s", d2String(d2Markdown(c.Description)))
		}
		if c.Faded {
			p.line(1, "style.stroke-dash: 3")
		}
		for _, n := range c.Nodes {
			p.node(1, n)
		}
		p.line(0, "}")
	}
	for _, n := range d.Nodes {
		if n.Cluster == nil {
			p.node(0, n)
		}
	}
	for _, e := range d.Edges {
		if !e.Hidden {
			p.edge(e)
		}
	}
	p.legend(d)
}

// classes defines a class per node kind and edge style used.
func (p *d2Writer) classes(d *Diagram) {
	p.line(0, "classes: {")
	p.line(1, "service: {")
	p.line(2, "style: {fill: \"#f6f8fa\"; stroke: \"#8c959f\"; border-radius: 8; font-size: 16}")
	p.line(1, "}")
	for _, k := range d.Legend.Kinds {
		st := nodeStyles[k]
		p.line(1, "%s: {", d2Key("kind-"+string(k)))
		p.line(2, "shape: %s", st.D2Shape)
		style := fmt.Sprintf("fill: %s; stroke: %s; font-color: \"#1f2328\"", d2String(st.Fill), d2String(st.Stroke))
		if strings.Contains(st.DotStyle, "dashed") {
			style += "; stroke-dash: 3"
		}
		if st.D2Extra != "" {
			style += "; " + st.D2Extra
		}
		p.line(2, "style: {%s}", style)
		p.line(1, "}")
	}
	for _, s := range d.Legend.Edges {
		lk := edgeLooks[s]
		p.line(1, "%s: {", d2Key("mode-"+lk.Mode))
		style := fmt.Sprintf("stroke: %s; stroke-width: %d; font-color: \"#57606a\"", d2String(lk.Color), lk.D2Width)
		if lk.D2Dash > 0 {
			style += "; stroke-dash: " + strconv.Itoa(lk.D2Dash)
		}
		p.line(2, "style: {%s}", style)
		p.line(1, "}")
	}
	if d.Legend.Critical != "" {
		p.line(1, "critical-path: {")
		p.line(2, "style: {stroke: %s; stroke-width: 4; font-color: %s; bold: true}", d2String(colorCritical), d2String(colorCritical))
		p.line(1, "}")
	}
	p.line(0, "}")
}

func (p *d2Writer) node(indent int, n *Node) {
	p.line(indent, "%s: {", d2Key(n.ID))
	label := n.Name
	if n.Detail != "" {
		label += "\n" + n.Detail
	}
	if n.Role != "" {
		label += "\n(" + n.Role + ")"
	}
	for _, badge := range n.Badges {
		label += "\n" + badge
	}
	if len(n.Findings) > 0 {
		label += "\n! " + plural(len(n.Findings), "finding", "findings")
	}
	p.line(indent+1, "label: %s", d2String(label))
	if n.Critical {
		p.line(indent+1, "class: [%s; critical-path]", d2Key("kind-"+string(n.Kind)))
	} else {
		p.line(indent+1, "class: %s", d2Key("kind-"+string(n.Kind)))
	}
	// D2 marks every node with a tooltip by an icon: only a description,
	// the slowest path's figures and findings earn one. The name, kind and
	// main setting are on the node already.
	tip := joinNonEmpty("\n\n", n.Description, n.PathNote, strings.Join(n.Findings, "\n"))
	if tip != "" {
		p.line(indent+1, "tooltip: %s", d2String(d2Markdown(tip)))
	}
	switch {
	case n.Severity != "":
		p.line(indent+1, "style: {stroke: %s; stroke-width: 4}", d2String(severityColors[n.Severity]))
	case n.Critical:
		p.line(indent+1, "style: {stroke: %s; stroke-width: 4}", d2String(colorCritical))
	case n.Neighbour:
		p.line(indent+1, "style: {fill: \"#ffffff\"; stroke: \"#8c959f\"; font-color: \"#57606a\"}")
	case n.Role != "":
		p.line(indent+1, "style.stroke-width: 3")
	}
	p.line(indent, "}")
}

// d2Path is a node's full key: its container's key, then its own.
func d2Path(n *Node) string {
	if n.Cluster != nil {
		return d2Key(n.Cluster.ID) + "." + d2Key(n.ID)
	}
	return d2Key(n.ID)
}

func (p *d2Writer) edge(e *Edge) {
	lk := edgeLooks[e.Style]
	p.connection(d2Path(e.From), d2Path(e.To), lk, e.Label, e.Tooltip, e.Findings, e.Severity, e.Critical)
}

func (p *d2Writer) connection(from, to string, lk edgeLook, label, tip string, findings []string, severity string, critical bool) {
	head := "target-arrowhead"
	if lk.D2Arrow == "<-" {
		head = "source-arrowhead"
	}
	p.line(0, "%s %s %s: {", from, lk.D2Arrow, to)
	if label != "" {
		p.line(1, "label: %s", d2String(label))
	}
	switch {
	case critical && lk.Mode == "":
		p.line(1, "class: critical-path")
	case critical:
		p.line(1, "class: [%s; critical-path]", d2Key("mode-"+lk.Mode))
	default:
		p.line(1, "class: %s", d2Key("mode-"+lk.Mode))
	}
	if len(findings) > 0 {
		tip = joinNonEmpty("\n\n", tip, strings.Join(findings, "\n"))
	}
	if tip != "" {
		p.line(1, "tooltip: %s", d2String(d2Markdown(tip)))
	}
	switch {
	case critical:
		// The path wins over a finding's colour on an edge, as in the SVG.
		p.line(1, "style: {stroke: %s; stroke-width: 4; font-color: %s}", d2String(colorCritical), d2String(colorCritical))
	case severity != "":
		p.line(1, "style: {stroke: %s; stroke-width: 4}", d2String(severityColors[severity]))
	}
	p.line(1, "%s: {shape: %s; style.filled: %t}", head, lk.D2Head, lk.D2Filled)
	if lk.D2Arrow == "<->" {
		p.line(1, "source-arrowhead: {shape: %s; style.filled: %t}", lk.D2Head, lk.D2Filled)
	}
	p.line(0, "}")
}

func (p *d2Writer) legend(d *Diagram) {
	l := d.Legend
	if len(l.Kinds) == 0 && len(l.Edges) == 0 && len(l.Findings) == 0 && len(l.Notes) == 0 && l.Critical == "" {
		return
	}
	p.line(0, "legend: {")
	p.line(1, "label: Legend")
	p.line(1, "near: bottom-left")
	p.line(1, "style: {fill: \"#ffffff\"; stroke: \"#d0d7de\"; border-radius: 8}")
	for _, k := range l.Kinds {
		p.line(1, "%s: {label: %s; class: %s}", d2Key("kind-"+string(k)), d2String(nodeStyles[k].Legend), d2Key("kind-"+string(k)))
	}
	for _, s := range l.Edges {
		lk := edgeLooks[s]
		p.line(1, "%s: {label: %s; shape: text}", d2Key("edge-"+string(s)), d2String(lk.Legend))
		p.line(1, "%s: {label: \"\"; shape: circle; width: 4; height: 4}", d2Key("edge-"+string(s)+"-end"))
	}
	if l.Critical != "" {
		p.line(1, "critical: {label: %s; shape: text; style.font-color: %s}", d2String(l.Critical), d2String(colorCritical))
		p.line(1, "critical-end: {label: \"\"; shape: circle; width: 4; height: 4}")
	}
	if len(l.Findings) > 0 || len(l.Notes) > 0 {
		var lines []string
		if len(l.Findings) > 0 {
			lines = append(lines, "Findings:")
			for _, f := range l.Findings {
				lines = append(lines, f.Severity+" "+f.Text())
			}
		}
		lines = append(lines, l.Notes...)
		p.line(1, "notes: {label: %s; shape: text}", d2String(strings.Join(lines, "\n")))
	}
	p.line(0, "}")
	for _, s := range l.Edges {
		lk := edgeLooks[s]
		p.connection("legend."+d2Key("edge-"+string(s)), "legend."+d2Key("edge-"+string(s)+"-end"), lk, "", "", nil, "", false)
	}
	if l.Critical != "" {
		// No mode class: the diagram may draw no sync edge to define one.
		sample := edgeLook{D2Arrow: "->", D2Head: "triangle", D2Filled: true}
		p.connection("legend.critical", "legend.critical-end", sample, "p99", "", nil, "", true)
	}
}

// d2Key quotes a key when it holds anything but letters, digits, "_" and
// "-": a dot would otherwise nest it.
func d2Key(s string) string {
	for _, r := range s {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return d2String(s)
		}
	}
	return s
}

// d2Markdown escapes text for a D2 tooltip, which D2 reads as Markdown:
// angle brackets would open HTML elements.
func d2Markdown(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// d2String is a double-quoted D2 string; "$" is escaped, as D2 would
// otherwise substitute a variable for "${...}".
func d2String(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '$':
			b.WriteString(`\$`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
