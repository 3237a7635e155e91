package simulate

import (
	"math"
	"slices"

	"github.com/archiehq/archie/schema"
)

// flow is the propagation of a workload's base rate through the graph:
// how often each component is invoked and each edge carries work, per
// second, as offered load (before throttling). Cycles are followed until
// the work they carry falls below a millionth of the entry rate or 64
// hops deep.
type flow struct {
	m       *model
	rate    float64
	inv     []float64 // invocations per second (compute, external) or requests (api)
	msgs    []float64 // messages, events or records in (queue, topic, bus, stream, bucket events)
	reads   []float64 // item reads (database, bucket)
	writes  []float64 // item writes
	batches [][]float64
	beff    [][]float64 // effective batch size per consumer
	dlq     []float64   // work sent to a dead-letter target from this component
	// forwarded is, per bus, the events it received from a bucket or
	// another bus, which EventBridge does not bill (see forward)
	forwarded []float64
	dropped   []float64 // asynchronous events that failed with no on_failure
	edges     map[edgeKey]float64
	pf        []float64 // probability that one invocation fails
	resp      []float64 // mean response time (own work + sync calls), seconds
	perEntry  float64   // entry arrivals per second
	// admit is, per node, the share of its invocations that a limit lets
	// through (nil: all); the rest is throttled. A sync caller sees a
	// throttled call as a failed one, an asynchronous event refused for
	// good (expired) goes to on_failure, and a consumer held back by its
	// pollers leaves the rest in its queue.
	admit []float64
	// offered is, per node, the invocations per second that reach it
	// before admit; throttled the part refused.
	offered   []float64
	throttled []float64
	// lost is, per asynchronously invoked function, the share of events
	// that expire before a limit lets them run (nil: none).
	lost []float64
	// next is the work reaching components one hop further than the
	// hop being followed, summed over every path that leads there.
	next map[step]float64
	// nextMsgs is, per step of next, the messages its invocations
	// carry (batches x their size; an invocation outside a batch one),
	// and per the messages per invocation of the step being run: a
	// compute's per_message edges act once per message.
	nextMsgs map[step]float64
	per      float64
	// callsPer is, per node, how many times each of its sync calls is
	// made per invocation: the mean batch for a consumer whose
	// per_message lists "calls", else 1.
	callsPer []float64
	// events is, per asynchronously invoked node, its events per second
	// (before retries).
	events []float64
	// fhBatch is, per delivery stream, the records of a processor batch
	// and of a delivered buffer at the rate reaching it (see fhModel).
	fhBatch [][2]float64
	payload int64
	// shift, when set, gives per node the attempts per event that run in
	// this segment (its events' first attempts and the retries of
	// earlier segments' events, which come 1 and 3 minutes later) and the
	// share of its events that fail every attempt, each attempt at the
	// failure probability of the time it runs.
	shift *retryShift
}

// retryShift is the asynchronous retries placed in time, per node: nil
// slices or a negative entry for nodes it does not cover.
type retryShift struct {
	attempts, fail []float64
	// ran is the share of the segment's events that run in it: below 1
	// when a limit holds some for later, above 1 when it runs events held
	// before (the limit's admitted share counts attempts, whose number
	// per event differs between segments).
	ran []float64
}

// step is one kind of work reaching one component: the propagation
// follows the graph hop by hop and sums, at each hop, the work of every
// path that arrives at a component, so a diamond of calls costs its
// edges, not its paths.
type step struct {
	node int
	op   stepOp
}

type stepOp uint8

const (
	opSync stepOp = iota
	opInvoke
	opDeliver
	opDataWritten
	opRun // invocations already admitted (a consumer's batches)
)

type edgeKey struct {
	from, to int
	rel      schema.Relation
}

func newFlow(m *model, w *schema.Workload, rate float64) *flow {
	return newAdmittedFlow(m, w, rate, nil, nil, nil)
}

