package simulate

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
func Plots(rep *Report) ([]Plot, error) {
	var out []Plot
	for i := range rep.Workloads {
		w := &rep.Workloads[i]
		type chart struct {
			name string
			draw func(*WorkloadResult) (*plot.Plot, error)
		}
		for _, c := range []chart{
			{"latency-histogram", latencyHistogram},
			{"latency-cdf", latencyCDF},
			{"concurrency", concurrencyPlot},
			{"backlog", backlogPlot},
			{"throttled", throttledPlot},
			{"dead-lettered", deadLetteredPlot},
			{"cost", costPlot},
		} {
			p, err := c.draw(w)
			if err != nil {
				return nil, fmt.Errorf("%s chart of workload %s: %w", c.name, w.Name, err)
			}
			if p == nil {
				continue
			}
			svg, err := toSVG(p)
			if err != nil {
				return nil, err
			}
			out = append(out, Plot{Name: w.Name + "-" + c.name + ".svg", SVG: svg})
		}
	}
	return out, nil
}

// sansFont is Liberation Sans, bundled with gonum/plot; it has Arial's
// metrics, so the SVG names Arial and Helvetica as fallbacks and text
// keeps its measured width where Liberation is not installed.
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	for _, s := range []*draw.TextStyle{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		size := s.Font.Size
		s.Font = sansFont
		s.Font.Size = size
	}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	p.X.Tick.Marker = humanTicks{niceTicks{}, ""}
	p.Y.Tick.Marker = humanTicks{niceTicks{}, ""}
	return p
}

// palette is Okabe and Ito's colour-blind-safe set ("Color Universal
// Design", https://jfly.uni-koeln.de/color/), darkest first, yellow last
// for its low contrast on white.
var palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xD5, 0x5E, 0x00, 0xff}, // vermilion
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x00, 0x00, 0x00, 0xff}, // black
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
}

// colour i of the palette; past its end the colours repeat, and
// lineStyle then dashes the lines to keep them apart.
func colour(i int) color.Color { return palette[i%len(palette)] }

func lineStyle(l *plotter.Line, i int) {
	l.Color = colour(i)
	l.Width = vg.Points(1.2)
	if round := i / len(palette); round > 0 {
		l.Dashes = []vg.Length{vg.Points(float64(2 + 2*round)), vg.Points(2)}
	}
}

// humanTicks labels ticks the way the report writes numbers: 1.25M,
// 12k, 0.5; prefix goes before each label ("$").
type humanTicks struct {
	plot.Ticker
	prefix string
}

func (h humanTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := h.Ticker.Ticks(lo, hi)
	for i := range ts {
		switch v := ts[i].Value; {
		case ts[i].Label == "":
		case v < 0:
			ts[i].Label = "-" + h.prefix + short(-v)
		default:
			ts[i].Label = h.prefix + short(v)
		}
	}
	return ts
}

// short formats a number in at most three significant digits with a k, M
// or B suffix: 1250000 is 1.25M.
func short(x float64) string {
	neg := x < 0
	if neg {
		x = -x
	}
	suffix := ""
	for _, u := range []struct {
		s string
		v float64
	}{{"B", 1e9}, {"M", 1e6}, {"k", 1e3}} {
		if x >= u.v*0.9995 {
			x, suffix = x/u.v, u.s
			break
		}
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	s := strconv.FormatFloat(v, 'f', -1, 64) + suffix
	if neg && v != 0 {
		return "-" + s
	}
	return s
}

// niceTicks labels a linear axis every 1, 2, 2.5 or 5 times a power of
// ten, whichever gives four to eight labels, with a minor tick between
// labels.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	raw := (hi - lo) / 5
	base := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * base
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*base >= raw*0.8 {
			step = m * base
			break
		}
	}
	var ts []plot.Tick
	for i := math.Ceil(lo / step * 2); i*step/2 <= hi*(1+1e-9); i++ {
		v := i * step / 2
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		t := plot.Tick{Value: v}
		if math.Mod(i, 2) == 0 {
			t.Label = "x"
		}
		ts = append(ts, t)
	}
	return ts
}

// logTicks marks a log axis at 1, 2 and 5 times the powers of ten it
// spans (only the powers of ten when it spans more than two), with minor
// ticks at the other multiples.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || hi <= lo {
		return nil
	}
	wide := math.Log10(hi/lo) > 2
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := base * float64(m)
			if v < lo*0.999 || v > hi*1.001 {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || !wide && (m == 2 || m == 5) {
				t.Label = "x"
			}
			ts = append(ts, t)
		}
	}
	return ts
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

