package schema

import "slices"

// Component returns the component with the given address ("queue.orders"),
// or nil.
func (a *Architecture) Component(address string) *Component { return a.byAddress[address] }

// Service returns the named service, or nil.
func (a *Architecture) Service(name string) *Service { return a.services[name] }

// Outgoing returns the edges leaving c in any of the given modes (all edges
// when none is given).
func (c *Component) Outgoing(modes ...Mode) []*Edge { return filterEdges(c.Out, modes) }

// Incoming returns the edges arriving at c in any of the given modes.
func (c *Component) Incoming(modes ...Mode) []*Edge { return filterEdges(c.In, modes) }

func filterEdges(edges []*Edge, modes []Mode) []*Edge {
	if len(modes) == 0 {
		return edges
	}
	var out []*Edge
	for _, e := range edges {
		if slices.Contains(modes, e.Mode) {
			out = append(out, e)
		}
	}
	return out
}

// Successors are the distinct components c reaches in the given modes.
func (c *Component) Successors(modes ...Mode) []*Component {
	return distinct(c.Outgoing(modes...), func(e *Edge) *Component { return e.To })
}

// Predecessors are the distinct components that reach c in the given modes.
func (c *Component) Predecessors(modes ...Mode) []*Component {
	return distinct(c.Incoming(modes...), func(e *Edge) *Component { return e.From })
}

