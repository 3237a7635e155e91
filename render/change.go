package render

import (
	"fmt"
	"strings"

	"github.com/archiehq/archie/schema"
)

// Change marks a node or edge of a diff diagram: what a change to the
// architecture did to it.
type Change string

// Changes a diff diagram draws.
const (
	ChangeAdded   Change = "added"
	ChangeRemoved Change = "removed"
	ChangeChanged Change = "changed"
)

// Colours of changes: GitHub's diff green and red, and its attention
// amber, so a diff diagram reads like the code diff beside it.
var changeColors = map[Change]string{
	ChangeAdded:   "#1a7f37",
	ChangeRemoved: "#cf222e",
	ChangeChanged: "#bf8700",
}

// Changes says what MarkChanges marks on the diagram of the new version of
// an architecture.
type Changes struct {
	Added   []string // addresses of components the new version adds
	Changed []string // addresses of components whose settings changed
	// Removed are the old version's components the new one lacks: drawn
	// red and dashed beside the rest.
	Removed []*schema.Component
	// AddedEdges are edges of the new version, RemovedEdges edges of the
	// old version.
	AddedEdges, RemovedEdges []*schema.Edge
	// Since names the old version in the legend: "main", "old.arch.hcl".
	Since string
}

// MarkChanges marks a diagram of the new version (Build) with what
// changed: added nodes and edges green, changed nodes amber, and the
// removed ones drawn in red with dashes. A component folded into a
// service node marks nothing: the note in the legend says so.
func (d *Diagram) MarkChanges(c Changes) {
	byID := map[string]*Node{}
	for _, n := range d.Nodes {
		byID[n.ID] = n
	}
	clusters := map[string]*Cluster{}
	for _, cl := range d.Clusters {
		clusters[cl.ID] = cl
	}
	mark := func(addr string, ch Change) bool {
		n := byID[addr]
		if n == nil {
			return false
		}
		n.Change = ch
		n.Detail = joinNonEmpty(" · ", string(ch), n.Detail)
		return true
	}
	hidden := 0
	for _, a := range c.Added {
		if !mark(a, ChangeAdded) {
			hidden++
		}
	}
	for _, a := range c.Changed {
		if !mark(a, ChangeChanged) {
			hidden++
		}
	}
	for _, rc := range c.Removed {
		n := &Node{ID: rc.Address(), Kind: NodeKind(rc.Kind), Name: rc.Name, Detail: joinNonEmpty(" · ", string(ChangeRemoved), detail(rc)),
			Tooltip: rc.Address() + ": removed", Change: ChangeRemoved}
		if rc.Service != nil {
			if cl := clusters["service."+rc.Service.Name]; cl != nil {
				n.Cluster = cl
				cl.Nodes = append(cl.Nodes, n)
			}
		}
		byID[n.ID] = n
		d.Nodes = append(d.Nodes, n)
	}
	for _, me := range c.AddedEdges {
		from, to := byID[me.From.Address()], byID[me.To.Address()]
		style := styleOf(me)
		for _, e := range d.Edges {
			if e.From == from && e.To == to && (e.Style == style || e.Style == EdgeReadWrite && (style == EdgeRead || style == EdgeWrite)) {
				e.Change = ChangeAdded
				e.Hidden = false // a change is drawn even where the view hides its kind of edge
			}
		}
	}
	for _, me := range c.RemovedEdges {
		from, to := byID[me.From.Address()], byID[me.To.Address()]
		if from == nil || to == nil || from == to {
			continue
		}
		style := styleOf(me)
		e := &Edge{ID: "edge." + from.ID + "->" + to.ID + ".removed." + string(style), From: from, To: to, Style: style,
			Label: edgeLooks[style].Label, Tooltip: fmt.Sprintf("removed: %s -> %s (%s)", me.From.Address(), me.To.Address(), me.Mode),
			Change: ChangeRemoved}
		d.Edges = append(d.Edges, e)
	}
	since := ""
	if c.Since != "" {
		since = " since " + c.Since
	}
	d.Legend.Notes = append(d.Legend.Notes, "Changes"+since+": green added, amber changed, red dashed removed.")
	if hidden > 0 {
		d.Legend.Notes = append(d.Legend.Notes, fmt.Sprintf("%s inside services drawn as one node not marked.", plural(hidden, "changed component", "changed components")))
	}
}

// changeLinkStyle is the Mermaid linkStyle of a changed edge: the change's
// colour, dashed when removed.
func changeLinkStyle(ch Change) string {
	style := "stroke:" + changeColors[ch] + ",stroke-width:3px,color:" + changeColors[ch]
	if ch == ChangeRemoved {
		style += ",stroke-dasharray:6 4"
	}
	return style
}

// changeClassDefs are the Mermaid classDefs of changed nodes.
func changeClassDefs() map[string]string {
	out := map[string]string{}
	for ch, c := range changeColors {
		def := "stroke:" + c + ",stroke-width:3px"
		if ch == ChangeRemoved {
			def += ",stroke-dasharray:6 4,color:" + c
		}
		out["change_"+string(ch)] = def
	}
	return out
}

// dotChangeStyle adds a removed node's dashes to its Graphviz style.
func dotChangeStyle(style string, ch Change) string {
	if ch != ChangeRemoved || strings.Contains(style, "dashed") {
		return style
	}
	return joinNonEmpty(",", style, "dashed")
}
