package simulate

import (
	"fmt"
	"math"
)

// Thresholds of windowWarnings.
const (
	// fewArrivals: below a thousand arrivals the p99 rests on ten or
	// fewer of them.
	fewArrivals = 1000
	// busyShare is the utilisation from which a component's time to
	// settle is checked against the window.
	busyShare = 0.9
	// settleTimes is how many relaxation times a window should span for
	// its averages to forget the empty start.
	settleTimes = 10
	// growingBacklog: a backlog that grows by more than a tenth over the
	// last quarter of the window, to at least this many messages, has not
	// levelled off.
	growingBacklog = 100
)

// windowWarnings says when a discrete-event window is too short for its
// load: too few arrivals for stable percentiles; a component so busy
// that its queue needs longer than the window to settle (the relaxation
// time of an M/M/c queue, S / (c (1 - sqrt(rho))^2), Morse 1955, where S
// is the mean time in service, c the limit and rho the utilisation); or a
// queue whose backlog was still growing when the window closed.
func windowWarnings(w *WorkloadResult) []string {
	var out []string
	T := w.SimulatedS
	switch {
	case w.Arrivals == 0:
		out = append(out, fmt.Sprintf("no arrival in the %s window: lengthen the duration or raise the rate", fmtSeconds(T)))
	case w.Arrivals < fewArrivals:
		out = append(out, fmt.Sprintf("only %s arrivals in the %s window: the p99 rests on the slowest %s of them; lengthen the duration (or pass --replications) for steadier figures",
			count(w.Arrivals), fmtSeconds(T), count(math.Ceil(w.Arrivals*0.01))))
	}
	for _, c := range w.Components {
		lim := c.Concurrency.Limit
		rho := c.Utilisation
		if lim == nil || *lim <= 0 || rho < busyShare || c.Invocations <= 0 || T <= 0 {
			continue
		}
		// Little's law: the mean time in service is the mean
		// concurrency over the completion rate.
		s := c.Concurrency.Mean * T / c.Invocations
		settle := s / (*lim * math.Pow(1-math.Sqrt(math.Min(rho, 0.9999)), 2))
		if T >= settleTimes*settle {
			continue
		}
		out = append(out, fmt.Sprintf("%s runs at %s of its concurrency limit: at that load it takes about %s to settle, and the window is %s; figures grow with the duration until it spans %s",
			c.Component, pct(rho), fmtSeconds(round(settle, 3)), fmtSeconds(T), fmtSeconds(round(settleTimes*settle, 3))))
	}
	if w.Series != nil {
		for _, b := range w.Series.Backlog {
			n := len(b.Values)
			if n < 4 {
				continue
			}
			at, end := b.Values[n*3/4], b.Values[n-1]
			if end >= growingBacklog && end > 1.1*at {
				out = append(out, fmt.Sprintf("%s: the backlog was still growing when the window closed (%s messages at three quarters of it, %s at its end): the queue has no steady state at this load, so its backlog, oldest message and the latency behind it grow with the duration",
					b.Name, count(at), count(end)))
			}
		}
	}
	return out
}
