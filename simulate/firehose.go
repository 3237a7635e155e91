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

// fhStage is one Firehose buffer fed with units (records, or the
// processor's batches) at rate a second: it is delivered when it holds
// full units, or when interval seconds have passed since its last
// delivery (an empty buffer delivers nothing). It returns the units per
// delivery and the longest a unit waits (a unit waits uniformly between 0
// and that). Bound by the interval, with Poisson arrivals, a delivery
// holds the units of an interval given at least one, x / (1 - e^(-x))
// with x = rate x interval, and a unit waits up to the interval; bound by
// the size, it holds full units and the first waits for the others,
// (full - 1) / rate. A zero interval delivers each unit at once.
func fhStage(rate, interval, full float64) (per, wait float64) {
	full = math.Max(1, full)
	if interval <= 0 || full == 1 {
		return 1, 0
	}
	if rate <= 0 {
		return 1, interval
	}
	x := rate * interval
	k := 1.0
	if x > 1e-9 {
		k = x / -math.Expm1(-x)
	}
	return math.Min(full, k), math.Min(interval, (full-1)/rate)
}

// fhBuffers is a delivery stream's buffering at r records a second, ok
// the share of them its processor transforms.
type fhBuffers struct {
	procBatch, procWait float64 // records a processor invocation takes, and their longest wait
	out, outWait        float64 // records a delivery holds, and their longest wait
	// outSteps, when above 1, is the batches a full destination buffer
	// takes: the records of a batch wait for the 0, 1, ..., outSteps - 1
	// batches after it (not uniformly), which come every outGap seconds,
	// each transformed with probability outOK.
	outSteps, outGap, outOK float64
}

func fhModel(n *node, r, ok float64, payload int64) fhBuffers {
	s := math.Max(float64(payload), 1)
	full := math.Floor(n.fhSize / s)
	var b fhBuffers
	if n.fhProcessor == nil {
		b.out, b.outWait = fhStage(r, n.fhInterval, full)
		return b
	}
	b.procBatch, b.procWait = fhStage(r, fhProcInterval, math.Floor(fhProcSize/s))
	// The destination buffer takes the transformed batches whole.
	k := math.Ceil(math.Max(1, full) / b.procBatch)
	chunks, wait := fhStage(r*ok/b.procBatch, n.fhInterval, k)
	b.out, b.outWait = chunks*b.procBatch, wait
	if chunks >= k && k > 1 && r > 0 {
		b.outSteps, b.outGap, b.outOK = k, b.procBatch/r, ok
	}
	return b
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
	for _, n := range f.m.nodes {
		if n.kind != schema.KindFirehose {
			continue
		}
		b := f.fhModel(n)
		next := [2]float64{max(1, b.procBatch), b.out}
		if math.Abs(next[0]-f.fhBatch[n.idx][0]) > 1e-9 || math.Abs(next[1]-f.fhBatch[n.idx][1]) > 1e-9 {
			changed = true
		}
		f.fhBatch[n.idx] = next
	}
	return changed
}

// fhModel is a delivery stream's buffering at the rate reaching it.
func (f *flow) fhModel(n *node) fhBuffers {
	ok := 1.0
	if p := n.fhProcessor; p != nil {
		ok = 1 - f.callFailProb(p, 0)
	}
	return fhModel(n, f.msgs[n.idx], ok, f.payload)
}

// fhWait is the distribution of a record's time in a delivery stream
// before its destinations are written: uniform over the processing
// buffer's wait, the processor's response, and uniform over the
// destination buffer's wait. The buffers' clocks run on their own, so a
// batch reaches the destination buffer at any point of its interval.
func (a *analysis) fhWait(n *node, depth int) *grid {
	b := a.f.fhModel(n)
	g := uniformGrid(a.dt, b.outWait)
	if b.outSteps > 1 && b.outOK > 0 {
		g = stepWaits(a.dt, int(b.outSteps), b.outGap, b.outOK)
	}
	if p := n.fhProcessor; p != nil {
		g = conv(conv(uniformGrid(a.dt, b.procWait), a.resp(p, depth+1)), g)
	}
	return g
}

