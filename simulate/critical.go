package simulate

import (
	"cmp"
	"context"
	"errors"
	"math"

	"github.com/archiehq/archie/schema"
)

// Path is a workload's slowest path: the chain of hops an arrival's
// end-to-end latency is made of, from the workload's entry along the
// slowest branch at every fork.
type Path struct {
	Workload string `json:"workload"`
	Entry    string `json:"entry"`
	Route    string `json:"route,omitempty"`
	Sync     bool   `json:"sync"` // the latency is a response; else the completion of all work
	Mode     string `json:"mode"` // the model the figures come from: ModeAnalytic
	// Latency is the end-to-end latency of the arrivals, as `archie
	// simulate --mode analytic` reports it for the entry.
	Latency Latency `json:"latency_ms"`
	Hops    []Hop   `json:"hops"`
}

// Hop is one component of a slowest path and the edge that led to it.
//
// P99Ms and MeanMs are the time spent from here on: from the moment work
// reaches this component (a sync call starts, a message or event is
// delivered to it) until the part of the arrival it accounts for is over:
// for a sync hop its response (own work and every sync call in turn), for
// an asynchronous hop the completion of all the work it causes. The first
// hop's figures are the end-to-end latency (with a single route or
// consumer on the way).
//
// SelfP99Ms and SelfMeanMs are what the hop adds to the path: its figure
// minus the next hop's. That is its own work plus what it waits for off
// the path (a queue's wait, sync calls to other components, siblings that
// sometimes finish later). The means add up to the end-to-end mean; the
// p99 shares add up to the end-to-end p99 (a share of the p99, not a
// percentile of the hop's own time).
type Hop struct {
	Component string       `json:"component"`
	From      string       `json:"from,omitempty"`     // the previous hop; "" for the first
	Relation  string       `json:"relation,omitempty"` // the edge taken: calls, trigger, emits, writes
	Mode      string       `json:"mode,omitempty"`     // sync, async, poll, stream, write
	Edge      *schema.Edge `json:"-"`                  // the model's edge; nil for the first hop

	P99Ms      float64 `json:"p99_ms"`
	MeanMs     float64 `json:"mean_ms"`
	SelfP99Ms  float64 `json:"self_p99_ms"`
	SelfMeanMs float64 `json:"self_mean_ms"`
}

// CriticalPath finds the slowest path of the named workload through a
// valid architecture. Its figures come from the analytic model, the one
// that keeps each hop's distribution of remaining time: the simulation
// runs in closed form, so the result does not depend on a seed and equals
// what `archie simulate --mode analytic` reports end to end.
//
// At a fork the path takes the branch with the highest p99 (then the
// highest mean, then the first in declaration order): the slowest callee
// of a sync hop, the slowest subscriber of a topic, bus or bucket, the
// slowest consumer of a queue or stream. An asynchronous hop continues
// through the work it hands on (emits, bucket notifications, change
// streams) when there is any, since that ends last; its own sync calls
// count as its own time.
func CriticalPath(ctx context.Context, arch *schema.Architecture, workload string) (*Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if workload == "" {
		return nil, errors.New("name the workload whose slowest path to find")
	}
	ws, err := Workloads(arch, workload)
	if err != nil {
		return nil, err
	}
	w := ws[0]
	if w.Entry == nil {
		return nil, errors.New("workload " + w.Name + " has no entry")
	}
	m := compile(arch)
	a := newAnalysis(m, w)
	entry := m.byC[w.Entry]
	p := &Path{Workload: w.Name, Entry: entry.addr, Route: w.Route, Sync: entryIsSync(entry), Mode: ModeAnalytic}
	// latencyGrid sets the grid's resolution and fills the memoised
	// distributions every hop below is read from.
	total := a.latencyGrid(entry, p.Sync)
	limit := math.Inf(1)
	if entry.kind == schema.KindAPI {
		limit = entry.timeout
	}
	q := func(g *grid, p float64) float64 { return ms(math.Min(limit, g.quantile(p))) }
	p.Latency = Latency{Mean: ms(math.Min(limit, total.mean())), P50: q(total, 0.5), P95: q(total, 0.95),
		P99: q(total, 0.99), Max: q(total, 1-1e-6)}

	c := &critical{a: a, w: w, seen: map[int]bool{}}
	c.walk(entry, nil, nil, p.Sync, true)
	for i := range c.hops {
		h := &c.hops[i]
		g := c.grids[i]
		h.P99Ms, h.MeanMs = q(g, 0.99), ms(math.Min(limit, g.mean()))
	}
	for i := range c.hops {
		h := &c.hops[i]
		h.SelfP99Ms, h.SelfMeanMs = h.P99Ms, h.MeanMs
		if i+1 < len(c.hops) {
			n := c.hops[i+1]
			h.SelfP99Ms = math.Max(0, round(h.P99Ms-n.P99Ms, 3))
			h.SelfMeanMs = math.Max(0, round(h.MeanMs-n.MeanMs, 3))
		}
	}
	p.Hops = c.hops
	return p, nil
}

// critical walks the analytic model's distributions along the slowest
// branch.
type critical struct {
	a     *analysis
	w     *schema.Workload
	hops  []Hop
	grids []*grid
	seen  map[int]bool // nodes already on the path: a cycle ends it
}

