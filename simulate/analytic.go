package simulate

import (
	"fmt"
	"math"

	"github.com/archiehq/archie/schema"
)

// segment is a stretch of the window at one arrival rate.
type segment struct {
	start, length, rate float64
}

// segments splits a workload's window into stretches of constant rate.
func segments(w *schema.Workload) []segment {
	T := w.Duration.Seconds()
	cuts := []float64{0, T}
	for _, b := range w.Bursts {
		cuts = append(cuts, math.Min(T, b.At.Seconds()), math.Min(T, (b.At+b.For).Seconds()))
	}
	sortFloats(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		if b-a <= 1e-12 {
			continue
		}
		r := w.Rate
		mid := (a + b) / 2
		for _, bu := range w.Bursts {
			if mid >= bu.At.Seconds() && mid < (bu.At+bu.For).Seconds() {
				r = bu.Rate
			}
		}
		out = append(out, segment{a, b - a, r})
	}
	return out
}

// settling splits the stretch after each fall in the rate (the end of a
// burst) into pieces of 1, 2, 4 and 8 minutes and the rest: the backlog
// a burst leaves, and the retries of its failures 1 and 2 minutes later,
// load the first minutes after it, not the whole stretch evenly.
func settling(segs []segment) []segment {
	var out []segment
	for i, s := range segs {
		if i == 0 || segs[i-1].rate <= s.rate {
			out = append(out, s)
			continue
		}
		start, left := s.start, s.length
		for _, piece := range []float64{60, 120, 240, 480} {
			if left <= piece*1.5 {
				break
			}
			out = append(out, segment{start, piece, s.rate})
			start += piece
			left -= piece
		}
		out = append(out, segment{start, left, s.rate})
	}
	return out
}

// limitPasses bounds the passes of the limits' fixed point.
var limitPasses = 30

// analysis holds the analytic model of one workload.
type analysis struct {
	m    *model
	w    *schema.Workload
	f    *flow   // at the base rate
	segF []*flow // per segment, at its rate, with what the limits admit
	segs []segment
	T    float64
	// per node
	thrFrac [][]float64 // Erlang B share throttled, per segment; for an asynchronously invoked function, the share of events that expire
	rampThr []float64   // requests throttled while scaling up
	// asyncB is, per segment, the probability that an attempt of an
	// asynchronously invoked function is throttled (and retried later);
	// nil for other nodes.
	asyncB   [][]float64
	coldEnvs []float64
	// fluidW caches, per asynchronously invoked function, the throttle
	// waits of its backlog (throttleFluid); reset with asyncB.
	fluidW map[int]*fluidWaits
	// pTail is, per asynchronously invoked function, the failure
	// probability of its retries after the window (-1: not known yet).
	pTail []float64
	// grids
	dt      float64
	respG   map[int]*grid
	complG  map[int]*grid
	delivG  map[int]*grid
	fixed   map[int]bool       // fixedTime's answers
	moments map[int][2]float64 // mean and variance of each response, for scv
	busy    map[int]bool
	waits   map[[2]int]*grid
	arrived float64
	hist    *Histogram
}

// newAnalysis prepares the analytic model of a workload: the offered
// flow at the base rate, and per segment of the window the flow that the
// limits let through, with their throttles.
func newAnalysis(m *model, w *schema.Workload) *analysis {
	a := &analysis{m: m, w: w, f: newFlow(m, w, w.Rate), segs: settling(segments(w)), T: w.Duration.Seconds()}
	for _, s := range a.segs {
		a.arrived += s.rate * s.length
	}
	a.limits()
	return a
}

// limits propagates the throttles in topological order: each segment's
// flow is recomputed with the share every limit admits, so a component
// downstream of a limit sees only what it let through, a throttled sync
// call fails its caller (retries, failures and dead letters follow), and
// an expired asynchronous event goes to on_failure. A limit's own load
// depends on the limits upstream, so the passes repeat until the shares
// settle (one pass per limit in series; at most limitPasses, damped when
// asynchronous retries are placed in time, see retryShifts).
func (a *analysis) limits() {
	a.segF = make([]*flow, len(a.segs))
	for si, s := range a.segs {
		a.segF[si] = newAdmittedFlow(a.m, a.w, s.rate, nil, nil, nil)
	}
	var prev [][]float64
	var prevShifts []*retryShift
	for range limitPasses {
		a.throttling()
		adm := a.admits()
		shifts := a.retryShifts()
		settled := prev != nil && sameShifts(shifts, prevShifts)
		prevShifts = shifts
		for si, s := range a.segs {
			for i := range adm[si] {
				if prev == nil || math.Abs(adm[si][i]-prev[si][i]) > 1e-6 {
					settled = false
				}
				if prev != nil && shifts[si] != nil {
					// Damped: retries placed in time make the load on a
					// limit depend on its own past refusals, which
					// oscillates undamped.
					adm[si][i] = (adm[si][i] + prev[si][i]) / 2
				}
			}
			lost := make([]float64, len(a.m.nodes))
			for i := range lost {
				if a.asyncB[i] != nil {
					lost[i] = a.thrFrac[i][si]
				}
			}
			a.segF[si] = newAdmittedFlow(a.m, a.w, s.rate, adm[si], lost, shifts[si])
		}
		if settled {
			break
		}
		prev = adm
	}
	a.throttling()
}

// sameShifts reports whether two placements of the retries agree to
// 1e-6.
func sameShifts(a, b []*retryShift) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if (a[i] == nil) != (b[i] == nil) {
			return false
		}
		if a[i] == nil {
			continue
		}
		for j := range a[i].attempts {
			if math.Abs(a[i].attempts[j]-b[i].attempts[j]) > 1e-6 || math.Abs(a[i].fail[j]-b[i].fail[j]) > 1e-6 {
				return false
			}
		}
	}
	return true
}

