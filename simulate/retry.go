package simulate

import (
	"math"
	"sort"
	"sync"

	"github.com/archiehq/archie/schema"
)

// Asynchronous invocations throttled at a concurrency limit are retried
// by Lambda with a backoff (1 s doubling to 5 minutes, the discrete-event
// mode's asyncBackoffFirst and asyncBackoffMax) until max_event_age. The
// analytic mode treats the attempts as a retrial queue:
//
//   - the servers see fresh events and retries; all events are served in
//     the end when their offered load A is below the limit c, so the
//     occupancy is that of an Erlang loss system with a larger load A'
//     solving A' (1 - B(c, A')) = A, and an attempt is throttled with
//     probability b = B(c, A');
//   - attempts are taken as independent (the backoffs soon exceed the
//     busy periods), so an event is throttled K times with
//     P(K >= k) = b^k, and waits the sum of the first K backoffs;
//   - an event throttled more often than max_event_age allows expires.
//
// With A at or above c the limit passes c events per service time and
// the rest expire.

// retrialBlocking is the per-attempt throttle probability b at a limit
// of c for an offered load of A < c erlangs of events.
func retrialBlocking(c int, A float64) float64 {
	if A <= 0 {
		return 0
	}
	if c <= 0 {
		return 1
	}
	if b := ErlangB(c, A); b < 1e-6 {
		return b // the retries add next to nothing
	}
	lo, hi := A, A
	for hi*(1-ErlangB(c, hi)) < A && hi < 1e9 {
		hi *= 2
	}
	for hi-lo > 1e-6*hi {
		mid := (lo + hi) / 2
		if mid*(1-ErlangB(c, mid)) < A {
			lo = mid
		} else {
			hi = mid
		}
	}
	return ErlangB(c, (lo+hi)/2)
}

// asyncBacklog is the fluid backlog of events an asynchronously invoked
// function holds for retry while its attempts come faster than its limit
// serves them (a burst over the limit): share is the part of the window's
// events that arrive while a backlog is held, wait their mean wait (the
// backlog's area over those events, Little's law), throttles the attempts
// refused while they wait. After the window the backlog drains at the
// limit's pace with no new arrivals, as in the discrete-event mode.
type asyncBacklog struct {
	share, wait, throttles float64
	// shares is, per segment, the part of its events that arrive while
	// the backlog is held.
	shares []float64
}

func (a *analysis) asyncBacklog(n *node) asyncBacklog {
	if a.asyncB == nil || a.asyncB[n.idx] == nil {
		return asyncBacklog{}
	}
	c := a.m.accountPool
	if !n.pooled {
		c = n.limit
	}
	var q, area, exposed, total, capa float64
	shares := make([]float64, len(a.segs))
	for si, seg := range a.segs {
		s := a.segResp(n, si)
		if s <= 0 {
			return asyncBacklog{}
		}
		capa = float64(c) / s
		lam := a.invRate(n, si)
		total += lam * seg.length
		net := lam - capa
		switch {
		case net >= 0:
			area += q*seg.length + net*seg.length*seg.length/2
			exposed += lam * seg.length
			q += net * seg.length
			shares[si] = 1
		case q > 0:
			t0 := math.Min(seg.length, q/-net)
			area += q*t0 + net*t0*t0/2
			exposed += lam * t0
			q = math.Max(0, q+net*seg.length)
			shares[si] = t0 / seg.length
		}
	}
	if q > 0 && capa > 0 {
		area += q * q / capa / 2
	}
	if exposed <= 0 || total <= 0 || area <= 0 {
		return asyncBacklog{}
	}
	b := asyncBacklog{share: exposed / total, wait: area / exposed, shares: shares}
	b.throttles = exposed * float64(asyncThrottlesIn(b.wait))
	return b
}

// asyncThrottlesIn is how many throttles fit in a wait: the k whose
// backoffs add up to it.
func asyncThrottlesIn(w float64) int {
	k := 0
	for asyncWaitAfter(k+1) <= w && k < 10000 {
		k++
	}
	return k
}

// asyncBackoff is the wait before the retry that follows the k-th
// throttle (k from 1).
func asyncBackoff(k int) float64 {
	return math.Min(asyncBackoffMax, asyncBackoffFirst*math.Pow(2, float64(k-1)))
}

