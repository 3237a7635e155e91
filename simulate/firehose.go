package simulate

import (
	"fmt"
	"math"

	"github.com/archiehq/archie/schema"
)

// Amazon Data Firehose, as the simulator models it (sources read
// 2026-12-02).
const (
	// fhProcInterval and fhProcSize: with data transformation, Firehose
	// buffers incoming records up to the processor's buffering hints
	// before it invokes the function, by default 60 s and 1 MB (0 to
	// 900 s, 0.2 to 3 MB), and then buffers the transformed records for
	// the destination by the stream's own hints
	// (docs.aws.amazon.com/firehose/latest/dev/data-transformation.html).
	// The language has no attribute for the processor's hints: the
	// defaults apply. Lambda's 6 MB synchronous payload bounds a batch
	// too, which the 3 MB most a hint allows never reaches.
	fhProcInterval = 60.0
	fhProcSize     = 1 << 20
	// fhRecordUnit: ingestion is billed per GB with each record rounded
	// up to the next 5 KB (aws.amazon.com/firehose/pricing/).
	fhRecordUnit = 5 << 10
	// fhQuotaRecords and fhQuotaBytes: a Direct PUT delivery stream in
	// us-east-1 takes 500,000 records/s, 2,000 requests/s and 5 MiB/s
	// for PutRecord and PutRecordBatch together
	// (docs.aws.amazon.com/firehose/latest/dev/limits.html).
	// The requests quota is not checked: archie does not know how many
	// records a producer puts per PutRecordBatch.
	fhQuotaRecords = 500_000.0
	fhQuotaBytes   = 5 << 20
)

// fhBuffer is how many records a Firehose buffer holds when it is
// delivered, on average, at r records a second of s bytes each, with a
// buffer interval of I seconds and a buffer size of S bytes: a full
// buffer (S / s records) when it fills before the interval ends, else
// the records of one interval. The interval's clock restarts at every
// delivery and an empty buffer delivers nothing, so with Poisson arrivals
// a delivery bound by the interval holds the records of an interval
// given at least one: rI / (1 - e^(-rI)). A zero interval delivers each
// record on its own (an upper bound on the deliveries).
func fhBuffer(r, interval, size, s float64) float64 {
	full := math.Max(1, math.Floor(size/math.Max(s, 1)))
	if r <= 0 || interval <= 0 {
		return 1
	}
	x := r * interval
	k := 1.0
	if x > 1e-9 {
		k = x / -math.Expm1(-x)
	}
	return math.Min(full, k)
}

// fhPeriod is the time a buffer takes to fill or to reach its interval,
// whichever comes first: a record waits in it uniformly between 0 and
// this (the mean half of it).
func fhPeriod(r, interval, size, s float64) float64 {
	full := math.Max(1, math.Floor(size/math.Max(s, 1)))
	if r <= 0 {
		return interval
	}
	return math.Min(interval, full/r)
}

// firehose is amt records per second put into a delivery stream: its
// processor's invocations (one per batch of the processing buffer), the
// records it fails (to the backup bucket, or lost), and one delivery per
// destination buffer: an object written to each bucket, a write to each
// database, a call to each external.
func (f *flow) firehose(n *node, amt float64, depth int) {
	recs := amt
	if p := n.fhProcessor; p != nil {
		bp := f.fhBatch[n.idx][0]
		inv := amt / bp
		f.edge(n, p, schema.RelTrigger, inv)
		f.laterBatch(opInvoke, p, inv, bp)
		// A batch whose invocation fails (an error, a timeout or a
		// throttle) is not delivered: its records go to the backup
		// bucket, one object per batch.
		ok := 1 - f.callFailProb(p, depth+1)
		failed := amt * (1 - ok)
		recs = amt * ok
		if failed > 0 {
			if b := n.fhBackup; b != nil {
				f.dlq[n.idx] += failed
				objs := failed / bp
				f.writes[b.idx] += objs
				f.edge(n, b, schema.RelOnFailure, objs)
				f.later(opDataWritten, b, objs)
			} else {
				f.dropped[n.idx] += failed
			}
		}
	}
	deliveries := recs / f.fhBatch[n.idx][1]
	for _, d := range n.fhWrites {
		f.writes[d.idx] += deliveries
		f.edge(n, d, schema.RelWrites, deliveries)
		f.later(opDataWritten, d, deliveries)
	}
	for _, c := range n.fhCalls {
		f.edge(n, c, schema.RelCalls, deliveries)
		f.later(opSync, c, deliveries)
		// A delivery the endpoint refuses or fails is counted as one
		// failed arrival, the buffer's first record's (Firehose's
		// retries and its backup of failed HTTP deliveries are not
		// modelled).
		f.dropped[n.idx] += deliveries * f.callFailProb(c, depth+1)
	}
}