// admits is, per segment, the share of each node's invocations its
// limit admits: what Erlang B, a rate limit or the expiry of asynchronous
// events leaves, or for a consumer what its pollers can take (the rest
// stays in its queue). An asynchronously invoked function over its limit
// holds the events it cannot take for retry and runs them when it has
// room again, in later segments (a share above 1).
func (a *analysis) admits() [][]float64 {
	out := make([][]float64, len(a.segs))
	for si := range a.segs {
		out[si] = make([]float64, len(a.m.nodes))
	}
	for i, n := range a.m.nodes {
		var carry float64 // attempts held for retry
		for si, seg := range a.segs {
			s := a.segResp(n, si)
			ad := 1 - a.thrFrac[i][si]
			off := a.segF[si].offered[i]
			switch {
			case n.pollOnly:
				// The pollers take what they can; the rest waits in the
				// queue and is taken when they have room again.
				ad = 1
				capa, in := a.pollerMessages(n, si)
				if s <= 0 || in <= 0 {
					break
				}
				room := (capa - in) * seg.length
				if room < 0 {
					carry -= room
					ad = capa / in
				} else {
					take := math.Min(carry, room)
					carry -= take
					ad = 1 + take/(in*seg.length)
				}
			case a.asyncB[i] != nil && s > 0 && off > 0:
				c := a.m.accountPool
				if !n.pooled {
					c = n.limit
				}
				room := (float64(c)/s - off) * seg.length
				if room < 0 {
					carry -= room
					ad *= float64(c) / s / off
				} else {
					take := math.Min(carry, room)
					carry -= take
					ad *= 1 + take/(off*seg.length)
				}
			}
			out[si][i] = ad
		}
	}
	return out
}

// avg is a flow figure per arrival, averaged over the window's segments.
func (a *analysis) avg(x func(f *flow) float64) float64 {
	if a.arrived <= 0 {
		return 0
	}
	var sum float64
	for si, s := range a.segs {
		sum += x(a.segF[si]) * s.length
	}
	return sum / a.arrived
}

func analyze(m *model, w *schema.Workload, opt Options) *WorkloadResult {
	a := newAnalysis(m, w)
	res := &WorkloadResult{Name: w.Name, Entry: a.f.m.byC[w.Entry].addr, Rate: w.Rate, Arrivals: math.Round(a.arrived), SimulatedS: a.T}
	res.Entries = []EntryResult{a.entry()}
	res.Latency = a.hist
	res.Components = a.components()
	res.Queues, res.Notes = a.queues()
	res.Edges = edgesOf(m, a.f)
	usage := a.usage()
	res.Notes = append(res.Notes, billBacklog(m, res, m.byC[w.Entry], usage)...)
	res.Cost = priceUsage(m, usage, w.Monthly, opt.Prices, w.Payload)
	res.Notes = append(res.Notes, distNotes(m, a.f)...)
	res.Notes = append(res.Notes, fhNotes(m, a.f, w)...)
	if m.depthLimit < maxDepth {
		res.Notes = append(res.Notes, fmt.Sprintf("work is followed %d hops per arrival: the graph has a branching cycle that would carry work forever, so the figures of its members are lower bounds", m.depthLimit))
	}
	return res
}

// perArrival scales a base-rate flow figure to one arrival.
func (a *analysis) perArrival(x float64) float64 {
	if a.w.Rate <= 0 {
		return 0
	}
	return x / a.w.Rate
}

// offered is a node's offered load in erlangs in a segment; a consumer's
// is capped by its pollers' concurrency.
func (a *analysis) offered(n *node, si int) float64 {
	return math.Min(a.segF[si].offered[n.idx]*a.segResp(n, si), a.pollerSlots(n))
}

// segResp is n's mean response in a segment: a call refused by its
// callee's limit returns at once, so a limit downstream shortens it.
func (a *analysis) segResp(n *node, si int) float64 {
	return a.segF[si].meanResp(n, 0)
}

// meanRespAvg is n's mean response over the window, weighted by its
// invocations in each segment.
func (a *analysis) meanRespAvg(n *node) float64 {
	var sum, k float64
	for si, s := range a.segs {
		w := a.segF[si].inv[n.idx] * s.length
		sum += w * a.segResp(n, si)
		k += w
	}
	if k <= 0 {
		return a.f.meanResp(n, 0)
	}
	return sum / k
}

// invRate is a node's invocation attempts per second in a segment: for a
// consumer, at most its pollers' concurrency over the batch time.
func (a *analysis) invRate(n *node, si int) float64 {
	r := a.segF[si].offered[n.idx]
	if n.pollOnly {
		return a.segF[si].inv[n.idx] // the pollers' pace, backlog included
	}
	if s := a.segResp(n, si); s > 0 {
		r = math.Min(r, a.pollerSlots(n)/s)
	}
	return r
}

// pollerSlots is the most batches the event source mappings feeding n
// run at once; +Inf unless n is invoked only by pollers.
func (a *analysis) pollerSlots(n *node) float64 {
	if !isConsumer(n) {
		return math.Inf(1)
	}
	var slots float64
	for _, src := range a.m.nodes {
		for _, c := range src.consumers {
			if c.target != n {
				continue
			}
			if src.kind == schema.KindQueue {
				slots += float64(queueSlots(a.m, c))
			} else {
				slots += float64(streamShards(a.f, src) * c.parallel)
			}
		}
	}
	return slots
}

// pollerMessages is the most messages a second the event source mappings
// feeding n can take (slots x batch size over the batch time), and the
// messages they are offered in a segment.
func (a *analysis) pollerMessages(n *node, si int) (capa, in float64) {
	s := a.f.meanResp(n, 0)
	for _, src := range a.m.nodes {
		for _, c := range src.consumers {
			if c.target != n {
				continue
			}
			slots := float64(queueSlots(a.m, c))
			if src.kind != schema.KindQueue {
				slots = float64(streamShards(a.f, src) * c.parallel)
			}
			capa += slots * float64(c.batch) / s
			in += a.segF[si].msgs[src.idx] / float64(competing(src))
		}
	}
	return capa, in
}

// isConsumer reports whether a node is invoked only by pollers, which
// never exceed their own concurrency and so are not throttled.
func isConsumer(n *node) bool {
	in := n.c.Incoming()
	if len(in) == 0 {
		return false
	}
	for _, e := range in {
		if !(e.Relation == schema.RelTrigger && (e.Mode == schema.ModePoll || e.Mode == schema.ModeStream)) {
			return false
		}
	}
	return true
}

