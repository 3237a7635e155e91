// Package charts draws line charts, histograms and horizontal bar charts
// as SVG, for the simulator's --plots and the docs site. It is written
// for start-up as much as for looks: nothing is computed at package
// initialisation (no font to parse, no table to build), text is measured
// with a fixed table of advance widths, and the output depends only on
// the Chart (same chart, same bytes).
package charts

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Chart is one chart: a title, two axes and what is drawn between them.
// Elements are drawn in this order: histogram bins, bars, lines, notes.
type Chart struct {
	Title string
	X, Y  Axis
	// Bins are the bars of a histogram: each spans Lo to Hi on X, from
	// zero to Count on Y.
	Bins []Bin
	// Bars are horizontal bars on a Y axis of categories.
	Bars []Bar
	// Lines are polylines; those with a Name are in the legend, above the
	// plot.
	Lines []Line
	// Notes are short texts at a point of the plot.
	Notes []Note
}

// Axis is the range and labels of one axis.
type Axis struct {
	Label    string
	Min, Max float64
	// Log makes the axis logarithmic (Min must be above zero).
	Log bool
	// Prefix goes before each tick label ("$").
	Prefix string
	// Categories make the axis nominal: category i sits at i, the first
	// at the bottom; Min and Max are then ignored.
	Categories []string
}

// Bin is one bar of a histogram.
type Bin struct {
	Lo, Hi, Count float64
	Colour        string
}

// Bar is one horizontal bar: from zero to Value, on the line of its
// category; Label, when given, is written at its end.
type Bar struct {
	Category int
	Value    float64
	Colour   string
	Label    string
}

// Line is a polyline through Points; a NaN or infinite coordinate breaks
// it.
type Line struct {
	Name   string
	Points []Point
	Colour string
	Width  float64   // points; 1.5 when zero
	Dash   []float64 // lengths of dashes and gaps; solid when empty
}

// Point is a position in the axes' units.
type Point struct{ X, Y float64 }

// Note is a text written just right of a point.
type Note struct {
	X, Y   float64
	Text   string
	Colour string
}

// The page is 8 by 4.5 inches (576 by 324 points), the size the charts
// had when they were drawn with gonum/plot.
const (
	width, height = 576.0, 324.0
	margin        = 10.0
	titleSize     = 13.0
	labelSize     = 11.0
	tickSize      = 10.0
	legendSize    = 10.0
	noteSize      = 9.0
	majorTick     = 5.0
	minorTick     = 3.0
	swatch        = 20.0 // length of a legend's line sample
	maxLabel      = 0.4 * width
	maxLegendName = 0.45 * width
	maxLegendRows = 5
	ink           = "#333333"
	gridColour    = "#e3e3e3"
)

// scale maps an axis's values to page coordinates from a to b.
type scale struct {
	axis     *Axis
	lo, hi   float64 // the axis's range, as logarithms on a log axis
	from, to float64
}

func newScale(a *Axis, from, to float64) scale {
	lo, hi := a.Min, a.Max
	if len(a.Categories) > 0 {
		lo, hi = -0.5, float64(len(a.Categories))-0.5
	} else if a.Log {
		lo, hi = math.Log10(lo), math.Log10(hi)
	}
	return scale{axis: a, lo: lo, hi: hi, from: from, to: to}
}

// at is the page coordinate of v; ok is false for a value the axis
// cannot place (not finite, or not above zero on a log axis).
func (s scale) at(v float64) (p float64, ok bool) {
	if s.axis.Log && len(s.axis.Categories) == 0 {
		if !(v > 0) {
			return 0, false
		}
		v = math.Log10(v)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return s.from + (v-s.lo)/(s.hi-s.lo)*(s.to-s.from), true
}

// clamped is at for values the axis can place, and the near end of the
// axis for the others (a bar from zero on a log axis starts at its
// bottom).
func (s scale) clamped(v float64) float64 {
	if p, ok := s.at(v); ok {
		return p
	}
	return s.from
}

func (a *Axis) check(name string) error {
	if len(a.Categories) > 0 {
		return nil
	}
	switch {
	case math.IsNaN(a.Min) || math.IsNaN(a.Max) || math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0):
		return fmt.Errorf("%s axis: range %g to %g is not finite", name, a.Min, a.Max)
	case !(a.Max > a.Min):
		return fmt.Errorf("%s axis: empty range %g to %g", name, a.Min, a.Max)
	case a.Log && !(a.Min > 0):
		return fmt.Errorf("%s axis: a log scale must start above zero, not at %g", name, a.Min)
	}
	return nil
}

