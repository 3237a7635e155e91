package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

func TestShortNumbers(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 0.5: "0.5", 2.5: "2.5", 250: "250", 999: "999", 1000: "1k",
		1250: "1.25k", 12000: "12k", 1250000: "1.25M", 2e9: "2B", -1500: "-1.5k", 999.9: "1k", 0.125: "0.125"} {
		if got := Short(v); got != want {
			t.Errorf("Short(%g) = %q, want %q", v, got, want)
		}
	}
}

func labels(ts []Tick) string {
	var ls []string
	for _, tk := range ts {
		if tk.Label != "" {
			ls = append(ls, tk.Label)
		}
	}
	return strings.Join(ls, " ")
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		prefix string
		log    bool
		want   string
	}{
		{-20, 1250000, "$", false, "$0 $250k $500k $750k $1M $1.25M"},
		{0, 1, "", false, "0 0.2 0.4 0.6 0.8 1"},
		{0, 300, "", false, "0 50 100 150 200 250 300"},
		{-30, 300, "$", false, "$0 $100 $200 $300"},
		{-120, 300, "$", false, "-$100 $0 $100 $200 $300"},
		{40, 900, "", true, "50 100 200 500"},
		{7, 560, "", true, "10 20 50 100 200 500"},
		{0.004, 600, "", true, "0.01 0.1 1 10 100"},
		{5, 5, "", false, ""},
		{1, math.Inf(1), "", false, ""},
		{0, 10, "", true, ""},
	} {
		var ts []Tick
		if c.log {
			ts = LogTicks(c.lo, c.hi, c.prefix)
		} else {
			ts = NiceTicks(c.lo, c.hi, c.prefix)
		}
		if got := labels(ts); got != c.want {
			t.Errorf("ticks of %g to %g (log %v): %q, want %q", c.lo, c.hi, c.log, got, c.want)
		}
		for i := 1; i < len(ts); i++ {
			if ts[i].Value <= ts[i-1].Value {
				t.Errorf("ticks of %g to %g not increasing: %v", c.lo, c.hi, ts)
			}
		}
	}
	// An axis narrower than the precision of its values ends.
	if ts := NiceTicks(1e16, 1e16+4, ""); len(ts) > maxTicks {
		t.Errorf("%d ticks", len(ts))
	}
	// The top NiceMax picks is a labelled tick, so the highest value sits
	// under a labelled grid line.
	for v := 0.013; v < 1e7; v *= 1.07 {
		top := NiceMax(v)
		ts := NiceTicks(0, top, "")
		if top < v || len(ts) == 0 || ts[len(ts)-1].Label == "" || math.Abs(ts[len(ts)-1].Value-top) > top*1e-9 {
			t.Errorf("NiceMax(%g) = %g, not the last labelled tick of %v", v, top, ts)
			break
		}
	}
	for v, want := range map[float64]float64{2580: 3000, 50: 50, 52.5: 60, 0.93: 1, 1: 1, 13: 15, 0.062: 0.08} {
		if got := NiceMax(v); math.Abs(got-want) > 1e-9 {
			t.Errorf("NiceMax(%g) = %g, want %g", v, got, want)
		}
	}
}

func TestTextWidth(t *testing.T) {
	// Arial's widths: 0-9 are 556/1000 em, "i" 222, "W" 944, space 278.
	for s, want := range map[string]float64{"": 0, "0": 5.56, "peak": 21.68, "iW ": 14.44, "é": 6} {
		if got := TextWidth(s, 10); math.Abs(got-want) > 1e-9 {
			t.Errorf("TextWidth(%q, 10) = %g, want %g", s, got, want)
		}
	}
	if got := TextWidth("注文", 10); got != 20 {
		t.Errorf("two wide characters: %g, want 20", got)
	}
}

// wellFormed parses an SVG and returns the text of its <text> elements.
func wellFormed(t *testing.T, svg []byte) []string {
	t.Helper()
	if !bytes.HasPrefix(svg, []byte("<?xml")) {
		t.Errorf("no XML declaration")
	}
	var texts []string
	d := xml.NewDecoder(bytes.NewReader(svg))
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		case xml.EndElement:
			inText = false
		}
	}
	return texts
}

func TestSVG(t *testing.T) {
	var lines []Line
	for i := range 12 {
		lines = append(lines, Line{Name: "function.handler-" + strings.Repeat("x", i), Colour: Colour(i),
			Points: []Point{{0, float64(i)}, {5, math.NaN()}, {10, float64(i) + 1}}})
	}
	c := &Chart{
		Title: `a <chart> & "its" title`,
		X:     Axis{Label: "time (s)", Min: 0, Max: 10},
		Y:     Axis{Label: "value", Min: 0, Max: 14},
		Lines: lines,
		Notes: []Note{{X: 5, Y: 1, Text: "p99", Colour: Colour(3)}},
	}
	a, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.SVG()
	if !bytes.Equal(a, b) {
		t.Error("two drawings of one chart differ")
	}
	texts := wellFormed(t, a)
	all := strings.Join(texts, "|")
	for _, want := range []string{`a <chart> & "its" title`, "function.handler-xxxxxxxxxxx", "p99", "time (s)", "value", "12.5"} {
		if !strings.Contains(all, want) {
			t.Errorf("no text %q in %q", want, all)
		}
	}
	if !strings.Contains(string(a), "Arial") {
		t.Error("no fallback font")
	}
	// Twelve names do not fit one row: the legend wraps, and the plot
	// starts below it.
	if l := c.legendRows(400); len(l.rows) < 2 || l.more != 0 {
		t.Errorf("legend rows %v, %d left out", l.rows, l.more)
	}
	// The NaN breaks each line in two.
	if n := strings.Count(string(a), `d="M`); n < 24 {
		t.Errorf("%d path starts; want each line broken at its NaN", n)
	}
}