// throttling computes, per function and segment, the share of
// invocations throttled at the concurrency limit (Erlang B over reserved
// concurrency, or over the account's unreserved pool shared by the other
// functions), and the requests lost while Lambda adds environments at
// 1,000 at once then 100 a second.
func (a *analysis) throttling() {
	n := len(a.m.nodes)
	a.thrFrac = make([][]float64, n)
	a.rampThr = make([]float64, n)
	a.coldEnvs = make([]float64, n)
	a.asyncB = make([][]float64, n)
	a.fluidW = nil
	for i := range a.thrFrac {
		a.thrFrac[i] = make([]float64, len(a.segs))
	}
	envs := make([]float64, n)
	for si, s := range a.segs {
		pool := 0.0
		for _, nd := range a.m.nodes {
			if nd.kind == schema.KindFunction && nd.pooled {
				pool += a.offered(nd, si)
			}
		}
		poolB := ErlangB(a.m.accountPool, pool)
		for _, nd := range a.m.nodes {
			if nd.kind != schema.KindFunction && nd.kind != schema.KindContainer && nd.kind != schema.KindExternal {
				continue
			}
			A := a.offered(nd, si)
			if A <= 0 || nd.pollOnly {
				if nd.kind == schema.KindFunction {
					envs[nd.idx] = math.Max(envs[nd.idx], A)
					a.coldEnvs[nd.idx] = math.Max(a.coldEnvs[nd.idx], math.Ceil(A))
				}
				continue
			}
			var b float64
			switch {
			case nd.kind == schema.KindFunction && nd.pooled:
				b = poolB
			case nd.limit >= 0:
				b = ErlangB(nd.limit, A)
			}
			if nd.kind == schema.KindExternal && nd.rateLimit > 0 {
				rate := a.segF[si].offered[nd.idx]
				b = math.Max(b, math.Max(0, 1-nd.rateLimit/rate))
			}
			a.thrFrac[nd.idx][si] = b
			if nd.kind != schema.KindFunction {
				continue
			}
			if entryAsync(nd) {
				// Lambda keeps a throttled asynchronous event and retries it:
				// the events are lost only when they outlive max_event_age.
				if a.asyncB[nd.idx] == nil {
					a.asyncB[nd.idx] = make([]float64, len(a.segs))
				}
				c := a.m.accountPool
				if !nd.pooled {
					c = nd.limit
				}
				// Over the limit, the events the limit cannot take wait in a
				// backlog (asyncBacklog); the attempts of the others see
				// the limit nearly full.
				bb := retrialBlocking(c, math.Min(A, 0.95*float64(c)))
				if nd.pooled {
					bb = math.Max(bb, poolB)
				}
				a.asyncB[nd.idx][si] = bb
				a.thrFrac[nd.idx][si] = math.Pow(bb, float64(asyncMaxThrottles(nd)+1))
			}
			// Scaling ramp: demand above the environments already there.
			limit := float64(a.m.accountPool)
			if !nd.pooled {
				limit = float64(nd.limit)
			}
			demand := math.Min(A, limit)
			gap := demand - envs[nd.idx] - scaleBurst
			if gap > 0 {
				tau := gap / scaleRate
				var lost float64 // concurrency-seconds short
				if tau <= s.length {
					lost = gap * gap / (2 * scaleRate)
				} else {
					lost = gap*s.length - scaleRate*s.length*s.length/2
				}
				a.rampThr[nd.idx] += lost / a.f.meanResp(nd, 0)
				envs[nd.idx] = math.Min(demand, envs[nd.idx]+scaleBurst+scaleRate*s.length)
			} else {
				envs[nd.idx] = math.Max(envs[nd.idx], demand)
			}
			a.coldEnvs[nd.idx] = math.Max(a.coldEnvs[nd.idx], math.Ceil(envs[nd.idx]))
		}
	}
}

// count is a per-arrival figure over the whole window.
func (a *analysis) count(perArrival float64) float64 { return perArrival * a.arrived }

// syncVisits counts the sync invocations of each node per arrival along
// the entry's sync tree, hop by hop: at each hop the visits of every path
// reaching a node are summed, so the work is the tree's edges times its
// depth, not its number of paths.
func (a *analysis) syncVisits() map[int]float64 {
	out := map[int]float64{}
	entry := a.m.byC[a.w.Entry]
	if !entryIsSync(entry) {
		return out
	}
	cur := map[int]float64{}
	depth := 0
	if entry.kind == schema.KindAPI {
		routes := entryRoutes(entry, a.w.Route)
		for _, r := range routes {
			cur[r.target.idx] += 1 / float64(len(routes))
		}
		depth = 1
	} else {
		cur[entry.idx] = 1
	}
	for ; len(cur) > 0 && depth <= a.m.depthLimit; depth++ {
		next := map[int]float64{}
		for idx, k := range cur {
			n := a.m.nodes[idx]
			if k < 1e-9 {
				continue
			}
			if n.kind == schema.KindAPI {
				for _, r := range n.routes {
					next[r.target.idx] += k / float64(len(n.routes))
				}
				continue
			}
			if !n.kind.IsCompute() && n.kind != schema.KindExternal {
				continue
			}
			out[n.idx] += k
			for _, c := range n.calls {
				next[c.idx] += k
			}
		}
		cur = next
	}
	return out
}