// fhBatches recomputes, per delivery stream, the records per processor
// batch and per delivered buffer at the rates of the last propagation;
// it reports whether any changed.
func (f *flow) fhBatches() bool {
	changed := false
	s := float64(f.payload)
	for _, n := range f.m.nodes {
		if n.kind != schema.KindFirehose {
			continue
		}
		r := f.msgs[n.idx]
		bp := fhBuffer(r, fhProcInterval, fhProcSize, s)
		out := r
		if p := n.fhProcessor; p != nil {
			out = r * (1 - f.callFailProb(p, 0))
		}
		b := fhBuffer(out, n.fhInterval, n.fhSize, s)
		next := [2]float64{bp, b}
		if math.Abs(next[0]-f.fhBatch[n.idx][0]) > 1e-9 || math.Abs(next[1]-f.fhBatch[n.idx][1]) > 1e-9 {
			changed = true
		}
		f.fhBatch[n.idx] = next
	}
	return changed
}

// fhWait is the distribution of a record's time in a delivery stream's
// buffers before its destinations are written: uniform over the
// processing buffer's period, the processor's response, and uniform over
// the destination buffer's period.
func (a *analysis) fhWait(n *node, depth int) *grid {
	s := float64(a.w.Payload)
	r := a.f.msgs[n.idx]
	g := uniformGrid(a.dt, fhPeriod(r, n.fhInterval, n.fhSize, s))
	if p := n.fhProcessor; p != nil {
		g = conv(conv(uniformGrid(a.dt, fhPeriod(r, fhProcInterval, fhProcSize, s)), a.resp(p, depth+1)), g)
	}
	return g
}

// fhWaitHi bounds fhWait for the latency grid's horizon.
func (a *analysis) fhWaitHi(n *node, resp func(*node) float64) float64 {
	s := float64(a.w.Payload)
	r := a.f.msgs[n.idx]
	x := fhPeriod(r, n.fhInterval, n.fhSize, s)
	if p := n.fhProcessor; p != nil {
		x += fhPeriod(r, fhProcInterval, fhProcSize, s) + resp(p)
	}
	return x
}

// uniformGrid is the uniform distribution on [0, w].
func uniformGrid(dt, w float64) *grid {
	if w <= 0 {
		return atZero(dt)
	}
	return fromCDF(dt, func(x float64) float64 { return math.Min(1, math.Max(0, x/w)) })
}

