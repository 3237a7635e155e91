package site

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	"github.com/archiehq/archie/simulate/report"
)

func (b *builder) workloadPage(w *schema.Workload) {
	p := b.newPage(workloadPage(w.Name), "Workload "+w.Name, w.Name, "Workloads")
	p.heading(1, Inline{Text("Workload "), Code(w.Name)})
	if d := w.Attr(schema.AttrDescription); d != nil && d.Str != "" {
		p.add(Para{T(d.Str)})
	}
	p.add(Para{b.workloadLine(w)})
	if fs := b.workloadFindings(w.Name); len(fs) > 0 {
		p.heading(2, T("Findings"))
		p.add(Para{T("What simulating this workload predicts (the simulator's rules of archie lint, analytic mode).")})
		p.add(b.findingsTable(fs, true))
	}

	sim := b.simulation()
	var r *simulate.WorkloadResult
	if sim != nil {
		r = sim.workload(w.Name)
	}
	if r == nil {
		p.add(Para{T("This workload was not simulated.")})
		return
	}
	if n := sim.r.Replications; n > 1 {
		p.add(Para{T(fmt.Sprintf("Simulated %s of arrivals (%s arrivals, %s mode, %d replications with seeds derived from %d). "+
			"Figures are means over the replications; ± is the half-width of their 95%% confidence interval (Student's t, %d degrees of freedom); Max is the largest over them.",
			seconds(r.SimulatedS), count(r.Arrivals), sim.r.Mode, n, sim.r.Seed, n-1))})
	} else {
		p.add(Para{T(fmt.Sprintf("Simulated %s of arrivals (%s arrivals, %s mode, seed %d).",
			seconds(r.SimulatedS), count(r.Arrivals), sim.r.Mode, sim.r.Seed))})
	}

	p.heading(2, T("Latency"))
	p.add(Para{T("End to end, per entry: for a synchronous entry until the response, for an asynchronous one until all the work an arrival causes has finished.")})
	et := Table{
		Header: []string{"Entry", "Route", "Mean", "p50", "p95", "p99", "Max", "Succeeded", "Throttled", "Failed", "Dead-lettered"},
		Right:  []bool{false, false, true, true, true, true, true, true, true, true, true},
	}
	for _, e := range r.Entries {
		route := Inline{}
		if e.Route != "" {
			route = C(e.Route)
		}
		l := e.Latency
		var lci simulate.LatencyCI
		if l.CI95 != nil {
			lci = *l.CI95
		}
		var oci simulate.OutcomeCI
		if e.CI95 != nil {
			oci = *e.CI95
		}
		et.Rows = append(et.Rows, []Inline{{b.compByAddress(e.Component)}, route,
			T(withCI(l.Mean, lci.Mean, ms)), T(withCI(l.P50, lci.P50, ms)), T(withCI(l.P95, lci.P95, ms)), T(withCI(l.P99, lci.P99, ms)), T(ms(l.Max)),
			T(withCI(e.Succeeded, oci.Succeeded, count)), T(withCI(e.Throttled, oci.Throttled, count)),
			T(withCI(e.Failed, oci.Failed, count)), T(withCI(e.DeadLettered, oci.DeadLettered, count))})
	}
	p.add(et)
	b.charts(p, w, "latency")

	if len(r.Components) > 0 {
		p.heading(2, T("Components"))
		ct := Table{
			Header: []string{"Component", "Invocations", "Throttled", "Errors", "Cold starts", "Concurrency mean / peak / limit", "Utilisation"},
			Right:  []bool{false, true, true, true, true, true, true},
		}
		for _, c := range r.Components {
			limit := "none"
			if c.Concurrency.Limit != nil {
				limit = fmtFixed(*c.Concurrency.Limit, 0)
			}
			util := ""
			if c.Concurrency.Limit != nil {
				util = pct(c.Utilisation)
			}
			ct.Rows = append(ct.Rows, []Inline{{b.compByAddress(c.Component)},
				T(count(c.Invocations)), T(count(c.Throttled)), T(count(c.Errors)),
				T(count(c.ColdStarts) + " (" + pct(c.ColdStartShare) + ")"),
				T(fmtFixed(c.Concurrency.Mean, 1) + " / " + fmtFixed(c.Concurrency.Peak, 0) + " / " + limit),
				T(util)})
		}
		p.add(ct)
		b.charts(p, w, "concurrency")
	}

	if len(r.Queues) > 0 {
		p.heading(2, T("Queues and streams"))
		qt := Table{
			Header: []string{"Component", "Received", "Peak backlog", "Final backlog", "Oldest message", "Time to drain", "Dead-lettered"},
			Right:  []bool{false, true, true, true, true, true, true},
		}
		for _, q := range r.Queues {
			drain := "never"
			if q.DrainS != nil {
				drain = seconds(*q.DrainS)
			}
			qt.Rows = append(qt.Rows, []Inline{{b.compByAddress(q.Component)},
				T(count(q.Received)), T(count(q.Backlog.Peak)), T(count(q.Backlog.Final)),
				T(seconds(q.OldestAgeS)), T(drain), T(count(q.DeadLettered))})
		}
		p.add(qt)
		b.charts(p, w, "backlog")
	}

	p.heading(2, T("Cost"))
	c := r.Cost
	var monthlyCI *simulate.Interval
	if c.CI95 != nil {
		monthlyCI = c.CI95.MonthlyUSD
	}
	p.add(Para{Inline{Strong(withCI(c.MonthlyUSD, monthlyCI, usd) + " a month"), Text(fmt.Sprintf(" for %s requests, %s per million. %s",
		count(c.Requests), usd(c.PerMillionUSD), sim.pricesNote()))}})
	if len(c.Items) > 0 {
		t := Table{Header: []string{"Component", "Item", "Quantity", "Unit", "Monthly"}, Right: []bool{false, false, true, false, true}}
		for _, it := range c.Items {
			t.Rows = append(t.Rows, []Inline{{b.compByAddress(it.Component)}, T(it.Item), T(count(it.Quantity)), T(it.Unit), T(usd(it.MonthlyUSD))})
		}
		p.add(t)
	}
	if len(c.NotPriced) > 0 {
		p.add(Para{T("Not priced: " + strings.Join(c.NotPriced, ", ") + ".")})
	}
	b.charts(p, w, "cost")
	if len(r.Notes) > 0 {
		p.heading(2, T("Notes"))
		var l List
		for _, n := range r.Notes {
			l.Items = append(l.Items, T(n))
		}
		p.add(l)
	}
	b.charts(p, w, "")
}