func distinct(edges []*Edge, end func(*Edge) *Component) []*Component {
	var out []*Component
	for _, e := range edges {
		if c := end(e); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// Callees are the components c waits on: its calls, and for an api the
// targets of its routes.
func (c *Component) Callees() []*Component { return c.Successors(ModeSync) }

// Callers are the components waiting on c.
func (c *Component) Callers() []*Component { return c.Predecessors(ModeSync) }

// IsDelivery reports whether the edge delivers work to its target (a call,
// an emit, or a trigger), as opposed to data access or failure routing.
func (e *Edge) IsDelivery() bool {
	return (e.Relation == RelCalls || e.Relation == RelEmits || e.Relation == RelTrigger) && !e.IsDataAccess()
}

// IsDataAccess reports whether the edge reads or writes data: reads,
// writes, and an api's trigger on a database or a bucket (a direct
// integration that reads or writes it), whose mode is read or write.
func (e *Edge) IsDataAccess() bool { return e.Mode == ModeRead || e.Mode == ModeWrite }

// InvokedAsync reports whether c is invoked asynchronously: by an
// asynchronous trigger (topic, bucket, bus, schedule and other async named
// sources) or by another component's emits.
func (c *Component) InvokedAsync() bool {
	return len(c.AsyncInvocations()) > 0 || c.hasAsyncNamedTrigger()
}

// AsyncInvocations are the edges that invoke c asynchronously. The
// invocations of a durable function are checkpointed steps whose failures
// return to it, not events Lambda retries and discards: they are left out.
func (c *Component) AsyncInvocations() []*Edge {
	var out []*Edge
	for _, e := range c.In {
		if e.Relation == RelEmits && e.From.Kind == KindFunction && e.From.Bool(AttrDurable) {
			continue
		}
		if e.Mode == ModeAsync && (e.Relation == RelEmits || e.Relation == RelTrigger) {
			out = append(out, e)
		}
	}
	return out
}

func (c *Component) hasAsyncNamedTrigger() bool {
	for _, t := range c.Triggers {
		if t.Source == nil && t.Mode == ModeAsync {
			return true
		}
	}
	return false
}

// IsConsumed reports whether anything takes work out of c: a trigger whose
// source is c, or (for a topic, bus or stream) any delivery leaving it.
func (c *Component) IsConsumed() bool {
	for _, e := range c.Out {
		if e.Relation == RelTrigger && !e.IsDataAccess() {
			return true
		}
	}
	return false
}

// Buffers reports whether c answers whoever sends it work as soon as it
// holds the work, and acts on it later, from a buffer: a firehose answers
// PutRecord once it has the records, then invokes its transforming
// function and its endpoints. A synchronous path ends at such a component,
// and none continues through the edges leaving it.
func (c *Component) Buffers() bool { return c.Kind == KindFirehose }

// IsElastic reports whether c scales with its load without a limit of its
// own. Non-elastic: relational and other connection-bound engines,
// provisioned databases, containers that do not scale out (max_tasks equal
// to tasks) or cap concurrent requests, and externals with a concurrency or
// rate limit. Functions, apis, queues, topics, streams, buses, buckets and
// on-demand DynamoDB are elastic; a function's reserved concurrency is the
// subject of other rules (trigger-above-reserved).
func (c *Component) IsElastic() bool {
	switch c.Kind {
	case KindDatabase:
		if c.Str(AttrEngine) != "dynamodb" {
			return false
		}
		return c.Str(AttrCapacity) != "provisioned"
	case KindContainer:
		tasks, _ := c.Num(AttrTasks)
		maxTasks, _ := c.Num(AttrMaxTasks)
		return maxTasks > tasks && !c.IsSet(AttrConcurrency)
	case KindExternal:
		return !c.IsSet(AttrMaxConcurrency) && !c.IsSet(AttrRateLimit)
	}
	return true
}

// Writers are the components that write c: compute, a firehose
// delivering to it, and apis with a direct integration.
func (c *Component) Writers() []*Component { return c.Predecessors(ModeWrite) }

// Readers are the components that read c: compute, and apis with a
// direct integration.
func (c *Component) Readers() []*Component { return c.Predecessors(ModeRead) }

// SyncEntries are the components where synchronous work enters: apis, and
// compute triggered by a synchronous named source (cognito, alexa, ...).
func (a *Architecture) SyncEntries() []*Component {
	var out []*Component
	for _, c := range a.Components {
		if c.Kind == KindAPI {
			out = append(out, c)
			continue
		}
		for _, t := range c.Triggers {
			if t.Source == nil && t.Mode == ModeSync {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// SyncPaths finds longest synchronous paths. One finder shares its
// memory across start points, so finding the paths from every entry costs
// time linear in the size of an acyclic call graph.
type SyncPaths struct {
	memo   map[*Component][]*Component
	onPath map[*Component]bool
}

// NewSyncPaths returns a path finder for the architecture's sync edges.
func NewSyncPaths() *SyncPaths {
	return &SyncPaths{memo: map[*Component][]*Component{}, onPath: map[*Component]bool{}}
}

// Longest returns the longest synchronous path (calls, api routes, a
// state machine's steps) that starts at from, counted in compute
// components. A path never visits a component twice; cycles are found by
// Cycles. A path that reaches a firehose ends there: the firehose answers
// PutRecord once it has the records and delivers them later, so what it
// calls is not awaited by its producer.
func (s *SyncPaths) Longest(from *Component) []*Component {
	if p, ok := s.memo[from]; ok {
		return p
	}
	s.onPath[from] = true
	var best []*Component
	bestHops := -1
	for _, e := range from.Out {
		if e.Mode != ModeSync || s.onPath[e.To] || from.Buffers() {
			continue
		}
		tail := s.Longest(e.To)
		if h := ComputeHops(tail); h > bestHops {
			best, bestHops = tail, h
		}
	}
	s.onPath[from] = false
	path := make([]*Component, 0, len(best)+1)
	path = append(append(path, from), best...)
	s.memo[from] = path
	return path
}

// ComputeHops counts the compute components on a path.
func ComputeHops(path []*Component) int {
	n := 0
	for _, c := range path {
		if c.Kind.IsCompute() {
			n++
		}
	}
	return n
}

// Cycles returns the strongly connected components of the subgraph of the
// edges keep accepts that contain a cycle (two or more components, or one
// with an edge to itself), each sorted, in a stable order. Tarjan's
// algorithm, iterative, linear in the graph.
func (a *Architecture) Cycles(keep func(*Edge) bool) [][]*Component {
	index := map[*Component]int{}
	low := map[*Component]int{}
	onStack := map[*Component]bool{}
	var stack []*Component
	var out [][]*Component
	next := 0

	type frame struct {
		c *Component
		i int
	}
	for _, root := range a.Components {
		if _, seen := index[root]; seen {
			continue
		}
		work := []frame{{c: root}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			if f.i < len(f.c.Out) {
				e := f.c.Out[f.i]
				f.i++
				if !keep(e) {
					continue
				}
				w := e.To
				if _, seen := index[w]; !seen {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					work = append(work, frame{c: w})
				} else if onStack[w] && index[w] < low[f.c] {
					low[f.c] = index[w]
				}
				continue
			}
			c := f.c
			work = work[:len(work)-1]
			if len(work) > 0 {
				parent := work[len(work)-1].c
				if low[c] < low[parent] {
					low[parent] = low[c]
				}
			}
			if low[c] != index[c] {
				continue
			}
			var scc []*Component
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				scc = append(scc, w)
				if w == c {
					break
				}
			}
			if len(scc) > 1 || selfLoop(c, keep) {
				sortComponents(scc)
				out = append(out, scc)
			}
		}
	}
	slicesSortCycles(out)
	return out
}

func selfLoop(c *Component, keep func(*Edge) bool) bool {
	for _, e := range c.Out {
		if e.To == c && keep(e) {
			return true
		}
	}
	return false
}

func slicesSortCycles(cs [][]*Component) {
	slices.SortStableFunc(cs, func(x, y []*Component) int {
		if lessComponent(x[0], y[0]) {
			return -1
		}
		if lessComponent(y[0], x[0]) {
			return 1
		}
		return 0
	})
}

// CyclePath orders the members of a cycle along edges keep accepts,
// starting from the first member, so messages can show it as a path.
func CyclePath(members []*Component, keep func(*Edge) bool) []*Component {
	in := map[*Component]bool{}
	for _, m := range members {
		in[m] = true
	}
	start := members[0]
	// Breadth-first search back to start within the cycle's members.
	prev := map[*Component]*Component{}
	queue := []*Component{start}
	visited := map[*Component]bool{start: true}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, e := range c.Out {
			if !keep(e) || !in[e.To] {
				continue
			}
			if e.To == start {
				path := []*Component{start}
				for x := c; x != start; x = prev[x] {
					path = append(path, nil)
					copy(path[2:], path[1:])
					path[1] = x
				}
				return append(path, start)
			}
			if !visited[e.To] {
				visited[e.To] = true
				prev[e.To] = c
				queue = append(queue, e.To)
			}
		}
	}
	return append(slices.Clone(members), start)
}