func (a *analysis) entry() EntryResult {
	entry := a.m.byC[a.w.Entry]
	er := EntryResult{Component: entry.addr, Route: a.w.Route, Sync: entryIsSync(entry)}
	visits := a.syncVisits()
	var throttled float64
	for si, s := range a.segs {
		arrivals := s.rate * s.length
		pass := 1.0
		if entry.kind == schema.KindAPI && entry.throttleRate > 0 && s.rate > entry.throttleRate {
			pass = entry.throttleRate / s.rate
		}
		for idx, k := range visits {
			pass *= math.Pow(1-a.thrFrac[idx][si], k)
		}
		throttled += arrivals * (1 - pass)
	}
	for idx := range visits {
		throttled += a.rampThr[idx] * math.Min(1, visits[idx])
	}
	throttled = math.Min(throttled, a.arrived)
	var target *node
	if entry.kind == schema.KindAPI {
		if rs := entryRoutes(entry, a.w.Route); len(rs) > 0 {
			target = rs[0].target
		}
	} else {
		target = entry
	}
	admitted := a.arrived - throttled
	var failed, dlq float64
	if target != nil && target.kind != schema.KindQueue && target.kind != schema.KindStream {
		failed = admitted * a.f.failProb(target, 0)
	}
	if !er.Sync {
		var dropped float64
		for i := range a.m.nodes {
			dlq += a.avg(func(f *flow) float64 { return f.dlq[i] })
			dropped += a.avg(func(f *flow) float64 { return f.dropped[i] })
		}
		dlq = math.Min(admitted, dlq*a.arrived)
		failed = math.Min(admitted-dlq, dropped*a.arrived)
	}
	if !er.Sync {
		// What is still queued at the end has not finished.
		qs, _ := a.queues()
		for _, q := range qs {
			er.InFlight += q.Backlog.Final
		}
		er.InFlight += a.fhInFlight()
		er.InFlight = math.Min(er.InFlight, admitted-dlq)
	}
	er.Throttled = math.Round(throttled)
	er.Failed = math.Round(failed)
	er.DeadLettered = math.Round(dlq)
	er.Succeeded = math.Round(math.Max(0, a.arrived-throttled-failed-dlq-er.InFlight))
	g := a.latencyGrid(entry, er.Sync)
	if g != nil {
		// A histogram of the distribution, for plots: a million arrivals.
		a.hist = NewHistogram()
		for i, p := range g.p {
			a.hist.recordN(float64(i)*g.dt, uint64(math.Round(p*1e6)))
		}
		limit := math.Inf(1)
		if entry.kind == schema.KindAPI {
			limit = entry.timeout
		}
		q := func(p float64) float64 { return ms(math.Min(limit, g.quantile(p))) }
		er.Latency = Latency{Mean: ms(math.Min(limit, g.mean())), P50: q(0.5), P95: q(0.95), P99: q(0.99), Max: q(1 - 1e-6)}
		if er.Sync {
			er.BackendP99Ms = ms(g.quantile(0.99))
		}
	}
	return er
}

// latencyGrid is the distribution of the entry's end-to-end latency:
// the response of a sync entry, the completion of all work otherwise.
func (a *analysis) latencyGrid(entry *node, sync bool) *grid {
	a.respG, a.complG, a.delivG, a.busy, a.waits = map[int]*grid{}, map[int]*grid{}, map[int]*grid{}, map[int]bool{}, map[[2]int]*grid{}
	hi := a.horizon(entry, sync)
	if hi <= 0 {
		return atZero(1e-3)
	}
	a.dt = hi * 1.05 / gridBins
	if sync && entry.kind == schema.KindAPI && a.w.Route != "" {
		// The workload's arrivals take its route only, as in the
		// discrete-event mode; an api called by a compute spreads its
		// requests over every route.
		return a.routesResp(entryRoutes(entry, a.w.Route))
	}
	if sync {
		return a.resp(entry, 0)
	}
	return a.delivered(entry, 0)
}

// routesResp is the response time of requests spread evenly over routes.
func (a *analysis) routesResp(routes []route) *grid {
	var g *grid
	for i, r := range routes {
		if g == nil {
			g = a.resp(r.target, 1)
			continue
		}
		g = mix(float64(i)/float64(i+1), g, a.resp(r.target, 1))
	}
	if g == nil {
		return atZero(a.dt)
	}
	return g
}

// horizon bounds the latency: sums of 99.99th percentiles along the
// paths, so the grid covers nearly all the mass. Each component's bound
// is computed once (a component already being computed, in a cycle,
// counts as zero), so the work is linear in the graph.
func (a *analysis) horizon(entry *node, sync bool) float64 {
	type key struct {
		idx  int
		kind uint8
	}
	const (
		kResp uint8 = iota
		kCompl
		kDeliv
	)
	memo := map[key]float64{}
	busy := map[key]bool{}
	var resp, compl, deliv func(n *node) float64
	once := func(k key, f func() float64) float64 {
		if v, ok := memo[k]; ok {
			return v
		}
		if busy[k] {
			return 0
		}
		busy[k] = true
		v := f()
		delete(busy, k)
		memo[k] = v
		return v
	}
	resp = func(n *node) float64 {
		return once(key{n.idx, kResp}, func() float64 {
			if n.kind == schema.KindAPI {
				x := 0.0
				for _, r := range n.routes {
					x = math.Max(x, resp(r.target))
				}
				return x
			}
			if !n.kind.IsCompute() && n.kind != schema.KindExternal {
				return 0
			}
			x := math.Min(n.own.Quantile(0.9999), n.timeout)
			for _, c := range n.calls {
				x += math.Ceil(a.f.calls(n)) * resp(c)
			}
			return math.Min(x, n.timeout)
		})
	}
	compl = func(n *node) float64 {
		return once(key{n.idx, kCompl}, func() float64 {
			var tail float64
			for _, t := range a.children(n) {
				tail = math.Max(tail, deliv(t))
			}
			return resp(n) + tail
		})
	}
	deliv = func(n *node) float64 {
		return once(key{n.idx, kDeliv}, func() float64 {
			switch n.kind {
			case schema.KindQueue, schema.KindStream, schema.KindDatabase:
				x := 0.0
				for k, c := range n.consumers {
					if c.forwards() {
						x = math.Max(x, a.waitHi(n, k)+deliv(c.target))
						continue
					}
					x = math.Max(x, a.waitHi(n, k)+compl(c.target))
				}
				for _, s := range n.kinesis {
					x = math.Max(x, deliv(s))
				}
				return x + n.delay
			case schema.KindTopic, schema.KindBus, schema.KindBucket:
				x := 0.0
				for _, s := range n.subscribers {
					x = math.Max(x, deliv(s))
				}
				return x
			case schema.KindAPI:
				return resp(n)
			case schema.KindFirehose:
				x := 0.0
				for _, d := range n.fhWrites {
					x = math.Max(x, deliv(d))
				}
				for _, c := range n.fhCalls {
					x = math.Max(x, resp(c))
				}
				return a.fhWaitHi(n, resp) + x
			}
			return a.asyncWaitHi(n) + compl(n)
		})
	}
	if sync {
		return resp(entry)
	}
	return deliv(entry)
}