func toSVG(p *plot.Plot) ([]byte, error) {
	wt, err := p.WriterTo(8*vg.Inch, 4.5*vg.Inch, "svg")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, err
	}
	svg := strings.ReplaceAll(b.String(), "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
	return []byte(svg), nil
}

// latencyRange is the span of positive latencies, in seconds, that the
// latency charts show: from the fastest to the slowest arrival, widened
// when all took the same time. zero counts the arrivals at zero (rejected
// at once), which a log axis cannot show.
func latencyRange(h *Histogram) (lo, hi float64, zero uint64) {
	lo, hi = math.Inf(1), 0
	h.Buckets(func(l, u float64, c uint64) {
		if l == 0 {
			zero += c
			return
		}
		lo = math.Min(lo, math.Max(l, h.min))
		hi = math.Max(hi, math.Min(u, h.max))
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
func latencyBins(h *Histogram, n int) (edges []float64, counts []float64, zero uint64) {
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

func latencyHistogram(w *WorkloadResult) (*plot.Plot, error) {
	if w.Latency == nil || w.Latency.Count() == 0 {
		return nil, nil
	}
	edges, counts, zero := latencyBins(w.Latency, 60)
	if len(edges) == 0 {
		return nil, nil
	}
	unit, per := timeUnit(edges[len(edges)-1] * 1000)
	p := newPlot(fmt.Sprintf("%s: end-to-end latency%s", w.Name, zeroNote(zero)), fmt.Sprintf("latency (%s, log scale)", unit), "arrivals")
	hist := &plotter.Histogram{Bins: make([]plotter.HistogramBin, len(counts)), FillColor: colour(0), LineStyle: plotter.DefaultLineStyle}
	for i, c := range counts {
		hist.Bins[i] = plotter.HistogramBin{Min: edges[i] * 1000 * per, Max: edges[i+1] * 1000 * per, Weight: c}
	}
	hist.LineStyle.Width = vg.Points(0.5)
	p.Add(hist)
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = humanTicks{logTicks{}, ""}
	p.X.Min, p.X.Max = edges[0]*1000*per, edges[len(edges)-1]*1000*per
	p.Y.Min = 0
	return p, nil
}

func latencyCDF(w *WorkloadResult) (*plot.Plot, error) {
	h := w.Latency
	if h == nil || h.Count() == 0 {
		return nil, nil
	}
	lo, hi, zero := latencyRange(h)
	if hi <= 0 {
		return nil, nil
	}
	unit, per := timeUnit(hi * 1000)
	per *= 1000 // seconds to the unit
	p := newPlot(fmt.Sprintf("%s: latency CDF%s", w.Name, zeroNote(zero)), fmt.Sprintf("latency (%s, log scale)", unit), "share of arrivals")
	var pts plotter.XYs
	seen := zero
	total := float64(h.Count())
	h.Buckets(func(l, u float64, c uint64) {
		if l == 0 {
			return
		}
		l, u = math.Max(l, lo), math.Min(u, hi)
		if len(pts) == 0 {
			pts = append(pts, plotter.XY{X: l * per, Y: float64(seen) / total})
		}
		seen += c
		pts = append(pts, plotter.XY{X: u * per, Y: float64(seen) / total})
	})
	line, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	line.Color = colour(0)
	line.Width = vg.Points(1.5)
	p.Add(line)
	p.Y.Min, p.Y.Max = 0, 1
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = humanTicks{logTicks{}, ""}
	p.X.Min, p.X.Max = lo*per, hi*per
	for _, q := range []struct {
		name string
		v    float64
	}{{"p50", w.Entries[0].Latency.P50}, {"p95", w.Entries[0].Latency.P95}, {"p99", w.Entries[0].Latency.P99}} {
		x := q.v / 1000 * per
		if x <= 0 || x < lo*per || x > hi*per {
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1}})
		if err != nil {
			return nil, err
		}
		l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		l.Color = colour(3)
		p.Add(l)
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: 0.03}}, Labels: []string{" " + q.name}})
		if err != nil {
			return nil, err
		}
		for i := range lbl.TextStyle {
			lbl.TextStyle[i].Font = sansFont
			lbl.TextStyle[i].Font.Size = vg.Points(8)
		}
		p.Add(lbl)
	}
	return p, nil
}