// A chart of many series, or of very long names, keeps its plot: the
// legend stops after a few rows and says how many it left out, and long
// names are shortened.
func TestCrowdedChart(t *testing.T) {
	long := strings.Repeat("a-very-long-component-name-", 8)
	c := &Chart{Title: "crowded", X: Axis{Label: "time (s)", Max: 10}, Y: Axis{Label: "value", Max: 10}}
	for i := range 200 {
		c.Lines = append(c.Lines, Line{Name: fmt.Sprintf("function.f%03d", i), Colour: Colour(i), Points: []Point{{0, 1}, {10, 2}}})
	}
	c.Lines = append(c.Lines, Line{Name: long, Points: []Point{{0, 1}, {10, 2}}})
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	l := c.legendRows(400)
	shown := 0
	for _, r := range l.rows {
		shown += len(r)
	}
	if len(l.rows) != maxLegendRows || shown+l.more != 201 || l.more == 0 {
		t.Errorf("legend of %d rows shows %d and leaves out %d", len(l.rows), shown, l.more)
	}
	all := strings.Join(wellFormed(t, svg), "|")
	if !strings.Contains(all, "and ") || !strings.Contains(all, " more") {
		t.Errorf("the legend does not say how many series it leaves out: %q", all)
	}
	bars := &Chart{Title: "cost", X: Axis{Max: 10}, Y: Axis{Categories: []string{long, "short"}},
		Bars: []Bar{{Category: 0, Value: 5}, {Category: 1, Value: 3}}}
	svg, err = bars.SVG()
	if err != nil {
		t.Fatal(err)
	}
	all = strings.Join(wellFormed(t, svg), "|")
	if strings.Contains(all, long) || !strings.Contains(all, "a-very-long") || !strings.Contains(all, "\u2026") {
		t.Errorf("a long category name is not shortened: %q", all)
	}
	if got := Fit(long, 10, 100); TextWidth(got, 10) > 100 || !strings.HasSuffix(got, "\u2026") {
		t.Errorf("Fit: %q is %g wide", got, TextWidth(got, 10))
	}
	if got := Fit("short", 10, 100); got != "short" {
		t.Errorf("Fit shortened %q", got)
	}
}

func TestBars(t *testing.T) {
	c := &Chart{
		Title: "cost",
		X:     Axis{Label: "USD per month", Prefix: "$", Min: -11, Max: 115},
		Y:     Axis{Categories: []string{"free-tier credit", "queue requests", "function duration"}},
		Bars: []Bar{{Category: 0, Value: -10, Colour: Colour(2), Label: "-$10.00"}, {Category: 1, Value: 40, Label: "$40.00"},
			{Category: 2, Value: 100, Label: "$100.00"}},
	}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(wellFormed(t, svg), "|")
	for _, want := range []string{"free-tier credit", "function duration", "-$10.00", "$100.00", "$0", "$100"} {
		if !strings.Contains(all, want) {
			t.Errorf("no text %q in %q", want, all)
		}
	}
	// The credit's bar ends left of zero, where the zero line is drawn.
	xs := newScale(&c.X, 0, 100)
	if z, _ := xs.at(0); z <= 0 || z >= 100 {
		t.Errorf("zero at %g", z)
	}
}

func TestBadAxes(t *testing.T) {
	for _, c := range []struct {
		x, y Axis
		want string
	}{
		{Axis{Min: 1, Max: 1}, Axis{Max: 1}, "x axis: empty range"},
		{Axis{Max: 1}, Axis{Min: math.NaN(), Max: 1}, "y axis: range NaN to 1 is not finite"},
		{Axis{Log: true, Max: 10}, Axis{Max: 1}, "x axis: a log scale must start above zero"},
		{Axis{Categories: []string{"a"}}, Axis{Max: 1}, "x axis: categories"},
	} {
		_, err := (&Chart{X: c.x, Y: c.y}).SVG()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

func TestEscape(t *testing.T) {
	if got := escape("a&b<c>\"d'\x01"); got != "a&amp;b&lt;c&gt;&quot;d&#39;\uFFFD" {
		t.Errorf("escape: %q", got)
	}
}

func TestColour(t *testing.T) {
	if Colour(0) != Colour(Colours) || Colour(-1) != Colour(Colours-1) {
		t.Error("the palette does not repeat")
	}
}
