package simulate

// Series holds sampled time series for plots: concurrency of each compute
// component and backlog of each queue or stream, at a fixed number of
// sample points whatever the simulated time, so memory stays flat; and
// the rate of throttles and dead letters of every component the workload
// reaches, per second over each sample interval.
type Series struct {
	T            []float64 // sample times, seconds
	Concurrency  []NamedSeries
	Backlog      []NamedSeries
	Throttled    []NamedSeries
	DeadLettered []NamedSeries

	counted []int   // node indexes of Throttled and DeadLettered
	lastThr []int64 // their counts at the previous sample
	lastDLQ []int64 //
	lastT   float64 // time of the previous sample
}

// NamedSeries is one line of a chart.
type NamedSeries struct {
	Name   string
	Values []float64
}

// seriesSamples is the number of points per series.
const seriesSamples = 240

// sampleCounters records the throttles and dead letters of each
// component reached since the previous sample, as a rate per second.
func (e *engine) sampleCounters() {
	s := e.series
	if s.lastThr == nil {
		for _, n := range e.m.nodes {
			if e.f.inv[n.idx] <= 0 && e.f.msgs[n.idx] <= 0 {
				continue
			}
			s.counted = append(s.counted, n.idx)
			s.Throttled = append(s.Throttled, NamedSeries{Name: n.addr})
			s.DeadLettered = append(s.DeadLettered, NamedSeries{Name: n.addr})
		}
		s.lastThr = make([]int64, len(s.counted))
		s.lastDLQ = make([]int64, len(s.counted))
	}
	dt := e.now - s.lastT
	s.lastT = e.now
	for k, i := range s.counted {
		thr, dlq := e.failureCounts(i)
		var rt, rd float64
		if dt > 0 {
			rt, rd = float64(thr-s.lastThr[k])/dt, float64(dlq-s.lastDLQ[k])/dt
		}
		s.Throttled[k].Values = append(s.Throttled[k].Values, rt)
		s.DeadLettered[k].Values = append(s.DeadLettered[k].Values, rd)
		s.lastThr[k], s.lastDLQ[k] = thr, dlq
	}
}

// failureCounts are a node's throttles and dead letters so far.
func (e *engine) failureCounts(i int) (throttled, dlq int64) {
	st := &e.st[i]
	throttled, dlq = st.throttled, st.dlq
	if st.q != nil {
		throttled += st.q.throttled
		dlq += st.q.dlq
	}
	if st.s != nil {
		throttled += st.s.throttled
		dlq += st.s.dlq
	}
	return throttled, dlq
}