// newAdmittedFlow is the propagation with the share of each node's
// invocations its limit admits: downstream of a limit, components see
// only what it let through.
func newAdmittedFlow(m *model, w *schema.Workload, rate float64, admit, lost []float64, shift *retryShift) *flow {
	f := &flow{m: m, rate: rate, admit: admit, lost: lost, shift: shift, payload: w.Payload}
	n := len(m.nodes)
	f.fhBatch = make([][2]float64, n)
	for i := range f.fhBatch {
		f.fhBatch[i] = [2]float64{1, 1}
	}
	f.pf = make([]float64, n)
	f.resp = make([]float64, n)
	f.beff = make([][]float64, n)
	for _, nd := range m.nodes {
		f.beff[nd.idx] = make([]float64, len(nd.consumers))
		for k, c := range nd.consumers {
			f.beff[nd.idx][k] = float64(c.batch)
		}
	}
	f.responses()
	// The effective batch size depends on the rate reaching each consumer,
	// which depends on the batch sizes upstream (and, for per-message
	// calls, the response on the batch): iterate to a fixed point.
	for range 8 {
		f.run(w)
		changed := false
		for _, nd := range m.nodes {
			for k, c := range nd.consumers {
				b := f.effectiveBatch(nd, c, f.msgs[nd.idx]/float64(max(1, competing(nd))))
				if math.Abs(b-f.beff[nd.idx][k]) > 1e-9 {
					changed = true
				}
				f.beff[nd.idx][k] = b
			}
		}
		if f.fhBatches() {
			changed = true
		}
		if !changed {
			break
		}
		if f.perMsgCalls() {
			f.responses()
		}
	}
	return f
}

// responses (re)computes every node's failure probability and mean
// response at the current batch sizes.
func (f *flow) responses() {
	n := len(f.m.nodes)
	f.callsPer = make([]float64, n)
	for i := range f.pf {
		f.pf[i] = -1
		f.resp[i] = -1
		f.callsPer[i] = 1
	}
	for _, src := range f.m.nodes {
		for k, c := range src.consumers {
			if c.target.perMsgCalls {
				// several sources: the largest batch, an upper bound
				if f.callsPer[c.target.idx] == 1 || f.beff[src.idx][k] > f.callsPer[c.target.idx] {
					f.callsPer[c.target.idx] = f.beff[src.idx][k]
				}
			}
		}
	}
	for _, nd := range f.m.nodes {
		f.failProb(nd, 0)
		f.meanResp(nd, 0)
	}
}

// perMsgCalls reports whether a consumer makes its calls per message.
func (f *flow) perMsgCalls() bool {
	for _, nd := range f.m.nodes {
		if nd.perMsgCalls {
			return true
		}
	}
	return false
}

// calls is how many times each sync call of n is made per invocation.
func (f *flow) calls(n *node) float64 {
	if f.callsPer == nil {
		return 1
	}
	return f.callsPer[n.idx]
}

// competing is how many consumers share a queue's messages; every
// consumer of a stream reads every record.
func competing(n *node) int {
	if n.kind == schema.KindQueue {
		return len(n.consumers)
	}
	return 1
}

func (f *flow) run(w *schema.Workload) {
	n := len(f.m.nodes)
	f.inv = make([]float64, n)
	f.offered = make([]float64, n)
	f.throttled = make([]float64, n)
	f.msgs = make([]float64, n)
	f.reads = make([]float64, n)
	f.writes = make([]float64, n)
	f.dlq = make([]float64, n)
	f.forwarded = make([]float64, n)
	f.dropped = make([]float64, n)
	f.events = make([]float64, n)
	f.batches = make([][]float64, n)
	for i, nd := range f.m.nodes {
		f.batches[i] = make([]float64, len(nd.consumers))
	}
	f.edges = map[edgeKey]float64{}
	entry := f.m.byC[w.Entry]
	f.perEntry = f.rate
	f.next = map[step]float64{}
	f.nextMsgs = map[step]float64{}
	f.per = 1
	f.enter(entry, w.Route, f.rate)
	f.propagate()
}

// later queues amt of work for n one hop further on.
func (f *flow) later(op stepOp, n *node, amt float64) {
	f.laterBatch(op, n, amt, 1)
}

// laterBatch queues amt invocations carrying per messages each.
func (f *flow) laterBatch(op stepOp, n *node, amt, per float64) {
	f.next[step{n.idx, op}] += amt
	f.nextMsgs[step{n.idx, op}] += amt * per
}

