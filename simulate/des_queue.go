package simulate

import (
	"math"
	"slices"

	"github.com/archiehq/archie/schema"
)

// enqueue is one message sent to a queue.
func (e *engine) enqueue(n *node, msg message) {
	s := &e.st[n.idx]
	q := s.q
	s.requests += chunks(e.w.Payload, 64<<10) // SendMessage, per 64 KB chunk
	q.received++
	if len(q.consumers) > 0 {
		// A queue nothing consumes (a dead-letter queue, an outbox read
		// outside the architecture) is where the arrival's work ends.
		e.addWork(msg.root)
	}
	if n.delay > 0 {
		q.delayedQ.push(delayed{msg: msg, readyAt: e.now + n.delay})
		e.schedule(e.now+n.delay, evQueueWake, int32(n.idx), 0)
	} else {
		q.vis.push(msg)
	}
	if b := q.backlog(); b > q.peak {
		q.peak = b
	}
	e.dispatchQueue(n)
}

func (q *queueState) backlog() int { return q.vis.len() + q.delayedQ.len() + q.returned.len() }

// wakeQueue makes delayed and returned messages visible and lets pollers
// whose batching window has closed take what there is.
func (e *engine) wakeQueue(i int) {
	n := e.m.nodes[i]
	q := e.st[i].q
	for _, r := range []*ring[delayed]{&q.delayedQ, &q.returned} {
		for r.len() > 0 && r.front().readyAt <= e.now {
			q.vis.push(r.pop().msg)
		}
	}
	e.dispatchQueue(n)
}

// capacity is how many batches a consumer may have in flight now: its
// slots, and for Lambda the event source mapping's current scale.
func (e *engine) capacity(cs *consumerState) int {
	if !cs.scalesLike {
		return cs.slots
	}
	if cs.pressured {
		cs.ceil = math.Min(float64(cs.slots), cs.ceil+esmStep*(e.now-cs.pressT))
		cs.pressT = e.now
	}
	return int(cs.ceil)
}

// dispatchQueue hands visible messages to idle pollers, in batches.
func (e *engine) dispatchQueue(n *node) {
	q := e.st[n.idx].q
	if len(q.consumers) == 0 || e.draining {
		return
	}
	for q.vis.len() > 0 {
		progressed := false
		for k := range q.consumers {
			if q.vis.len() == 0 {
				break
			}
			cs := q.consumers[(q.rr+k)%len(q.consumers)]
			if cs.scalesLike && cs.inflight == 0 && cs.idleSince > 0 && e.now-cs.idleSince > esmIdleReset {
				cs.ceil = math.Min(esmStart, float64(cs.slots))
			}
			cs.idleSince = 0
			if cs.inflight >= e.capacity(cs) {
				if !cs.pressured {
					cs.pressured, cs.pressT = true, e.now
				}
				continue
			}
			if q.vis.len() < cs.c.batch && cs.c.window > 0 {
				if cs.windowAt == 0 {
					cs.windowAt = e.now + cs.c.window
					e.schedule(cs.windowAt, evQueueWake, int32(n.idx), 0)
				}
				if e.now < cs.windowAt {
					continue
				}
			}
			if e.startBatch(n, cs) {
				progressed = true
			}
		}
		q.rr++
		if !progressed {
			break
		}
	}
	if q.vis.len() == 0 {
		for _, cs := range q.consumers {
			cs.pressured = false
		}
	}
}

// startBatch receives up to batch_size messages and invokes the consumer.
func (e *engine) startBatch(n *node, cs *consumerState) bool {
	s := &e.st[n.idx]
	q := s.q
	batch := e.scratch[:0]
	for q.vis.len() > 0 && len(batch) < cs.c.batch {
		m := q.vis.pop()
		if e.now-m.sent > n.retention {
			q.expired++
			e.markRoot(m.root, rfFailed)
			e.doneWork(m.root)
			continue
		}
		if int(m.receives) >= n.maxReceive && n.deadLetter != nil {
			q.dlq++
			e.markRoot(m.root, rfDLQ)
			e.enqueue(n.deadLetter, message{root: m.root, sent: e.now, hops: m.hops + 1})
			e.doneWork(m.root)
			continue
		}
		m.receives++
		batch = append(batch, m)
	}
	e.scratch = batch
	cs.windowAt = 0
	if len(batch) == 0 {
		return false
	}
	s.requests += chunks(int64(len(batch))*e.w.Payload, 64<<10) // ReceiveMessage
	if cs.c.forwards() {
		e.pipeToBus(cs.c.target, batch)
		s.requests++ // DeleteMessageBatch
		return true
	}
	slot, ok := e.startInv(cs.c.target, ikBatch, -1, -1, 0, int32(n.idx)<<8|int32(indexOf(q.consumers, cs)), batch[0].hops+1)
	if !ok {
		q.throttled++
		for _, m := range batch {
			q.returned.push(delayed{msg: m, readyAt: e.now + n.visibility})
		}
		e.schedule(e.now+n.visibility, evQueueWake, int32(n.idx), 0)
		// A throttled mapping backs off to what it has running.
		if cs.scalesLike {
			cs.ceil = math.Max(1, float64(cs.inflight))
		}
		return false
	}
	e.invs[slot].msgs = append(e.invs[slot].msgs[:0], batch...)
	cs.inflight++
	return true
}