// stepWaits is the wait of a batch's records in a destination buffer that
// k batches fill: with probability 1/k a batch is the j-th from the end
// (j = 0 .. k-1) and waits for j more transformed batches; batches come
// every gap seconds and each is transformed with probability q, so the
// wait is n x gap with n negative-binomial, C(n-1, j-1) q^j (1-q)^(n-j)
// for n >= j (failed batches go to the backup and do not fill the
// buffer).
func stepWaits(dt float64, k int, gap, q float64) *grid {
	g := newGrid(dt)
	put := func(t, p float64) {
		if i := int(math.Round(t / dt)); i < gridBins {
			g.p[i] += p
		} else {
			g.tail += p
		}
	}
	w := 1 / float64(k)
	put(0, w)
	for j := 1; j < k; j++ {
		if q >= 1 {
			put(float64(j)*gap, w)
			continue
		}
		lj, _ := math.Lgamma(float64(j))
		var done float64
		for n := j; done < 1-1e-9 && float64(n)*gap/dt < gridBins; n++ {
			ln, _ := math.Lgamma(float64(n))
			lm, _ := math.Lgamma(float64(n - j + 1))
			p := math.Exp(ln - lj - lm + float64(j)*math.Log(q) + float64(n-j)*math.Log1p(-q))
			put(float64(n)*gap, w*p)
			done += p
		}
		g.tail += w * math.Max(0, 1-done)
	}
	return g
}

// fhWaitHi bounds fhWait for the latency grid's horizon.
func (a *analysis) fhWaitHi(n *node, resp func(*node) float64) float64 {
	b := a.f.fhModel(n)
	x := b.outWait
	if b.outSteps > 1 && b.outOK > 0 {
		// the negative binomial's mean and six standard deviations
		j := b.outSteps - 1
		x = b.outGap * (j + 6*math.Sqrt(j*(1-b.outOK))) / b.outOK
	}
	if p := n.fhProcessor; p != nil {
		x += b.procWait + resp(p)
	}
	return x
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
		b := f.fhModel(n)
		notes = append(notes, fmt.Sprintf("%s: at the base rate, %s records a second, delivered %s at a time after waiting %s on average (buffer_interval %s, buffer_size %s)",
			n.addr, FormatQuantity(r), FormatQuantity(b.out), FormatSeconds(b.outWait/2), FormatSeconds(n.fhInterval), fmtBytes(n.fhSize)))
		if n.fhProcessor != nil {
			notes = append(notes, fmt.Sprintf("%s: its processor %s takes batches of %s records, which wait %s on average (the processing buffer's default hints, 60 s and 1 MB); a failed invocation is not retried here (Firehose retries it 3 times)",
				n.addr, n.fhProcessor.addr, FormatQuantity(b.procBatch), FormatSeconds(b.procWait/2)))
		}
		if n.fhExtraProcessors > 0 {
			notes = append(notes, fmt.Sprintf("%s: a delivery stream has one processor; only %s is simulated", n.addr, n.fhProcessor.addr))
		}
		if directPut(n) && w.Rate > 0 {
			pr := r / w.Rate * peak
			if pr > fhQuotaRecords || pr*s > fhQuotaBytes {
				notes = append(notes, fmt.Sprintf("%s: at the peak rate it takes %s records (%s) a second, over a Direct PUT stream's default quota in us-east-1 of 500,000 records and 5 MiB a second; Firehose would throttle the excess, which is not simulated",
					n.addr, FormatQuantity(pr), fmtBytes(pr*s)))
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

// fhInFlight is the records still in the delivery streams' buffers and
// processors when the window closes: by Little's law, the rate of the
// window's last stretch times the mean time a record spends there.
func (a *analysis) fhInFlight() float64 {
	if len(a.segs) == 0 {
		return 0
	}
	f := a.segF[len(a.segs)-1]
	var total float64
	for _, n := range a.m.nodes {
		if n.kind != schema.KindFirehose || f.msgs[n.idx] <= 0 {
			continue
		}
		r := f.msgs[n.idx]
		b := f.fhModel(n)
		t := b.outWait / 2
		if p := n.fhProcessor; p != nil {
			t = b.procWait/2 + f.meanResp(p, 0) + (1-f.callFailProb(p, 0))*t
		}
		total += r * t
	}
	return total
}