// propagate follows the queued work hop by hop, up to the depth limit.
// Each hop handles every component once, whatever the number of paths
// that reach it, so the cost is the graph's edges times the hops.
func (f *flow) propagate() {
	for depth := 1; len(f.next) > 0; depth++ {
		cur, curMsgs := f.next, f.nextMsgs
		f.next, f.nextMsgs = map[step]float64{}, map[step]float64{}
		if depth > f.m.depthLimit {
			return
		}
		keys := make([]step, 0, len(cur))
		for k := range cur {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b step) int {
			if a.node != b.node {
				return a.node - b.node
			}
			return int(a.op) - int(b.op)
		})
		for _, k := range keys {
			n, amt := f.m.nodes[k.node], cur[k]
			f.per = 1
			if amt > 0 {
				f.per = math.Max(1, curMsgs[k]/amt)
			}
			switch k.op {
			case opSync:
				f.sync(n, amt, depth)
			case opInvoke:
				f.invoke(n, amt, depth)
			case opDeliver:
				f.deliver(n, amt, depth)
			case opDataWritten:
				f.dataWritten(n, amt, depth)
			case opRun:
				if depth <= f.m.depthLimit && amt >= f.rate*1e-6 {
					f.offered[n.idx] += amt
					f.run1(n, amt, depth)
				}
			}
			f.per = 1
		}
	}
}

// enter sends the workload's arrivals into its entry.
func (f *flow) enter(entry *node, path string, amt float64) {
	switch entry.kind {
	case schema.KindAPI:
		f.inv[entry.idx] += amt
		f.offered[entry.idx] += amt
		routes := entryRoutes(entry, path)
		for _, r := range routes {
			f.edge(entry, r.target, schema.RelTrigger, amt/float64(len(routes)))
			if r.access != "" {
				f.apiData(r, amt/float64(len(routes)))
				continue
			}
			f.sync(r.target, amt/float64(len(routes)), 0)
		}
	case schema.KindFunction, schema.KindStateMachine:
		if entryAsync(entry) {
			f.async(entry, amt, 0)
		} else {
			f.sync(entry, amt, 0)
		}
	case schema.KindContainer, schema.KindExternal:
		f.sync(entry, amt, 0)
	default:
		f.deliver(entry, amt, 0)
	}
}

// entryAsync reports whether arrivals at a compute entry are asynchronous
// invocations: a function only triggered by asynchronous sources, or a
// standard state machine (StartExecution returns at once).
func entryAsync(n *node) bool {
	if n.kind == schema.KindStateMachine {
		return !n.express
	}
	if n.kind != schema.KindFunction {
		return false
	}
	return n.c.InvokedAsync() && len(n.c.Incoming(schema.ModeSync)) == 0
}

func (f *flow) edge(from, to *node, rel schema.Relation, amt float64) {
	f.edges[edgeKey{from.idx, to.idx, rel}] += amt
}

// failProb is the probability that one invocation fails: its own error
// rate, or a sync call failing after its retries.
func (f *flow) failProb(n *node, depth int) float64 {
	if f.pf[n.idx] >= 0 {
		return f.pf[n.idx]
	}
	if depth > f.m.depthLimit {
		return 0
	}
	ok := 1 - n.errRate
	if !math.IsInf(n.timeout, 1) && n.kind != schema.KindAPI {
		// Own work that reaches the timeout fails the invocation too.
		ok *= n.own.CDF(n.timeout)
	}
	if n.kind == schema.KindAPI {
		ok = 1
		for _, r := range n.routes {
			ok *= 1 - f.failProb(r.target, depth+1)/float64(len(n.routes))
		}
	}
	for _, c := range n.calls {
		p := f.callFailProb(c, depth+1)
		ok *= math.Pow(1-math.Pow(p, float64(n.callRetries+1)), f.calls(n))
	}
	f.pf[n.idx] = 1 - ok
	return f.pf[n.idx]
}

