package render

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
)

// The choices that keep a diagram's flow readable as it grows: work runs
// left to right from entry points to stores; reads and writes, which tie
// every store to everything that touches it, are left out of the all view
// unless asked for; failure routes to a destination shared by several
// senders become badges on the senders; wide diagrams wrap into rows of
// services. Hidden edges stay in the layout so stores and dead-letter
// queues keep their places after the components that feed them.

func isDataStyle(s EdgeStyle) bool {
	return s == EdgeRead || s == EdgeWrite || s == EdgeReadWrite
}

func isFailureStyle(s EdgeStyle) bool {
	return s == EdgeOnFailure || s == EdgeDeadLetter
}

// hideDataEdges hides the reads and writes of the all view, names each
// store's readers and writers in its tooltip, and says so in a note. A
// firehose's writes stay: they are where its records flow, the delivery
// that is all a firehose does.
func (b *builder) hideDataEdges() {
	type access struct{ reads, writes []string }
	byStore := map[*Node]*access{}
	hidden := 0
	for _, e := range b.d.Edges {
		if !isDataStyle(e.Style) || e.From.Kind == NodeKind(schema.KindFirehose) {
			continue
		}
		e.Hidden = true
		hidden += e.Count
		if b.folded[e.To] || b.folded[e.From] {
			continue
		}
		a := byStore[e.To]
		if a == nil {
			a = &access{}
			byStore[e.To] = a
		}
		if e.Style != EdgeWrite {
			a.reads = append(a.reads, e.From.ID)
		}
		if e.Style != EdgeRead {
			a.writes = append(a.writes, e.From.ID)
		}
	}
	for store, a := range byStore {
		slices.Sort(a.reads)
		slices.Sort(a.writes)
		var lines []string
		if len(a.reads) > 0 {
			lines = append(lines, "read by "+strings.Join(a.reads, ", "))
		}
		if len(a.writes) > 0 {
			lines = append(lines, "written by "+strings.Join(a.writes, ", "))
		}
		store.Tooltip = joinNonEmpty("\n", store.Tooltip, strings.Join(lines, "\n"))
	}
	if hidden > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes, fmt.Sprintf(
			"%s not drawn (a store's tooltip names its readers and writers): --data-edges or --view service:NAME draws them.",
			plural(hidden, "read or write", "reads and writes")))
	}
}

// failureBadges turns the failure routes (on_failure, dead_letter) into a
// shared destination into badges on their senders: "on failure →
// rendering_dlq". A destination fed by one sender keeps its line.
func (b *builder) failureBadges() {
	senders := map[*Node]map[*Node]bool{}
	for _, e := range b.d.Edges {
		if !isFailureStyle(e.Style) || e.Hidden {
			continue
		}
		if senders[e.To] == nil {
			senders[e.To] = map[*Node]bool{}
		}
		senders[e.To][e.From] = true
	}
	type route struct{ from, to *Node }
	labels := map[route][]string{}
	var routes []route
	for _, e := range b.d.Edges {
		if !isFailureStyle(e.Style) || e.Hidden || len(senders[e.To]) < 2 {
			continue
		}
		e.Hidden = true
		r := route{e.From, e.To}
		if labels[r] == nil {
			routes = append(routes, r)
		}
		if l := edgeLooks[e.Style].Label; !slices.Contains(labels[r], l) {
			labels[r] = append(labels[r], l)
		}
	}
	for _, r := range routes {
		r.from.Badges = append(r.from.Badges, strings.Join(labels[r], ", ")+" → "+r.to.Name)
	}
	for _, r := range routes {
		slices.Sort(r.from.Badges)
	}
	if len(routes) > 0 {
		b.d.Legend.Notes = append(b.d.Legend.Notes,
			"A failure destination shared by several components is named on each of them (on failure → NAME) instead of drawn.")
	}
}

// wrapServices is the number of services from which the all view wraps
// them into rows. Edges between services rank one after the other, and a
// chain of services through a shared topic or queue puts every service
// beside the last: eight services drew 4,300 pt wide and 620 pt tall, text
// unreadable once shrunk to a screen.
const wrapServices = 5

// wrapRows decides whether the diagram's services wrap into rows, and
// which row and column each takes. Services keep their sorted order,
// filling rows left to right; √n services a row make the grid about as
// wide as it is tall, a service being a few ranks wide and a few
// components tall.
func wrapRows(d *Diagram) {
	if d.View.Kind != ViewAll || d.Direction != "LR" || len(d.Clusters) < wrapServices {
		return
	}
	perRow := int(math.Ceil(math.Sqrt(float64(len(d.Clusters)))))
	d.Rows = (len(d.Clusters) + perRow - 1) / perRow
	for i, c := range d.Clusters {
		c.Row, c.Column = i/perRow, i%perRow
	}
}

// serviceRanks is the longest-path rank of every node over the edges
// inside services (hidden ones included: the layout follows them), cycles
// broken where a depth-first walk in the diagram's order meets them.
func serviceRanks(d *Diagram) map[*Node]int {
	out := map[*Node][]*Node{}
	for _, e := range d.Edges {
		if e.From.Cluster != nil && e.From.Cluster == e.To.Cluster {
			out[e.From] = append(out[e.From], e.To)
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[*Node]int{}
	var order []*Node
	var visit func(n *Node)
	visit = func(n *Node) {
		state[n] = active
		for _, m := range out[n] {
			if state[m] == unseen {
				visit(m)
			}
		}
		state[n] = done
		order = append(order, n)
	}
	for _, n := range d.Nodes {
		if state[n] == unseen {
			visit(n)
		}
	}
	slices.Reverse(order) // a topological order of the graph without its back edges
	pos := map[*Node]int{}
	for i, n := range order {
		pos[n] = i
	}
	rank := map[*Node]int{}
	for _, n := range order {
		for _, m := range out[n] {
			if pos[m] > pos[n] {
				rank[m] = max(rank[m], rank[n]+1)
			}
		}
	}
	return rank
}

// clusterEnds are a cluster's first and last node in the flow: the chain
// that orders the services of a row runs from one's last to the next's
// first.
func clusterEnds(c *Cluster, rank map[*Node]int) (first, last *Node) {
	for _, n := range c.Nodes {
		if first == nil || rank[n] < rank[first] {
			first = n
		}
		if last == nil || rank[n] > rank[last] {
			last = n
		}
	}
	return first, last
}