// fhNotes describes each delivery stream the workload puts records into:
// its deliveries, and a Direct PUT stream's quota when the workload's
// peak goes over it (the quota is not simulated as a throttle).
func fhNotes(m *model, f *flow, w *schema.Workload) []string {
	var notes []string
	peak := w.Rate
	for _, b := range w.Bursts {
		peak = math.Max(peak, b.Rate)
	}
	s := float64(w.Payload)
	for _, n := range m.nodes {
		if n.kind != schema.KindFirehose || f.msgs[n.idx] <= 0 {
			continue
		}
		r := f.msgs[n.idx]
		b := f.fhBatch[n.idx][1]
		notes = append(notes, fmt.Sprintf("%s: at the base rate, %.4g records a second are delivered about every %s, %.4g records a buffer (buffer_interval %s, buffer_size %s)",
			n.addr, r, FormatSeconds(fhPeriod(r, n.fhInterval, n.fhSize, s)), b, FormatSeconds(n.fhInterval), fmtBytes(n.fhSize)))
		if n.fhProcessor != nil {
			notes = append(notes, fmt.Sprintf("%s: its processor %s is invoked with batches of %.4g records on average (the processing buffer's default hints, 60 s and 1 MB); a failed invocation is not retried here (Firehose retries it 3 times)",
				n.addr, n.fhProcessor.addr, f.fhBatch[n.idx][0]))
		}
		if n.fhExtraProcessors > 0 {
			notes = append(notes, fmt.Sprintf("%s: a delivery stream has one processor; only %s is simulated", n.addr, n.fhProcessor.addr))
		}
		if directPut(n) && w.Rate > 0 {
			pr := r / w.Rate * peak
			if pr > fhQuotaRecords || pr*s > fhQuotaBytes {
				notes = append(notes, fmt.Sprintf("%s: at the peak rate it takes %.4g records (%s) a second, over a Direct PUT stream's default quota in us-east-1 of 500,000 records and 5 MiB a second; Firehose would throttle the excess, which is not simulated",
					n.addr, pr, fmtBytes(pr*s)))
			}
		}
	}
	return notes
}

// directPut reports whether a delivery stream takes its records through
// PutRecord (producers, subscriptions, rules, api integrations) rather
// than reading a Kinesis data stream, whose own limits apply instead.
func directPut(n *node) bool {
	for _, e := range n.c.Incoming() {
		if e.Relation == schema.RelTrigger && e.From.Kind == schema.KindStream {
			return false
		}
	}
	return true
}

// fmtBytes writes a byte count in binary units.
func fmtBytes(b float64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.4g MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.4g KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.4g bytes", b)
}

// fhInFlight is the records still in the delivery streams' buffers (or
// their processors) when the window closes, at the rate of its last
// stretch. A buffer bound by its interval delivers at every multiple of
// it (the discrete-event mode's clock), so the records since the last
// delivery before the end are in flight; a buffer that fills first holds
// half a buffer on average.
func (a *analysis) fhInFlight() float64 {
	if len(a.segs) == 0 {
		return 0
	}
	f := a.segF[len(a.segs)-1]
	T, s := a.T, float64(a.w.Payload)
	var total float64
	for _, n := range a.m.nodes {
		if n.kind != schema.KindFirehose || f.msgs[n.idx] <= 0 {
			continue
		}
		r := f.msgs[n.idx]
		out := r
		if p := n.fhProcessor; p != nil {
			out = r * (1 - f.callFailProb(p, 0))
		}
		// delivered is when a record reaching the destination buffer
		// at t is delivered.
		P := fhPeriod(out, n.fhInterval, n.fhSize, s)
		delivered := func(t float64) float64 {
			if P < n.fhInterval || n.fhInterval <= 0 {
				return t + P/2
			}
			return n.fhInterval * math.Ceil(t/n.fhInterval-1e-9)
		}
		if n.fhProcessor == nil {
			if P < n.fhInterval || n.fhInterval <= 0 {
				total += r * P / 2
			} else {
				total += r * (T - n.fhInterval*math.Floor(T/n.fhInterval+1e-9))
			}
			continue
		}
		d := f.meanResp(n.fhProcessor, 0)
		Pp := fhPeriod(r, fhProcInterval, fhProcSize, s)
		if Pp < fhProcInterval {
			total += r*(Pp/2+d) + out*P/2
			continue
		}
		// Records put after the last processing tick, and the batches
		// of the ticks before whose delivery comes after the end.
		last := fhProcInterval * math.Floor(T/fhProcInterval+1e-9)
		total += r * (T - last)
		for t1 := last; t1 > 0 && t1 > T-n.fhInterval-fhProcInterval-d-1; t1 -= fhProcInterval {
			if delivered(t1+d) > T+1e-9 {
				total += out * fhProcInterval
			}
		}
	}
	return total
}