// nonZero keeps the series with at least one value above zero.
func nonZero(series []NamedSeries) []NamedSeries {
	var out []NamedSeries
	for _, s := range series {
		if largestOf(s.Values) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// seriesPlot draws lines over time; limits, when given, are dashed
// horizontal lines in the colour of their series.
func seriesPlot(w *WorkloadResult, title, y string, series []NamedSeries, limits map[string]float64) (*plot.Plot, error) {
	t := w.Series.T
	if len(series) == 0 || len(t) == 0 {
		return nil, nil
	}
	unit, per := clockUnit(w.SimulatedS)
	p := newPlot(title, fmt.Sprintf("time (%s)", unit), y)
	top := 0.0
	for _, s := range series {
		top = math.Max(top, largestOf(s.Values))
	}
	for i, s := range series {
		pts := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			pts[j] = plotter.XY{X: t[j] * per, Y: v}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		lineStyle(line, i)
		p.Add(line)
		name := s.Name
		if l, ok := limits[s.Name]; ok {
			name = fmt.Sprintf("%s (limit %s)", s.Name, short(l))
			// A limit far above the line would flatten it: past four
			// times the chart's top it is only named in the legend.
			if l <= 4*math.Max(top, 1) {
				ll, err := plotter.NewLine(plotter.XYs{{X: t[0] * per, Y: l}, {X: t[len(t)-1] * per, Y: l}})
				if err != nil {
					return nil, err
				}
				ll.Color = colour(i)
				ll.Width = vg.Points(1)
				ll.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
				p.Add(ll)
			}
		}
		p.Legend.Add(name, line)
		if l, ok := limits[s.Name]; ok && l <= 4*math.Max(top, 1) {
			top = math.Max(top, l)
		}
	}
	// Headroom for the legend above the highest line.
	p.Y.Min, p.Y.Max = 0, math.Max(top, 1e-9)*(1.1+0.08*float64(len(series)))
	return p, nil
}

func concurrencyPlot(w *WorkloadResult) (*plot.Plot, error) {
	if w.Series == nil {
		return nil, nil
	}
	limits := map[string]float64{}
	for _, c := range w.Components {
		if c.Concurrency.Limit != nil {
			limits[c.Component] = *c.Concurrency.Limit
		}
	}
	return seriesPlot(w, w.Name+": concurrency (peak per interval; dashed: limit)", "concurrent invocations", w.Series.Concurrency, limits)
}

func backlogPlot(w *WorkloadResult) (*plot.Plot, error) {
	if w.Series == nil {
		return nil, nil
	}
	return seriesPlot(w, w.Name+": backlog", "messages waiting", w.Series.Backlog, nil)
}

func throttledPlot(w *WorkloadResult) (*plot.Plot, error) {
	if w.Series == nil {
		return nil, nil
	}
	return seriesPlot(w, w.Name+": throttled", "throttled per second", nonZero(w.Series.Throttled), nil)
}

func deadLetteredPlot(w *WorkloadResult) (*plot.Plot, error) {
	if w.Series == nil {
		return nil, nil
	}
	return seriesPlot(w, w.Name+": dead-lettered", "dead-lettered per second", nonZero(w.Series.DeadLettered), nil)
}

// costPlot draws the bill's lines as bars, the largest on top, and the
// free-tier credit, when applied, as one negative bar at the bottom.
func costPlot(w *WorkloadResult) (*plot.Plot, error) {
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
		return nil, nil
	}
	// Ascending: the chart's first category is drawn at the bottom.
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].usd < bars[j].usd })
	if credit < 0 {
		bars = append([]bar{{"free-tier credit", credit}}, bars...)
	}
	names := make([]string, len(bars))
	cost := make(plotter.Values, len(bars))
	free := make(plotter.Values, len(bars))
	for i, b := range bars {
		names[i] = b.name
		if b.usd < 0 {
			free[i] = b.usd
		} else {
			cost[i] = b.usd
		}
	}
	p := newPlot(fmt.Sprintf("%s: monthly cost, %s", w.Name, usd(w.Cost.MonthlyUSD)), "USD per month", "")
	p.Legend.Top = false
	for _, c := range []struct {
		vals plotter.Values
		col  color.Color
	}{{cost, colour(0)}, {free, colour(2)}} {
		if largestOf(c.vals) == 0 && credit == 0 {
			continue // no free-tier credit to draw
		}
		bc, err := plotter.NewBarChart(c.vals, vg.Points(14))
		if err != nil {
			return nil, err
		}
		bc.Horizontal = true
		bc.Color = c.col
		bc.LineStyle.Width = 0
		p.Add(bc)
	}
	p.NominalY(names...)
	p.X.Tick.Marker = humanTicks{niceTicks{}, "$"}
	p.X.Min = math.Min(0, credit*1.1)
	p.X.Max = math.Max(1e-9, largestOf(cost)*1.1)
	return p, nil
}