// children are the components an invocation of n hands work to
// asynchronously once it is done: its emits, and the notifications and
// change streams of the data it writes.
func (a *analysis) children(n *node) []*node {
	var out []*node
	out = append(out, n.emits...)
	for _, d := range n.writes {
		if (d.kind == schema.KindBucket && len(d.subscribers) > 0) || (d.kind == schema.KindDatabase && (d.hasStream && len(d.consumers) > 0 || len(d.kinesis) > 0)) {
			out = append(out, d)
		}
	}
	return out
}

// queueModel is the M/G/c model of one queue consumer: c = concurrency x
// batch message servers, each taking one message per mean batch time,
// whose variability is the batch time's.
func (a *analysis) queueModel(n *node, k int, rate float64) MGc {
	c := n.consumers[k]
	s := a.f.meanResp(c.target, 0)
	slots := queueSlots(a.m, c)
	if n.kind != schema.KindQueue {
		slots = streamShards(a.f, n) * c.parallel
	}
	lambda := a.perArrival(a.f.msgs[n.idx]) * rate / float64(competing(n))
	mu := math.Inf(1)
	if s > 0 {
		mu = 1 / s
	}
	return MGc{MMc: MMc{C: max(1, slots*c.batch), Lambda: lambda, Mu: mu}, SCV: a.scv(c.target)}
}

// scv is the squared coefficient of variation of a sync invocation's
// response time: own work and each sync call in turn, independent, so
// their means and variances add (each component's once; a call back into
// a component being summed adds nothing).
func (a *analysis) scv(n *node) float64 {
	if a.moments == nil {
		a.moments = map[int][2]float64{}
	}
	var sum func(n *node) [2]float64
	sum = func(n *node) [2]float64 {
		if m, ok := a.moments[n.idx]; ok {
			return m
		}
		a.moments[n.idx] = [2]float64{} // in progress
		m := [2]float64{n.own.Mean, n.own.Variance()}
		for _, c := range n.calls {
			x := sum(c)
			k := a.f.calls(n)
			m[0] += k * x[0]
			m[1] += k * x[1]
		}
		a.moments[n.idx] = m
		return m
	}
	m := sum(n)
	if m[0] <= 0 {
		return 1
	}
	return m[1] / (m[0] * m[0])
}

// waitHi is the 99.99th percentile of a consumer's queueing delay at the
// base rate, or the wait at the end of the window when the consumer
// cannot keep up.
func (a *analysis) waitHi(n *node, k int) float64 {
	q := a.queueModel(n, k, a.w.Rate)
	if math.IsInf(q.Mu, 1) || q.Lambda <= 0 {
		return 0
	}
	if !q.Stable() {
		capa := float64(q.C) * q.Mu
		return (q.Lambda - capa) * a.T / capa
	}
	hi := 0.0
	if c := q.Wait(); c > 1e-4 {
		hi = math.Log(c/1e-4) / q.WaitRate()
	}
	cs := n.consumers[k]
	if n.kind != schema.KindQueue {
		// A shard's records wait for the batch in flight.
		hi += math.Min(cs.target.own.Quantile(0.9999), cs.target.timeout)
	}
	return hi + cs.window
}

// waitGrid is the consumer's queueing delay: none with probability
// 1 - C, else exponential with the Allen-Cunneen mean (Erlang C's
// c mu - lambda for exponential service); uniform up to the final wait
// when the consumer cannot keep up.
func (a *analysis) waitGrid(n *node, k int) *grid {
	key := [2]int{n.idx, k}
	if g, ok := a.waits[key]; ok {
		return g
	}
	q := a.queueModel(n, k, a.w.Rate)
	cs := n.consumers[k]
	var g *grid
	lane := a.laneWait(n, k, q)
	switch {
	case math.IsInf(q.Mu, 1) || q.Lambda <= 0:
		g = atZero(a.dt)
	case lane != nil:
		g = lane
	case !q.Stable():
		g = uniformGrid(a.dt, a.waitHi(n, k))
	default:
		c := q.Wait()
		rate := q.WaitRate()
		g = fromCDF(a.dt, func(x float64) float64 { return 1 - c*math.Exp(-rate*x) })
	}
	if cs.window > 0 && q.Lambda > 0 {
		_, w := WindowBatch(a.windowRate(n, k, q), cs.batch, cs.window)
		g = conv(g, fromCDF(a.dt, windowWaitCDF(w, cs.window)))
	}
	if n.delay > 0 {
		d := n.delay
		g = conv(g, fromCDF(a.dt, func(x float64) float64 {
			if x >= d {
				return 1
			}
			return 0
		}))
	}
	a.waits[key] = g
	return g
}

// windowRate is the message rate a consumer's batching window sees: a
// queue consumer's pollers share one window, a stream's lanes (shards x
// parallelization) each have their own.
func (a *analysis) windowRate(n *node, k int, q MGc) float64 {
	if n.kind == schema.KindQueue {
		return q.Lambda
	}
	return q.Lambda / float64(max(1, streamShards(a.f, n)*n.consumers[k].parallel))
}

