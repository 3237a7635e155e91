package simulate

import "math"

// coldStarts is the analytic model of a function's cold starts with the
// idle expiry the discrete-event mode uses (idleLifetime, 10 minutes) and
// its reuse of the most recently freed environment first. With the
// function's concurrency N distributed as in an M/G/∞ system (Poisson
// with mean A = invocation rate x mean duration, cut at the limit), the
// k-th environment is needed whenever N climbs from k-1 to k, at the rate
// u_k = lambda P(N = k-1); taking those climbs as a Poisson process, the
// environment has expired since the last one with probability
// e^(-u_k x idleLifetime). Over the window, which starts with none warm,
// the first climb to each level is a cold start and every later one with
// that probability:
//
//	cold_k = (1 - e^(-V_k)) + (V_k - (1 - e^(-V_k))) e^(-u_k T),  V_k = u_k x window
//
// summed over k and the window's segments. window is the expected count
// in the window; steady the cold starts per second once warm (the second
// term's rate at the base rate), for the month's bill.
func (a *analysis) coldStarts(n *node) (window, steady float64) {
	s := a.f.meanResp(n, 0)
	if s <= 0 {
		return 0, 0
	}
	limit := math.Inf(1)
	if n.pooled {
		limit = float64(a.m.accountPool)
	} else if n.limit >= 0 {
		limit = float64(n.limit)
	}
	if n.pollOnly {
		limit = math.Min(limit, a.pollerSlots(n)) // pollers run at most this many batches
	}
	type level struct{ visits, later float64 }
	levels := map[int]*level{}
	for si, seg := range a.segs {
		lam := a.invRate(n, si) * (1 - a.thrFrac[n.idx][si])
		A := lam * s
		if lam <= 0 {
			continue
		}
		// P(N = k-1) by the Poisson recursion, up to where it vanishes.
		p := math.Exp(-A)
		logp := -A
		for k := 1; float64(k) <= limit && k <= 100000; k++ {
			if k > 1 {
				logp += math.Log(A) - math.Log(float64(k-1))
				p = math.Exp(logp)
			}
			if float64(k-1) > A && p < 1e-12 {
				break
			}
			if k <= n.provisioned {
				continue // provisioned environments are always warm
			}
			u := lam * p
			l := levels[k]
			if l == nil {
				l = &level{}
				levels[k] = l
			}
			l.visits += u * seg.length
			l.later += u * seg.length * math.Exp(-u*idleLifetime)
			if seg.rate == a.w.Rate {
				steady += u * math.Exp(-u*idleLifetime) * seg.length
			}
		}
	}
	var base float64
	for _, seg := range a.segs {
		if seg.rate == a.w.Rate {
			base += seg.length
		}
	}
	if base > 0 {
		steady /= base
	}
	for _, l := range levels {
		first := 1 - math.Exp(-l.visits)
		if l.visits > 0 {
			window += first + (l.visits-first)*l.later/l.visits
		}
	}
	return window, steady
}
