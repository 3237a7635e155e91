package simulate

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Plot is one chart: a file name and its SVG.
type Plot struct {
	Name string
	SVG  []byte
}

// Plots draws the charts of every workload of a report as SVG: latency
// histogram and CDF, concurrency and backlog over time (discrete-event
// mode), and the cost breakdown. Output is deterministic: the same report
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
	return p
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

// latencyBins regroups the histogram's log buckets into n linear bins up
// to the 99.9th percentile; the few slower arrivals land in the last bin.
func latencyBins(h *Histogram, n int) (plotter.XYs, float64) {
	top := h.Quantile(0.999) * 1.05
	if top <= 0 {
		top = h.Max()
	}
	if top <= 0 {
		return nil, 0
	}
	width := top / float64(n)
	xys := make(plotter.XYs, n)
	for i := range xys {
		xys[i].X = (float64(i) + 0.5) * width * 1000
	}
	h.Buckets(func(lo, hi float64, c uint64) {
		i := min(n-1, int((lo+hi)/2/width))
		xys[i].Y += float64(c)
	})
	return xys, width * 1000
}

func latencyHistogram(w *WorkloadResult) (*plot.Plot, error) {
	if w.Latency == nil || w.Latency.Count() == 0 {
		return nil, nil
	}
	xys, width := latencyBins(w.Latency, 60)
	p := newPlot(fmt.Sprintf("%s: end-to-end latency", w.Name), "latency (ms)", "arrivals")
	hist := &plotter.Histogram{Bins: make([]plotter.HistogramBin, len(xys)), FillColor: plotutil.Color(0), LineStyle: plotter.DefaultLineStyle}
	for i, xy := range xys {
		hist.Bins[i] = plotter.HistogramBin{Min: xy.X - width/2, Max: xy.X + width/2, Weight: xy.Y}
	}
	hist.LineStyle.Width = vg.Points(0.5)
	p.Add(hist)
	return p, nil
}

func latencyCDF(w *WorkloadResult) (*plot.Plot, error) {
	h := w.Latency
	if h == nil || h.Count() == 0 {
		return nil, nil
	}
	p := newPlot(fmt.Sprintf("%s: latency CDF", w.Name), "latency (ms)", "share of arrivals")
	var pts plotter.XYs
	var seen uint64
	total := float64(h.Count())
	h.Buckets(func(lo, hi float64, c uint64) {
		if len(pts) == 0 {
			pts = append(pts, plotter.XY{X: lo * 1000, Y: 0})
		}
		seen += c
		pts = append(pts, plotter.XY{X: hi * 1000, Y: float64(seen) / total})
	})
	line, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	line.Color = plotutil.Color(0)
	line.Width = vg.Points(1.5)
	p.Add(line)
	p.Y.Min, p.Y.Max = 0, 1
	if max := h.Quantile(0.999) * 1000 * 1.1; max > 0 {
		p.X.Max = max
	}
	for _, q := range []struct {
		name string
		v    float64
	}{{"p50", w.Entries[0].Latency.P50}, {"p95", w.Entries[0].Latency.P95}, {"p99", w.Entries[0].Latency.P99}} {
		l, err := plotter.NewLine(plotter.XYs{{X: q.v, Y: 0}, {X: q.v, Y: 1}})
		if err != nil {
			return nil, err
		}
		l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		l.Color = plotutil.Color(1)
		p.Add(l)
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: q.v, Y: 0.03}}, Labels: []string{" " + q.name}})
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

func seriesPlot(title, y string, t []float64, series []NamedSeries) (*plot.Plot, error) {
	if len(series) == 0 || len(t) == 0 {
		return nil, nil
	}
	p := newPlot(title, "time (s)", y)
	for i, s := range series {
		pts := make(plotter.XYs, len(s.Values))
		for j, v := range s.Values {
			pts[j] = plotter.XY{X: t[j], Y: v}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.2)
		p.Add(line)
		p.Legend.Add(s.Name, line)
	}
	p.Y.Min = 0
	return p, nil
}

func concurrencyPlot(w *WorkloadResult) (*plot.Plot, error) {
	if w.Series == nil {
		return nil, nil
	}
	return seriesPlot(w.Name+": concurrency (peak per interval)", "concurrent invocations", w.Series.T, w.Series.Concurrency)
}

func backlogPlot(w *WorkloadResult) (*plot.Plot, error) {
	if w.Series == nil {
		return nil, nil
	}
	return seriesPlot(w.Name+": backlog", "messages waiting", w.Series.T, w.Series.Backlog)
}

func costPlot(w *WorkloadResult) (*plot.Plot, error) {
	var names []string
	var vals plotter.Values
	for _, it := range w.Cost.Items {
		if it.MonthlyUSD <= 0 {
			continue
		}
		label := it.Component + " " + it.Item
		names = append(names, label)
		vals = append(vals, it.MonthlyUSD)
	}
	if len(vals) == 0 {
		return nil, nil
	}
	p := newPlot(fmt.Sprintf("%s: monthly cost, $%.2f", w.Name, w.Cost.MonthlyUSD), "USD per month", "")
	bars, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = plotutil.Color(2)
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalY(names...)
	p.X.Min = 0
	p.X.Max = math.Max(1e-9, maxOf64(vals)*1.1)
	return p, nil
}

func maxOf64(v plotter.Values) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}
