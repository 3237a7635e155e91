package report

import (
	"fmt"
	"math"
	"sort"

	"github.com/archiehq/archie/simulate"
	"github.com/archiehq/archie/simulate/charts"
)

// Plot is one chart: a file name and its SVG.
type Plot struct {
	Name string
	SVG  []byte
}

// Plots draws the charts of every workload of a report as SVG: latency
// histogram and CDF, concurrency against its limit, backlog, throttles
// and dead letters over time (discrete-event mode; a chart with nothing to
// show is left out), and the cost breakdown. Output is deterministic: the same report
// gives the same bytes.
func Plots(rep *simulate.Report) ([]Plot, error) {
	var out []Plot
	for i := range rep.Workloads {
		w := &rep.Workloads[i]
		for _, c := range []struct {
			name string
			draw func(*simulate.WorkloadResult) *charts.Chart
		}{
			{"latency-histogram", latencyHistogram},
			{"latency-cdf", latencyCDF},
			{"concurrency", concurrencyPlot},
			{"backlog", backlogPlot},
			{"throttled", throttledPlot},
			{"dead-lettered", deadLetteredPlot},
			{"cost", costPlot},
		} {
			ch := c.draw(w)
			if ch == nil {
				continue
			}
			svg, err := ch.SVG()
			if err != nil {
				return nil, fmt.Errorf("%s chart of workload %s: %w", c.name, w.Name, err)
			}
			out = append(out, Plot{Name: w.Name + "-" + c.name + ".svg", SVG: svg})
		}
	}
	return out, nil
}

// lineStyle gives series i its colour of the palette and, once the
// palette's colours repeat, dashes that keep it apart from the earlier
// series of the same colour.
func lineStyle(i int) (colour string, dash []float64) {
	if round := i / charts.Colours; round > 0 {
		dash = []float64{float64(2 + 2*round), 2}
	}
	return charts.Colour(i), dash
}

// timeUnit picks the unit of a latency axis from its largest value in
// milliseconds: ms below 2 s, s below 2 min, min beyond.
func timeUnit(maxMs float64) (name string, perMs float64) {
	switch {
	case maxMs >= 120000:
		return "min", 1.0 / 60000
	case maxMs >= 2000:
		return "s", 1.0 / 1000
	}
	return "ms", 1
}

// clockUnit picks the unit of a time axis from the window in seconds.
func clockUnit(windowS float64) (name string, perS float64) {
	switch {
	case windowS >= 3*3600:
		return "h", 1.0 / 3600
	case windowS >= 600:
		return "min", 1.0 / 60
	}
	return "s", 1
}

// latencyRange is the span of positive latencies, in seconds, that the
// latency charts show: from the fastest to the slowest arrival, widened
// when all took the same time. zero counts the arrivals at zero (rejected
// at once), which a log axis cannot show.
func latencyRange(h *simulate.Histogram) (lo, hi float64, zero uint64) {
	lo, hi = math.Inf(1), 0
	h.Buckets(func(l, u float64, c uint64) {
		if l == 0 {
			zero += c
			return
		}
		lo = math.Min(lo, math.Max(l, h.Min()))
		hi = math.Max(hi, math.Min(u, h.Max()))
	})
	if hi <= 0 {
		return 0, 0, zero
	}
	if hi <= lo*1.05 {
		lo, hi = lo/1.2, hi*1.2
	}
	return lo, hi, zero
}

// latencyBins regroups the histogram's buckets into n bins of equal
// width on a log scale, from the fastest to the slowest arrival: every
// arrival lands in the bin of its own latency, so no bin collects an
// overflow.
func latencyBins(h *simulate.Histogram, n int) (edges []float64, counts []float64, zero uint64) {
	lo, hi, zero := latencyRange(h)
	if hi <= 0 {
		return nil, nil, zero
	}
	step := math.Log(hi/lo) / float64(n)
	edges = make([]float64, n+1)
	for i := range edges {
		edges[i] = lo * math.Exp(step*float64(i))
	}
	counts = make([]float64, n)
	h.Buckets(func(l, u float64, c uint64) {
		if l == 0 {
			return
		}
		mid := math.Sqrt(math.Max(l, lo) * math.Min(u, hi))
		i := int(math.Log(mid/lo) / step)
		counts[max(0, min(n-1, i))] += float64(c)
	})
	return edges, counts, zero
}

