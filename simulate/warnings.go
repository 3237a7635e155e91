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
	// saturated is the utilisation from which a component is taken to
	// be at its limit, with no steady state to settle to.
	saturated = 0.99
	// settleTimes is how many relaxation times a window should span for
	// its averages to forget the empty start.
	settleTimes = 10
	// growingBacklog: a backlog whose last quarter of the window averages
	// a tenth more than the quarter before, and which ends near its peak
	// with at least this many messages, has not levelled off.
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
		out = append(out, fmt.Sprintf("no arrival in the %s window: lengthen the duration or raise the rate", FormatSeconds(T)))
	case w.Arrivals < fewArrivals:
		out = append(out, fmt.Sprintf("only %s arrivals in the %s window: the p99 rests on the slowest %s of them; lengthen the duration (or pass --replications) for steadier figures",
			FormatCount(w.Arrivals), FormatSeconds(T), FormatCount(math.Ceil(w.Arrivals*0.01))))
	}
	for _, c := range w.Components {
		lim := c.Concurrency.Limit
		rho := c.Utilisation
		if lim == nil || *lim <= 0 || rho < busyShare || c.Invocations <= 0 || T <= 0 {
			continue
		}
		if rho >= saturated {
			out = append(out, fmt.Sprintf("%s runs at %s of its concurrency limit: it is saturated, so its waits grow with the duration instead of settling",
				c.Component, FormatPercent(rho)))
			continue
		}
		// Little's law: the mean time in service is the mean
		// concurrency over the completion rate.
		s := c.Concurrency.Mean * T / c.Invocations
		settle := s / (*lim * math.Pow(1-math.Sqrt(rho), 2))
		if T >= settleTimes*settle {
			continue
		}
		out = append(out, fmt.Sprintf("%s runs at %s of its concurrency limit: at that load it takes about %s to settle, and the window is %s; figures grow with the duration until it spans %s",
			c.Component, FormatPercent(rho), FormatSeconds(roundTime(settle)), FormatSeconds(T), FormatSeconds(roundTime(settleTimes*settle))))
	}
	if w.Series != nil {
		for _, b := range w.Series.Backlog {
			n := len(b.Values)
			if n < 4 {
				continue
			}
			// Growing: the last quarter's mean above the third's by a
			// tenth, and the end near the highest of the window (a
			// stationary backlog's noise rarely ends at its peak).
			third, last := meanOf(b.Values[n/2:n*3/4]), meanOf(b.Values[n*3/4:])
			end, top := b.Values[n-1], largestOf(b.Values)
			if end >= growingBacklog && last > 1.1*third && end >= 0.9*top {
				at := b.Values[n*3/4]
				out = append(out, fmt.Sprintf("%s: the backlog was still growing when the window closed (%s messages at three quarters of it, %s at its end): the queue has no steady state at this load, so its backlog, oldest message and the latency behind it grow with the duration",
					b.Name, FormatCount(at), FormatCount(end)))
			}
		}
	}
	return out
}

// roundTime rounds a time span for a message: whole seconds from ten
// seconds on.
func roundTime(s float64) float64 {
	if s >= 10 {
		return math.Ceil(s)
	}
	return round(s, 2)
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func largestOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