// asyncWaitAfter is the total wait of an event throttled k times: the
// first 65 backoffs summed in order, then the maximum for every further
// one (the doubling is long past).
func asyncWaitAfter(k int) float64 {
	if k <= 0 {
		return 0
	}
	w := asyncWaitTable()
	if k < len(w) {
		return w[k]
	}
	return w[len(w)-1] + float64(k-(len(w)-1))*asyncBackoffMax
}

// asyncWaitTable holds asyncWaitAfter(k) for k up to 65, summed once: the
// callers ask for k = 1, 2, ... in turn, and summing each from the start
// cost k squared backoffs per node and analysis.
var asyncWaitTable = sync.OnceValue(func() (w [66]float64) {
	for i := 1; i < len(w); i++ {
		w[i] = w[i-1] + asyncBackoff(i)
	}
	return w
})

// asyncMaxThrottles is how many throttles an event of n survives: the
// retry after throttle k comes asyncWaitAfter(k) after the first attempt,
// and is not made past max_event_age.
func asyncMaxThrottles(n *node) int {
	if n.maxThrottles > 0 {
		return n.maxThrottles - 1
	}
	age := n.maxEventAge
	if math.IsInf(age, 1) || age <= 0 {
		age = 6 * 3600 // Lambda's longest, and the default
	}
	k := 0
	for asyncWaitAfter(k+1) <= age && k < 10000 {
		k++
	}
	n.maxThrottles = k + 1
	return k
}

// asyncWait is the distribution of the time an asynchronous event of n
// spends before its last attempt starts: the throttle waits of each
// attempt, and for each failed attempt its run and the platform's delay
// before the next (1 minute, then 2: asyncErrorDelay x the retry's
// number), up to `retries` retries. nil when there is none.
func (a *analysis) asyncWait(n *node) *grid {
	if n.kind != schema.KindFunction || !entryAsync(n) {
		return nil
	}
	// Each segment's events fail with that segment's probability (a
	// limit downstream fails more of them during a burst), and wait for
	// the backlog of throttled events only while there is one: segments
	// alike are taken together.
	type key struct{ p0, p1, p2, b, share, resp float64 }
	var keys []key
	groups := map[key][]float64{}
	var any bool
	bl := a.asyncBacklog(n)
	fl := a.throttleFluid(n)
	fluidW := make([]float64, len(a.segs)) // the successes of the segments left to fl
	for si, s := range a.segs {
		ps := a.attemptPs(n, si)
		if fl != nil && bl.shares != nil && bl.shares[si] > 0 {
			fail := 1.0
			for _, p := range ps {
				fail *= p
			}
			fluidW[si] = s.rate * s.length * (1 - fail)
			any = true
			continue
		}
		at := func(k int) float64 { return ps[min(k, len(ps)-1)] }
		k := key{p0: at(0), p1: at(1), p2: at(2), resp: a.segResp(n, si)}
		if a.asyncB != nil && a.asyncB[n.idx] != nil {
			k.b = a.asyncB[n.idx][si]
		}
		if bl.shares != nil {
			k.share = bl.shares[si]
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
			groups[k] = make([]float64, len(a.segs))
		}
		fail := 1.0
		for _, p := range ps {
			fail *= p
		}
		groups[k][si] = s.rate * s.length * (1 - fail)
		any = any || fail > 0 || k.p0 > 0
	}
	if a.throttleWait(n, nil) == nil && !any {
		return nil
	}
	out := newGrid(a.dt)
	var total float64
	for _, k := range keys {
		var w float64
		for _, x := range groups[k] {
			w += x
		}
		if w <= 0 {
			continue
		}
		total += w
		thr := a.throttleWait(n, groups[k])
		if thr == nil {
			thr = atZero(a.dt)
		}
		a.addAttemptWaits(out, n, thr, []float64{k.p0, k.p1, k.p2}, k.resp, w)
	}
	for si, w := range fluidW {
		if w <= 0 {
			continue
		}
		total += w
		g := fl.grid(si, a.dt)
		for i, v := range g.p {
			out.p[i] += w * v
		}
		out.tail += w * g.tail
	}
	if total <= 0 {
		return nil
	}
	for i := range out.p {
		out.p[i] /= total
	}
	out.tail /= total
	return out
}