// laneWait is the wait of a stream record for its lane (a shard, or a
// parallelization slot of one), which runs one batch at a time, in order:
// a record that arrives while the lane is busy waits for the batch in
// flight to finish and goes in the next one. With batch times S (mean s),
// a window phase T before each batch (mean E[T] = (size - 1) / lambda,
// WindowBatch) and records at lambda a second per lane, the lane runs a
// geometric number of batches, 1 / E[e^(-lambda S)] on average, before it
// idles for 1 / lambda, so the share of time a batch is in flight is
//
//	rho = (s / phi) / ((E[T] + s) / phi + 1 / lambda),  phi = E[e^(-lambda S)]
//
// and a record waits, with probability rho, the residual of the batch in
// flight, whose distribution is the equilibrium one P(S > x) / s (mean
// E[S²] / 2s). This gated M/G/1 lane holds while a batch takes what
// waits (lambda (E[T] + s) below the batch size); beyond that, or for a
// lane that cannot keep up, the M/G/c model applies. nil: not a stream,
// or the gated model does not hold.
func (a *analysis) laneWait(n *node, k int, q MGc) *grid {
	cs := n.consumers[k]
	if n.kind == schema.KindQueue || q.Lambda <= 0 || math.IsInf(q.Mu, 1) || !q.Stable() {
		return nil
	}
	lam := a.windowRate(n, k, q)
	size, _ := WindowBatch(lam, cs.batch, cs.window)
	t := (size - 1) / lam
	S := a.resp(cs.target, 0)
	var s, phi float64
	for i, p := range S.p {
		x := float64(i) * a.dt
		s += p * x
		phi += p * math.Exp(-lam*x)
	}
	if s <= 0 || phi <= 0 || lam*(t+s) >= float64(cs.batch) {
		return nil
	}
	rho := (s / phi) / ((t+s)/phi + 1/lam)
	g := newGrid(a.dt)
	surv := 1.0
	for i, p := range S.p {
		// Equilibrium density at bin i: P(S > x) dt / s, with
		// bin i holding the mass around i dt.
		surv -= p / 2
		g.p[i] = rho * math.Max(0, surv) * a.dt / s
		surv -= p / 2
	}
	var mass float64
	for _, p := range g.p {
		mass += p
	}
	if mass > rho {
		for i := range g.p {
			g.p[i] *= rho / mass
		}
		mass = rho
	}
	g.p[0] += 1 - mass
	return g
}

// resp is the response-time distribution of a sync invocation of n: its
// own work (capped at its timeout) and each sync call in turn.
func (a *analysis) resp(n *node, depth int) *grid {
	if g, ok := a.respG[n.idx]; ok {
		return g
	}
	if depth > min(16, a.m.depthLimit) || a.busy[n.idx] {
		return atZero(a.dt)
	}
	a.busy[n.idx] = true
	defer delete(a.busy, n.idx)
	var g *grid
	switch {
	case n.kind == schema.KindAPI:
		if len(n.routes) == 0 {
			g = atZero(a.dt)
			break
		}
		g = a.resp(n.routes[0].target, depth+1)
		for i := 1; i < len(n.routes); i++ {
			g = mix(float64(i)/float64(i+1), g, a.resp(n.routes[i].target, depth+1))
		}
	case n.kind.IsCompute() || n.kind == schema.KindExternal:
		d := n.own
		timeout := n.timeout
		g = fromCDF(a.dt, func(x float64) float64 {
			if x >= timeout {
				return 1
			}
			return d.CDF(x)
		})
		for _, c := range n.calls {
			g = conv(g, convPow(a.resp(c, depth+1), a.f.calls(n)))
		}
		if len(n.calls) > 0 {
			// An invocation whose calls run past its timeout ends there.
			g = capAt(g, n.timeout)
		}
	default:
		g = atZero(a.dt)
	}
	a.respG[n.idx] = g
	return g
}

// compl is the time from the start of an invocation of n until all the
// work it causes has finished.
func (a *analysis) compl(n *node, depth int) *grid {
	if g, ok := a.complG[n.idx]; ok {
		return g
	}
	g := a.resp(n, depth)
	if depth > min(16, a.m.depthLimit) || a.busy[n.idx] {
		return g
	}
	a.busy[n.idx] = true
	defer delete(a.busy, n.idx)
	var tail *grid
	for _, t := range a.children(n) {
		d := a.delivered(t, depth+1)
		if tail == nil {
			tail = d
		} else {
			tail = maxOf(tail, d)
		}
	}
	if tail != nil {
		g = conv(g, tail)
	}
	a.complG[n.idx] = g
	return g
}

// delivered is the time from a message reaching n until all the work it
// causes has finished.
func (a *analysis) delivered(n *node, depth int) *grid {
	if g, ok := a.delivG[n.idx]; ok {
		return g
	}
	if depth > min(16, a.m.depthLimit) || a.busy[-1-n.idx] {
		return atZero(a.dt)
	}
	a.busy[-1-n.idx] = true
	defer delete(a.busy, -1-n.idx)
	g := a.deliveredOnce(n, depth)
	a.delivG[n.idx] = g
	return g
}

func (a *analysis) deliveredOnce(n *node, depth int) *grid {
	switch n.kind {
	case schema.KindQueue, schema.KindStream, schema.KindDatabase:
		var g *grid
		for k, c := range n.consumers {
			// A pipe into a bus, or a delivery stream reading the
			// stream, hands each record on: its work is the target's.
			work := a.compl(c.target, depth+1)
			if c.forwards() {
				work = a.delivered(c.target, depth+1)
			}
			d := conv(a.waitGrid(n, k), work)
			switch {
			case g == nil:
				g = d
			case n.kind == schema.KindQueue:
				g = mix(float64(k)/float64(k+1), g, d)
			default:
				g = maxOf(g, d)
			}
		}
		for _, s := range n.kinesis {
			if d := a.delivered(s, depth+1); g == nil {
				g = d
			} else {
				g = maxOf(g, d)
			}
		}
		if g == nil {
			return atZero(a.dt)
		}
		return g
	case schema.KindTopic, schema.KindBus, schema.KindBucket:
		var g *grid
		for _, s := range n.subscribers {
			d := a.delivered(s, depth+1)
			if g == nil {
				g = d
			} else {
				g = maxOf(g, d)
			}
		}
		if g == nil {
			return atZero(a.dt)
		}
		return g
	case schema.KindAPI:
		return a.resp(n, depth)
	case schema.KindFirehose:
		// The record's wait in the buffers, then the last of its
		// destinations: a bucket's or a table's consumers, an
		// endpoint's response.
		var g *grid
		for _, d := range n.fhWrites {
			if x := a.delivered(d, depth+1); g == nil {
				g = x
			} else {
				g = maxOf(g, x)
			}
		}
		for _, c := range n.fhCalls {
			if x := a.resp(c, depth+1); g == nil {
				g = x
			} else {
				g = maxOf(g, x)
			}
		}
		if g == nil {
			return a.fhWait(n, depth)
		}
		return conv(a.fhWait(n, depth), g)
	}
	if w := a.asyncWait(n); w != nil {
		return conv(w, a.compl(n, depth))
	}
	return a.compl(n, depth)
}