// zeroNote says how many arrivals a log axis leaves out.
func zeroNote(zero uint64) string {
	if zero == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s rejected at once, not shown)", count(float64(zero)))
}

func latencyHistogram(w *simulate.WorkloadResult) *charts.Chart {
	if w.Latency == nil || w.Latency.Count() == 0 {
		return nil
	}
	edges, counts, zero := latencyBins(w.Latency, 60)
	if len(edges) == 0 {
		return nil
	}
	unit, per := timeUnit(edges[len(edges)-1] * 1000)
	per *= 1000 // seconds to the unit
	ch := &charts.Chart{
		Title: fmt.Sprintf("%s: end-to-end latency%s", w.Name, zeroNote(zero)),
		X:     charts.Axis{Label: fmt.Sprintf("latency (%s, log scale)", unit), Log: true, Min: edges[0] * per, Max: edges[len(edges)-1] * per},
		Y:     charts.Axis{Label: "arrivals", Max: charts.NiceMax(math.Max(largestOf(counts)*1.05, 1))},
	}
	for i, c := range counts {
		ch.Bins = append(ch.Bins, charts.Bin{Lo: edges[i] * per, Hi: edges[i+1] * per, Count: c, Colour: charts.Colour(0)})
	}
	return ch
}

func latencyCDF(w *simulate.WorkloadResult) *charts.Chart {
	h := w.Latency
	if h == nil || h.Count() == 0 {
		return nil
	}
	lo, hi, zero := latencyRange(h)
	if hi <= 0 {
		return nil
	}
	unit, per := timeUnit(hi * 1000)
	per *= 1000 // seconds to the unit
	ch := &charts.Chart{
		Title: fmt.Sprintf("%s: latency CDF%s", w.Name, zeroNote(zero)),
		X:     charts.Axis{Label: fmt.Sprintf("latency (%s, log scale)", unit), Log: true, Min: lo * per, Max: hi * per},
		Y:     charts.Axis{Label: "share of arrivals", Min: 0, Max: 1},
	}
	var pts []charts.Point
	seen := zero
	total := float64(h.Count())
	h.Buckets(func(l, u float64, c uint64) {
		if l == 0 {
			return
		}
		l, u = math.Max(l, lo), math.Min(u, hi)
		if len(pts) == 0 {
			pts = append(pts, charts.Point{X: l * per, Y: float64(seen) / total})
		}
		seen += c
		pts = append(pts, charts.Point{X: u * per, Y: float64(seen) / total})
	})
	for _, q := range []struct {
		name string
		v    float64
	}{{"p50", w.Entries[0].Latency.P50}, {"p95", w.Entries[0].Latency.P95}, {"p99", w.Entries[0].Latency.P99}} {
		x := q.v / 1000 * per
		if x <= 0 || x < lo*per || x > hi*per {
			continue
		}
		ch.Lines = append(ch.Lines, charts.Line{Points: []charts.Point{{X: x, Y: 0}, {X: x, Y: 1}},
			Colour: charts.Colour(3), Width: 1, Dash: []float64{3, 3}})
		ch.Notes = append(ch.Notes, charts.Note{X: x, Y: 0.03, Text: q.name, Colour: charts.Colour(3)})
	}
	ch.Lines = append(ch.Lines, charts.Line{Points: pts, Colour: charts.Colour(0), Width: 1.75})
	return ch
}

