package simulate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/archiehq/archie/schema"
)

// Platform behaviour the engine assumes. Sources checked 2026-11.
const (
	// idleLifetime: an idle Lambda execution environment is reclaimed 10
	// minutes after its last invocation. AWS does not document it;
	// measurements since 2019 show a fixed 10-minute lifespan
	// (mikhail.io/2019/08/aws-lambda-cold-starts-after-10-minutes/).
	idleLifetime = 600.0
	// scaleBurst and scaleRate: each function can add 1,000 execution
	// environments every 10 seconds (docs.aws.amazon.com/lambda/latest/dg/
	// scaling-behavior.html). Modelled as a token bucket of 1,000 new
	// environments refilled continuously at 100 a second.
	scaleBurst = 1000.0
	scaleRate  = 100.0
	// esmStart and esmStep: an SQS event source mapping starts with five
	// concurrent batches and adds up to 300 a minute while messages wait
	// (docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
	esmStart = 5.0
	esmStep  = 5.0
	// esmIdleReset: after a minute with nothing to do, the mapping is back
	// to its starting concurrency.
	esmIdleReset = 60.0
	// Asynchronous invocations: throttles are retried with a backoff from
	// 1 s doubling to 5 minutes until max_event_age; function errors are
	// retried after 1 and then 2 minutes
	// (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
	asyncBackoffFirst = 1.0
	asyncBackoffMax   = 300.0
	asyncErrorDelay   = 60.0
	// shardWriteRate: a Kinesis shard takes 1,000 records a second
	// (docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html).
	shardWriteRate = 1000.0
	// streamThrottleBackoff: a stream poller throttled by its function
	// tries again after a second.
	streamThrottleBackoff = 1.0
)

type invKind uint8

const (
	ikSync     invKind = iota // a caller waits: a parent invocation, or the arrival's response
	ikAsync                   // an asynchronous invocation request
	ikBatch                   // a queue batch
	ikStream                  // a stream shard batch
	ikFire                    // fire-and-forget delivery to a container or external
	ikFirehose                // a delivery stream's processor transforming a batch
)

type status uint8

const (
	stOK status = iota
	stError
	stThrottled
	stTimeout
)

type message struct {
	root     int32
	receives int32
	hops     int16
	sent     float64
}

type delayed struct {
	msg     message
	readyAt float64
}

type invocation struct {
	node      int32
	gen       uint32
	parent    int32
	parentGen uint32
	root      int32
	ref       int32 // async request, consumer or lane
	hops      int16
	step      int16
	tries     int16
	msgStep   int32 // per-message calls: the message of the batch being called for
	kind      invKind
	live      bool
	cold      bool
	prov      bool
	timedOut  bool
	guarded   bool
	start     float64
	doneAt    float64
	waitStart float64
	waited    float64
	msgs      []message
}

const (
	rfThrottled uint8 = 1 << iota
	rfFailed
	rfDLQ
)

type rootRec struct {
	arrival   float64
	pending   int32
	flags     uint8
	responded bool
	status    status
}

type asyncReq struct {
	node      int32
	root      int32
	hops      int16
	throttles int16
	errTries  int16
	first     float64
}

type nodeState struct {
	busy      int
	area      float64
	lastT     float64
	peak      int
	peakSince int
	provBusy  int
	idle      ring[float64]
	tokens    float64
	tokenT    float64

	invocations, throttled, errors, timeouts, coldStarts, dlq, dropped int64
	billedS, waitS, provS                                              float64

	// billing counters
	requests, reads, writes, puts, gets, http, bytesIn, bytesOut, transitions, expressGBs float64

	q  *queueState
	s  *streamState
	fh *fhState

	// at the end of the window
	areaEnd   float64
	peakEnd   int
	backlog   int
	oldestAge float64
}

type queueState struct {
	vis        ring[message]
	delayedQ   ring[delayed]
	returned   ring[delayed]
	consumers  []*consumerState
	rr         int
	peak       int
	oldestPeak float64
	received   int64
	expired    int64
	dlq        int64
	throttled  int64
	visExpired int64
}

type consumerState struct {
	c          *consumer
	slots      int
	inflight   int
	ceil       float64
	pressured  bool
	pressT     float64
	idleSince  float64
	windowAt   float64
	lanes      []int32
	scalesLike bool // Lambda event source mapping scaling applies
}

type streamState struct {
	shards    int
	tokens    []float64
	tokT      []float64
	consumers []*consumerState
	throttled int64
	expired   int64
	dlq       int64
	received  int64
	peak      int
	oldest    float64
}

type lane struct {
	cs       *consumerState
	src      int32
	recs     ring[message]
	busy     bool
	limit    int
	retries  int
	windowAt float64
	wakeAt   float64
}

