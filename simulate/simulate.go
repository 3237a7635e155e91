// Package simulate pushes a workload through an architecture: the
// propagation of rates along the graph, an analytic model (Little's law,
// Erlang B and C, sums of hop-time distributions) and a seeded
// discrete-event engine, with the monthly cost of both from a bundled,
// dated price table.
package simulate

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
)

// Modes of simulation.
const (
	ModeDES      = "des"      // discrete-event: percentiles, bursts, cold starts, backlogs over time
	ModeAnalytic = "analytic" // closed forms: fast, exact where queueing theory holds
)

// Options control a simulation.
type Options struct {
	Workload string // one workload by name; "" for all
	Seed     uint64
	Mode     string // ModeDES (default) or ModeAnalytic
	FreeTier bool
	Prices   *Prices // nil: the bundled table
	// Replications above 1 run the discrete-event mode that many times,
	// with seeds derived from Seed (ReplicationSeeds), and report the
	// means with 95% confidence intervals. The analytic mode, which has
	// no randomness, ignores it.
	Replications int
	// Progress, if set, is called now and then with the workload being
	// simulated and the share of its window done.
	Progress func(workload string, done float64)
}

// NoWorkloadError: the architecture declares no workload.
type NoWorkloadError struct{ Dir string }

func (e *NoWorkloadError) Error() string {
	return fmt.Sprintf(`%s declares no workload to simulate; add one, for example:

workload "peak" {
  entry    = api.public      # where requests enter
  route    = "POST /orders"  # for an api entry
  rate     = 100             # arrivals per second
  duration = "10m"           # simulated window
}`, e.Dir)
}

// UnknownWorkloadError: --workload names no workload of the architecture.
type UnknownWorkloadError struct {
	Name  string
	Names []string
}

func (e *UnknownWorkloadError) Error() string {
	return fmt.Sprintf("no workload %q%s; the workloads are %s", e.Name, schema.Suggest(e.Name, e.Names), strings.Join(e.Names, ", "))
}

// Workloads returns the workloads to simulate: the named one, or all.
func Workloads(arch *schema.Architecture, name string) ([]*schema.Workload, error) {
	if len(arch.Workloads) == 0 {
		return nil, &NoWorkloadError{Dir: arch.Dir}
	}
	if name == "" {
		return arch.Workloads, nil
	}
	var names []string
	for _, w := range arch.Workloads {
		if w.Name == name {
			return []*schema.Workload{w}, nil
		}
		names = append(names, w.Name)
	}
	return nil, &UnknownWorkloadError{Name: name, Names: names}
}

// Simulate runs the selected workloads of a valid architecture.
func Simulate(ctx context.Context, arch *schema.Architecture, opt Options) (*Report, error) {
	ws, err := Workloads(arch, opt.Workload)
	if err != nil {
		return nil, err
	}
	if opt.Mode == "" {
		opt.Mode = ModeDES
	}
	if opt.Mode != ModeDES && opt.Mode != ModeAnalytic {
		return nil, fmt.Errorf("unknown mode %q: use des or analytic", opt.Mode)
	}
	if opt.Prices == nil {
		p, diags := LoadPrices(nil, "")
		if diags.HasErrors() {
			return nil, fmt.Errorf("bundled price table: %s", diags.Error())
		}
		opt.Prices = p
	}
	m := compile(arch)
	rep := &Report{Architecture: arch.Name, Mode: opt.Mode, Seed: opt.Seed, Workloads: []WorkloadResult{},
		Prices: PriceInfo{Region: opt.Prices.Region, Date: opt.Prices.Date, Source: opt.Prices.Source}}
	replicated := opt.Mode == ModeDES && opt.Replications > 1
	if replicated {
		rep.Replications = opt.Replications
		rep.Seeds = ReplicationSeeds(opt.Seed, opt.Replications)
	}
	for _, w := range ws {
		if w.Entry == nil {
			continue
		}
		var res *WorkloadResult
		if opt.Mode == ModeAnalytic {
			res = analyze(m, w, opt)
		} else {
			if replicated {
				res, err = replicate(ctx, arch, w, opt)
			} else {
				res, err = runDES(ctx, m, w, opt)
			}
			if err != nil {
				return nil, err
			}
			res.Warnings = windowWarnings(res)
		}
		if arch.Region != "" && opt.Prices.Region != "" && arch.Region != opt.Prices.Region {
			res.Notes = append(res.Notes, fmt.Sprintf("prices are %s's (the table's region); the architecture is in %s: pass --pricing with that region's prices for exact figures", opt.Prices.Region, arch.Region))
		}
		// Empty lists, not nulls, keep the JSON's shape stable.
		if res.Queues == nil {
			res.Queues = []QueueResult{}
		}
		if res.Components == nil {
			res.Components = []ComponentResult{}
		}
		if res.Edges == nil {
			res.Edges = []EdgeResult{}
		}
		if res.Cost.Items == nil {
			res.Cost.Items = []CostItem{}
		}
		rep.Workloads = append(rep.Workloads, *res)
	}
	if opt.FreeTier {
		applyFreeTier(rep.Workloads, opt.Prices)
	}
	return rep, nil
}