// nonZero keeps the series with at least one value above zero.
func nonZero(series []simulate.NamedSeries) []simulate.NamedSeries {
	var out []simulate.NamedSeries
	for _, s := range series {
		if largestOf(s.Values) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// seriesPlot draws lines over the simulated window; limits, when given,
// are dashed horizontal lines in the colour of their series, and named in
// the legend.
func seriesPlot(w *simulate.WorkloadResult, title, y string, series []simulate.NamedSeries, limits map[string]float64) *charts.Chart {
	t := w.Series.T
	if len(series) == 0 || len(t) == 0 {
		return nil
	}
	unit, per := clockUnit(w.SimulatedS)
	end := math.Max(w.SimulatedS, t[len(t)-1]) * per
	ch := &charts.Chart{Title: title, X: charts.Axis{Label: fmt.Sprintf("time (%s)", unit), Max: end}, Y: charts.Axis{Label: y}}
	top := 0.0
	for _, s := range series {
		top = math.Max(top, largestOf(s.Values))
	}
	for i, s := range series {
		colour, dash := lineStyle(i)
		pts := make([]charts.Point, len(s.Values))
		for j, v := range s.Values {
			pts[j] = charts.Point{X: t[j] * per, Y: v}
		}
		line := charts.Line{Name: s.Name, Points: pts, Colour: colour, Dash: dash, Width: 1.25}
		l, ok := limits[s.Name]
		if ok {
			line.Name = fmt.Sprintf("%s (limit %s)", s.Name, charts.Short(l))
		}
		ch.Lines = append(ch.Lines, line)
		// A limit far above the line would flatten it: past four times
		// the chart's top it is only named in the legend.
		if ok && l <= 4*math.Max(top, 1) {
			ch.Lines = append(ch.Lines, charts.Line{Points: []charts.Point{{X: 0, Y: l}, {X: end, Y: l}},
				Colour: colour, Width: 1, Dash: []float64{6, 3}})
			top = math.Max(top, l)
		}
	}
	ch.Y.Max = 1 // all zero: a line along the bottom of a 0 to 1 axis
	if top > 0 {
		ch.Y.Max = charts.NiceMax(top * 1.05)
	}
	return ch
}

func concurrencyPlot(w *simulate.WorkloadResult) *charts.Chart {
	if w.Series == nil {
		return nil
	}
	limits := map[string]float64{}
	for _, c := range w.Components {
		if c.Concurrency.Limit != nil {
			limits[c.Component] = *c.Concurrency.Limit
		}
	}
	return seriesPlot(w, w.Name+": concurrency (peak per interval; dashed: limit)", "concurrent invocations", w.Series.Concurrency, limits)
}

func backlogPlot(w *simulate.WorkloadResult) *charts.Chart {
	if w.Series == nil {
		return nil
	}
	return seriesPlot(w, w.Name+": backlog", "messages waiting", w.Series.Backlog, nil)
}

func throttledPlot(w *simulate.WorkloadResult) *charts.Chart {
	if w.Series == nil {
		return nil
	}
	return seriesPlot(w, w.Name+": throttled", "throttled per second", nonZero(w.Series.Throttled), nil)
}

func deadLetteredPlot(w *simulate.WorkloadResult) *charts.Chart {
	if w.Series == nil {
		return nil
	}
	return seriesPlot(w, w.Name+": dead-lettered", "dead-lettered per second", nonZero(w.Series.DeadLettered), nil)
}

// costPlot draws the bill's lines as bars, the largest on top, each with
// its amount, and the free-tier credit, when applied, as one negative bar
// at the bottom.
func costPlot(w *simulate.WorkloadResult) *charts.Chart {
	type bar struct {
		name string
		usd  float64
	}
	var bars []bar
	credit := 0.0
	for _, it := range w.Cost.Items {
		switch {
		case it.MonthlyUSD < 0:
			credit += it.MonthlyUSD
		case it.MonthlyUSD > 0:
			bars = append(bars, bar{it.Component + " " + it.Item, it.MonthlyUSD})
		}
	}
	if len(bars) == 0 && credit == 0 {
		return nil
	}
	// Ascending: the first category is drawn at the bottom.
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].usd < bars[j].usd })
	if credit < 0 {
		bars = append([]bar{{"free-tier credit", credit}}, bars...)
	}
	ch := &charts.Chart{Title: fmt.Sprintf("%s: monthly cost, %s", w.Name, usd(w.Cost.MonthlyUSD))}
	largest := 0.0
	for i, b := range bars {
		colour := charts.Colour(0)
		if b.usd < 0 {
			colour = charts.Colour(2)
		}
		largest = math.Max(largest, b.usd)
		ch.Y.Categories = append(ch.Y.Categories, b.name)
		ch.Bars = append(ch.Bars, charts.Bar{Category: i, Value: b.usd, Colour: colour, Label: usd(b.usd)})
	}
	// Room right of the largest bar for its amount.
	ch.X = charts.Axis{Label: "USD per month", Prefix: "$", Min: math.Min(0, credit*1.1), Max: math.Max(1e-9, largest*1.15)}
	return ch
}

func largestOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