// engine is one discrete-event run of one workload.
type engine struct {
	ctx      context.Context
	draining bool // the window has ended: in-flight invocations finish, nothing new starts
	m        *model
	w        *schema.Workload
	f        *flow
	rng      *rand.Rand
	now      float64
	end      float64
	seq      uint64
	heap     eventHeap
	entry    *node
	routes   []route // the entry api's routes the arrivals use

	invs      []invocation
	freeInv   []int32
	roots     []rootRec
	freeRoot  []int32
	asyncs    []asyncReq
	freeAsync []int32
	lanes     []*lane
	st        []nodeState
	acctBusy  int
	scratch   []message

	// arrivals
	bounds   []float64
	arrivals int64

	// entry outcome
	entrySync  bool
	apiTimeout float64
	latency    *Histogram
	backend    *Histogram // sync responses before the api's timeout caps them
	succeeded  int64
	throttled  int64
	failed     int64
	dlq        int64
	cycleDrops int64

	// series
	sampleDT float64
	series   *Series
	tracked  []int // node indexes with concurrency series
	queues   []int // node indexes with backlog series

	progress func(done float64)
}

func newEngine(ctx context.Context, m *model, w *schema.Workload, f *flow, seed uint64) *engine {
	e := &engine{
		ctx: ctx, m: m, w: w, f: f,
		rng:     rand.New(rand.NewPCG(seed, 0x6172636869652131)),
		end:     w.Duration.Seconds(),
		entry:   m.byC[w.Entry],
		st:      make([]nodeState, len(m.nodes)),
		latency: NewHistogram(),
		backend: NewHistogram(),
	}
	e.apiTimeout = math.Inf(1)
	if e.entry.kind == schema.KindAPI {
		e.apiTimeout = e.entry.timeout
	}
	e.entrySync = entryIsSync(e.entry)
	if e.entry.kind == schema.KindAPI {
		e.routes = entryRoutes(e.entry, w.Route)
	}
	for i := range e.st {
		e.st[i].tokens = scaleBurst
		if n := m.nodes[i]; n.kind == schema.KindAPI || n.kind == schema.KindExternal {
			e.st[i].tokens = math.Max(n.throttleBurst, n.rateLimit)
		}
	}
	peak := w.Rate
	for _, b := range w.Bursts {
		peak = math.Max(peak, b.Rate)
	}
	for _, n := range m.nodes {
		st := &e.st[n.idx]
		switch n.kind {
		case schema.KindQueue:
			st.q = &queueState{}
			for _, c := range n.consumers {
				cs := &consumerState{c: c, slots: queueSlots(m, c)}
				cs.scalesLike = c.target.kind == schema.KindFunction
				cs.ceil = float64(cs.slots)
				if cs.scalesLike {
					cs.ceil = math.Min(esmStart, float64(cs.slots))
				}
				st.q.consumers = append(st.q.consumers, cs)
			}
		case schema.KindStream, schema.KindDatabase:
			if len(n.consumers) == 0 && n.kind == schema.KindDatabase {
				continue
			}
			shards := n.shards
			if shards == 0 {
				// On-demand or change stream: enough shards for the peak
				// record rate.
				perArrival := 0.0
				if f.rate > 0 {
					perArrival = f.msgs[n.idx] / f.rate
				}
				shards = int(math.Ceil(perArrival * peak / shardWriteRate))
				if n.kind == schema.KindStream {
					shards = max(4, shards)
				}
				shards = max(1, shards)
			}
			ss := &streamState{shards: shards}
			if n.kind == schema.KindStream && n.shards > 0 {
				ss.tokens = make([]float64, shards)
				ss.tokT = make([]float64, shards)
				for i := range ss.tokens {
					ss.tokens[i] = shardWriteRate
				}
			}
			for _, c := range n.consumers {
				cs := &consumerState{c: c}
				for range shards * c.parallel {
					l := &lane{cs: cs, src: int32(n.idx), limit: c.batch}
					cs.lanes = append(cs.lanes, int32(len(e.lanes)))
					e.lanes = append(e.lanes, l)
				}
				ss.consumers = append(ss.consumers, cs)
			}
			st.s = ss
		case schema.KindFirehose:
			st.fh = &fhState{}
		}
	}
	for _, b := range w.Bursts {
		e.bounds = append(e.bounds, b.At.Seconds(), (b.At + b.For).Seconds())
	}
	sortFloats(e.bounds)
	// series
	e.sampleDT = e.end / seriesSamples
	e.series = &Series{}
	for _, n := range m.nodes {
		if f.inv[n.idx] <= 0 && f.msgs[n.idx] <= 0 {
			continue
		}
		switch {
		case n.kind.IsCompute() || n.kind == schema.KindExternal:
			e.tracked = append(e.tracked, n.idx)
			e.series.Concurrency = append(e.series.Concurrency, NamedSeries{Name: n.addr})
		case n.kind == schema.KindQueue || (n.kind == schema.KindStream || n.kind == schema.KindDatabase) && e.st[n.idx].s != nil:
			e.queues = append(e.queues, n.idx)
			e.series.Backlog = append(e.series.Backlog, NamedSeries{Name: n.addr})
		}
	}
	return e
}