// ms converts seconds to milliseconds, rounded to a microsecond.
func ms(s float64) float64 { return round(s*1000, 3) }

func latencyOf(h *Histogram) Latency {
	return Latency{Mean: ms(h.Mean()), P50: ms(h.Quantile(0.5)), P95: ms(h.Quantile(0.95)), P99: ms(h.Quantile(0.99)), Max: ms(h.Max())}
}

func runDES(ctx context.Context, m *model, w *schema.Workload, opt Options) (*WorkloadResult, error) {
	f := newFlow(m, w, w.Rate)
	if err := checkWork(w, f); err != nil {
		return nil, err
	}
	e := newEngine(ctx, m, w, f, opt.Seed)
	if opt.Progress != nil {
		e.progress = func(done float64) { opt.Progress(w.Name, done) }
	}
	if err := e.run(); err != nil {
		return nil, err
	}
	T := e.end
	res := &WorkloadResult{Name: w.Name, Entry: e.entry.addr, Rate: w.Rate, Arrivals: float64(e.arrivals), SimulatedS: T,
		Latency: e.latency, Series: e.series}
	done := e.succeeded + e.throttled + e.failed
	if !e.entrySync {
		done += e.dlq
	}
	res.Entries = []EntryResult{{
		Component: e.entry.addr, Route: w.Route, Sync: e.entrySync,
		Latency:      latencyOf(e.latency),
		BackendP99Ms: ms(e.backend.Quantile(0.99)),
		Succeeded:    float64(e.succeeded), Throttled: float64(e.throttled), Failed: float64(e.failed),
		DeadLettered: float64(e.dlq), InFlight: float64(e.arrivals - done),
	}}
	usage := make([]nodeUsage, len(m.nodes))
	per := 0.0
	if e.arrivals > 0 {
		per = 1 / float64(e.arrivals)
	}
	for _, n := range m.nodes {
		s := &e.st[n.idx]
		active := f.inv[n.idx] > 0 || f.msgs[n.idx] > 0 || s.invocations > 0 || s.throttled > 0
		u := &usage[n.idx]
		u.requests = s.requests * per
		u.transitions = s.transitions * per
		u.expressGBs = s.expressGBs * per
		u.readUnits = s.reads * per
		u.writeUnits = s.writes * per
		u.puts = s.puts * per
		u.gets = s.gets * per
		u.http = s.http * per
		u.bytesIn = s.bytesIn * per
		u.bytesOut = s.bytesOut * per
		if T > 0 {
			u.meanConc = s.areaEnd / T
		}
		if n.kind == schema.KindFunction {
			u.requests = float64(s.invocations) * per
			u.gbs = s.billedS * n.memGB * per
			u.waitGBs = s.waitS * n.memGB * per
			u.provGBs = s.provS * n.memGB * per
		}
		if !active {
			continue
		}
		switch {
		case n.kind.IsCompute() || n.kind == schema.KindExternal || n.kind == schema.KindAPI:
			cr := ComponentResult{Component: n.addr, Invocations: float64(s.invocations), Throttled: float64(s.throttled),
				Errors: float64(s.errors), Timeouts: float64(s.timeouts), ColdStarts: float64(s.coldStarts),
				DeadLettered: float64(s.dlq)}
			if s.invocations > 0 {
				cr.ColdStartShare = round(float64(s.coldStarts)/float64(s.invocations), 6)
				if n.kind == schema.KindFunction {
					cr.DurationMs = ms((s.billedS + s.waitS + s.provS) / float64(s.invocations))
				}
			}
			if n.kind != schema.KindAPI {
				cr.Concurrency = Concurrency{Mean: round(u.meanConc, 4), Peak: float64(s.peakEnd), Limit: limitOf(m, n)}
				if cr.Concurrency.Limit != nil && *cr.Concurrency.Limit > 0 {
					cr.Utilisation = round(u.meanConc / *cr.Concurrency.Limit, 4)
				}
			}
			res.Components = append(res.Components, cr)
		case s.q != nil:
			b, age := s.backlog, s.oldestAge
			q := s.q
			qr := QueueResult{Component: n.addr, Received: float64(q.received), Backlog: Backlog{Peak: float64(q.peak), Final: float64(b)},
				OldestAgeS: round(math.Max(q.oldestPeak, age), 3), DeadLettered: float64(q.dlq), Expired: float64(q.expired), Throttled: float64(q.throttled)}
			qr.DrainS = drainTime(float64(b), queueCapacity(m, f, n), f.msgs[n.idx])
			res.Queues = append(res.Queues, qr)
			if q.visExpired > 0 {
				res.Notes = append(res.Notes, fmt.Sprintf("%s: %d messages were still being processed when their visibility timeout (%s) ran out; SQS delivers them again", n.addr, q.visExpired, FormatSeconds(n.visibility)))
			}
		case s.s != nil:
			b, age := s.backlog, s.oldestAge
			ss := s.s
			qr := QueueResult{Component: n.addr, Received: float64(ss.received), Backlog: Backlog{Peak: float64(ss.peak), Final: float64(b)},
				OldestAgeS: round(math.Max(ss.oldest, age), 3), DeadLettered: float64(ss.dlq), Expired: float64(ss.expired), Throttled: float64(ss.throttled)}
			qr.DrainS = drainTime(float64(b), streamCapacity(f, n), f.msgs[n.idx])
			res.Queues = append(res.Queues, qr)
		}
	}
	if e.cycleDrops > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d deliveries stopped after %d hops: the graph has a cycle that would carry work forever", e.cycleDrops, e.m.depthLimit))
	}
	res.Edges = edgesOf(m, f)
	res.Notes = append(res.Notes, billBacklog(m, res, e.entry, usage)...)
	res.Cost = priceUsage(m, usage, w.Monthly, opt.Prices, w.Payload)
	res.Notes = append(res.Notes, distNotes(m, f)...)
	res.Notes = append(res.Notes, fhNotes(m, f, w)...)
	return res, nil
}

