package simulate

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sync"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/lazyregexp"
)

// MaxReplications bounds --replications: a thousand runs already narrow
// an interval thirty-fold against ten, and more only multiply the wait.
const MaxReplications = 1000

// ReplicationSeeds returns the seeds of n replications of a run with the
// given seed: the first is the seed itself, so one replication is the
// plain run; the others are the top 53 bits of splitmix64 of
// seed + i × 0x9E3779B97F4A7C15: spread out whatever the seed, and small
// enough to survive JSON readers that hold numbers as doubles.
func ReplicationSeeds(seed uint64, n int) []uint64 {
	out := make([]uint64, max(n, 1))
	out[0] = seed
	for i := 1; i < len(out); i++ {
		out[i] = splitmix64(seed+uint64(i)*0x9E3779B97F4A7C15) >> 11
	}
	return out
}

func splitmix64(x uint64) uint64 {
	z := x + 0x9E3779B97F4A7C15
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// tCrit975 are the 0.975 quantiles of Student's t for 1 to 30 degrees of
// freedom, the half-width factor of a two-sided 95% interval. Source:
// NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2,
// https://www.itl.nist.gov/div898/handbook/eda/section3/eda3672.htm
// (read 2026-12-02).
var tCrit975 = [...]float64{12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
	2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
	2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423}

// tQuantile975 is Student's t 0.975 quantile for df degrees of freedom:
// the table up to 30, then the Cornish-Fisher expansion around the normal
// quantile (Abramowitz and Stegun 26.7.5), within 1e-4 of the exact value
// from 30 degrees of freedom on.
func tQuantile975(df int) float64 {
	if df < 1 {
		return math.NaN()
	}
	if df <= len(tCrit975) {
		return tCrit975[df-1]
	}
	const z = 1.959963984540054
	v := float64(df)
	z3, z5, z7 := z*z*z, math.Pow(z, 5), math.Pow(z, 7)
	return z + (z3+z)/(4*v) + (5*z5+16*z3+3*z)/(96*v*v) + (3*z7+19*z5+17*z3-15*z)/(384*v*v*v)
}

// Interval is a 95% confidence interval [low, high].
type Interval [2]float64

// meanCI is the mean of xs and the half-width of its 95% confidence
// interval by Student's t with len(xs)-1 degrees of freedom.
func meanCI(xs []float64) (mean, half float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	return mean, tQuantile975(len(xs)-1) * sd / math.Sqrt(n)
}

// interval is the 95% interval of the mean of xs, not below zero (every
// figure it serves is a count, a time or a price), rounded to digits.
func interval(xs []float64, digits int) *Interval {
	m, h := meanCI(xs)
	return &Interval{round(math.Max(0, m-h), digits), round(m+h, digits)}
}

// replicate runs a workload opt.Replications times in the discrete-event
// mode, one seed each (ReplicationSeeds), in parallel goroutines bounded
// by GOMAXPROCS, and merges the runs in seed order, so the result does
// not depend on which run finished first.
func replicate(ctx context.Context, arch *schema.Architecture, w *schema.Workload, opt Options) (*WorkloadResult, error) {
	n := opt.Replications
	seeds := ReplicationSeeds(opt.Seed, n)
	results := make([]*WorkloadResult, n)
	errs := make([]error, n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var mu sync.Mutex
	done := make([]float64, n)
	report := func(i int, d float64) {
		if opt.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done[i] = d
		var sum float64
		for _, x := range done {
			sum += x
		}
		opt.Progress(w.Name, sum/float64(n))
	}

	sem := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				return
			}
			o := opt
			o.Seed = seeds[i]
			o.Progress = func(_ string, d float64) { report(i, d) }
			// Each run compiles its own model: nothing is shared between
			// goroutines but the read-only architecture.
			r, err := runDES(ctx, compile(arch), w, o)
			if err != nil {
				errs[i] = err
				cancel()
				return
			}
			results[i] = r
			report(i, 1)
		})
	}
	wg.Wait()
	// The first error in seed order that is not the cancellation it
	// caused in the other runs.
	var first error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if first == nil || errors.Is(first, context.Canceled) && !errors.Is(err, context.Canceled) {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	return mergeReplications(results), nil
}

// mergeReplications combines runs of one workload: counts, means, shares,
// percentiles and costs become the mean over the runs (with a 95%
// confidence interval where the JSON carries one); extremes (maximum
// latency, peak concurrency, peak backlog, oldest message) become the
// largest over the runs. Plots get the latencies of every run and the
// time series of the first.
// noteDigits matches the numbers of a note, which replications merge away.
var noteDigits = lazyregexp.New(`[0-9][0-9,.]*`)