// addAttemptWaits adds w times the distribution of the wait before the
// attempt that succeeds of an event whose attempts fail with probability
// p, each taking run seconds: the throttle waits thr of every attempt and
// the platform's delays after each failure. Only the events that succeed
// have a latency: those that fail every attempt are dead letters.
func (a *analysis) addAttemptWaits(out *grid, n *node, thr *grid, ps []float64, run, w float64) {
	at := func(k int) float64 { return ps[min(k, len(ps)-1)] }
	fail := 1.0
	for j := 0; j <= n.retries; j++ {
		fail *= at(j)
	}
	ok := 1 - fail
	if ok <= 0 {
		return
	}
	attempt := thr // the wait up to the start of attempt j+1
	pj := 1.0      // P(J >= j)
	for j := 0; j <= n.retries; j++ {
		p := at(j)
		share := w * pj * (1 - p) / ok // P(J = j | success)
		for i, v := range attempt.p {
			out.p[i] += share * v
		}
		out.tail += share * attempt.tail
		pj *= p
		if pj < 1e-9 || j == n.retries {
			break
		}
		shift := run + asyncErrorDelay*float64(j+1)
		attempt = conv(shiftGrid(attempt, shift), thr)
	}
}

// shiftGrid is the distribution of X + d.
func shiftGrid(g *grid, d float64) *grid {
	k := int(math.Round(d / g.dt))
	out := newGrid(g.dt)
	out.tail = g.tail
	for i, v := range g.p {
		if i+k < gridBins {
			out.p[i+k] += v
		} else {
			out.tail += v
		}
	}
	return out
}

// throttleWait is the distribution of the time an asynchronous event of
// n waits for throttle retries, over the window's segments weighted by
// wt (nil: their events); nil when n is never throttled. The segments
// whose events meet a backlog are left to throttleFluid when it has them.
func (a *analysis) throttleWait(n *node, wts []float64) *grid {
	if a.asyncB == nil {
		return nil
	}
	bs := a.asyncB[n.idx]
	if bs == nil {
		return nil
	}
	g := newGrid(a.dt)
	var total float64
	kmax := asyncMaxThrottles(n)
	tau := a.f.meanResp(n, 0)
	var exposed float64
	bl := a.asyncBacklog(n)
	fl := a.throttleFluid(n)
	for si, s := range a.segs {
		wt := s.rate * s.length
		if wts != nil {
			wt = wts[si]
		}
		if fl != nil && bl.shares != nil && bl.shares[si] > 0 {
			continue // asyncWait takes these events from throttleFluid
		}
		total += wt
		if bl.shares != nil {
			exposed += wt * bl.shares[si]
		}
		b := bs[si]
		over := 1.0 // P(K >= k)
		for k := 0; k <= kmax; k++ {
			bk := b // the first attempt finds the limit as any arrival does
			if k > 0 {
				bk = retryBlocking(b, asyncBackoff(k), tau)
			}
			bin := int(math.Round(asyncWaitAfter(k) / a.dt))
			if bin >= gridBins {
				g.tail += wt * over
				break
			}
			g.p[bin] += wt * over * (1 - bk)
			over *= bk
			if over < 1e-12 {
				break
			}
		}
	}
	if total <= 0 {
		return nil
	}
	var mass float64
	for i := range g.p {
		g.p[i] /= total
		mass += g.p[i]
	}
	g.tail /= total
	if mass <= 0 {
		return nil
	}
	// Events that expire are not in the latency: renormalise over those
	// served.
	for i := range g.p {
		g.p[i] /= mass
	}
	g.tail = 0
	if share := exposed / total; fl == nil && share > 0 && bl.wait > 0 {
		mean := bl.wait
		g = mix(share, fromCDF(a.dt, func(x float64) float64 { return 1 - math.Exp(-x/mean) }), g)
	}
	if g.p[0] >= 1-1e-12 {
		return nil
	}
	return g
}