// limitOf is a component's concurrency limit, nil when unbounded.
func limitOf(m *model, n *node) *float64 {
	l := -1
	switch {
	case n.kind == schema.KindFunction && n.pooled:
		l = m.accountPool
	case n.kind == schema.KindFunction, n.kind == schema.KindContainer, n.kind == schema.KindExternal:
		l = n.limit
	}
	if l < 0 {
		return nil
	}
	v := float64(l)
	return &v
}

// queueCapacity is the most messages a second a queue's consumers can
// take: slots x batch / mean batch time, summed.
func queueCapacity(m *model, f *flow, n *node) float64 {
	var c float64
	for _, k := range n.consumers {
		s := f.meanResp(k.target, 0)
		if s <= 0 {
			return math.Inf(1)
		}
		c += float64(queueSlots(m, k)) * float64(k.batch) / s
	}
	return c
}

// streamCapacity is the records a second the slowest consumer of a
// stream can take: lanes x batch / mean batch time.
func streamCapacity(f *flow, n *node) float64 {
	c := math.Inf(1)
	for _, k := range n.consumers {
		s := f.meanResp(k.target, 0)
		if s <= 0 {
			continue
		}
		c = math.Min(c, float64(streamShards(f, n)*k.parallel*k.batch)/s)
	}
	return c
}