func (a *analysis) components() []ComponentResult {
	var out []ComponentResult
	for _, n := range a.m.nodes {
		if a.f.inv[n.idx] <= 0 {
			continue
		}
		if !(n.kind.IsCompute() || n.kind == schema.KindExternal || n.kind == schema.KindAPI) {
			continue
		}
		cr := ComponentResult{Component: n.addr}
		var inv, thr, area, peak float64
		for si, s := range a.segs {
			k := a.invRate(n, si) * s.length
			inv += k
			thr += k * a.thrFrac[n.idx][si]
			A := a.offered(n, si) * (1 - a.thrFrac[n.idx][si])
			area += A * s.length
			// the concurrency exceeded 0.1% of the time (normal
			// approximation of the Poisson number in service)
			peak = math.Max(peak, math.Min(a.pollerSlots(n), math.Ceil(A+3.09*math.Sqrt(A))))
		}
		thr += a.rampThr[n.idx]
		if bs := a.asyncB[n.idx]; bs != nil {
			// Throttled attempts are retried: the invocations are the
			// events that did not expire, the throttles every attempt
			// refused (b/(1 - b) per event; the ramp's are retried too).
			var lost, retried float64
			for si, s := range a.segs {
				k := a.invRate(n, si) * s.length
				lost += k * a.thrFrac[n.idx][si]
				if b := bs[si]; b < 1 {
					retried += k * b / (1 - b)
				}
			}
			cr.Invocations = math.Round(inv - lost)
			cr.Throttled = math.Round(retried + a.rampThr[n.idx] + a.asyncBacklog(n).throttles)
			if fl := a.throttleFluid(n); fl != nil {
				// over its limit: every refusal, from the fluid of
				// attempts (the Erlang refusals of the quiet stretches
				// included)
				cr.Throttled = math.Round(fl.throttles + a.rampThr[n.idx])
			}
			thr = lost
		}
		if n.kind == schema.KindAPI {
			entry := a.m.byC[a.w.Entry]
			thr = 0
			if n == entry && n.throttleRate > 0 {
				for _, s := range a.segs {
					if s.rate > n.throttleRate {
						thr += (s.rate - n.throttleRate) * s.length
					}
				}
			}
		}
		if a.asyncB[n.idx] == nil {
			cr.Invocations = math.Round(inv - thr)
			cr.Throttled = math.Round(thr)
		}
		cr.Errors = math.Round((inv - thr) * n.errRate)
		if n.kind.IsCompute() && len(n.calls) > 0 {
			var errs, all float64
			for si, s := range a.segs {
				k := a.invRate(n, si) * s.length
				errs += k * a.segF[si].errorProb(n)
				all += k
			}
			if all > 0 {
				cr.Errors = math.Round(cr.Invocations * errs / all)
			}
		}
		if n.kind != schema.KindAPI {
			lim := limitOf(a.m, n)
			if lim != nil {
				peak = math.Min(peak, *lim)
			}
			cr.Concurrency = Concurrency{Mean: round(area/a.T, 4), Peak: peak, Limit: lim}
			if lim != nil && *lim > 0 {
				cr.Utilisation = round(area/a.T / *lim, 4)
			}
			cr.DurationMs = ms(a.meanRespAvg(n))
		}
		if n.kind == schema.KindFunction {
			window, _ := a.coldStarts(n)
			cr.ColdStarts = math.Round(math.Max(window, math.Min(a.coldEnvs[n.idx], cr.Invocations)))
			if cr.Invocations > 0 {
				cr.ColdStartShare = round(cr.ColdStarts/cr.Invocations, 6)
			}
		}
		cr.DeadLettered = math.Round(a.count(a.avg(func(f *flow) float64 { return f.dlq[n.idx] })))
		out = append(out, cr)
	}
	return out
}

// queues: a fluid model of each queue and stream over the window's
// segments (backlog grows at arrivals minus capacity, drains at capacity
// minus arrivals), with the M/M/c queue length where it stays stable.
func (a *analysis) queues() ([]QueueResult, []string) {
	var out []QueueResult
	var notes []string
	for _, n := range a.m.nodes {
		if a.f.msgs[n.idx] <= 0 || len(n.consumers) == 0 {
			continue
		}
		if n.kind != schema.KindQueue && n.kind != schema.KindStream && n.kind != schema.KindDatabase {
			continue
		}
		capa := queueCapacity(a.m, a.f, n)
		if n.kind != schema.KindQueue {
			capa = streamCapacity(a.f, n)
		}
		per := a.perArrival(a.f.msgs[n.idx])
		qr := QueueResult{Component: n.addr}
		var backlog, peak, cumIn, peakAge float64
		type pt struct{ t, cum float64 }
		curve := []pt{{0, 0}}
		for si, s := range a.segs {
			lam := a.segF[si].msgs[n.idx]
			qr.Received += lam * s.length
			backlog = math.Max(0, backlog+(lam-capa)*s.length)
			peak = math.Max(peak, backlog)
			cumIn += lam * s.length
			curve = append(curve, pt{s.start + s.length, cumIn})
			// age of the oldest message: when the arrivals so far reached
			// what has been processed by now
			served := cumIn - backlog
			for j := 1; j < len(curve); j++ {
				if curve[j].cum >= served {
					p, q := curve[j-1], curve[j]
					t0 := p.t
					if q.cum > p.cum {
						t0 = p.t + (served-p.cum)/(q.cum-p.cum)*(q.t-p.t)
					}
					if backlog > 0 {
						peakAge = math.Max(peakAge, s.start+s.length-t0)
					}
					break
				}
			}
		}
		final := backlog
		if peak < 1 {
			// Stable throughout: the M/G/c queue length at the base rate.
			q := a.queueModel(n, 0, a.w.Rate)
			if q.Stable() && !math.IsInf(q.Mu, 1) && q.Lambda > 0 {
				rho := q.QueueRatio()
				c := q.Wait()
				if c > 1e-3 && rho > 0 {
					peak = math.Ceil(math.Log(1e-3/c) / math.Log(rho))
				}
				final = math.Round(c * rho / (1 - rho))
				peakAge = a.waitHi(n, 0)
			}
		}
		qr.Received = math.Round(qr.Received)
		qr.Backlog = Backlog{Peak: math.Round(peak), Final: math.Round(final)}
		qr.OldestAgeS = round(peakAge, 3)
		qr.DrainS = drainTime(final, capa, per*a.w.Rate)
		qr.DeadLettered = math.Round(a.count(a.avg(func(f *flow) float64 { return f.dlq[n.idx] })))
		out = append(out, qr)
		if capa <= per*a.w.Rate {
			notes = append(notes, n.addr+": consumers cannot keep up with the base rate; the backlog grows without bound")
		}
	}
	return out, notes
}