// errorProb is the share of n's invocations that end in an error (not a
// throttle or a timeout): its own error rate, or a sync call whose last
// attempt erred (one whose last attempt was throttled ends the
// invocation as a throttle).
func (f *flow) errorProb(n *node) float64 {
	ok := 1 - n.errRate
	for _, c := range n.calls {
		p := f.callFailProb(c, 1)
		if p <= 0 {
			continue
		}
		erred := f.admitted(c) * f.failProb(c, 1) / p // share of failed attempts that erred
		ok *= math.Pow(1-math.Pow(p, float64(n.callRetries+1))*erred, f.calls(n))
	}
	return 1 - ok
}

// admitted is the share of n's invocations its limit lets through.
func (f *flow) admitted(n *node) float64 {
	if f.admit == nil {
		return 1
	}
	return f.admit[n.idx]
}

// callFailProb is the probability that one sync call to n fails: it is
// throttled (a 429 the caller sees as an error) or fails itself.
func (f *flow) callFailProb(n *node, depth int) float64 {
	return 1 - f.admitted(n)*(1-f.failProb(n, depth))
}

// meanResp is the mean response time of a sync invocation: own work plus
// every sync call in order.
func (f *flow) meanResp(n *node, depth int) float64 {
	if f.resp[n.idx] >= 0 {
		return f.resp[n.idx]
	}
	if depth > f.m.depthLimit {
		return 0
	}
	// Own work stops at the timeout: its mean is that of min(X, timeout).
	t := n.own.MeanBelow(n.timeout)
	if n.kind == schema.KindAPI {
		t = 0
		for _, r := range n.routes {
			t += f.meanResp(r.target, depth+1) / float64(len(n.routes))
		}
	}
	for _, c := range n.calls {
		// Each attempt the callee's limit admits takes its response; a
		// refused one (a 429) returns at once. Failed attempts are made
		// again, up to call_retries.
		attempts := expectedAttempts(f.callFailProb(c, depth+1), n.callRetries)
		t += f.calls(n) * attempts * f.admitted(c) * f.meanResp(c, depth+1)
	}
	if t > n.timeout {
		t = n.timeout
	}
	f.resp[n.idx] = t
	return t
}

// sync is amt sync invocations of n per second.
func (f *flow) sync(n *node, amt float64, depth int) {
	if depth > f.m.depthLimit || amt < f.rate*1e-6 {
		return
	}
	switch n.kind {
	case schema.KindAPI:
		f.inv[n.idx] += amt
		f.offered[n.idx] += amt
		for _, r := range n.routes {
			share := amt / float64(len(n.routes))
			f.edge(n, r.target, schema.RelTrigger, share)
			if r.access != "" {
				f.apiData(r, share)
				continue
			}
			f.later(opSync, r.target, share)
		}
	case schema.KindQueue, schema.KindTopic, schema.KindStream, schema.KindBus, schema.KindFirehose, schema.KindBucket:
		f.later(opDeliver, n, amt)
	default:
		f.invoke(n, amt, depth)
	}
}

// invoke is amt invocations of a compute or external per second, of
// which its limit admits a share: its own work, data access, sync calls,
// and on success its emits.
func (f *flow) invoke(n *node, amt float64, depth int) {
	if depth > f.m.depthLimit || amt < f.rate*1e-6 {
		return
	}
	f.offered[n.idx] += amt
	if a := f.admitted(n); a != 1 {
		if !n.pollOnly && a < 1 { // a consumer's pollers leave the rest queued
			f.throttled[n.idx] += amt * (1 - a)
		}
		amt *= a
	}
	f.run1(n, amt, depth)
}

