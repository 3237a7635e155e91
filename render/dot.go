package render

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// fontName is the font Graphviz sizes labels with. Graphviz in WebAssembly
// has no font files: it estimates text width from built-in metrics, which
// exist for a few families only. Helvetica's metrics are the ones browsers
// (Helvetica, Arial) and our PNG font (Go, designed on Helvetica's widths)
// all match, so labels fit their boxes in every output.
const fontName = "Helvetica"

// WriteDOT writes the diagram as one Graphviz digraph, its legend a
// cluster of the graph.
func WriteDOT(w io.Writer, d *Diagram) error {
	return writeDOT(w, d, true)
}

func writeDOT(w io.Writer, d *Diagram, legend bool) error {
	bw := bufio.NewWriter(w)
	p := &dotWriter{w: bw, lr: d.Direction == "LR"}
	p.graph(d, legend)
	return bw.Flush()
}

// writeLegendDOT writes the legend as a graph of its own, laid out apart
// from the diagram so its samples stay in a compact block whatever the
// diagram's ranks are.
func writeLegendDOT(w io.Writer, d *Diagram) error {
	bw := bufio.NewWriter(w)
	p := &dotWriter{w: bw, lr: true}
	p.line("digraph %s {", q("legend"))
	p.indent = "  "
	p.line("graph %s", attrList([]attr{{"id", q("legend")}, {"class", q("legend")}, {"rankdir", "LR"}, {"fontname", q(fontName)}, {"fontsize", "10"},
		{"nodesep", "0.12"}, {"ranksep", "0.45"}, {"pad", q("0.25,0.1")}, {"bgcolor", q("#ffffff")}}))
	p.defaults()
	p.legend(d, false)
	p.indent = ""
	p.line("}")
	return bw.Flush()
}

// writeNotesDOT writes the findings list and the notes as a graph of one
// text node, drawn under the legend.
func writeNotesDOT(w io.Writer, d *Diagram) error {
	bw := bufio.NewWriter(w)
	p := &dotWriter{w: bw}
	p.line("digraph %s {", q("notes"))
	p.indent = "  "
	p.line("graph %s", attrList([]attr{{"id", q("legend.findings")}, {"class", q("legend-notes")}, {"pad", q("0.25,0.1")}, {"bgcolor", q("#ffffff")}}))
	p.defaults()
	p.line("%s %s", q("legend.notes"), attrList([]attr{{"id", q("legend.notes")}, {"class", q("legend-notes")}, {"shape", "plaintext"},
		{"fontsize", "10"}, {"margin", "0"}, {"label", "<" + notesHTML(d.Legend) + ">"}}))
	p.indent = ""
	p.line("}")
	return bw.Flush()
}

type dotWriter struct {
	w      *bufio.Writer
	indent string
	lr     bool // ranks run left to right
}

func (p *dotWriter) line(format string, args ...any) {
	p.w.WriteString(p.indent)
	fmt.Fprintf(p.w, format, args...)
	p.w.WriteByte('\n')
}

// attrs writes [k=v ...] with values already quoted or HTML.
type attr struct{ k, v string }

func q(s string) string { return dotQuote(s) }