// branch is one way on from a hop: the node, the edge to it, whether it
// is reached synchronously, and the distribution of its time from there on.
type branch struct {
	to   *node
	edge *schema.Edge
	sync bool
	g    *grid
}

// walk appends n as a hop reached over edge e from prev, then follows
// the slowest branch.
func (c *critical) walk(n, prev *node, e *schema.Edge, sync, first bool) {
	a := c.a
	var g *grid
	var next []branch
	switch {
	case n.kind == schema.KindAPI:
		routes := n.routes
		if first {
			routes = entryRoutes(n, c.w.Route)
		}
		for _, r := range routes {
			next = append(next, branch{r.target, edgeBetween(n, r.target, schema.RelTrigger), true, nil})
		}
		// A request takes one route: the api's time is the mix of its
		// routes'.
		g = a.routesResp(routes)
		if !sync {
			// An api reached asynchronously forwards to its routes'
			// targets, whose work then runs asynchronously.
			for i := range next {
				next[i].sync = false
				next[i].g = c.branchGrid(next[i])
			}
		}
	case n.kind.IsCompute() || n.kind == schema.KindExternal:
		if sync {
			g = a.resp(n, 0)
		} else {
			g = a.compl(n, 0)
			for _, t := range a.children(n) {
				rel := schema.RelEmits
				if t.kind == schema.KindBucket || t.kind == schema.KindDatabase {
					rel = schema.RelWrites
				}
				next = append(next, branch{t, edgeBetween(n, t, rel), false, nil})
			}
		}
		if len(next) == 0 {
			for _, t := range n.calls {
				next = append(next, branch{t, edgeBetween(n, t, schema.RelCalls), true, nil})
			}
		}
	case sync:
		// A sync caller stops waiting once a queue, stream, topic, bus or
		// store has taken the message: the response ends here.
		g = atZero(a.dt)
	case n.kind == schema.KindQueue || n.kind == schema.KindStream || n.kind == schema.KindDatabase:
		g = a.delivered(n, 0)
		for _, k := range n.consumers {
			next = append(next, branch{k.target, edgeBetween(n, k.target, schema.RelTrigger), false, nil})
		}
		for _, s := range n.kinesis {
			next = append(next, branch{s, edgeBetween(n, s, schema.RelTrigger), false, nil})
		}
	case n.kind == schema.KindFirehose:
		// The wait in its buffers and its processor are the delivery
		// stream's hop; its destinations are its branches.
		g = a.delivered(n, 0)
		for _, d := range n.fhWrites {
			next = append(next, branch{d, edgeBetween(n, d, schema.RelWrites), false, nil})
		}
		for _, x := range n.fhCalls {
			next = append(next, branch{x, edgeBetween(n, x, schema.RelCalls), true, nil})
		}
	case n.kind == schema.KindTopic || n.kind == schema.KindBus || n.kind == schema.KindBucket:
		g = a.delivered(n, 0)
		for _, s := range n.subscribers {
			next = append(next, branch{s, edgeBetween(n, s, schema.RelTrigger), false, nil})
		}
	default:
		g = atZero(a.dt)
	}
	h := Hop{Component: n.addr, Edge: e}
	if prev != nil {
		h.From = prev.addr
		if e != nil {
			h.Relation, h.Mode = string(e.Relation), string(e.Mode)
		}
	}
	c.seen[n.idx] = true
	var best *branch
	for i := range next {
		b := &next[i]
		if c.seen[b.to.idx] {
			continue
		}
		if b.g == nil {
			b.g = c.branchGrid(*b)
		}
		if n.kind == schema.KindQueue || n.kind == schema.KindStream || n.kind == schema.KindDatabase {
			// The wait in the queue is the queue's hop: compare the
			// consumers by wait plus completion.
			k := slicesIndex(n.consumers, b.to)
			if k >= 0 {
				b.g = conv(a.waitGrid(n, k), b.g)
			}
		}
		if best == nil || slower(b.g, best.g) {
			best = b
		}
	}
	if best != nil && n.kind == schema.KindQueue && len(n.consumers) > 1 {
		// Consumers share a queue's messages: the path is one
		// consumer's, and the queue's time is that consumer's.
		g = best.g
	}
	c.hops = append(c.hops, h)
	c.grids = append(c.grids, g)
	if best == nil {
		return
	}
	c.walk(best.to, n, best.edge, best.sync, false)
}

// branchGrid is a branch's time from its start: a sync call's response,
// an asynchronous delivery's completion.
func (c *critical) branchGrid(b branch) *grid {
	if b.sync {
		return c.a.resp(b.to, 0)
	}
	return c.a.delivered(b.to, 0)
}

// slower orders branches by p99, then mean.
func slower(x, y *grid) bool {
	if d := cmp.Compare(x.quantile(0.99), y.quantile(0.99)); d != 0 {
		return d > 0
	}
	return x.mean() > y.mean()
}

func slicesIndex(ks []*consumer, target *node) int {
	for i, k := range ks {
		if k.target == target {
			return i
		}
	}
	return -1
}

// edgeBetween is the model's edge from one node to another, preferring
// the relation the path takes.
func edgeBetween(from, to *node, rel schema.Relation) *schema.Edge {
	var other *schema.Edge
	for _, e := range from.c.Out {
		if e.To != to.c {
			continue
		}
		if e.Relation == rel {
			return e
		}
		if other == nil {
			other = e
		}
	}
	return other
}