// run1 is amt admitted invocations of n per second.
func (f *flow) run1(n *node, amt float64, depth int) {
	f.inv[n.idx] += amt
	if n.kind == schema.KindExternal {
		return
	}
	// per_message edges act once per message of a batch.
	per := func(on bool) float64 {
		if on {
			return f.per
		}
		return 1
	}
	for _, d := range n.reads {
		r := amt * per(n.perMsgReads)
		f.reads[d.idx] += r
		f.edge(n, d, schema.RelReads, r)
	}
	going := amt * (1 - n.errRate)
	for _, d := range n.writes {
		w := going * per(n.perMsgWrites)
		f.writes[d.idx] += w
		f.edge(n, d, schema.RelWrites, w)
		f.later(opDataWritten, d, w)
	}
	for _, c := range n.calls {
		p := f.callFailProb(c, depth+1)
		attempts := expectedAttempts(p, n.callRetries)
		// Per message, the calls are made one message after another
		// and stop at the first that fails: k calls reach the j-th
		// with probability q^(j-1), q the share a call succeeds.
		k := per(n.perMsgCalls)
		q := 1 - math.Pow(p, float64(n.callRetries+1))
		made := k
		if q < 1 {
			made = (1 - math.Pow(q, k)) / (1 - q)
		}
		f.edge(n, c, schema.RelCalls, going*attempts*made)
		f.later(opSync, c, going*attempts*made)
		going *= math.Pow(q, k)
	}
	for _, t := range n.emits {
		m := going * n.mpi * per(n.perMsgEmits)
		f.edge(n, t, schema.RelEmits, m)
		f.later(opDeliver, t, m)
	}
}

// async is amt asynchronous invocations per second of a compute: retried
// `retries` times on failure, then sent to on_failure.
func (f *flow) async(n *node, amt float64, depth int) {
	if depth > f.m.depthLimit || amt < f.rate*1e-6 {
		return
	}
	if n.kind == schema.KindExternal || n.kind == schema.KindContainer {
		f.invoke(n, amt, depth)
		return
	}
	p := f.failProb(n, depth)
	retries := n.retries
	if n.kind == schema.KindStateMachine {
		retries = 0
	}
	attempts := expectedAttempts(p, retries)
	failAll := math.Pow(p, float64(retries+1))
	// Throttled events are retried by the platform; the share admitted is
	// what does not expire first.
	adm := f.admitted(n)
	ran := adm
	if sh := f.shift; sh != nil && sh.attempts != nil && sh.attempts[n.idx] >= 0 {
		attempts, failAll, ran = sh.attempts[n.idx], sh.fail[n.idx], sh.ran[n.idx]
	}
	f.events[n.idx] += amt
	f.offered[n.idx] += amt * attempts
	f.run1(n, amt*attempts*adm, depth)
	// The limit holds some events for later (their retries run in a later
	// segment: adm above or below 1) and lets some expire (lost).
	lost := 0.0
	if f.lost != nil {
		lost = f.lost[n.idx]
	}
	// The events that run here fail here: a limit that holds events for
	// later (adm below 1) sends their failures to the segment they run
	// in, with that segment's failure probability.
	failed := amt*lost + amt*ran*failAll
	if failed > 0 && n.onFailure == nil {
		f.dropped[n.idx] += failed // no destination: the event is dropped
	}
	if failed > 0 && n.onFailure != nil {
		f.dlq[n.idx] += failed
		{
			f.edge(n, n.onFailure, schema.RelOnFailure, failed)
			f.later(opDeliver, n.onFailure, failed)
		}
	}
}

// dataWritten follows writes into a bucket's notifications or a
// database's change stream.
func (f *flow) dataWritten(d *node, amt float64, depth int) {
	switch d.kind {
	case schema.KindBucket:
		f.msgs[d.idx] += amt
		f.notify(d, amt)
	case schema.KindDatabase:
		if d.hasStream {
			f.msgs[d.idx] += amt
			f.consume(d, amt, depth)
		}
		// Kinesis Data Streams for DynamoDB: every item change becomes a
		// record on each stream the table writes into.
		for _, s := range d.kinesis {
			f.edge(d, s, schema.RelTrigger, amt)
			f.later(opDeliver, s, amt)
		}
	}
}

// notify hands amt messages of a topic, bus or bucket to every subscriber
// (a bus subscribes only to a bucket or another bus).
func (f *flow) notify(n *node, amt float64) {
	for _, s := range n.subscribers {
		f.edge(n, s, schema.RelTrigger, amt)
		if s.kind == schema.KindBus {
			f.forwarded[s.idx] += amt
		}
		f.later(opDeliver, s, amt)
	}
}