// asyncWaitHi bounds asyncWait, for the grid's horizon.
func (a *analysis) asyncWaitHi(n *node) float64 {
	if n.kind != schema.KindFunction || !entryAsync(n) {
		return 0
	}
	hi := a.throttleWaitHi(n)
	var fhi float64
	if fl := a.throttleFluid(n); fl != nil {
		fhi = fl.hi
	}
	var p, run float64
	for si := range a.segs {
		p = math.Max(p, a.segF[si].failProb(n, 0))
		run = math.Max(run, a.segResp(n, si))
	}
	if p <= 0 {
		return math.Max(hi, fhi)
	}
	var w float64
	pj := 1.0
	for j := 1; j <= n.retries && pj*p >= 1e-4; j++ {
		pj *= p
		w += hi + run + asyncErrorDelay*float64(j)
	}
	return math.Max(hi+w, fhi)
}

// throttleWaitHi is the 99.99th percentile of the throttle wait, for the
// grid's horizon.
func (a *analysis) throttleWaitHi(n *node) float64 {
	if a.asyncB == nil {
		return 0
	}
	bs := a.asyncB[n.idx]
	var hi float64
	kmax := asyncMaxThrottles(n)
	for _, b := range bs {
		if b <= 0 {
			continue
		}
		k := min(kmax, int(math.Ceil(math.Log(1e-4)/math.Log(b))))
		if b >= 1 {
			k = kmax
		}
		hi = math.Max(hi, asyncWaitAfter(k))
	}
	if a.throttleFluid(n) != nil {
		return hi // the backlog's waits are in asyncWaitHi
	}
	if bl := a.asyncBacklog(n); bl.share > 0 {
		hi = math.Max(hi, bl.wait*math.Log(bl.share/1e-4))
	}
	return hi
}

// retryBlocking is the probability that the retry after a throttle, d
// seconds later, is throttled again: b once the limit has forgotten the
// moment of the throttle, more while the invocations that filled it may
// still run (b + (1 - b) e^(-d/tau), tau the mean invocation time). The
// counts of throttles keep the retrial model's b/(1 - b) per event; this
// correlation only shapes the wait, whose tail it makes heavier: at 95% of
// a limit of 10 it brings the analytic mean and p99 within 1% of the
// discrete-event mode's, against 17% and 27% low for independent retries
// (simulate/validation_test.go).
func retryBlocking(b, d, tau float64) float64 {
	if tau <= 0 {
		return b
	}
	return b + (1-b)*math.Exp(-d/tau)
}

// attemptPs is, for the events of segment si of n, the failure
// probability of each attempt (first, then each retry) at the time it
// runs: the first in si, a retry after a failure the run time plus the
// platform's delay later (1 minute, then 2: asyncErrorDelay x the
// retry's number), at the failure probability of the segments that
// stretch of time falls in (the last segment's past the window).
func (a *analysis) attemptPs(n *node, si int) []float64 {
	ps := make([]float64, n.retries+1)
	ps[0] = a.segF[si].failProb(n, 0)
	var d float64
	for k := 1; k <= n.retries; k++ {
		d += a.segResp(n, si) + asyncErrorDelay*float64(k)
		ps[k] = a.pOver(n, a.segs[si].start+d, a.segs[si].length)
	}
	return ps
}

// retryDelay is the time from an event's first attempt to its k-th retry.
func (a *analysis) retryDelay(n *node, si, k int) float64 {
	var d float64
	for j := 1; j <= k; j++ {
		d += a.segResp(n, si) + asyncErrorDelay*float64(j)
	}
	return d
}

// pOver is n's mean failure probability over [from, from+length).
func (a *analysis) pOver(n *node, from, length float64) float64 {
	if length <= 0 {
		return 0
	}
	var sum float64
	to := from + length
	for sj, s := range a.segs {
		lo, hi := math.Max(from, s.start), math.Min(to, s.start+s.length)
		if hi > lo {
			sum += (hi - lo) * a.segF[sj].failProb(n, 0)
		}
	}
	if end := a.T; to > end {
		// Past the window only retries come (pTail).
		sum += (to - math.Max(from, end)) * a.tailP(n)
	}
	return sum / length
}

// tailP is n's failure probability for the retries made after the
// window, when no new events come: the limits downstream let through as
// many attempts a second as at the end of the window, so only the part of
// the retries above that fails (a.pTail, from the previous pass; the last
// segment's probability before there is one).
func (a *analysis) tailP(n *node) float64 {
	if a.pTail != nil && a.pTail[n.idx] >= 0 {
		return a.pTail[n.idx]
	}
	return a.segF[len(a.segF)-1].failProb(n, 0)
}