// workloadLine describes the load in one sentence.
func (b *builder) workloadLine(w *schema.Workload) Inline {
	in := Inline{Text("Enters at ")}
	in = append(in, b.entry(w, true)...)
	in = append(in, Text(fmt.Sprintf(": %s arrivals of %s/s for %s", w.Arrival, fmtNum(w.Rate), fmtDur(w.Duration))))
	for _, burst := range w.Bursts {
		in = append(in, Text(fmt.Sprintf(", a burst of %s/s at %s for %s", fmtNum(burst.Rate), fmtDur(burst.At), fmtDur(burst.For))))
	}
	in = append(in, Text(fmt.Sprintf("; %s requests a month, %s each.", fmtNum(w.Monthly), sizeText(w.Payload))))
	return in
}

// charts places the workload's charts of one topic ("latency",
// "concurrency", "backlog", "cost"); "" places the ones no topic took.
func (b *builder) charts(p *Page, w *schema.Workload, topic string) {
	if b.in.Simulation == nil {
		return
	}
	topics := []string{"latency", "concurrency", "backlog", "cost"}
	for _, c := range b.in.Simulation.Charts[w.Name] {
		mine := strings.HasPrefix(c.Name, topic)
		if topic == "" {
			mine = true
			for _, t := range topics {
				if strings.HasPrefix(c.Name, t) {
					mine = false
				}
			}
		}
		if mine {
			p.add(Figure{Asset: chartAsset(w.Name, c.Name), Alt: c.Title})
		}
	}
}

// Simulate runs the architecture's workloads and draws their charts.
func Simulate(ctx context.Context, arch *schema.Architecture, opt simulate.Options) (*Simulation, error) {
	r, err := simulate.Simulate(ctx, arch, opt)
	if err != nil {
		return nil, err
	}
	return Charts(r)
}

// Charts draws the charts of a simulator's report, one workload at a
// time so each chart's name is known without parsing file names.
func Charts(r *simulate.Report) (*Simulation, error) {
	sim := &Simulation{Report: r, Charts: map[string][]Chart{}}
	for _, w := range r.Workloads {
		one := *r
		one.Workloads = []simulate.WorkloadResult{w}
		plots, err := report.Plots(&one)
		if err != nil {
			return nil, err
		}
		for _, p := range plots {
			name := strings.TrimSuffix(strings.TrimPrefix(p.Name, w.Name+"-"), ".svg")
			sim.Charts[w.Name] = append(sim.Charts[w.Name], Chart{Name: name, Title: chartTitle(name, w.Name), SVG: p.SVG})
		}
	}
	return sim, nil
}

func chartTitle(chart, workload string) string {
	titles := map[string]string{
		"latency-histogram": "Latency histogram",
		"latency-cdf":       "Latency distribution (CDF)",
		"concurrency":       "Concurrency over time",
		"backlog":           "Backlog over time",
		"throttled":         "Throttles over time",
		"dead-lettered":     "Dead letters over time",
		"cost":              "Monthly cost by component",
	}
	t, ok := titles[chart]
	if !ok {
		t = strings.ReplaceAll(chart, "-", " ")
	}
	return t + " of workload " + workload
}

// workloadFindings are the findings of the simulator's rules about the
// named workload.
func (b *builder) workloadFindings(name string) []lint.Finding {
	var out []lint.Finding
	for _, f := range b.findings {
		if f.Context.Workload == name {
			out = append(out, f)
		}
	}
	return out
}

// withCI formats a replicated figure with the half-width of its 95%
// confidence interval, "243 ms (±6.10 ms)"; a figure without one as is.
func withCI(v float64, ci *simulate.Interval, f func(float64) string) string {
	if ci == nil {
		return f(v)
	}
	return f(v) + " (±" + f(math.Max(ci[1]-v, v-ci[0])) + ")"
}