// apiData is amt requests per second on a route whose integration reads
// or writes its table or bucket directly: a read, or a write that the
// table's streams and the bucket's notifications carry on as a compute's
// write.
func (f *flow) apiData(r route, amt float64) {
	if r.access == schema.ModeRead {
		f.reads[r.target.idx] += amt
		return
	}
	f.writes[r.target.idx] += amt
	f.later(opDataWritten, r.target, amt)
}

// deliver is amt messages per second arriving at n asynchronously.
func (f *flow) deliver(n *node, amt float64, depth int) {
	if depth > f.m.depthLimit || amt < f.rate*1e-6 {
		return
	}
	switch n.kind {
	case schema.KindQueue, schema.KindStream:
		f.msgs[n.idx] += amt
		f.consume(n, amt, depth)
	case schema.KindTopic, schema.KindBus, schema.KindBucket:
		f.msgs[n.idx] += amt
		f.notify(n, amt)
	case schema.KindFirehose:
		f.msgs[n.idx] += amt
		f.firehose(n, amt, depth)
	case schema.KindAPI:
		f.sync(n, amt, depth)
	case schema.KindDatabase:
		f.writes[n.idx] += amt
	default:
		f.async(n, amt, depth)
	}
}

// consume runs a queue's or stream's consumers: a queue's consumers share
// its messages, a stream's each read all of them. Failed queue batches
// are received again until max_receive_count, then dead-lettered.
func (f *flow) consume(n *node, amt float64, depth int) {
	share := amt / float64(competing(n))
	for k, c := range n.consumers {
		if c.forwards() {
			// An EventBridge pipe puts every message or record it polls
			// on the bus as one event; a bus does not refuse them. Its
			// batches are received (and from a queue deleted) as a
			// poller's. A delivery stream reads a Kinesis data stream
			// the same way: every record goes in.
			if b := f.beff[n.idx][k]; b > 0 {
				f.batches[n.idx][k] += share / b
			}
			f.edge(n, c.target, schema.RelTrigger, share)
			f.later(opDeliver, c.target, share)
			continue
		}
		b := f.beff[n.idx][k]
		batches := share / b
		// Pollers held back by their limit take full batches, and so do
		// they when they catch up on a backlog (an admitted share above 1).
		ran := share // messages the pollers take
		if adm := f.admitted(c.target); c.target.pollOnly && adm < 1 {
			batches = share * adm / float64(c.batch)
			ran = share * adm
		} else if c.target.pollOnly && adm > 1 {
			// While they work off a backlog the pollers run at full
			// capacity, every batch full, fresh messages included: a
			// share fd of the segment; the rest at the fresh rate.
			ran = share * adm
			capa := float64(f.consumerSlots(n, c)) * float64(c.batch) / math.Max(f.meanResp(c.target, 0), 1e-9)
			if capa > share {
				fd := math.Min(1, (adm-1)*share/(capa-share))
				batches = fd*capa/float64(c.batch) + (1-fd)*share/b
			} else {
				batches = ran / float64(c.batch)
			}
		}
		p := f.failProb(c.target, depth+1)
		attempts := 1.0
		var lost float64
		if n.kind == schema.KindQueue {
			attempts = 0
			for r := 0; r < n.maxReceive; r++ {
				attempts += math.Pow(p, float64(r))
			}
			perMsg := p
			if c.partial {
				perMsg = p / b // only the failing message returns
			}
			lost = share * math.Pow(perMsg, float64(n.maxReceive))
		} else if c.maxRetries >= 0 {
			attempts = 0
			for r := 0; r <= c.maxRetries; r++ {
				attempts += math.Pow(p, float64(r))
			}
			lost = share * math.Pow(p, float64(c.maxRetries+1))
		}
		f.batches[n.idx][k] += batches * attempts
		f.edge(n, c.target, schema.RelTrigger, batches*attempts)
		size := 1.0
		if batches > 0 {
			size = ran / batches
		}
		if c.target.pollOnly {
			f.laterBatch(opRun, c.target, batches*attempts, size)
		} else {
			f.laterBatch(opInvoke, c.target, batches*attempts, size)
		}
		if lost > 0 {
			f.dlq[n.idx] += lost
			dst := n.deadLetter
			if n.kind != schema.KindQueue {
				dst = c.onFailure
			}
			if dst != nil {
				f.edge(n, dst, schema.RelDeadLetter, lost)
				f.later(opDeliver, dst, lost)
			}
		}
	}
}