func indexOf(cs []*consumerState, c *consumerState) int {
	for i, x := range cs {
		if x == c {
			return i
		}
	}
	return 0
}

// batchFinished deletes a processed batch, or returns its messages to
// the queue when the visibility timeout runs out: all of them, or with
// partial_batch_response only the one that failed.
func (e *engine) batchFinished(v *invocation, st status) {
	qi := int(v.ref >> 8)
	n := e.m.nodes[qi]
	s := &e.st[qi]
	q := s.q
	cs := q.consumers[v.ref&0xff]
	cs.inflight--
	if cs.inflight == 0 {
		cs.idleSince = e.now
	}
	if e.now-v.start > n.visibility {
		q.visExpired += int64(len(v.msgs))
	}
	ready := math.Max(e.now, v.start+n.visibility)
	returned := 0
	if st == stOK {
		s.requests++ // DeleteMessageBatch
		for _, m := range v.msgs {
			e.doneWork(m.root)
		}
	} else {
		bad := -1
		if st == stError && cs.c.partial {
			bad = e.rng.IntN(len(v.msgs))
			s.requests++
		}
		for j, m := range v.msgs {
			if bad >= 0 && j != bad {
				e.doneWork(m.root)
				continue
			}
			q.returned.push(delayed{msg: m, readyAt: ready})
			returned++
		}
	}
	if returned > 0 {
		e.schedule(ready, evQueueWake, int32(qi), 0)
	}
	e.dispatchQueue(n)
}

// putRecord writes one record to a stream; false when the shard's write
// limit throttles it.
func (e *engine) putRecord(n *node, root int32, hops int16) bool {
	s := &e.st[n.idx]
	ss := s.s
	if ss == nil {
		s.requests += chunks(e.w.Payload, 25<<10)
		s.bytesIn += float64(e.w.Payload)
		return true
	}
	shard := 0
	if ss.shards > 1 {
		shard = e.rng.IntN(ss.shards)
	}
	if ss.tokens != nil {
		ss.tokens[shard] = math.Min(shardWriteRate, ss.tokens[shard]+shardWriteRate*(e.now-ss.tokT[shard]))
		ss.tokT[shard] = e.now
		if ss.tokens[shard] < 1 {
			ss.throttled++
			s.throttled++
			e.markRoot(root, rfThrottled)
			return false
		}
		ss.tokens[shard]--
	}
	s.requests += chunks(e.w.Payload, 25<<10) // PUT payload units
	s.bytesIn += float64(e.w.Payload)
	e.appendRecord(n, ss, shard, root, hops)
	return true
}

// streamRecord is a database change record.
func (e *engine) streamRecord(d *node, root int32, hops int16) {
	ss := e.st[d.idx].s
	shard := 0
	if ss.shards > 1 {
		shard = e.rng.IntN(ss.shards)
	}
	e.appendRecord(d, ss, shard, root, hops)
}

func (e *engine) appendRecord(n *node, ss *streamState, shard int, root int32, hops int16) {
	ss.received++
	for _, cs := range ss.consumers {
		li := cs.lanes[shard*cs.c.parallel]
		if cs.c.parallel > 1 {
			li = cs.lanes[shard*cs.c.parallel+e.rng.IntN(cs.c.parallel)]
		}
		l := e.lanes[li]
		l.recs.push(message{root: root, sent: e.now, hops: hops})
		e.addWork(root)
		e.dispatchLane(li)
	}
	if b := e.streamBacklog(ss); b > ss.peak {
		ss.peak = b
	}
}

func (e *engine) streamBacklog(ss *streamState) int {
	most := 0
	for _, cs := range ss.consumers {
		total := 0
		for _, li := range cs.lanes {
			total += e.lanes[li].recs.len()
		}
		most = max(most, total)
	}
	return most
}