// retryShifts places the retries of asynchronously invoked functions in
// time, per segment: the attempts per event that run in it (its events'
// first attempts, and the retries of earlier events that fall in it) and
// the share of its events that fail every attempt. Without it a burst's
// retries would all run, and fail, at the burst's failure probability,
// while the platform makes them 1 and 3 minutes later, when a limit
// downstream may have room again.
func (a *analysis) retryShifts() []*retryShift {
	out := make([]*retryShift, len(a.segs))
	var any bool
	for _, n := range a.m.nodes {
		if n.kind == schema.KindFunction && entryAsync(n) && n.retries > 0 {
			any = true
		}
	}
	if !any {
		return out
	}
	N := len(a.m.nodes)
	for si := range a.segs {
		out[si] = &retryShift{attempts: make([]float64, N), fail: make([]float64, N), ran: make([]float64, N)}
		for i := range N {
			out[si].attempts[i] = -1
		}
	}
	for _, n := range a.m.nodes {
		if n.kind != schema.KindFunction || !entryAsync(n) || n.retries <= 0 {
			continue
		}
		ran := a.eventsRun(n)
		retried := make([]float64, len(a.segs)) // retry attempts landing in each segment
		var tail, tailEnd float64               // retry attempts after the window, and when the last comes
		for si, s := range a.segs {
			ps := a.attemptPs(n, si)
			fail := 1.0
			for _, p := range ps {
				fail *= p
			}
			out[si].fail[n.idx] = fail
			out[si].ran[n.idx] = ran[si]
			events := a.segF[si].events[n.idx] * ran[si] * s.length
			reach := 1.0
			for k := 1; k <= n.retries; k++ {
				reach *= ps[k-1]
				if reach*events <= 0 {
					break
				}
				from := s.start + a.retryDelay(n, si, k)
				for sj, t := range a.segs {
					lo, hi := math.Max(from, t.start), math.Min(from+s.length, t.start+t.length)
					if hi > lo {
						retried[sj] += events * reach * (hi - lo) / s.length
					}
				}
				if to := from + s.length; to > a.T {
					tail += events * reach * (to - math.Max(from, a.T)) / s.length
					tailEnd = math.Max(tailEnd, to)
				}
			}
		}
		if a.pTail == nil {
			a.pTail = make([]float64, N)
			for i := range a.pTail {
				a.pTail[i] = -1
			}
		}
		a.pTail[n.idx] = 0
		if last := len(a.segs) - 1; tail > 0 && tailEnd > a.T {
			f := a.segF[last]
			passed := f.offered[n.idx] * f.admitted(n) * (1 - f.failProb(n, 0)) // attempts a second that succeed at the end
			a.pTail[n.idx] = math.Max(0, 1-passed/(tail/(tailEnd-a.T)))
			// own failures (errors, timeouts) remain
			a.pTail[n.idx] = math.Max(a.pTail[n.idx], 1-(1-n.errRate)*n.own.CDF(n.timeout))
		}
		// The retries made after the window are invocations too (and
		// billed): they are counted with the window's last stretch.
		retried[len(a.segs)-1] += tail
		for si, s := range a.segs {
			ev := a.segF[si].events[n.idx] * s.length
			if ev <= 0 {
				out[si].attempts[n.idx] = 1
				continue
			}
			out[si].attempts[n.idx] = 1 + retried[si]/ev
		}
	}
	return out
}

// eventsRun is, per segment, the share of n's events that run in it when
// its limit holds attempts for later (a burst over it) and runs them when
// it has room: the held attempts are carried as the events they belong
// to, at the attempts per event of the segment they came from.
func (a *analysis) eventsRun(n *node) []float64 {
	out := make([]float64, len(a.segs))
	c := a.m.accountPool
	if !n.pooled {
		c = n.limit
	}
	var carryAtt, carryEv float64
	for si, seg := range a.segs {
		f := a.segF[si]
		out[si] = f.admitted(n)
		ev, off := f.events[n.idx]*seg.length, f.offered[n.idx]*seg.length
		s := a.segResp(n, si)
		if ev <= 0 || off <= 0 || s <= 0 || a.asyncB == nil || a.asyncB[n.idx] == nil {
			continue
		}
		lost := a.thrFrac[n.idx][si]
		room := float64(c)/s*seg.length - off
		if room < 0 {
			held := -room
			carryAtt += held
			carryEv += held / (off / ev)
			out[si] = (1 - lost) * (1 - held/off)
			continue
		}
		take := math.Min(carryAtt, room)
		var takeEv float64
		if carryAtt > 0 {
			takeEv = carryEv * take / carryAtt
		}
		carryAtt -= take
		carryEv -= takeEv
		out[si] = (1 - lost) * (1 + takeEv/ev)
	}
	return out
}

