package simulate

import (
	"math"
	"slices"
)

// fhState is a delivery stream's two buffers in the discrete-event mode:
// records waiting for the processor (with one), and records waiting for
// delivery. Each buffer is delivered when it holds buffer_size, or when
// its interval has passed since its last delivery (an empty buffer
// delivers nothing and starts its interval again).
type fhState struct {
	proc, out       []message
	procGen, outGen uint32
}

const (
	fhStageProc = 0
	fhStageOut  = 1
)

// fhBilledBytes is one record's ingestion as billed: rounded up to the
// next 5 KB.
func fhBilledBytes(payload int64) float64 {
	return chunks(payload, fhRecordUnit) * fhRecordUnit
}

// startFirehoses starts every delivery stream's buffer intervals, each
// at a random point of its first interval: the clocks of a stream's two
// buffers, and of the window, run apart.
func (e *engine) startFirehoses() {
	for _, n := range e.m.nodes {
		fh := e.st[n.idx].fh
		if fh == nil {
			continue
		}
		if n.fhProcessor != nil {
			e.fhSchedule(n, fhStageProc, e.rng.Float64())
		}
		e.fhSchedule(n, fhStageOut, e.rng.Float64())
	}
}

// fhSchedule starts a buffer's interval again: its end comes after the
// share frac of it.
func (e *engine) fhSchedule(n *node, stage int32, frac float64) {
	fh := e.st[n.idx].fh
	interval, gen := n.fhInterval, &fh.outGen
	if stage == fhStageProc {
		interval, gen = fhProcInterval, &fh.procGen
	}
	*gen++
	if interval > 0 {
		e.schedule(e.now+frac*interval, evFirehose, int32(n.idx)*2+stage, *gen)
	}
}

// fhTick is the end of a buffer's interval: it delivers what it holds.
func (e *engine) fhTick(idx int32, gen uint32) {
	n := e.m.nodes[idx/2]
	fh := e.st[n.idx].fh
	if idx%2 == fhStageProc {
		if gen == fh.procGen {
			e.fhFlushProc(n)
		}
		return
	}
	if gen == fh.outGen {
		e.fhFlushOut(n)
	}
}

// fhFull is how many records fill a buffer of size bytes.
func (e *engine) fhFull(size float64) int {
	return int(math.Max(1, math.Floor(size/math.Max(float64(e.w.Payload), 1))))
}

// fhPut is one record put into a delivery stream.
func (e *engine) fhPut(n *node, root int32, hops int16) {
	s := &e.st[n.idx]
	s.bytesIn += fhBilledBytes(e.w.Payload)
	e.addWork(root)
	m := message{root: root, hops: hops, sent: e.now}
	if n.fhProcessor != nil {
		s.fh.proc = append(s.fh.proc, m)
		if len(s.fh.proc) >= e.fhFull(fhProcSize) {
			e.fhFlushProc(n)
		}
		return
	}
	e.fhBuffered(n, m)
}

// fhBuffered adds a record to the destination buffer.
func (e *engine) fhBuffered(n *node, m message) {
	fh := e.st[n.idx].fh
	fh.out = append(fh.out, m)
	if n.fhInterval <= 0 || len(fh.out) >= e.fhFull(n.fhSize) {
		e.fhFlushOut(n)
	}
}

// fhFlushProc invokes the processor with the processing buffer; a batch
// it cannot run (throttled) fails.
func (e *engine) fhFlushProc(n *node) {
	fh := e.st[n.idx].fh
	e.fhSchedule(n, fhStageProc, 1)
	if len(fh.proc) == 0 {
		return
	}
	batch := slices.Clone(fh.proc)
	fh.proc = fh.proc[:0]
	slot, ok := e.startInv(n.fhProcessor, ikFirehose, -1, -1, 0, int32(n.idx), batch[0].hops+1)
	if !ok {
		e.fhFailed(n, batch)
		return
	}
	e.invs[slot].msgs = append(e.invs[slot].msgs[:0], batch...)
}

// fhProcessed is the end of a processor invocation: its records go on to
// the destination buffer, or, when it failed, to the backup bucket.
func (e *engine) fhProcessed(v *invocation, st status) {
	n := e.m.nodes[v.ref]
	batch := slices.Clone(v.msgs)
	if st != stOK {
		e.fhFailed(n, batch)
		return
	}
	if e.draining {
		return // the window is closed: the records stay in flight
	}
	for _, m := range batch {
		e.fhBuffered(n, m)
	}
}

// fhFailed sends a batch the processor failed to the backup bucket, one
// object, or loses it.
func (e *engine) fhFailed(n *node, batch []message) {
	s := &e.st[n.idx]
	if b := n.fhBackup; b != nil {
		e.dataWrite(b, batch[0].root, batch[0].hops+1)
	}
	for _, m := range batch {
		if n.fhBackup != nil {
			s.dlq++
			e.markRoot(m.root, rfDLQ)
		} else {
			s.dropped++
			e.markRoot(m.root, rfFailed)
		}
		e.doneWork(m.root)
	}
}

// fhFlushOut delivers the destination buffer: an object to each bucket,
// a write to each database, a call to each external, on behalf of its
// first record's arrival.
func (e *engine) fhFlushOut(n *node) {
	fh := e.st[n.idx].fh
	e.fhSchedule(n, fhStageOut, 1)
	if len(fh.out) == 0 {
		return
	}
	batch := slices.Clone(fh.out)
	fh.out = fh.out[:0]
	root, hops := batch[0].root, batch[0].hops
	for _, d := range n.fhWrites {
		e.dataWrite(d, root, hops+1)
	}
	for _, c := range n.fhCalls {
		if _, ok := e.startInv(c, ikFire, root, -1, 0, -1, hops+1); !ok {
			e.markRoot(root, rfFailed)
		}
	}
	for _, m := range batch {
		e.doneWork(m.root)
	}
}