// drainTime is how long the backlog takes to clear at full consumer speed
// with arrivals continuing at the base rate; nil when it never clears.
func drainTime(backlog, capacity, inRate float64) *float64 {
	if backlog <= 0 {
		z := 0.0
		return &z
	}
	if math.IsInf(capacity, 1) {
		z := 0.0
		return &z
	}
	if capacity <= inRate {
		return nil
	}
	v := round(backlog/(capacity-inRate), 3)
	return &v
}

func edgesOf(m *model, f *flow) []EdgeResult {
	var out []EdgeResult
	for k, v := range f.edges {
		if v <= 0 {
			continue
		}
		out = append(out, EdgeResult{From: m.nodes[k.from].addr, To: m.nodes[k.to].addr, Relation: string(k.rel), PerS: round(v, 6)})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ia, ib := m.byAddr(a.From), m.byAddr(b.From)
		if ia != ib {
			return ia < ib
		}
		ja, jb := m.byAddr(a.To), m.byAddr(b.To)
		if ja != jb {
			return ja < jb
		}
		return a.Relation < b.Relation
	})
	return out
}

func (m *model) byAddr(addr string) int {
	if c := m.arch.Component(addr); c != nil {
		return m.byC[c].idx
	}
	return -1
}

// distNotes explain lognormal fits that could not honour the p99, and
// subscription filters, which the simulator does not evaluate.
func distNotes(m *model, f *flow) []string {
	var out []string
	for _, n := range m.nodes {
		for _, t := range n.c.Triggers {
			if t.Source == nil || f.msgs[m.byC[t.Source].idx] <= 0 {
				continue
			}
			for _, attr := range []schema.AttrName{schema.AttrFilter, schema.AttrPattern, schema.AttrPrefix, schema.AttrSuffix} {
				if t.IsSet(attr) {
					out = append(out, fmt.Sprintf("%s -> %s: the %s is not evaluated; every message is delivered, so this path is an upper bound", t.SourceName, n.addr, attr))
					break
				}
			}
		}
	}
	for _, n := range m.nodes {
		if n.own.Capped && (f.inv[n.idx] > 0) {
			out = append(out, fmt.Sprintf("%s: a p99 of %s is more than 15 times the mean %s, which no lognormal has; the widest lognormal with that mean is used (p99 %s)",
				n.addr, FormatSeconds(n.own.P99), FormatSeconds(n.own.Mean), FormatSeconds(n.own.Quantile(0.99))))
		}
	}
	return out
}

// FormatSeconds formats a duration in seconds: "250ms", "1.5s", "2.5m",
// "3h" or "never" for an infinite one.
func FormatSeconds(s float64) string {
	switch {
	case math.IsInf(s, 1):
		return "never"
	case s < 1:
		return fmt.Sprintf("%gms", round(s*1000, 3))
	case s < 120:
		return fmt.Sprintf("%gs", round(s, 3))
	case s < 7200 && math.Mod(s, 3600) != 0:
		return fmt.Sprintf("%gm", round(s/60, 2))
	}
	return fmt.Sprintf("%gh", round(s/3600, 2))
}