// Ticks are the axis's ticks between Min and Max, or one per category.
func (a *Axis) Ticks() []Tick {
	switch {
	case len(a.Categories) > 0:
		ts := make([]Tick, len(a.Categories))
		for i, c := range a.Categories {
			ts[i] = Tick{Value: float64(i), Label: c}
		}
		return ts
	case a.Log:
		return LogTicks(a.Min, a.Max, a.Prefix)
	}
	return NiceTicks(a.Min, a.Max, a.Prefix)
}

// SVG draws the chart. It fails only on an axis without a usable range.
func (c *Chart) SVG() ([]byte, error) {
	if err := c.X.check("x"); err != nil {
		return nil, err
	}
	if err := c.Y.check("y"); err != nil {
		return nil, err
	}
	if len(c.X.Categories) > 0 {
		return nil, errors.New("x axis: categories are only drawn on the y axis")
	}
	xt, yt := c.X.Ticks(), c.Y.Ticks()
	// Long category names are shortened so the plot keeps most of the
	// width.
	for i := range yt {
		yt[i].Label = Fit(yt[i].Label, tickSize, maxLabel)
	}

	// Left: the y axis's label (turned), its tick labels and ticks.
	left := margin
	if c.Y.Label != "" {
		left += labelSize + 6
	}
	widest := 0.0
	for _, t := range yt {
		widest = math.Max(widest, TextWidth(t.Label, tickSize))
	}
	left += widest + majorTick + 4
	// Right: room for half the last x tick label.
	right := width - margin
	if n := len(xt); n > 0 && xt[n-1].Label != "" {
		right -= TextWidth(xt[n-1].Label, tickSize) / 2
	}
	right = math.Min(right, width-margin-8)
	// Top: the title and the legend's rows.
	top := margin + titleSize + 8
	legend := c.legendRows(right - left)
	if len(legend.rows) > 0 {
		top += float64(len(legend.rows))*16 + 2
	}
	// Bottom: ticks, their labels and the x axis's label.
	bottom := height - margin - majorTick - 4 - tickSize - 2
	if c.X.Label != "" {
		bottom -= labelSize + 6
	}
	if right-left < 40 || bottom-top < 40 {
		return nil, errors.New("the labels leave no room for the plot")
	}
	xs, ys := newScale(&c.X, left, right), newScale(&c.Y, bottom, top)

	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%spt" height="%spt" viewBox="0 0 %s %s" font-family="%s">`+"\n",
		num(width), num(height), num(width), num(height), Font)
	fmt.Fprintf(&b, "<title>%s</title>\n", escape(c.Title))
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="#ffffff"/>`+"\n", num(width), num(height))

	// Title, left-aligned over the plot unless that would cut it
	// (shortened if even the page is too narrow; <title> keeps it whole).
	title := Fit(c.Title, titleSize, width-2*margin)
	tx := math.Max(margin, math.Min(left, width-margin-TextWidth(title, titleSize)))
	fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" fill="#000000">%s</text>`+"\n",
		num(tx), num(margin+titleSize-2), num(titleSize), escape(title))

	// Grid lines at the labelled ticks, under everything else.
	b.WriteString(`<g stroke="` + gridColour + `" stroke-width="0.75" fill="none">` + "\n")
	for _, t := range xt {
		if x, ok := xs.at(t.Value); ok && t.Label != "" {
			fmt.Fprintf(&b, `<path d="M%s %sV%s"/>`+"\n", num(x), num(top), num(bottom))
		}
	}
	if len(c.Y.Categories) == 0 {
		for _, t := range yt {
			if y, ok := ys.at(t.Value); ok && t.Label != "" {
				fmt.Fprintf(&b, `<path d="M%s %sH%s"/>`+"\n", num(left), num(y), num(right))
			}
		}
	}
	b.WriteString("</g>\n")

	// Data, clipped to the plot.
	fmt.Fprintf(&b, `<clipPath id="plot-area"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`+"\n",
		num(left), num(top), num(right-left), num(bottom-top))
	b.WriteString(`<g clip-path="url(#plot-area)">` + "\n")
	c.drawBins(&b, xs, ys)
	c.drawBars(&b, xs, ys, bottom-top)
	c.drawLines(&b, xs, ys)
	b.WriteString("</g>\n")
	c.drawNotes(&b, xs, ys)

	// Axes: a line at the bottom and on the left, and one at zero when
	// the x axis has negative values (a credit on a bill).
	fmt.Fprintf(&b, `<g stroke="%s" stroke-width="0.8" fill="none">`+"\n", ink)
	fmt.Fprintf(&b, `<path d="M%s %sV%sH%s"/>`+"\n", num(left), num(top), num(bottom), num(right))
	if x, ok := xs.at(0); ok && !c.X.Log && c.X.Min < 0 && x > left {
		fmt.Fprintf(&b, `<path d="M%s %sV%s"/>`+"\n", num(x), num(top), num(bottom))
	}
	for _, t := range xt {
		if x, ok := xs.at(t.Value); ok {
			fmt.Fprintf(&b, `<path d="M%s %sv%s"/>`+"\n", num(x), num(bottom), num(tickLength(t)))
		}
	}
	for _, t := range yt {
		if y, ok := ys.at(t.Value); ok {
			fmt.Fprintf(&b, `<path d="M%s %sh%s"/>`+"\n", num(left), num(y), num(-tickLength(t)))
		}
	}
	b.WriteString("</g>\n")

	// Tick labels and the axes' labels.
	fmt.Fprintf(&b, `<g font-size="%s" fill="%s" text-anchor="middle">`+"\n", num(tickSize), ink)
	for _, t := range xt {
		if x, ok := xs.at(t.Value); ok && t.Label != "" {
			fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`+"\n", num(x), num(bottom+majorTick+3+tickSize*0.75), escape(t.Label))
		}
	}
	b.WriteString("</g>\n")
	fmt.Fprintf(&b, `<g font-size="%s" fill="%s" text-anchor="end">`+"\n", num(tickSize), ink)
	for _, t := range yt {
		if y, ok := ys.at(t.Value); ok && t.Label != "" {
			fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text>`+"\n", num(left-majorTick-3), num(y+tickSize*0.35), escape(t.Label))
		}
	}
	b.WriteString("</g>\n")
	if c.X.Label != "" {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="%s" fill="#000000" text-anchor="middle">%s</text>`+"\n",
			num((left+right)/2), num(height-margin-2), num(labelSize), escape(c.X.Label))
	}
	if c.Y.Label != "" {
		fmt.Fprintf(&b, `<text transform="translate(%s %s) rotate(-90)" font-size="%s" fill="#000000" text-anchor="middle">%s</text>`+"\n",
			num(margin+labelSize-2), num((top+bottom)/2), num(labelSize), escape(c.Y.Label))
	}
	c.drawLegend(&b, legend, left, margin+titleSize+8)
	b.WriteString("</svg>\n")
	return b.Bytes(), nil
}

func tickLength(t Tick) float64 {
	if t.Label != "" {
		return majorTick
	}
	return minorTick
}

func (c *Chart) drawBins(b *bytes.Buffer, xs, ys scale) {
	if len(c.Bins) == 0 {
		return
	}
	b.WriteString(`<g stroke="#ffffff" stroke-width="0.5">` + "\n")
	for _, bin := range c.Bins {
		x0, ok0 := xs.at(bin.Lo)
		x1, ok1 := xs.at(bin.Hi)
		y, ok := ys.at(bin.Count)
		if !ok0 || !ok1 || !ok || bin.Count <= 0 {
			continue
		}
		base := ys.clamped(0)
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
			num(x0), num(y), num(x1-x0), num(base-y), colourOr(bin.Colour))
	}
	b.WriteString("</g>\n")
}

func (c *Chart) drawBars(b *bytes.Buffer, xs, ys scale, plotHeight float64) {
	if len(c.Bars) == 0 || len(c.Y.Categories) == 0 {
		return
	}
	thick := math.Min(16, 0.6*plotHeight/float64(len(c.Y.Categories)))
	zero := xs.clamped(0)
	for _, bar := range c.Bars {
		y, ok := ys.at(float64(bar.Category))
		end, ok2 := xs.at(bar.Value)
		if !ok || !ok2 {
			continue
		}
		x0, x1 := math.Min(zero, end), math.Max(zero, end)
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
			num(x0), num(y-thick/2), num(x1-x0), num(thick), colourOr(bar.Colour))
		if bar.Label != "" {
			fmt.Fprintf(b, `<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`+"\n",
				num(x1+4), num(y+noteSize*0.35), num(noteSize), ink, escape(bar.Label))
		}
	}
}

func (c *Chart) drawLines(b *bytes.Buffer, xs, ys scale) {
	for _, l := range c.Lines {
		d := path(l.Points, xs, ys)
		if d == "" {
			continue
		}
		w := l.Width
		if w <= 0 {
			w = 1.5
		}
		fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s/>`+"\n",
			d, colourOr(l.Colour), num(w), dashes(l.Dash))
	}
}