// fluidWaits is the wait of the events of an asynchronously invoked
// function whose limit is overloaded, per segment of their arrival: the
// distribution, on the analysis grid, of the time from an event's arrival
// to the start of its attempt that succeeds (throttle backoffs, and the
// runs and delays of failed attempts), over the events that succeed.
type fluidWaits struct {
	// mass[si][k][j] is the share of segment si's events that succeed
	// that are let in after k throttles and j failed attempts, a wait of
	// wait[si][k][j].
	mass, wait [][][]float64
	hi         float64 // the 99.99th percentile of the wait, over all segments
	throttles  float64 // attempts refused, over the window and after it
}

// grid is the wait of the events of segment si on a grid of step dt.
func (fw *fluidWaits) grid(si int, dt float64) *grid {
	g := newGrid(dt)
	for k, row := range fw.mass[si] {
		for j, v := range row {
			if bin := int(math.Round(fw.wait[si][k][j] / dt)); bin < gridBins {
				g.p[bin] += v
			} else {
				g.tail += v
			}
		}
	}
	return g
}

// fluidStep is the step, in seconds, of throttleFluid: the first backoff.
const fluidStep = asyncBackoffFirst

// fluidDust is the mass, in events, below which throttleFluid stops
// following a cohort: what it drops is far below the results' rounding.
const fluidDust = 1e-6