func entryIsSync(n *node) bool {
	switch n.kind {
	case schema.KindAPI, schema.KindContainer, schema.KindExternal:
		return true
	case schema.KindFunction, schema.KindStateMachine:
		return !entryAsync(n)
	}
	return false
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

func (e *engine) schedule(t float64, kind evKind, idx int32, gen uint32) {
	e.seq++
	e.heap.push(event{t: t, key: e.seq<<8 | uint64(kind), idx: idx, gen: gen})
}

// run processes events until the simulated window ends.
func (e *engine) run() error {
	if t := e.nextArrival(0); t <= e.end {
		e.schedule(t, evArrival, 0, 0)
	}
	if e.sampleDT > 0 {
		e.schedule(e.sampleDT, evSample, 0, 0)
	}
	e.startFirehoses()
	steps := 0
	for len(e.heap) > 0 {
		ev := e.heap.pop()
		if ev.t > e.end && !e.draining {
			e.closeWindow()
		}
		if e.draining && ev.t > e.end+drainLimit {
			break
		}
		e.now = ev.t
		steps++
		if steps > maxSimulatedEvents {
			return &LimitError{Workload: e.w.Name, Range: rangeOf(e.w), What: fmt.Sprintf(
				"the discrete-event run stopped after %s events, its limit (retries and redeliveries multiplied the work)",
				fmtCount(maxSimulatedEvents))}
		}
		if steps&0xffff == 0 {
			if err := e.ctx.Err(); err != nil {
				return err
			}
			if e.progress != nil && !e.draining {
				e.progress(e.now / e.end)
			}
		}
		switch ev.kind() {
		case evDone:
			e.ownWorkDone(ev.idx, ev.gen)
		case evTimeout:
			if v := &e.invs[ev.idx]; v.live && v.gen == ev.gen {
				e.finish(ev.idx, stTimeout)
			}
		case evAsyncRetry:
			// A retry belongs to an arrival of the window: it runs after
			// the window too, so that retries and dead-lettered events are
			// counted and billed for every arrival.
			e.tryAsync(ev.idx)
		}
		if e.draining {
			continue
		}
		switch ev.kind() {
		case evArrival:
			e.arrive()
		case evQueueWake:
			e.wakeQueue(int(ev.idx))
		case evLaneWake:
			l := e.lanes[ev.idx]
			if l.wakeAt <= e.now {
				l.wakeAt = 0
			}
			e.dispatchLane(ev.idx)
		case evFirehose:
			e.fhTick(ev.idx, ev.gen)
		case evSample:
			e.sample()
			if next := e.now + e.sampleDT; next <= e.end+1e-9 {
				e.schedule(next, evSample, 0, 0)
			}
		}
	}
	if !e.draining {
		e.closeWindow()
	}
	return nil
}

// drainLimit bounds how long after the window in-flight invocations may
// run to completion.
const drainLimit = 3600.0

// closeWindow freezes the window's statistics. Invocations still running
// go on to completion so that they are billed and their responses
// counted, but no new work starts.
func (e *engine) closeWindow() {
	e.now = e.end
	for i := range e.st {
		e.setBusy(i, 0)
		s := &e.st[i]
		s.areaEnd, s.peakEnd = s.area, s.peak
		if s.q != nil || s.s != nil {
			s.backlog, s.oldestAge = e.backlogAt(i)
		}
	}
	e.draining = true
}

// rateAt is the arrival rate at time t: a burst's rate while it lasts,
// else the base rate.
func (e *engine) rateAt(t float64) float64 {
	r := e.w.Rate
	for _, b := range e.w.Bursts {
		if t >= b.At.Seconds() && t < (b.At+b.For).Seconds() {
			r = b.Rate
		}
	}
	return r
}

func (e *engine) nextBound(t float64) float64 {
	for _, b := range e.bounds {
		if b > t {
			return b
		}
	}
	return math.Inf(1)
}

// nextArrival draws the next arrival time after t with a piecewise
// constant rate: a draw that crosses a rate change restarts from it,
// which is exact for Poisson arrivals.
func (e *engine) nextArrival(t float64) float64 {
	for t <= e.end {
		r := e.rateAt(t)
		b := e.nextBound(t)
		if r <= 0 {
			t = b
			continue
		}
		var gap float64
		if e.w.Arrival == "constant" {
			gap = 1 / r
		} else {
			gap = e.rng.ExpFloat64() / r
		}
		if t+gap < b {
			return t + gap
		}
		t = b
	}
	return math.Inf(1)
}

func (e *engine) arrive() {
	e.arrivals++
	r := e.newRoot()
	e.enter(r)
	if e.roots[r].pending == 0 {
		e.finalizeRoot(r)
	}
	if t := e.nextArrival(e.now); t <= e.end {
		e.schedule(t, evArrival, 0, 0)
	}
}

func (e *engine) newRoot() int32 {
	rec := rootRec{arrival: e.now}
	if n := len(e.freeRoot); n > 0 {
		i := e.freeRoot[n-1]
		e.freeRoot = e.freeRoot[:n-1]
		e.roots[i] = rec
		return i
	}
	e.roots = append(e.roots, rec)
	return int32(len(e.roots) - 1)
}

func (e *engine) addWork(r int32) {
	if r >= 0 {
		e.roots[r].pending++
	}
}

func (e *engine) doneWork(r int32) {
	if r < 0 {
		return
	}
	e.roots[r].pending--
	if e.roots[r].pending == 0 {
		e.finalizeRoot(r)
	}
}

func (e *engine) markRoot(r int32, flag uint8) {
	if r >= 0 {
		e.roots[r].flags |= flag
	}
}

// enter sends one arrival into the workload's entry.
func (e *engine) enter(r int32) {
	n := e.entry
	switch n.kind {
	case schema.KindAPI:
		if !e.apiAdmit(n) {
			e.respond(r, stThrottled)
			return
		}
		routes := e.routes
		if len(routes) == 0 {
			e.respond(r, stOK)
			return
		}
		rt := routes[0]
		if len(routes) > 1 {
			rt = routes[e.rng.IntN(len(routes))]
		}
		e.apiTarget(rt, r, -1, 0, 0)
	case schema.KindFunction, schema.KindStateMachine, schema.KindContainer, schema.KindExternal:
		if e.entrySync {
			if _, ok := e.startInv(n, ikSync, r, -1, 0, -1, 0); !ok {
				e.respond(r, stThrottled)
			}
			return
		}
		e.deliver(n, r, 0)
	case schema.KindBucket:
		e.st[n.idx].puts++
		e.bucketEvent(n, r, 0)
	default:
		e.deliver(n, r, 0)
	}
}

// apiAdmit applies an api's throttle: a token bucket of throttle_burst
// refilled at throttle_rate.
func (e *engine) apiAdmit(n *node) bool {
	s := &e.st[n.idx]
	if n.throttleRate > 0 {
		s.tokens = math.Min(n.throttleBurst, s.tokens+n.throttleRate*(e.now-s.tokenT))
		s.tokenT = e.now
		if s.tokens < 1 {
			s.throttled++
			return false
		}
		s.tokens--
	}
	s.invocations++
	s.requests++
	return true
}

// apiTarget hands a request to an api route's integration. parent >= 0
// when a compute calls the api; else the arrival's response waits.
func (e *engine) apiTarget(rt route, r int32, parent int32, pgen uint32, hops int16) {
	reply := func(st status) {
		if parent >= 0 {
			e.callReturned(parent, pgen, st)
		} else {
			e.respond(r, st)
		}
	}
	t := rt.target
	switch {
	case rt.access == schema.ModeRead:
		// A direct integration reads the table or the bucket itself.
		e.dataRead(t)
		reply(stOK)
		return
	case rt.access == schema.ModeWrite:
		e.dataWrite(t, r, hops)
		reply(stOK)
		return
	}
	switch t.kind {
	case schema.KindTopic, schema.KindBus:
		// Publish, PutEvents: the api waits for the service's answer, and
		// the message goes on to the subscribers.
		e.deliver(t, r, hops)
		reply(stOK)
	case schema.KindQueue:
		e.enqueue(t, message{root: r, sent: e.now, hops: hops})
		reply(stOK)
	case schema.KindStream:
		if e.putRecord(t, r, hops) {
			reply(stOK)
		} else {
			reply(stThrottled)
		}
	case schema.KindFirehose:
		e.fhPut(t, r, hops)
		reply(stOK)
	default:
		if _, ok := e.startInv(t, ikSync, r, parent, pgen, -1, hops); !ok {
			reply(stThrottled)
		}
	}
}

// respond records the response of a sync arrival.
func (e *engine) respond(r int32, st status) {
	rec := &e.roots[r]
	if rec.responded {
		return
	}
	rec.responded = true
	lat := e.now - rec.arrival
	if st != stThrottled {
		e.backend.Record(lat)
	}
	if lat > e.apiTimeout {
		lat = e.apiTimeout
		st = stTimeout
	}
	rec.status = st
	switch st {
	case stOK:
		e.succeeded++
	case stThrottled:
		e.throttled++
	default:
		e.failed++
	}
	if st != stThrottled {
		e.latency.Record(lat)
	}
}

// finalizeRoot runs when all the work an arrival caused has finished.
func (e *engine) finalizeRoot(r int32) {
	rec := &e.roots[r]
	if rec.flags&rfDLQ != 0 {
		e.dlq++
	}
	if !e.entrySync {
		switch {
		case rec.flags&rfDLQ != 0:
		case rec.flags&rfFailed != 0:
			e.failed++
		case rec.flags&rfThrottled != 0:
			e.throttled++
		default:
			e.succeeded++
			e.latency.Record(e.now - rec.arrival)
		}
	}
	rec.pending = -1
	e.freeRoot = append(e.freeRoot, r)
}

// acquire takes a concurrency slot on n, or reports a throttle.
func (e *engine) acquire(n *node) (ok, cold, prov bool) {
	s := &e.st[n.idx]
	switch n.kind {
	case schema.KindFunction:
		if n.pooled {
			if e.acctBusy >= e.m.accountPool {
				return false, false, false
			}
		} else if s.busy >= n.limit {
			return false, false, false
		}
		switch {
		case s.provBusy < n.provisioned:
			s.provBusy++
			prov = true
		case e.popIdle(s):
		default:
			s.tokens = math.Min(scaleBurst, s.tokens+scaleRate*(e.now-s.tokenT))
			s.tokenT = e.now
			if s.tokens < 1 {
				return false, false, false
			}
			s.tokens--
			cold = true
			s.coldStarts++
		}
		if n.pooled {
			e.acctBusy++
		}
	case schema.KindContainer:
		if n.limit >= 0 && s.busy >= n.limit {
			return false, false, false
		}
	case schema.KindExternal:
		if n.limit >= 0 && s.busy >= n.limit {
			return false, false, false
		}
		if n.rateLimit > 0 {
			s.tokens = math.Min(n.rateLimit, s.tokens+n.rateLimit*(e.now-s.tokenT))
			s.tokenT = e.now
			if s.tokens < 1 {
				return false, false, false
			}
			s.tokens--
		}
	}
	return true, cold, prov
}

// popIdle reuses the most recently freed warm environment, after
// dropping those idle longer than idleLifetime.
func (e *engine) popIdle(s *nodeState) bool {
	for s.idle.len() > 0 && *s.idle.front()+idleLifetime < e.now {
		s.idle.pop()
	}
	if s.idle.len() == 0 {
		return false
	}
	s.idle.popBack()
	return true
}

func (e *engine) release(n *node, prov bool) {
	if n.kind != schema.KindFunction {
		return
	}
	s := &e.st[n.idx]
	if n.pooled {
		e.acctBusy--
	}
	if prov {
		s.provBusy--
		return
	}
	s.idle.push(e.now)
}

func (e *engine) setBusy(i int, delta int) {
	s := &e.st[i]
	s.area += float64(s.busy) * (e.now - s.lastT)
	s.lastT = e.now
	s.busy += delta
	if s.busy > s.peak {
		s.peak = s.busy
	}
	if s.busy > s.peakSince {
		s.peakSince = s.busy
	}
}

// startInv starts an invocation of a compute or external, or reports a
// throttle.
func (e *engine) startInv(n *node, kind invKind, root, parent int32, pgen uint32, ref int32, hops int16) (int32, bool) {
	s := &e.st[n.idx]
	ok, cold, prov := e.acquire(n)
	if !ok {
		s.throttled++
		return -1, false
	}
	e.setBusy(n.idx, 1)
	s.invocations++
	if n.kind == schema.KindStateMachine {
		if n.express {
			s.requests++
		} else {
			s.transitions += n.transitions
		}
	}
	var i int32
	if k := len(e.freeInv); k > 0 {
		i = e.freeInv[k-1]
		e.freeInv = e.freeInv[:k-1]
	} else {
		e.invs = append(e.invs, invocation{})
		i = int32(len(e.invs) - 1)
	}
	v := &e.invs[i]
	v.node, v.parent, v.parentGen, v.root, v.ref, v.hops = int32(n.idx), parent, pgen, root, ref, hops
	v.kind, v.live, v.cold, v.prov = kind, true, cold, prov
	v.step, v.tries, v.msgStep, v.timedOut, v.guarded = 0, 0, 0, false, false
	v.start, v.waited = e.now, 0
	d := n.own.Sample(e.rng)
	if cold {
		d += n.cold
	}
	if d > n.timeout {
		d = n.timeout
		v.timedOut = true
	}
	v.doneAt = e.now + d
	if kind == ikSync || kind == ikFire {
		e.addWork(root)
	}
	e.schedule(v.doneAt, evDone, i, v.gen)
	return i, true
}

// ownWorkDone: the invocation's own work has ended; it fails, or reads
// and writes its data and makes its sync calls.
func (e *engine) ownWorkDone(i int32, gen uint32) {
	v := &e.invs[i]
	if !v.live || v.gen != gen {
		return
	}
	if v.timedOut {
		e.finish(i, stTimeout)
		return
	}
	n := e.m.nodes[v.node]
	if n.errRate > 0 && e.rng.Float64() < n.errRate {
		e.finish(i, stError)
		return
	}
	if n.kind == schema.KindExternal {
		e.finish(i, stOK)
		return
	}
	root, hops := v.root, v.hops
	if v.kind == ikBatch || v.kind == ikStream || v.kind == ikFirehose {
		root, hops = e.batchRoot(v)
	}
	for _, d := range n.reads {
		for range e.perMessage(v, n.perMsgReads) {
			e.dataRead(d)
		}
	}
	for _, d := range n.writes {
		if n.perMsgWrites && len(v.msgs) > 0 {
			// One write per message, each on behalf of its own arrival.
			for _, m := range v.msgs {
				e.dataWrite(d, m.root, m.hops+1)
			}
			continue
		}
		e.dataWrite(d, root, hops+1)
	}
	e.nextCall(i)
}

// perMessage is how many times an edge acts for invocation v: once per
// message of its batch when the edge is per_message, else once.
func (e *engine) perMessage(v *invocation, on bool) int {
	if on && len(v.msgs) > 0 {
		return len(v.msgs)
	}
	return 1
}

// batchRoot is the arrival a batch's downstream work is attributed to:
// its first message's.
func (e *engine) batchRoot(v *invocation) (int32, int16) {
	if len(v.msgs) == 0 {
		return -1, v.hops
	}
	return v.msgs[0].root, v.msgs[0].hops
}

func (e *engine) dataRead(d *node) {
	s := &e.st[d.idx]
	switch d.kind {
	case schema.KindDatabase:
		s.reads += dynamoReadUnits(d.itemSize, d.consistent)
	case schema.KindBucket:
		s.gets++
	}
}

func (e *engine) dataWrite(d *node, root int32, hops int16) {
	s := &e.st[d.idx]
	switch d.kind {
	case schema.KindDatabase:
		s.writes += dynamoWriteUnits(d.itemSize)
		if s.s != nil {
			e.streamRecord(d, root, hops)
		}
		for _, k := range d.kinesis {
			e.deliver(k, root, hops+1)
		}
	case schema.KindBucket:
		s.puts++
		e.bucketEvent(d, root, hops)
	}
}

func (e *engine) bucketEvent(b *node, root int32, hops int16) {
	e.fanOut(b, root, hops)
}

// fanOut hands an event of a topic, bus or bucket to every subscriber.
func (e *engine) fanOut(n *node, root int32, hops int16) {
	for _, sub := range n.subscribers {
		if n.kind == schema.KindTopic && sub.kind == schema.KindExternal {
			e.st[n.idx].http++
		}
		if sub.kind == schema.KindBus {
			e.forward(sub, root, hops+1)
			continue
		}
		e.deliver(sub, root, hops+1)
	}
}

// forward is an event of a bucket or another bus reaching a bus. It is
// not billed: AWS service events on the default bus (a bucket's) and
// events a rule delivers to a bus of the same account are free
// (aws.amazon.com/eventbridge/pricing/, read 2026-12-02).
func (e *engine) forward(bus *node, root int32, hops int16) {
	if int(hops) >= e.m.depthLimit {
		e.cycleDrops++
		e.markRoot(root, rfFailed)
		return
	}
	if e.draining {
		return
	}
	e.fanOut(bus, root, hops)
}

// nextCall makes the invocation's next sync call, or completes it.
func (e *engine) nextCall(i int32) {
	v := &e.invs[i]
	n := e.m.nodes[v.node]
	if int(v.step) >= len(n.calls) {
		e.complete(i)
		return
	}
	callee := n.calls[v.step]
	v.waitStart = e.now
	gen, hops := v.gen, v.hops
	root := v.root
	if v.kind == ikBatch || v.kind == ikStream || v.kind == ikFirehose {
		root, _ = e.batchRoot(v)
		if n.perMsgCalls && int(v.msgStep) < len(v.msgs) {
			// A per-message call is made on behalf of its message.
			root = v.msgs[v.msgStep].root
		}
	}
	if int(hops) >= e.m.depthLimit {
		e.cycleDrops++
		e.callReturned(i, gen, stError)
		return
	}
	if callee.kind == schema.KindAPI {
		if !e.apiAdmit(callee) {
			e.callReturned(i, gen, stThrottled)
			return
		}
		routes := callee.routes
		if len(routes) == 0 {
			e.callReturned(i, gen, stOK)
			return
		}
		e.guard(i, e.now+callee.timeout)
		e.apiTarget(routes[e.rng.IntN(len(routes))], root, i, gen, hops+1)
		return
	}
	slot, ok := e.startInv(callee, ikSync, root, i, gen, -1, hops+1)
	if !ok {
		e.callReturned(i, gen, stThrottled)
		return
	}
	// The callee's response comes at its own-work end if it makes no
	// calls, and by its timeout otherwise.
	bound := e.invs[slot].doneAt
	if len(callee.calls) > 0 {
		bound = e.now + callee.timeout
	}
	e.guard(i, bound)
}

// guard schedules the caller's timeout when a response could come after
// it; most calls need no timeout event.
func (e *engine) guard(i int32, responseBy float64) {
	v := &e.invs[i]
	n := e.m.nodes[v.node]
	deadline := v.start + n.timeout
	if v.guarded || math.IsInf(deadline, 1) || responseBy <= deadline {
		return
	}
	v.guarded = true
	e.schedule(deadline, evTimeout, i, v.gen)
}

// callReturned is the response of a sync call to invocation i.
func (e *engine) callReturned(i int32, gen uint32, st status) {
	v := &e.invs[i]
	if !v.live || v.gen != gen {
		return
	}
	v.waited += e.now - v.waitStart
	n := e.m.nodes[v.node]
	if st != stOK {
		if int(v.tries) < n.callRetries {
			v.tries++
			e.nextCall(i)
			return
		}
		if st != stThrottled {
			st = stError
		}
		e.finish(i, st)
		return
	}
	v.tries = 0
	if n.perMsgCalls && int(v.msgStep)+1 < len(v.msgs) {
		// The same call for the next message of the batch, in turn.
		v.msgStep++
		e.nextCall(i)
		return
	}
	v.msgStep = 0
	v.step++
	e.nextCall(i)
}

// complete: every call succeeded; send the emits and finish.
func (e *engine) complete(i int32) {
	v := &e.invs[i]
	n := e.m.nodes[v.node]
	if len(n.emits) > 0 {
		root, hops := v.root, v.hops
		if v.kind == ikBatch || v.kind == ikStream || v.kind == ikFirehose {
			root, hops = e.batchRoot(v)
		}
		count := int(n.mpi)
		frac := n.mpi - float64(count)
		msgs := v.msgs // deliveries may grow e.invs: v is not read after
		for _, t := range n.emits {
			senders := 1
			if n.perMsgEmits && len(msgs) > 0 {
				senders = len(msgs)
			}
			for j := range senders {
				r, h := root, hops
				if senders > 1 {
					// Each message's emits are its own arrival's work.
					r, h = msgs[j].root, msgs[j].hops
				}
				k := count
				if frac > 0 && e.rng.Float64() < frac {
					k++
				}
				for range k {
					e.deliver(t, r, h+1)
				}
			}
		}
	}
	e.finish(i, stOK)
}

// finish ends invocation i: frees its slot, bills it, and tells whoever
// waits.
func (e *engine) finish(i int32, st status) {
	v := e.invs[i]
	e.invs[i].live = false
	n := e.m.nodes[v.node]
	s := &e.st[v.node]
	e.release(n, v.prov)
	e.setBusy(int(v.node), -1)
	switch st {
	case stError:
		s.errors++
	case stTimeout:
		s.timeouts++
	}
	dur := e.now - v.start
	switch n.kind {
	case schema.KindFunction:
		billed := math.Ceil(dur*1000-1e-6) / 1000
		if v.prov {
			s.provS += billed
		} else {
			w := math.Min(v.waited, billed)
			s.waitS += w
			s.billedS += billed - w
		}
	case schema.KindStateMachine:
		if n.express {
			s.expressGBs += n.memGB * math.Ceil(dur*10-1e-6) / 10
		}
	}
	switch v.kind {
	case ikSync:
		if v.parent >= 0 {
			e.callReturned(v.parent, v.parentGen, st)
		} else {
			e.respond(v.root, st)
		}
		e.doneWork(v.root)
	case ikFire:
		if st != stOK {
			e.markRoot(v.root, rfFailed)
		}
		e.doneWork(v.root)
	case ikAsync:
		e.asyncFinished(v.ref, st)
	case ikBatch:
		e.batchFinished(&v, st)
	case ikStream:
		e.laneFinished(&v, st)
	case ikFirehose:
		e.fhProcessed(&v, st)
	}
	e.invs[i].gen++
	e.invs[i].msgs = v.msgs[:0]
	e.freeInv = append(e.freeInv, i)
}

// deliver is one asynchronous message or event reaching n.
func (e *engine) deliver(n *node, root int32, hops int16) {
	if int(hops) >= e.m.depthLimit {
		e.cycleDrops++
		e.markRoot(root, rfFailed)
		return
	}
	s := &e.st[n.idx]
	if e.draining {
		// After the window: bill the send, start nothing.
		switch n.kind {
		case schema.KindQueue, schema.KindTopic, schema.KindBus:
			s.requests += chunks(e.w.Payload, 64<<10)
		case schema.KindStream:
			s.requests += chunks(e.w.Payload, 25<<10)
		case schema.KindFirehose:
			s.bytesIn += fhBilledBytes(e.w.Payload)
		}
		return
	}
	switch n.kind {
	case schema.KindFunction, schema.KindStateMachine:
		a := e.newAsync(n, root, hops)
		e.addWork(root)
		e.tryAsync(a)
	case schema.KindContainer, schema.KindExternal:
		if _, ok := e.startInv(n, ikFire, root, -1, 0, -1, hops); !ok {
			e.markRoot(root, rfFailed)
		}
	case schema.KindQueue:
		e.enqueue(n, message{root: root, sent: e.now, hops: hops})
	case schema.KindTopic, schema.KindBus:
		s.requests += chunks(e.w.Payload, 64<<10)
		e.fanOut(n, root, hops)
	case schema.KindStream:
		e.putRecord(n, root, hops)
	case schema.KindFirehose:
		e.fhPut(n, root, hops)
	case schema.KindBucket:
		s.puts++
		e.bucketEvent(n, root, hops)
	case schema.KindDatabase:
		e.dataWrite(n, root, hops)
	case schema.KindAPI:
		if e.apiAdmit(n) && len(n.routes) > 0 {
			rt := n.routes[e.rng.IntN(len(n.routes))]
			if rt.access == schema.ModeRead {
				e.dataRead(rt.target)
				return
			}
			e.deliver(rt.target, root, hops+1)
		}
	}
}

func (e *engine) newAsync(n *node, root int32, hops int16) int32 {
	a := asyncReq{node: int32(n.idx), root: root, hops: hops, first: e.now}
	if k := len(e.freeAsync); k > 0 {
		i := e.freeAsync[k-1]
		e.freeAsync = e.freeAsync[:k-1]
		e.asyncs[i] = a
		return i
	}
	e.asyncs = append(e.asyncs, a)
	return int32(len(e.asyncs) - 1)
}

// tryAsync runs an asynchronous invocation request, or schedules its
// retry after a throttle.
func (e *engine) tryAsync(a int32) {
	req := e.asyncs[a]
	n := e.m.nodes[req.node]
	if _, ok := e.startInv(n, ikAsync, req.root, -1, 0, a, req.hops); ok {
		return
	}
	backoff := math.Min(asyncBackoffMax, asyncBackoffFirst*math.Pow(2, float64(req.throttles)))
	if e.now+backoff-req.first > n.maxEventAge {
		e.markRoot(req.root, rfThrottled)
		e.asyncFail(a)
		return
	}
	e.asyncs[a].throttles++
	e.schedule(e.now+backoff, evAsyncRetry, a, 0)
}

func (e *engine) asyncFinished(a int32, st status) {
	req := &e.asyncs[a]
	n := e.m.nodes[req.node]
	if st == stOK {
		e.doneWork(req.root)
		e.freeAsync = append(e.freeAsync, a)
		return
	}
	retries := n.retries
	if n.kind != schema.KindFunction {
		retries = 0
	}
	if int(req.errTries) < retries {
		req.errTries++
		e.schedule(e.now+asyncErrorDelay*float64(req.errTries), evAsyncRetry, a, 0)
		return
	}
	e.asyncFail(a)
}

// asyncFail sends a failed asynchronous event to on_failure, or drops it.
func (e *engine) asyncFail(a int32) {
	req := e.asyncs[a]
	n := e.m.nodes[req.node]
	s := &e.st[req.node]
	if n.onFailure != nil {
		s.dlq++
		e.markRoot(req.root, rfDLQ)
		e.deliver(n.onFailure, req.root, req.hops+1)
	} else {
		s.dropped++
		e.markRoot(req.root, rfFailed)
	}
	e.doneWork(req.root)
	e.freeAsync = append(e.freeAsync, a)
}