// roundUp is the expected rounding of a function's billed duration up to
// the millisecond: exact when its response time is fixed, else half a
// millisecond (the mean of ceil(X) - X for a spread much wider than 1 ms).
func (a *analysis) roundUp(n *node, resp float64) float64 {
	if !a.fixedTime(n, 0) {
		return 0.0005
	}
	ms := resp * 1000
	return (math.Ceil(ms-1e-6) - ms) / 1000
}

// fixedTime reports whether every sync invocation of n takes the same
// time: constant own work and only such calls, within the timeout.
func (a *analysis) fixedTime(n *node, depth int) bool {
	if v, ok := a.fixed[n.idx]; ok {
		return v
	}
	if depth > min(16, a.m.depthLimit) || n.own.Kind != "constant" && n.own.Mean > 0 || n.own.Mean > n.timeout {
		return false
	}
	fixed := true
	for _, c := range n.calls {
		if !a.fixedTime(c, depth+1) {
			fixed = false
			break
		}
	}
	if a.fixed == nil {
		a.fixed = map[int]bool{}
	}
	a.fixed[n.idx] = fixed
	return fixed
}

// usage is the expected billing usage per arrival.
func (a *analysis) usage() []nodeUsage {
	u := make([]nodeUsage, len(a.m.nodes))
	payload := a.w.Payload
	for _, n := range a.m.nodes {
		f := a.f
		// What the limits let through, per arrival over the window: the
		// month is billed for the window's mix of base rate and bursts.
		inv := a.avg(func(f *flow) float64 { return f.inv[n.idx] })
		msgs := a.avg(func(f *flow) float64 { return f.msgs[n.idx] })
		x := &u[n.idx]
		var ramp float64
		if a.arrived > 0 && a.asyncB[n.idx] == nil { // an async function retries the ramp's throttles
			ramp = a.rampThr[n.idx] / a.arrived
		}
		ok := math.Max(0, inv-ramp)
		var conc float64 // mean offered load over the window, erlangs
		for si, s := range a.segs {
			conc += a.offered(n, si) * s.length
		}
		if a.T > 0 {
			conc /= a.T
		}
		switch n.kind {
		case schema.KindFunction:
			resp := a.meanRespAvg(n)
			own := math.Min(n.own.MeanBelow(n.timeout), resp) + a.roundUp(n, resp)
			x.requests = ok
			x.gbs = ok * own * n.memGB
			if a.w.Monthly > 0 {
				// In steady state each environment initialises once a month.
				x.gbs += a.coldEnvs[n.idx] * n.cold * n.memGB / a.w.Monthly
			}
			if _, steady := a.coldStarts(n); a.w.Rate > 0 {
				// Environments that expired after 10 idle minutes start
				// again: their initialisation is billed.
				x.gbs += steady / a.w.Rate * n.cold * n.memGB
			}
			x.waitGBs = ok * (resp - own) * n.memGB
			if n.provisioned > 0 {
				// Invocations up to the provisioned concurrency run on it.
				A := conc
				share := 1.0
				if A > 0 {
					share = math.Min(1, float64(n.provisioned)/A)
				}
				x.provGBs = (x.gbs + x.waitGBs) * share
				x.gbs *= 1 - share
				x.waitGBs *= 1 - share
			}
		case schema.KindStateMachine:
			if n.express {
				x.requests = inv
				x.expressGBs = inv * n.memGB * math.Ceil(f.meanResp(n, 0)*10-1e-9) / 10
			} else {
				x.transitions = inv * n.transitions
			}
		case schema.KindContainer:
			x.meanConc = conc
		case schema.KindAPI:
			x.requests = inv
			if n == a.m.byC[a.w.Entry] && n.throttleRate > 0 && a.arrived > 0 {
				var passed float64
				for _, s := range a.segs {
					passed += math.Min(s.rate, n.throttleRate) * s.length
				}
				x.requests = passed / a.arrived
			}
		case schema.KindQueue:
			x.requests = msgs * chunks(payload, 64<<10)
			for k := range n.consumers {
				b := f.beff[n.idx][k]
				batches := a.avg(func(f *flow) float64 { return f.batches[n.idx][k] })
				x.requests += batches * (chunks(int64(math.Ceil(b))*payload, 64<<10) + 1)
			}
		case schema.KindTopic:
			x.requests = msgs * chunks(payload, 64<<10)
			for _, s := range n.subscribers {
				if s.kind == schema.KindExternal {
					x.http += msgs
				}
			}
		case schema.KindBus:
			// Events from a bucket (AWS service events on the default
			// bus) and from a rule of another bus of the account are not
			// billed: aws.amazon.com/eventbridge/pricing/ (read
			// 2026-12-02).
			fwd := a.avg(func(f *flow) float64 { return f.forwarded[n.idx] })
			x.requests = math.Max(0, msgs-fwd) * chunks(payload, 64<<10)
		case schema.KindFirehose:
			x.bytesIn = msgs * fhBilledBytes(payload)
		case schema.KindStream:
			x.requests = msgs * chunks(payload, 25<<10)
			x.bytesIn = msgs * float64(payload)
			x.bytesOut = msgs * float64(payload) * float64(len(n.consumers))
		case schema.KindDatabase:
			x.writeUnits = a.avg(func(f *flow) float64 { return f.writes[n.idx] }) * dynamoWriteUnits(n.itemSize)
			x.readUnits = a.avg(func(f *flow) float64 { return f.reads[n.idx] }) * dynamoReadUnits(n.itemSize, n.consistent)
		case schema.KindBucket:
			x.puts = a.avg(func(f *flow) float64 { return f.writes[n.idx] })
			x.gets = a.avg(func(f *flow) float64 { return f.reads[n.idx] })
		}
	}
	return u
}