// throttleFluid follows n's events through the window and after it as a
// fluid, second by second. In each second the attempts that come (fresh
// events, throttled ones whose backoff is over, failed ones whose retry
// is due) find the limit of c as an Erlang loss system does: each is let
// in with probability 1 - B(c, attempts a second x mean run time), a slot
// that frees going to whichever attempt comes next, a fresh event's or a
// retry's. A throttled attempt is retried after the next backoff (1 s
// doubling to 5 minutes) or expires past max_event_age; an attempt let in
// fails with the failure probability of the time it runs and, while
// retries are left, comes back 1 minute (then 2) after it ends, its
// backoff going on from where it was, as in the discrete-event mode. An
// event throttled many times retries only every 5 minutes, so the fresh
// events of a long overload pass it over and over: this is the tail an
// average wait misses. nil when n's attempts never come faster than its
// limit serves them.
func (a *analysis) throttleFluid(n *node) *fluidWaits {
	if a.asyncB == nil || a.asyncB[n.idx] == nil {
		return nil
	}
	if w, ok := a.fluidW[n.idx]; ok {
		return w
	}
	if a.fluidW == nil {
		a.fluidW = map[int]*fluidWaits{}
	}
	a.fluidW[n.idx] = nil
	c := a.m.accountPool
	if !n.pooled {
		c = n.limit
	}
	nseg := len(a.segs)
	resp := make([]float64, nseg)
	ev := make([]float64, nseg)
	var over bool
	for si := range a.segs {
		s := a.segResp(n, si)
		if s <= 0 {
			return nil
		}
		resp[si] = s
		ev[si] = a.segF[si].events[n.idx]
		over = over || a.invRate(n, si) > float64(c)/s
	}
	if !over {
		return nil
	}
	age := n.maxEventAge
	if math.IsInf(age, 1) || age <= 0 {
		age = 6 * 3600
	}
	type cohort struct {
		seg, k, j int // arrival segment, throttles, failed attempts
		mass      float64
	}
	// The longest wait before a retry: the largest backoff, or an error
	// retry's delay and run.
	span := math.Max(asyncBackoffMax, asyncErrorDelay*float64(n.retries)+resp[nseg-1])
	for _, r := range resp {
		span = math.Max(span, asyncErrorDelay*float64(n.retries)+r)
	}
	ring := make([][]cohort, int(math.Ceil(span/fluidStep))+2)
	waitOf := func(si, k, j int) float64 {
		w := asyncWaitAfter(k)
		for i := 1; i <= j; i++ {
			w += asyncErrorDelay*float64(i) + resp[si]
		}
		return w
	}
	kmax := asyncMaxThrottles(n)
	out := &fluidWaits{mass: make([][][]float64, nseg), wait: make([][][]float64, nseg)}
	for si := range nseg {
		out.mass[si] = make([][]float64, kmax+1)
		out.wait[si] = make([][]float64, kmax+1)
		for k := range kmax + 1 {
			out.mass[si][k] = make([]float64, n.retries+1)
			out.wait[si][k] = make([]float64, n.retries+1)
			for j := range n.retries + 1 {
				out.wait[si][k][j] = waitOf(si, k, j)
			}
		}
	}
	backoffSteps := make([]int, kmax+1)
	for k := 1; k <= kmax; k++ {
		backoffSteps[k] = int(math.Round(asyncBackoff(k) / fluidStep))
	}
	var pending, total float64
	lastLoad, lastB := -1.0, 0.0
	seg := 0
	horizon := a.T + age + span
	for step := 0; ; step++ {
		t := float64(step) * fluidStep
		slot := step % len(ring)
		due := ring[slot]
		ring[slot] = nil
		if t >= a.T && pending <= 1e-9 || t > horizon {
			break
		}
		for seg < nseg-1 && t+fluidStep/2 >= a.segs[seg].start+a.segs[seg].length {
			seg++
		}
		if t < a.T {
			if fresh := ev[seg] * math.Min(fluidStep, a.T-t); fresh > 0 {
				due = append(due, cohort{seg: seg, mass: fresh})
				pending += fresh
			}
		}
		var attempts float64
		for _, ch := range due {
			attempts += ch.mass
			pending -= ch.mass
		}
		if attempts <= 0 {
			continue
		}
		if load := attempts / fluidStep * resp[seg]; load != lastLoad {
			// a quiet stretch repeats the same load second after second
			lastLoad, lastB = load, ErlangB(c, load)
		}
		let := 1 - lastB
		p := a.pOver(n, t, fluidStep)
		for _, ch := range due {
			in := ch.mass * let
			ok := in * (1 - p)
			if ch.j < n.retries {
				if failed := in * p; failed >= fluidDust {
					d := resp[seg] + asyncErrorDelay*float64(ch.j+1)
					at := (step + int(math.Round(d/fluidStep))) % len(ring)
					ring[at] = append(ring[at], cohort{seg: ch.seg, k: ch.k, j: ch.j + 1, mass: failed})
					pending += failed
				}
			}
			out.mass[ch.seg][ch.k][ch.j] += ok
			held := ch.mass - in
			out.throttles += held
			k := ch.k + 1
			if held < fluidDust || k > kmax || out.wait[ch.seg][k][ch.j] > age {
				continue // expired past max_event_age (or less than a millionth of an event)
			}
			at := (step + backoffSteps[k]) % len(ring)
			ring[at] = append(ring[at], cohort{seg: ch.seg, k: k, j: ch.j, mass: held})
			pending += held
		}
		ring[slot] = due[:0] // no delay is 0 or a whole turn: the slot is free
	}
	type point struct{ w, m float64 }
	var all []point
	for si := range nseg {
		var m float64
		for k := range kmax + 1 {
			for j := range n.retries + 1 {
				m += out.mass[si][k][j]
			}
		}
		total += m
		if m <= 0 {
			continue
		}
		for k := range kmax + 1 {
			for j := range n.retries + 1 {
				all = append(all, point{out.wait[si][k][j], out.mass[si][k][j]})
				out.mass[si][k][j] /= m
			}
		}
	}
	if total <= 0 {
		return nil
	}
	sort.SliceStable(all, func(x, y int) bool { return all[x].w < all[y].w })
	var cum float64
	for _, pt := range all {
		cum += pt.m
		out.hi = pt.w
		if cum >= (1-1e-4)*total {
			break
		}
	}
	a.fluidW[n.idx] = out
	return out
}