func attrList(as []attr) string {
	var b strings.Builder
	b.WriteByte('[')
	first := true
	for _, a := range as {
		if a.v == "" {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(a.k)
		b.WriteByte('=')
		b.WriteString(a.v)
	}
	b.WriteByte(']')
	return b.String()
}

func (p *dotWriter) defaults() {
	p.line("node %s", attrList([]attr{{"fontname", q(fontName)}, {"fontsize", "11"}, {"fontcolor", q("#1f2328")},
		{"penwidth", "1.2"}, {"margin", q("0.16,0.06")}}))
	p.line("edge %s", attrList([]attr{{"fontname", q(fontName)}, {"fontsize", "9"}, {"fontcolor", q("#57606a")}, {"arrowsize", "0.75"}}))
}

func (p *dotWriter) graph(d *Diagram, legend bool) {
	p.line("digraph %s {", q(d.Title))
	p.indent = "  "
	g := []attr{
		{"id", q("diagram")},
		{"class", q("archie view-" + string(d.View.Kind))},
		{"rankdir", d.Direction},
		{"fontname", q(fontName)},
		{"fontsize", "11"},
		{"fontcolor", q("#24292f")},
		{"label", "<" + titleHTML(d) + ">"},
		{"labelloc", "t"},
		{"labeljust", "l"},
		{"nodesep", "0.3"},
		{"ranksep", "0.55"},
		{"pad", "0.25"},
		{"bgcolor", q("#ffffff")},
		{"newrank", "true"},
		{"tooltip", q(d.Title + " (" + d.View.String() + ")")},
	}
	if d.Large {
		// Bounded effort for big graphs: network simplex and crossing
		// minimisation iterations capped, no final crossing pass across
		// clusters. Layout quality drops a little; time drops from
		// minutes to seconds.
		g = append(g, attr{"concentrate", "true"}, attr{"nslimit", "2"}, attr{"nslimit1", "2"},
			attr{"mclimit", "0.3"}, attr{"searchsize", "10"}, attr{"remincross", "false"})
	}
	p.line("graph %s", attrList(g))
	p.defaults()
	p.w.WriteByte('\n')
	for _, c := range d.Clusters {
		p.cluster(c)
	}
	for _, n := range d.Nodes {
		if n.Cluster == nil {
			p.node(n)
		}
	}
	if len(d.Edges) > 0 {
		p.w.WriteByte('\n')
	}
	// A hidden edge into a node that sends work on (a bucket whose
	// uploads trigger a function) leaves its rank to that flow: drawn
	// work runs left to right, undrawn data access must not turn it back.
	sends := map[*Node]bool{}
	for _, e := range d.Edges {
		if !e.Hidden {
			sends[e.From] = true
		}
	}
	for _, e := range d.Edges {
		across := d.Rows > 0 && e.From.Cluster != e.To.Cluster && e.From.Cluster != nil && e.To.Cluster != nil
		p.edge(e, across || e.Hidden && sends[e.To])
	}
	if d.Rows > 0 {
		p.rowChains(d)
	}
	if legend {
		p.legend(d, true)
	}
	p.indent = ""
	p.line("}")
}

func titleHTML(d *Diagram) string {
	// Two lines: text runs side by side would overlap wherever the PNG
	// font is wider than Graphviz's estimate.
	return `<FONT POINT-SIZE="14"><B>` + htmlEscape(d.Title) + `</B></FONT><BR ALIGN="LEFT"/><FONT COLOR="#57606a">` + htmlEscape(d.View.Caption()) + `</FONT><BR ALIGN="LEFT"/>`
}

func (p *dotWriter) cluster(c *Cluster) {
	style, color, bg := "rounded,filled", "#8c959f", "#f6f8fa"
	if c.Faded {
		style, color, bg = "rounded,dashed,filled", "#d0d7de", "#ffffff"
	}
	p.line("subgraph %s {", q("cluster_"+c.ID))
	old := p.indent
	p.indent += "  "
	p.line("graph %s", attrList([]attr{
		{"id", q(c.ID)}, {"class", q("service")},
		{"label", "<<B>" + htmlEscape(c.Label) + "</B>>"}, {"tooltip", q(c.Tooltip)},
		{"style", q(style)}, {"color", q(color)}, {"fillcolor", q(bg)}, {"labeljust", "l"}, {"fontsize", "11"},
		{"margin", "12"},
	}))
	for _, n := range c.Nodes {
		p.node(n)
	}
	p.indent = old
	p.line("}")
}

func nodeClasses(n *Node) string {
	cls := []string{"kind-" + string(n.Kind)}
	if n.Neighbour {
		cls = append(cls, "neighbour")
	}
	if n.Role != "" {
		cls = append(cls, "pattern-member")
	}
	if n.Severity != "" {
		cls = append(cls, "finding-"+n.Severity)
	}
	if n.Critical {
		cls = append(cls, "critical-path")
	}
	if n.Change != "" {
		cls = append(cls, "change-"+string(n.Change))
	}
	return strings.Join(cls, " ")
}

func (p *dotWriter) node(n *Node) {
	st := nodeStyles[n.Kind]
	fill, stroke, font, pen := st.Fill, st.Stroke, "#1f2328", "1.2"
	if n.Neighbour {
		fill, stroke, font = "#ffffff", "#8c959f", "#57606a"
	}
	if n.Role != "" {
		pen = "2.2"
	}
	if n.Critical {
		stroke, pen = colorCritical, "3"
	}
	if n.Severity != "" {
		stroke, pen = severityColors[n.Severity], "3"
	}
	if n.Change != "" {
		stroke, pen = changeColors[n.Change], "3"
	}
	tip := n.Tooltip
	if len(n.Findings) > 0 {
		tip += "\n\n" + strings.Join(n.Findings, "\n")
	}
	as := []attr{{"id", q(n.ID)}, {"class", q(nodeClasses(n))}, {"tooltip", q(tip)}}
	label := nodeLabelHTML(n, font)
	if n.Kind == "queue" {
		// A queue is a box with message slots at its head; HTML tables are
		// the only way Graphviz draws inner dividers.
		border := "1"
		if n.Severity != "" || n.Critical || n.Change != "" {
			border = "3"
		}
		label = fmt.Sprintf(`<TABLE BORDER="%s" CELLBORDER="0" CELLSPACING="0" CELLPADDING="5" BGCOLOR="%s" COLOR="%s"><TR><TD>%s</TD><TD BORDER="1" SIDES="L" WIDTH="7"> </TD><TD BORDER="1" SIDES="L" WIDTH="7"> </TD><TD BORDER="1" SIDES="L" WIDTH="7"> </TD></TR></TABLE>`,
			border, fill, stroke, label)
		as = append(as, attr{"shape", "plain"}, attr{"label", "<" + label + ">"})
	} else {
		as = append(as, attr{"shape", st.Shape}, attr{"style", q(dotChangeStyle(st.DotStyle, n.Change))}, attr{"fillcolor", q(fill)},
			attr{"color", q(stroke)}, attr{"penwidth", pen}, attr{"label", "<" + label + ">"})
		if n.Kind == NodeService {
			as = append(as, attr{"peripheries", "2"})
		}
	}
	p.line("%s %s", q(n.ID), attrList(as))
}

func nodeLabelHTML(n *Node, font string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<FONT COLOR="%s"><B>%s</B></FONT>`, font, htmlEscape(n.Name))
	if n.Detail != "" {
		fmt.Fprintf(&b, `<BR/><FONT POINT-SIZE="9" COLOR="#57606a">%s</FONT>`, htmlEscape(n.Detail))
	}
	if n.Role != "" {
		fmt.Fprintf(&b, `<BR/><FONT POINT-SIZE="9" COLOR="#6f42c1"><I>%s</I></FONT>`, htmlEscape(n.Role))
	}
	for _, badge := range n.Badges {
		fmt.Fprintf(&b, `<BR/><FONT POINT-SIZE="9" COLOR="%s">%s</FONT>`, colorFailure, htmlEscape(badge))
	}
	if len(n.Findings) > 0 {
		fmt.Fprintf(&b, `<BR/><FONT POINT-SIZE="9" COLOR="%s"><B>%s</B></FONT>`, severityColors[n.Severity],
			htmlEscape("! "+plural(len(n.Findings), "finding", "findings")))
	}
	return b.String()
}

func edgeClasses(e *Edge) string {
	cls := []string{"mode-" + edgeLooks[e.Style].Mode}
	if e.Severity != "" {
		cls = append(cls, "finding-"+e.Severity)
	}
	if e.Critical {
		cls = append(cls, "critical-path")
	}
	if e.Change != "" {
		cls = append(cls, "change-"+string(e.Change))
	}
	return strings.Join(cls, " ")
}

// rowChains orders the services of each row left to right: an invisible
// edge from the last node of one to the first of the next. Edges between
// services no longer rank them (see edge), so the rows share their ranks
// and stack.
func (p *dotWriter) rowChains(d *Diagram) {
	rank := serviceRanks(d)
	var prev *Cluster
	for _, c := range d.Clusters {
		if prev != nil && prev.Row == c.Row && len(prev.Nodes) > 0 && len(c.Nodes) > 0 {
			_, last := clusterEnds(prev, rank)
			first, _ := clusterEnds(c, rank)
			p.line("%s -> %s [style=invis]", q(last.ID), q(first.ID))
		}
		prev = c
	}
}

// edge writes one edge; free ones do not rank their ends (an edge between
// two services of a diagram wrapped into rows, see rowChains).
func (p *dotWriter) edge(e *Edge, free bool) {
	if e.Hidden {
		as := []attr{{"style", "invis"}}
		if free {
			as = append(as, attr{"constraint", "false"})
		}
		p.line("%s -> %s %s", q(e.From.ID), q(e.To.ID), attrList(as))
		return
	}
	lk := edgeLooks[e.Style]
	color, pen := lk.Color, strconv.FormatFloat(lk.PenWidth, 'f', -1, 64)
	if e.Severity != "" {
		color, pen = severityColors[e.Severity], "3"
	}
	if e.Critical {
		// The path wins over a finding's colour on an edge: it is what
		// was asked for; the finding stays in the tooltip and on its node.
		color, pen = colorCritical, "3.5"
	}
	dotStyle := lk.DotStyle
	if e.Change != "" {
		color, pen = changeColors[e.Change], "3"
		if e.Change == ChangeRemoved {
			dotStyle = "dashed"
		}
	}
	tip := e.Tooltip
	if len(e.Findings) > 0 {
		tip = joinNonEmpty("\n\n", tip, strings.Join(e.Findings, "\n"))
	}
	as := []attr{{"id", q(e.ID)}, {"class", q(edgeClasses(e))}, {"color", q(color)}, {"style", dotStyle}, {"penwidth", pen}}
	if free {
		as = append(as, attr{"constraint", "false"})
	}
	as = append(as, arrowAttrs(lk)...)
	if e.Label != "" {
		as = append(as, attr{"label", q(e.Label)})
		switch {
		case e.Critical:
			as = append(as, attr{"fontcolor", q(colorCritical)})
		case e.Style == EdgeOnFailure || e.Style == EdgeDeadLetter:
			as = append(as, attr{"fontcolor", q(colorFailure)})
		}
	}
	if tip != "" {
		as = append(as, attr{"tooltip", q(tip)}, attr{"labeltooltip", q(tip)})
	}
	p.line("%s -> %s %s", q(e.From.ID), q(e.To.ID), attrList(as))
}

// legend draws a frame with one sample of every node kind and edge style
// the diagram uses; inline, also the findings drawn on it and notes about
// what the view leaves out (a standalone legend has them as its label).
func (p *dotWriter) legend(d *Diagram, inline bool) {
	l := d.Legend
	notes := len(l.Findings) > 0 || len(l.Notes) > 0
	if len(l.Kinds) == 0 && len(l.Edges) == 0 && (!inline || !notes) {
		return
	}
	p.w.WriteByte('\n')
	p.line("subgraph %s {", q("cluster_legend"))
	old := p.indent
	p.indent += "  "
	id := "legend.samples"
	if inline {
		id = "legend"
	}
	p.line("graph %s", attrList([]attr{{"id", q(id)}, {"class", q("legend")}, {"label", "<<B>Legend</B>>"},
		{"style", q("rounded")}, {"color", q("#d0d7de")}, {"labeljust", "l"}, {"labelloc", "t"}, {"fontsize", "10"}, {"margin", "10"}}))
	p.line("node %s", attrList([]attr{{"fontsize", "9"}, {"height", "0.3"}, {"margin", q("0.08,0.03")}}))
	// Within a rank Graphviz stacks nodes bottom to top when ranks run left
	// to right: write them in reverse so they read top down.
	kinds, styles := slices.Clone(l.Kinds), slices.Clone(l.Edges)
	if p.lr {
		slices.Reverse(kinds)
		slices.Reverse(styles)
	}
	var anchor string
	if len(kinds) > 0 {
		anchor = "legend.kind." + string(l.Kinds[0])
	}
	for _, k := range kinds {
		st := nodeStyles[k]
		id := "legend.kind." + string(k)
		if k == "queue" {
			label := fmt.Sprintf(`<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="%s" COLOR="%s"><TR><TD>%s</TD><TD BORDER="1" SIDES="L" WIDTH="5"> </TD><TD BORDER="1" SIDES="L" WIDTH="5"> </TD></TR></TABLE>`,
				st.Fill, st.Stroke, htmlEscape(st.Legend))
			p.line("%s %s", q(id), attrList([]attr{{"id", q(id)}, {"class", q("legend-kind kind-" + string(k))}, {"shape", "plain"}, {"label", "<" + label + ">"}, {"tooltip", q(st.Legend)}}))
			continue
		}
		as := []attr{{"id", q(id)}, {"class", q("legend-kind kind-" + string(k))}, {"shape", st.Shape}, {"style", q(st.DotStyle)},
			{"fillcolor", q(st.Fill)}, {"color", q(st.Stroke)}, {"label", q(st.Legend)}, {"tooltip", q(st.Legend)}}
		if k == NodeService {
			as = append(as, attr{"peripheries", "2"})
		}
		p.line("%s %s", q(id), attrList(as))
	}
	if p.lr {
		// Last in reading order: written first (see above).
		p.criticalSample(l.Critical, anchor)
	}
	for _, s := range styles {
		lk := edgeLooks[s]
		from, to := "legend.edge."+string(s), "legend.edge."+string(s)+".end"
		p.line("%s %s", q(from), attrList([]attr{{"id", q(from)}, {"class", q("legend-edge")}, {"shape", "plaintext"}, {"label", q(lk.Legend)}, {"tooltip", q(lk.Legend)}}))
		p.line("%s %s", q(to), attrList([]attr{{"id", q(to)}, {"shape", "point"}, {"width", "0.04"}, {"color", q("#ffffff")}}))
		as := []attr{{"id", q("legend.edge." + string(s) + ".line")}, {"class", q("mode-" + lk.Mode)}, {"color", q(lk.Color)}, {"style", lk.DotStyle},
			{"penwidth", strconv.FormatFloat(lk.PenWidth, 'f', -1, 64)}}
		as = append(as, arrowAttrs(lk)...)
		p.line("%s -> %s %s", q(from), q(to), attrList(as))
		if anchor != "" {
			// The edge samples form a column of their own beside the
			// node kinds.
			p.line("%s -> %s [style=invis weight=0]", q(anchor), q(from))
		}
	}
	if !p.lr {
		p.criticalSample(l.Critical, anchor)
	}
	if inline && notes {
		p.line("%s %s", q("legend.notes"), attrList([]attr{{"id", q("legend.notes")}, {"class", q("legend-notes")}, {"shape", "plaintext"},
			{"label", "<" + notesHTML(l) + ">"}}))
	}
	p.indent = old
	p.line("}")
}

// criticalSample draws the legend's sample of the slowest-path highlight
// with its explanation, in the column of the edge samples.
func (p *dotWriter) criticalSample(text, anchor string) {
	if text == "" {
		return
	}
	from, to := "legend.critical", "legend.critical.end"
	// Two lines, so the sample does not stretch the legend's other lines.
	p.line("%s %s", q(from), attrList([]attr{{"id", q(from)}, {"class", q("legend-edge critical-path")}, {"shape", "plaintext"},
		{"label", q(strings.Replace(text, "; ", "\n", 1))}, {"tooltip", q(text)}, {"fontcolor", q(colorCritical)}}))
	p.line("%s %s", q(to), attrList([]attr{{"id", q(to)}, {"shape", "point"}, {"width", "0.04"}, {"color", q("#ffffff")}}))
	p.line("%s -> %s %s", q(from), q(to), attrList([]attr{{"id", q("legend.critical.line")}, {"class", q("critical-path")},
		{"color", q(colorCritical)}, {"penwidth", "3.5"}, {"arrowhead", "normal"}, {"label", q("p99")}, {"fontcolor", q(colorCritical)}}))
	if anchor != "" {
		p.line("%s -> %s [style=invis weight=0]", q(anchor), q(from))
	}
}

func arrowAttrs(lk edgeLook) []attr {
	switch lk.Dir {
	case "back":
		return []attr{{"dir", "back"}, {"arrowtail", lk.Arrowhead}}
	case "both":
		return []attr{{"dir", "both"}, {"arrowtail", lk.Arrowhead}, {"arrowhead", lk.Arrowhead}}
	}
	return []attr{{"arrowhead", lk.Arrowhead}}
}

func notesHTML(l Legend) string {
	var b strings.Builder
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">`)
	if len(l.Findings) > 0 {
		b.WriteString(`<TR><TD ALIGN="LEFT" COLSPAN="2"><B>Findings</B></TD></TR>`)
		for _, f := range l.Findings {
			// One cell for the text: cells side by side would overlap
			// wherever the PNG font is wider than Graphviz's estimate.
			fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT"><FONT COLOR="%s"><B>%s</B></FONT></TD><TD ALIGN="LEFT">%s</TD></TR>`,
				severityColors[f.Severity], f.Severity, htmlEscape(f.Text()))
		}
	}
	for _, n := range l.Notes {
		fmt.Fprintf(&b, `<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT COLOR="#57606a"><I>%s</I></FONT></TD></TR>`, htmlEscape(n))
	}
	b.WriteString(`</TABLE>`)
	return b.String()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// dotQuote writes s as a DOT double-quoted string. A newline becomes "\n",
// which Graphviz shows as a line break in tooltips and labels.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// htmlEscape escapes text for a Graphviz HTML-like label.
func htmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("<BR/>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