// effectiveBatch estimates the mean batch a consumer receives at a
// message rate: the batch it needs to keep up at full concurrency, or
// what a batching window gathers, between 1 and batch_size.
func (f *flow) effectiveBatch(n *node, c *consumer, rate float64) float64 {
	if rate <= 0 {
		return 1
	}
	s := f.meanResp(c.target, 0)
	lanes := float64(f.consumerSlots(n, c))
	need := rate * s / lanes
	b := need
	if n.kind == schema.KindQueue {
		// The pollers share one batching window.
		if c.window > 0 {
			size, _ := WindowBatch(rate, c.batch, c.window)
			b = math.Max(b, size)
		}
	} else {
		// A lane (shard x parallelization slot) runs one batch at a
		// time: a batch takes the records that came while the one
		// before ran, lambda (E[T] + s) + phi on average (see
		// laneWait), E[T] the window before it.
		lam := rate / lanes
		size, _ := WindowBatch(lam, c.batch, c.window)
		t := (size - 1) / lam
		phi := f.laplace(c.target, lam)
		b = math.Max(b, lam*(t+s)+phi)
	}
	return math.Max(1, math.Min(float64(c.batch), b))
}

// laplace is E[e^(-lambda S)] for the response time S of an invocation of
// n: its own work (capped at the timeout) over 256 quantiles, its sync
// calls taken at their mean.
func (f *flow) laplace(n *node, lambda float64) float64 {
	const k = 256
	own := n.own.MeanBelow(n.timeout)
	calls := math.Max(0, f.meanResp(n, 0)-own)
	var sum float64
	for i := range k {
		x := math.Min(n.own.Quantile((float64(i)+0.5)/k), n.timeout)
		sum += math.Exp(-lambda * x)
	}
	return sum / k * math.Exp(-lambda*calls)
}

// consumerSlots is how many batches a consumer processes at once: for a
// queue, its maximum concurrency capped by the function's reserved
// concurrency; for a stream, shards x parallelization.
func (f *flow) consumerSlots(n *node, c *consumer) int {
	if n.kind == schema.KindQueue {
		return queueSlots(f.m, c)
	}
	return streamShards(f, n) * c.parallel
}

// queueSlots is a queue consumer's concurrency: max_concurrency (or the
// platform's 1,000 batches for Lambda), capped by the target's own limit.
// A container polls with its concurrency, else one worker per task.
func queueSlots(m *model, c *consumer) int {
	t := c.target
	slots := c.maxConc
	switch t.kind {
	case schema.KindFunction:
		if slots == 0 {
			slots = lambdaESMMax
		}
		lim := t.limit
		if t.pooled {
			lim = m.accountPool
		}
		slots = min(slots, lim)
	case schema.KindContainer:
		if slots == 0 {
			slots = t.limit
			if slots < 0 {
				slots = t.maxTasks
			}
		} else if t.limit >= 0 {
			slots = min(slots, t.limit)
		}
	default:
		if slots == 0 {
			slots = lambdaESMMax
		}
	}
	return max(slots, 0)
}

// streamShards is a stream's shard count: as provisioned, or for an
// on-demand stream or a database change stream, enough shards for the
// record rate at 1,000 records per second per shard (on-demand streams
// start at 4 MB/s of write capacity, 4 shards).
func streamShards(f *flow, n *node) int {
	if n.kind == schema.KindStream && n.shards > 0 {
		return n.shards
	}
	need := int(math.Ceil(f.msgs[n.idx] / 1000))
	if n.kind == schema.KindStream {
		return max(4, need)
	}
	return max(1, need)
}

// expectedAttempts is the mean number of attempts of a call or invocation
// that fails with probability p and is retried up to retries times:
// 1 + p + ... + p^retries.
func expectedAttempts(p float64, retries int) float64 {
	attempts := 0.0
	for k := 0; k <= retries; k++ {
		attempts += math.Pow(p, float64(k))
	}
	return attempts
}