func mergeReplications(rs []*WorkloadResult) *WorkloadResult {
	n := float64(len(rs))
	first := rs[0]
	out := *first
	each := func(get func(*WorkloadResult) float64) []float64 {
		xs := make([]float64, len(rs))
		for i, r := range rs {
			xs[i] = get(r)
		}
		return xs
	}
	out.Arrivals = round(meanOf(each(func(r *WorkloadResult) float64 { return r.Arrivals })), 3)

	// Entries: the same list in every run.
	out.Entries = make([]EntryResult, len(first.Entries))
	for k := range first.Entries {
		e := first.Entries[k]
		get := func(f func(*EntryResult) float64) []float64 {
			return each(func(r *WorkloadResult) float64 { return f(&r.Entries[k]) })
		}
		mean3 := func(xs []float64) float64 { return round(meanOf(xs), 3) }
		lm, l50 := get(func(e *EntryResult) float64 { return e.Latency.Mean }), get(func(e *EntryResult) float64 { return e.Latency.P50 })
		l95, l99 := get(func(e *EntryResult) float64 { return e.Latency.P95 }), get(func(e *EntryResult) float64 { return e.Latency.P99 })
		e.Latency = Latency{Mean: mean3(lm), P50: mean3(l50), P95: mean3(l95), P99: mean3(l99),
			Max:  largestOf(get(func(e *EntryResult) float64 { return e.Latency.Max })),
			CI95: &LatencyCI{Mean: interval(lm, 3), P50: interval(l50, 3), P95: interval(l95, 3), P99: interval(l99, 3)}}
		e.BackendP99Ms = mean3(get(func(e *EntryResult) float64 { return e.BackendP99Ms }))
		sc, th := get(func(e *EntryResult) float64 { return e.Succeeded }), get(func(e *EntryResult) float64 { return e.Throttled })
		fa, dl := get(func(e *EntryResult) float64 { return e.Failed }), get(func(e *EntryResult) float64 { return e.DeadLettered })
		inf := get(func(e *EntryResult) float64 { return e.InFlight })
		e.Succeeded, e.Throttled, e.Failed, e.DeadLettered, e.InFlight = mean3(sc), mean3(th), mean3(fa), mean3(dl), mean3(inf)
		e.CI95 = &OutcomeCI{Succeeded: interval(sc, 3), Throttled: interval(th, 3), Failed: interval(fa, 3),
			DeadLettered: interval(dl, 3), InFlight: interval(inf, 3)}
		out.Entries[k] = e
	}

	// Components and queues: keyed by address, a run that lacks one
	// counts zeros; the order is the first run's, then any newcomer's.
	out.Components = nil
	for _, comps := range byAddress(rs, func(r *WorkloadResult) []ComponentResult { return r.Components },
		func(c *ComponentResult) string { return c.Component }) {
		c := comps[0]
		sum := func(f func(*ComponentResult) float64) float64 {
			var s float64
			for i := range comps {
				s += f(&comps[i])
			}
			return s
		}
		c.Invocations = round(sum(func(c *ComponentResult) float64 { return c.Invocations })/n, 3)
		c.Throttled = round(sum(func(c *ComponentResult) float64 { return c.Throttled })/n, 3)
		c.Errors = round(sum(func(c *ComponentResult) float64 { return c.Errors })/n, 3)
		c.Timeouts = round(sum(func(c *ComponentResult) float64 { return c.Timeouts })/n, 3)
		c.ColdStarts = round(sum(func(c *ComponentResult) float64 { return c.ColdStarts })/n, 3)
		c.DeadLettered = round(sum(func(c *ComponentResult) float64 { return c.DeadLettered })/n, 3)
		c.ColdStartShare = 0
		if c.Invocations > 0 {
			c.ColdStartShare = round(c.ColdStarts/c.Invocations, 6)
		}
		c.Concurrency.Mean = round(sum(func(c *ComponentResult) float64 { return c.Concurrency.Mean })/n, 4)
		c.Utilisation = round(sum(func(c *ComponentResult) float64 { return c.Utilisation })/n, 4)
		c.DurationMs = round(sum(func(c *ComponentResult) float64 { return c.DurationMs })/float64(len(comps)), 3)
		for _, x := range comps {
			c.Concurrency.Peak = math.Max(c.Concurrency.Peak, x.Concurrency.Peak)
		}
		out.Components = append(out.Components, c)
	}
	out.Queues = nil
	for _, qs := range byAddress(rs, func(r *WorkloadResult) []QueueResult { return r.Queues },
		func(q *QueueResult) string { return q.Component }) {
		q := qs[0]
		var recv, final, dlq, exp, thr, drain float64
		never := false
		for _, x := range qs {
			recv += x.Received
			final += x.Backlog.Final
			dlq += x.DeadLettered
			exp += x.Expired
			thr += x.Throttled
			q.Backlog.Peak = math.Max(q.Backlog.Peak, x.Backlog.Peak)
			q.OldestAgeS = math.Max(q.OldestAgeS, x.OldestAgeS)
			if x.DrainS == nil {
				never = true
			} else {
				drain += *x.DrainS
			}
		}
		q.Received, q.Backlog.Final = round(recv/n, 3), round(final/n, 3)
		q.DeadLettered, q.Expired, q.Throttled = round(dlq/n, 3), round(exp/n, 3), round(thr/n, 3)
		// The drain time is proportional to the final backlog, so the
		// mean of the runs' drain times is the drain time of the mean
		// backlog; a run that never drains makes the mean never drain.
		q.DrainS = nil
		if !never {
			d := round(drain/n, 3)
			q.DrainS = &d
		}
		out.Queues = append(out.Queues, q)
	}

	// Cost: lines keyed by component, item and unit.
	type lineKey struct{ c, item, unit string }
	var keys []lineKey
	lines := map[lineKey]*CostItem{}
	for _, r := range rs {
		for _, it := range r.Cost.Items {
			k := lineKey{it.Component, it.Item, it.Unit}
			l, ok := lines[k]
			if !ok {
				l = &CostItem{Component: it.Component, Item: it.Item, Unit: it.Unit}
				lines[k] = l
				keys = append(keys, k)
			}
			l.Quantity += it.Quantity
			l.MonthlyUSD += it.MonthlyUSD
		}
	}
	out.Cost.Items = make([]CostItem, 0, len(keys))
	for _, k := range keys {
		l := lines[k]
		out.Cost.Items = append(out.Cost.Items, CostItem{Component: l.Component, Item: l.Item, Unit: l.Unit,
			Quantity: round(l.Quantity/n, 3), MonthlyUSD: round(l.MonthlyUSD/n, 6)})
	}
	monthly := each(func(r *WorkloadResult) float64 { return r.Cost.MonthlyUSD })
	out.Cost.MonthlyUSD = round(meanOf(monthly), 6)
	out.Cost.PerMillionUSD = round(meanOf(each(func(r *WorkloadResult) float64 { return r.Cost.PerMillionUSD })), 6)
	out.Cost.CI95 = &CostCI{MonthlyUSD: interval(monthly, 6)}
	// What the free tier, credited once over the report's workloads after
	// every workload has run, works from: the runs' mean use per price and
	// mean bill before the credit.
	out.Cost.exact = meanOf(each(func(r *WorkloadResult) float64 { return r.Cost.exact }))
	out.Cost.groups = map[string]float64{}
	for _, r := range rs {
		for k, v := range r.Cost.groups {
			out.Cost.groups[k] += v / n
		}
	}

	// Notes: each distinct one once; notes that differ only in their
	// numbers (a count of redeliveries) are one note, in the first run's
	// words.
	out.Notes = nil
	seen := map[string]bool{}
	for _, r := range rs {
		for _, note := range r.Notes {
			k := noteDigits.Regexp().ReplaceAllString(note, "#")
			if !seen[k] {
				seen[k] = true
				out.Notes = append(out.Notes, note)
			}
		}
	}

	if first.Latency != nil {
		h := NewHistogram()
		for _, r := range rs {
			h.merge(r.Latency)
		}
		out.Latency = h
	}
	return &out
}

// byAddress groups the components (or queues) of the runs by address:
// one group an address, holding its entry of each run that has one, in
// run order; the groups in the order the addresses first appear.
func byAddress[T any](rs []*WorkloadResult, list func(*WorkloadResult) []T, addr func(*T) string) [][]T {
	var groups [][]T
	at := map[string]int{}
	for _, r := range rs {
		items := list(r)
		for i := range items {
			k := addr(&items[i])
			g, ok := at[k]
			if !ok {
				g = len(groups)
				at[k] = g
				groups = append(groups, nil)
			}
			groups[g] = append(groups[g], items[i])
		}
	}
	return groups
}

// merge adds the values of o to h.
func (h *Histogram) merge(o *Histogram) {
	if o == nil || o.n == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.zero += o.zero
	h.n += o.n
	h.sum += o.sum
	h.min = math.Min(h.min, o.min)
	h.max = math.Max(h.max, o.max)
}