// dispatchLane starts the next batch of a shard, in order: one batch in
// flight per shard (per parallelization slot).
func (e *engine) dispatchLane(li int32) {
	l := e.lanes[li]
	if l.busy || l.wakeAt > e.now || e.draining {
		return
	}
	src := e.m.nodes[l.src]
	c := l.cs.c
	ss := e.st[l.src].s
	for l.recs.len() > 0 {
		age := e.now - l.recs.front().sent
		if age <= src.retention && age <= c.maxRecordAge {
			break
		}
		m := l.recs.pop()
		if age > src.retention {
			ss.expired++
			e.markRoot(m.root, rfFailed)
		} else {
			e.streamFailure(ss, c, m)
		}
		e.doneWork(m.root)
	}
	if l.recs.len() == 0 {
		return
	}
	n := min(l.recs.len(), l.limit)
	if n < c.batch && c.window > 0 {
		if l.windowAt == 0 {
			l.windowAt = e.now + c.window
			e.schedule(l.windowAt, evLaneWake, li, 0)
		}
		if e.now < l.windowAt {
			return
		}
	}
	l.windowAt = 0
	if src.kind == schema.KindStream && src.shards == 0 {
		e.st[l.src].bytesOut += float64(n) * float64(e.w.Payload)
	}
	if c.forwards() {
		// An EventBridge pipe, or a delivery stream reading the stream.
		batch := e.scratch[:0]
		for range n {
			batch = append(batch, l.recs.pop())
		}
		e.scratch = batch
		e.pipeToBus(c.target, batch)
		e.dispatchLane(li)
		return
	}
	slot, ok := e.startInv(c.target, ikStream, -1, -1, 0, li, l.recs.front().hops+1)
	if !ok {
		l.wakeAt = e.now + streamThrottleBackoff
		e.schedule(l.wakeAt, evLaneWake, li, 0)
		return
	}
	msgs := e.invs[slot].msgs[:0]
	for j := range n {
		msgs = append(msgs, *l.recs.at(j))
	}
	e.invs[slot].msgs = msgs
	l.busy = true
}

// pipeToBus is an EventBridge pipe putting a batch it polled from a queue
// or a stream on a bus: one event per message or record, which the bus
// bills as a published event and hands to its rules' targets. A bus does
// not refuse them, so the batch is done at once.
func (e *engine) pipeToBus(bus *node, batch []message) {
	// Delivering may start another batch, which reuses e.scratch.
	batch = slices.Clone(batch)
	for _, m := range batch {
		e.deliver(bus, m.root, m.hops+1)
		e.doneWork(m.root)
	}
}

// streamFailure sends a record a consumer gave up on to its on_failure
// destination (metadata only, as Lambda does), or drops it.
func (e *engine) streamFailure(ss *streamState, c *consumer, m message) {
	if c.onFailure != nil {
		ss.dlq++
		e.markRoot(m.root, rfDLQ)
		e.deliver(c.onFailure, m.root, m.hops+1)
	} else {
		e.markRoot(m.root, rfFailed)
	}
}

// laneFinished checkpoints a processed batch, or retries it: from the
// failed record with partial_batch_response, halved with
// bisect_on_error, until max_retries sends the failing records to
// on_failure.
func (e *engine) laneFinished(v *invocation, st status) {
	li := v.ref
	l := e.lanes[li]
	l.busy = false
	c := l.cs.c
	ss := e.st[l.src].s
	n := len(v.msgs)
	if st == stOK {
		for range n {
			m := l.recs.pop()
			e.doneWork(m.root)
		}
		l.retries, l.limit = 0, c.batch
		e.dispatchLane(li)
		return
	}
	if st == stError && c.partial {
		for range e.rng.IntN(n) {
			m := l.recs.pop()
			e.doneWork(m.root)
			n--
		}
	}
	l.retries++
	if c.maxRetries >= 0 && l.retries > c.maxRetries {
		drop := n
		if c.partial || c.bisect {
			drop = 1
		}
		for range drop {
			m := l.recs.pop()
			e.streamFailure(ss, c, m)
			e.doneWork(m.root)
		}
		l.retries, l.limit = 0, c.batch
	} else if c.bisect {
		l.limit = max(1, n/2)
	}
	e.dispatchLane(li)
}

// sample records one point of every time series.
func (e *engine) sample() {
	e.series.T = append(e.series.T, e.now)
	for k, i := range e.tracked {
		s := &e.st[i]
		e.series.Concurrency[k].Values = append(e.series.Concurrency[k].Values, float64(s.peakSince))
		s.peakSince = s.busy
	}
	for k, i := range e.queues {
		b, age := e.backlogAt(i)
		e.series.Backlog[k].Values = append(e.series.Backlog[k].Values, float64(b))
		_ = age
	}
	e.sampleCounters()
}

// backlogAt is a queue's or stream's backlog and the age of its oldest
// waiting message now, recording the largest age seen.
func (e *engine) backlogAt(i int) (int, float64) {
	s := &e.st[i]
	if q := s.q; q != nil {
		age := 0.0
		if q.vis.len() > 0 {
			age = e.now - q.vis.front().sent
		}
		for _, r := range []*ring[delayed]{&q.delayedQ, &q.returned} {
			if r.len() > 0 {
				age = math.Max(age, e.now-r.front().msg.sent)
			}
		}
		q.oldestPeak = math.Max(q.oldestPeak, age)
		return q.backlog(), age
	}
	ss := s.s
	age := 0.0
	for _, cs := range ss.consumers {
		for _, li := range cs.lanes {
			if l := e.lanes[li]; l.recs.len() > 0 {
				age = math.Max(age, e.now-l.recs.front().sent)
			}
		}
	}
	ss.oldest = math.Max(ss.oldest, age)
	return e.streamBacklog(ss), age
}
