package simulate

import (
	"fmt"
	"math"

	"github.com/archiehq/archie/schema"
)

// maxSimulatedWork bounds the work one discrete-event run may simulate:
// invocations, messages and batches over the window. The engine handles
// about 4 million invocations a second on one core (docs/performance.md),
// so the limit keeps a run under about half a minute; a workload that needs
// more is asked for the analytic mode, whose cost does not grow with the
// window or the rate.
const maxSimulatedWork = 100_000_000

// maxSimulatedEvents bounds the events one discrete-event run processes,
// whatever the estimate said: retries and redeliveries are not in the
// propagated rates, so a run that goes past this many events stops.
const maxSimulatedEvents = 8 * maxSimulatedWork

// LimitError reports a workload too large to simulate event by event.
type LimitError struct {
	Workload string
	Range    string // file:line:column of the workload block
	What     string // what went over which limit
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: workload %q: %s; shorten the workload's duration or lower its rate, "+
		"or use --mode analytic (closed forms, no such limit)", e.Range, e.Workload, e.What)
}

// fmtCount writes a large count for people: 1.2e+09 as "about 1.2 billion".
func fmtCount(x float64) string {
	switch {
	case math.IsInf(x, 0) || math.IsNaN(x) || x >= 1e12:
		return fmt.Sprintf("about %.2g", x)
	case x >= 1e9:
		return fmt.Sprintf("%.3g billion", x/1e9)
	case x >= 1e6:
		return fmt.Sprintf("%.3g million", x/1e6)
	}
	return fmt.Sprintf("%.0f", x)
}

func rangeOf(w *schema.Workload) string {
	r := w.DeclRange
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// checkWork refuses a discrete-event run whose expected work, from the
// propagated rates, is over maxSimulatedWork.
func checkWork(w *schema.Workload, f *flow) error {
	var arrivals float64
	for _, s := range segments(w) {
		arrivals += s.rate * s.length
	}
	work := arrivals
	if w.Rate > 0 {
		var per float64
		for i := range f.m.nodes {
			per += f.inv[i] + f.msgs[i] + f.reads[i] + f.writes[i]
			for _, b := range f.batches[i] {
				per += b
			}
		}
		// Bursts scale the work like the arrivals.
		work += arrivals * per / w.Rate
	}
	if !(work <= maxSimulatedWork) {
		return &LimitError{Workload: w.Name, Range: rangeOf(w), What: fmt.Sprintf(
			"the discrete-event mode would simulate %s invocations, messages and batches, over its limit of %s",
			fmtCount(work), fmtCount(maxSimulatedWork))}
	}
	return nil
}
