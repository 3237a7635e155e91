package diff

import (
	"math"
	"slices"

	"github.com/archiehq/archie/simulate"
)

// Summary is a workload's outcome in one version: the figures of its
// first entry, the deepest backlog and the monthly cost.
type Summary struct {
	P50Ms, P95Ms, P99Ms float64
	// Throttled is the share of the entry's arrivals refused, 0 to 1.
	Throttled float64
	// DeadLettered counts arrivals whose work ended in a dead-letter queue
	// or failure destination.
	DeadLettered float64
	// PeakBacklog is the deepest backlog of any queue or stream, in
	// messages.
	PeakBacklog float64
	MonthlyUSD  float64
	// Undrained are the queues and streams whose backlog never drains,
	// sorted.
	Undrained []string
}

func (s *Summary) equal(o *Summary) bool {
	return s.P50Ms == o.P50Ms && s.P95Ms == o.P95Ms && s.P99Ms == o.P99Ms && s.Throttled == o.Throttled &&
		s.DeadLettered == o.DeadLettered && s.PeakBacklog == o.PeakBacklog && s.MonthlyUSD == o.MonthlyUSD &&
		slices.Equal(s.Undrained, o.Undrained)
}

// WorkloadChange is one workload in the old and new version; nil where a
// version does not declare it.
type WorkloadChange struct {
	Name     string
	Old, New *Summary
}

// CostChange is the monthly cost of all workloads, old and new.
type CostChange struct {
	Old, New float64
}

// Delta is New - Old, rounded to a cent's hundredth.
func (c CostChange) Delta() float64 { return round(c.New-c.Old, 4) }

func summarize(w *simulate.WorkloadResult) *Summary {
	s := &Summary{MonthlyUSD: w.Cost.MonthlyUSD, Undrained: []string{}}
	if len(w.Entries) > 0 {
		e := w.Entries[0]
		s.P50Ms, s.P95Ms, s.P99Ms = e.Latency.P50, e.Latency.P95, e.Latency.P99
		s.DeadLettered = e.DeadLettered
		if w.Arrivals > 0 {
			s.Throttled = round(e.Throttled/w.Arrivals, 6)
		}
	}
	for _, q := range w.Queues {
		s.PeakBacklog = math.Max(s.PeakBacklog, q.Backlog.Peak)
		if q.DrainS == nil && q.Backlog.Final > 0 {
			s.Undrained = append(s.Undrained, q.Component)
		}
	}
	slices.Sort(s.Undrained)
	return s
}

func compareWorkloads(oldR, newR *simulate.Report) ([]WorkloadChange, CostChange) {
	byName := map[string]*WorkloadChange{}
	var cost CostChange
	get := func(name string) *WorkloadChange {
		if byName[name] == nil {
			byName[name] = &WorkloadChange{Name: name}
		}
		return byName[name]
	}
	if oldR != nil {
		for i := range oldR.Workloads {
			w := &oldR.Workloads[i]
			get(w.Name).Old = summarize(w)
			cost.Old += w.Cost.MonthlyUSD
		}
	}
	if newR != nil {
		for i := range newR.Workloads {
			w := &newR.Workloads[i]
			get(w.Name).New = summarize(w)
			cost.New += w.Cost.MonthlyUSD
		}
	}
	var out []WorkloadChange
	for _, name := range sortedKeys(byName) {
		out = append(out, *byName[name])
	}
	cost.Old, cost.New = round(cost.Old, 4), round(cost.New, 4)
	return out, cost
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