// path is the d attribute of a polyline, broken where a point cannot be
// placed.
func path(pts []Point, xs, ys scale) string {
	var b bytes.Buffer
	pen := false
	for _, p := range pts {
		x, okx := xs.at(p.X)
		y, oky := ys.at(p.Y)
		if !okx || !oky {
			pen = false
			continue
		}
		if pen {
			b.WriteByte('L')
		} else {
			b.WriteByte('M')
			pen = true
		}
		b.WriteString(num(x))
		b.WriteByte(' ')
		b.WriteString(num(y))
	}
	return b.String()
}

func dashes(d []float64) string {
	if len(d) == 0 {
		return ""
	}
	var b bytes.Buffer
	b.WriteString(` stroke-dasharray="`)
	for i, v := range d {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(v))
	}
	b.WriteByte('"')
	return b.String()
}

func (c *Chart) drawNotes(b *bytes.Buffer, xs, ys scale) {
	for _, n := range c.Notes {
		x, okx := xs.at(n.X)
		y, oky := ys.at(n.Y)
		if !okx || !oky {
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`+"\n",
			num(x+3), num(y), num(noteSize), colourOr(n.Colour), escape(n.Text))
	}
}

// legend is the layout of the legend: the lines named in each row, and
// how many named lines did not fit its rows.
type legend struct {
	rows [][]int
	more int
}

// legendEntry is the width a named line takes in the legend.
func legendEntry(name string) float64 {
	return swatch + 5 + TextWidth(Fit(name, legendSize, maxLegendName), legendSize)
}

// moreNote says how many named lines the legend leaves out.
func moreNote(n int) string { return fmt.Sprintf("and %d more", n) }

// legendRows lays the named lines out in rows no wider than room, at most
// maxLegendRows of them: past those, the last row ends with how many
// lines are left out, so a chart of many series keeps its plot.
func (c *Chart) legendRows(room float64) legend {
	var l legend
	used := 0.0
	for i, line := range c.Lines {
		if line.Name == "" {
			continue
		}
		w := legendEntry(line.Name)
		if len(l.rows) == 0 || used+w > room {
			if len(l.rows) == maxLegendRows {
				l.more++
				continue
			}
			l.rows = append(l.rows, nil)
			used = 0
		}
		l.rows[len(l.rows)-1] = append(l.rows[len(l.rows)-1], i)
		used += w + 16
	}
	if l.more > 0 {
		// Room at the end of the last row for the note.
		last := &l.rows[len(l.rows)-1]
		note := TextWidth(moreNote(l.more+len(*last)), legendSize)
		for len(*last) > 0 {
			w := 0.0
			for _, i := range *last {
				w += legendEntry(c.Lines[i].Name) + 16
			}
			if w+note <= room {
				break
			}
			*last = (*last)[:len(*last)-1]
			l.more++
		}
	}
	return l
}

func (c *Chart) drawLegend(b *bytes.Buffer, l legend, left, top float64) {
	if len(l.rows) == 0 {
		return
	}
	fmt.Fprintf(b, `<g font-size="%s" fill="%s">`+"\n", num(legendSize), ink)
	var x, y float64
	for r, row := range l.rows {
		y = top + 16*float64(r) + 8
		x = left
		for _, i := range row {
			line := c.Lines[i]
			w := line.Width
			if w <= 0 {
				w = 1.5
			}
			fmt.Fprintf(b, `<path d="M%s %sh%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
				num(x), num(y), num(swatch), colourOr(line.Colour), num(math.Max(w, 2)), dashes(line.Dash))
			fmt.Fprintf(b, `<text x="%s" y="%s">%s</text>`+"\n", num(x+swatch+5), num(y+legendSize*0.35),
				escape(Fit(line.Name, legendSize, maxLegendName)))
			x += legendEntry(line.Name) + 16
		}
	}
	if l.more > 0 {
		fmt.Fprintf(b, `<text x="%s" y="%s">%s</text>`+"\n", num(x), num(y+legendSize*0.35), moreNote(l.more))
	}
	b.WriteString("</g>\n")
}

func colourOr(c string) string {
	if c == "" {
		return "#000000"
	}
	return escape(c)
}

// num writes a page coordinate with at most two decimals (a hundredth of
// a point), with no trailing zeros and no negative zero.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
