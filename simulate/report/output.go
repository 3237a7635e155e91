// Package report writes a simulation report (simulate.Report) as a table,
// Markdown or JSON, and draws its charts as SVG. The engine (package
// simulate) computes the report and knows nothing of how it is shown.
package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/archiehq/archie/schema/safetext"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/archiehq/archie/simulate"
)

// Formats are the output formats of WriteReport.
var Formats = []string{"table", "json", "markdown"}

// WriteReport writes a report as "table" (aligned, for people), "json"
// (stable, for machines) or "markdown" (for docs and pull requests).
func WriteReport(w io.Writer, rep *simulate.Report, format string) error {
	switch format {
	case "json":
		return simulate.WriteJSON(w, rep)
	case "table", "":
		return writeText(w, rep, false)
	case "markdown":
		return writeText(w, rep, true)
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
}

// table is a grid of cells written aligned (numbers to the right) or as
// a Markdown table.
type table struct {
	head  []string
	right []bool
	rows  [][]string
}

func newTable(cols ...string) *table {
	t := &table{}
	for _, c := range cols {
		right := strings.HasPrefix(c, ">")
		t.head = append(t.head, strings.TrimPrefix(c, ">"))
		t.right = append(t.right, right)
	}
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w *bufio.Writer, md bool) {
	if md {
		fmt.Fprintf(w, "| %s |\n|", strings.Join(t.head, " | "))
		for _, r := range t.right {
			if r {
				w.WriteString(" ---: |")
			} else {
				w.WriteString(" --- |")
			}
		}
		w.WriteString("\n")
		for _, row := range t.rows {
			esc := make([]string, len(row))
			for i, c := range row {
				esc[i] = safetext.MarkdownCell(c)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(esc, " | "))
		}
		w.WriteString("\n")
		return
	}
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = len(h)
	}
	for _, row := range t.rows {
		for i, c := range row {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range cells {
			pad := strings.Repeat(" ", width[i]-len([]rune(c)))
			if t.right[i] {
				b.WriteString(pad + c)
			} else if i < len(cells)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
			if i < len(cells)-1 {
				b.WriteString("  ")
			}
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
	line(t.head)
	for _, row := range t.rows {
		line(row)
	}
	w.WriteString("\n")
}

func writeText(out io.Writer, rep *simulate.Report, md bool) error {
	w := bufio.NewWriter(out)
	heading := func(level int, s string) {
		if md {
			fmt.Fprintf(w, "%s %s\n\n", strings.Repeat("#", level), s)
		} else if level <= 2 {
			fmt.Fprintf(w, "%s\n\n", s)
		} else {
			fmt.Fprintf(w, "%s\n", strings.ToUpper(s))
		}
	}
	if len(rep.Workloads) == 0 {
		w.WriteString("no workload simulated\n")
	}
	for i, wl := range rep.Workloads {
		if i > 0 && !md {
			w.WriteString(strings.Repeat("-", 72) + "\n\n")
		}
		title := fmt.Sprintf("Workload %s", wl.Name)
		heading(2, title)
		route := ""
		if len(wl.Entries) > 0 && wl.Entries[0].Route != "" {
			route = " " + wl.Entries[0].Route
		}
		fmt.Fprintf(w, "%s%s at %s/s for %s: %s arrivals (%s", wl.Entry, route, decimal(wl.Rate), fmtSeconds(wl.SimulatedS), count(wl.Arrivals), modeName(rep.Mode))
		if rep.Mode == simulate.ModeDES {
			fmt.Fprintf(w, ", seed %d", rep.Seed)
		}
		if rep.Replications > 1 {
			fmt.Fprintf(w, ", %d replications", rep.Replications)
		}
		w.WriteString(")\n\n")
		if rep.Replications > 1 {
			fmt.Fprintf(w, "Figures are means over the replications; ± is the half-width of their 95%% confidence interval (Student's t, %d degrees of freedom); MAX and PEAK are the largest over them.\n\n", rep.Replications-1)
		}

		heading(3, "Entries")
		et := newTable("ENTRY", "ROUTE", ">MEAN", ">P50", ">P95", ">P99", ">MAX", ">SUCCEEDED", ">THROTTLED", ">FAILED", ">DLQ", ">IN FLIGHT")
		for _, e := range wl.Entries {
			l := e.Latency
			var ci simulate.LatencyCI
			if l.CI95 != nil {
				ci = *l.CI95
			}
			et.add(e.Component, dash(e.Route), latCI(l.Mean, ci.Mean), latCI(l.P50, ci.P50), latCI(l.P95, ci.P95), latCI(l.P99, ci.P99), lat(l.Max),
				count(e.Succeeded), count(e.Throttled), count(e.Failed), count(e.DeadLettered), count(e.InFlight))
		}
		et.write(w, md)

		if len(wl.Components) > 0 {
			heading(3, "Components")
			ct := newTable("COMPONENT", ">INVOCATIONS", ">THROTTLED", ">ERRORS", ">TIMEOUTS", ">COLD", ">MEAN CONC", ">PEAK", ">LIMIT", ">UTIL", ">DURATION")
			for _, c := range wl.Components {
				limit, util, mean, peak := "-", "-", "-", "-"
				if !strings.HasPrefix(c.Component, "api.") {
					mean, peak = decimal(c.Concurrency.Mean), count(c.Concurrency.Peak)
					if c.Concurrency.Limit != nil {
						limit = count(*c.Concurrency.Limit)
						util = pct(c.Utilisation)
					}
				}
				dur := "-"
				if c.DurationMs > 0 {
					dur = lat(c.DurationMs)
				}
				cold := "-"
				if strings.HasPrefix(c.Component, "function.") {
					cold = pct(c.ColdStartShare)
				}
				ct.add(c.Component, count(c.Invocations), count(c.Throttled), count(c.Errors), count(c.Timeouts), cold, mean, peak, limit, util, dur)
			}
			ct.write(w, md)
		}

		if len(wl.Queues) > 0 {
			heading(3, "Queues and streams")
			qt := newTable("COMPONENT", ">RECEIVED", ">PEAK BACKLOG", ">FINAL", ">OLDEST", ">DRAIN", ">DLQ", ">EXPIRED")
			for _, q := range wl.Queues {
				drain := "never"
				if q.DrainS != nil && *q.DrainS == 0 {
					drain = "-"
				} else if q.DrainS != nil {
					drain = fmtSeconds(*q.DrainS)
				}
				qt.add(q.Component, count(q.Received), count(q.Backlog.Peak), count(q.Backlog.Final), fmtSeconds(q.OldestAgeS), drain, count(q.DeadLettered), count(q.Expired))
			}
			qt.write(w, md)
		}

		c := wl.Cost
		free := "free tier not applied"
		if c.FreeTier {
			free = "free tier applied"
		}
		heading(3, "Cost")
		fmt.Fprintf(w, "Per month for %s requests; prices %s %s (%s); %s.\n\n", count(c.Requests), rep.Prices.Region, rep.Prices.Date, rep.Prices.Source, free)
		pt := newTable("COMPONENT", "ITEM", ">QUANTITY", "UNIT", ">USD/MONTH")
		for _, it := range c.Items {
			pt.add(it.Component, it.Item, qty(it.Quantity), it.Unit, usd(it.MonthlyUSD))
		}
		pt.add("total", "", "", "", usd(c.MonthlyUSD))
		pt.write(w, md)
		monthly := usd(c.MonthlyUSD)
		if c.CI95 != nil && c.CI95.MonthlyUSD != nil {
			monthly += " (±" + usd(halfWidth(c.MonthlyUSD, c.CI95.MonthlyUSD)) + ")"
		}
		fmt.Fprintf(w, "%s a month, %s per million requests.\n\n", monthly, usd(c.PerMillionUSD))
		for _, np := range c.NotPriced {
			fmt.Fprintf(w, "Not priced: %s\n", np)
		}
		if len(c.NotPriced) > 0 {
			w.WriteString("\n")
		}
		if len(wl.Warnings) > 0 {
			heading(3, "Warnings")
			for _, n := range wl.Warnings {
				fmt.Fprintf(w, "- %s\n", n)
			}
			w.WriteString("\n")
		}
		if len(wl.Notes) > 0 {
			heading(3, "Notes")
			for _, n := range wl.Notes {
				fmt.Fprintf(w, "- %s\n", n)
			}
			w.WriteString("\n")
		}
	}
	return w.Flush()
}

func modeName(m string) string {
	if m == simulate.ModeAnalytic {
		return "analytic"
	}
	return "discrete-event"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// decimal formats a number with at most two decimals.
func decimal(x float64) string {
	if s, ok := outOfScale(x); ok {
		return s
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return count(x)
	}
	return strconv.FormatFloat(round(x, 2), 'f', -1, 64)
}

// latCI formats a latency with the half-width of its confidence interval
// when it has one: "690ms (±35ms)".
func latCI(v float64, ci *simulate.Interval) string {
	if ci == nil {
		return lat(v)
	}
	return lat(v) + " (±" + lat(halfWidth(v, ci)) + ")"
}

// halfWidth is the distance from a mean to the far end of its interval
// (the nearer end may be cut at zero).
func halfWidth(mean float64, ci *simulate.Interval) float64 {
	return math.Max(ci[1]-mean, mean-ci[0])
}

// The number formats the engine's messages use too.
func count(x float64) string      { return simulate.FormatCount(x) }
func qty(x float64) string        { return simulate.FormatQuantity(x) }
func pct(x float64) string        { return simulate.FormatPercent(x) }
func lat(ms float64) string       { return simulate.FormatLatency(ms) }
func fmtSeconds(s float64) string { return simulate.FormatSeconds(s) }

// usd formats money as every report does (textfmt.USD).
func usd(x float64) string { return textfmt.USD(x) }

// outOfScale formats a number too large for the digit grouping, or not a
// number at all, in scientific notation (textfmt.OutOfScale).
func outOfScale(x float64) (s string, ok bool) { return textfmt.OutOfScale(x) }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
