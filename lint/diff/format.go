package diff

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/archiehq/archie/schema/inspect"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/archiehq/archie/schema/textfmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/render"
)

// Formats are the output formats of `archie diff`, default first.
var Formats = []string{"text", "json", "markdown", "mermaid", "svg"}

// Write writes the comparison in one of Formats.
func Write(ctx context.Context, w io.Writer, r *Result, format string) error {
	switch format {
	case "text":
		return WriteText(w, r)
	case "json":
		return WriteJSON(w, r)
	case "markdown":
		return WriteMarkdown(w, r)
	case "mermaid":
		d, err := Diagram(r)
		if err != nil {
			return err
		}
		return render.WriteMermaid(w, d)
	case "svg":
		d, err := Diagram(r)
		if err != nil {
			return err
		}
		svg, err := render.SVG(ctx, d)
		if err != nil {
			return err
		}
		_, err = w.Write(svg)
		return err
	}
	return fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
}

// Diagram is the new version drawn with its changes marked, and the
// slowest path of Result.Workload.
func Diagram(r *Result) (*render.Diagram, error) {
	d, err := render.Build(r.New.Arch, render.Options{CriticalPath: r.New.Path})
	if err != nil {
		return nil, err
	}
	d.Title += " · changes since " + r.Old.Name
	ch := render.Changes{Added: r.Components.Added, Since: r.Old.Name}
	for _, c := range r.Components.Changed {
		if c.Address != ArchitectureAddress {
			ch.Changed = append(ch.Changed, c.Address)
		}
	}
	for _, a := range r.Components.Removed {
		ch.Removed = append(ch.Removed, r.Old.Arch.Component(a))
	}
	for _, e := range r.Edges.Added {
		ch.AddedEdges = append(ch.AddedEdges, e.edge)
	}
	for _, e := range r.Edges.Removed {
		ch.RemovedEdges = append(ch.RemovedEdges, e.edge)
	}
	d.MarkChanges(ch)
	return d, nil
}

// JSON shapes; field names are a stable interface (docs/cli.md).
type jsonDiff struct {
	Components jsonComponents `json:"components"`
	Edges      jsonEdges      `json:"edges"`
	Findings   jsonFindings   `json:"findings"`
	Workloads  []jsonWorkload `json:"workloads"`
	Cost       jsonCost       `json:"cost"`
}

type jsonComponents struct {
	Added   []string        `json:"added"`
	Removed []string        `json:"removed"`
	Changed []jsonComponent `json:"changed"`
}

type jsonComponent struct {
	Address string       `json:"address"`
	Changes []jsonChange `json:"changes"`
}

type jsonChange struct {
	Attribute string `json:"attribute"`
	Old       any    `json:"old"`
	New       any    `json:"new"`
}

type jsonEdges struct {
	Added   []jsonEdge `json:"added"`
	Removed []jsonEdge `json:"removed"`
}

type jsonEdge struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Mode     string `json:"mode"`
	Relation string `json:"relation"`
}

type jsonFindings struct {
	New       []jsonFinding `json:"new"`
	Fixed     []jsonFinding `json:"fixed"`
	Unchanged int           `json:"unchanged"`
}

// jsonFinding is a finding as `archie lint --format json` writes it.
type jsonFinding struct {
	Rule      string    `json:"rule"`
	Severity  string    `json:"severity"`
	Message   string    `json:"message"`
	Component string    `json:"component"`
	Range     jsonRange `json:"range"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type jsonWorkload struct {
	Name string       `json:"name"`
	Old  *jsonSummary `json:"old"`
	New  *jsonSummary `json:"new"`
}

type jsonSummary struct {
	P50Ms        float64  `json:"p50_ms"`
	P95Ms        float64  `json:"p95_ms"`
	P99Ms        float64  `json:"p99_ms"`
	Throttled    float64  `json:"throttled"`
	DeadLettered float64  `json:"dead_lettered"`
	PeakBacklog  float64  `json:"peak_backlog"`
	MonthlyUSD   float64  `json:"monthly_usd"`
	Undrained    []string `json:"undrained"`
}

type jsonCost struct {
	Old   float64 `json:"old_monthly_usd"`
	New   float64 `json:"new_monthly_usd"`
	Delta float64 `json:"delta_usd"`
}

func toJSONFindings(fs []lint.Finding) []jsonFinding {
	out := []jsonFinding{}
	for _, f := range fs {
		out = append(out, jsonFinding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Component: f.Component,
			Range: jsonRange{Filename: f.Range.Filename, Start: jsonPos{f.Range.Start.Line, f.Range.Start.Column}, End: jsonPos{f.Range.End.Line, f.Range.End.Column}}})
	}
	return out
}

func toJSONEdges(es []EdgeChange) []jsonEdge {
	out := []jsonEdge{}
	for _, e := range es {
		out = append(out, jsonEdge{From: e.From, To: e.To, Mode: string(e.Mode), Relation: string(e.Relation)})
	}
	return out
}

func toJSONSummary(s *Summary) *jsonSummary {
	if s == nil {
		return nil
	}
	return &jsonSummary{P50Ms: s.P50Ms, P95Ms: s.P95Ms, P99Ms: s.P99Ms, Throttled: s.Throttled, DeadLettered: s.DeadLettered,
		PeakBacklog: s.PeakBacklog, MonthlyUSD: s.MonthlyUSD, Undrained: s.Undrained}
}

// WriteJSON writes the comparison for machines (docs/cli.md describes
// the shape).
func WriteJSON(w io.Writer, r *Result) error {
	out := jsonDiff{
		Components: jsonComponents{Added: nonNil(r.Components.Added), Removed: nonNil(r.Components.Removed), Changed: []jsonComponent{}},
		Edges:      jsonEdges{Added: toJSONEdges(r.Edges.Added), Removed: toJSONEdges(r.Edges.Removed)},
		Findings:   jsonFindings{New: toJSONFindings(r.Findings.New), Fixed: toJSONFindings(r.Findings.Fixed), Unchanged: r.Findings.Unchanged},
		Workloads:  []jsonWorkload{},
		Cost:       jsonCost{Old: r.Cost.Old, New: r.Cost.New, Delta: r.Cost.Delta()},
	}
	for _, c := range r.Components.Changed {
		jc := jsonComponent{Address: c.Address, Changes: []jsonChange{}}
		for _, a := range c.Changes {
			jc.Changes = append(jc.Changes, jsonChange{Attribute: a.Attribute, Old: a.Old, New: a.New})
		}
		out.Components.Changed = append(out.Components.Changed, jc)
	}
	for _, wl := range r.Workloads {
		out.Workloads = append(out.Workloads, jsonWorkload{Name: wl.Name, Old: toJSONSummary(wl.Old), New: toJSONSummary(wl.New)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteText writes the comparison for people at a terminal.
func WriteText(w io.Writer, r *Result) error {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	fmt.Fprintf(bw, "archie diff %s -> %s\n", safetext.Name(r.Old.Name), safetext.Name(r.New.Name))
	if r.Empty() {
		fmt.Fprintln(bw, "\nNo change: the same components, edges, findings, workload figures and cost.")
	}
	c := r.Components
	if len(c.Added)+len(c.Removed)+len(c.Changed) > 0 {
		fmt.Fprintf(bw, "\nComponents: %d added, %d removed, %d changed\n", len(c.Added), len(c.Removed), len(c.Changed))
		for _, a := range c.Added {
			fmt.Fprintf(bw, "  + %s\n", a)
		}
		for _, a := range c.Removed {
			fmt.Fprintf(bw, "  - %s\n", a)
		}
		for _, ch := range c.Changed {
			fmt.Fprintf(bw, "  ~ %s\n", ch.Address)
			for _, a := range ch.Changes {
				fmt.Fprintf(bw, "      %s  %s -> %s\n", a.Attribute, valueText(a.Old), valueText(a.New))
			}
		}
	}
	if e := r.Edges; len(e.Added)+len(e.Removed) > 0 {
		fmt.Fprintf(bw, "\nEdges: %d added, %d removed\n", len(e.Added), len(e.Removed))
		for _, x := range e.Added {
			fmt.Fprintf(bw, "  + %s\n", edgeText(x))
		}
		for _, x := range e.Removed {
			fmt.Fprintf(bw, "  - %s\n", edgeText(x))
		}
	}
	f := r.Findings
	fmt.Fprintf(bw, "\nFindings: %d new, %d fixed, %d unchanged\n", len(f.New), len(f.Fixed), f.Unchanged)
	for _, x := range f.New {
		fmt.Fprintf(bw, "  new   %s\n", findingText(x))
	}
	for _, x := range f.Fixed {
		fmt.Fprintf(bw, "  fixed %s\n", findingText(x))
	}
	if len(r.Workloads) > 0 {
		fmt.Fprintln(bw, "\nWorkloads (old -> new):")
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		for _, wl := range r.Workloads {
			if p := presence(wl); p != "" {
				fmt.Fprintf(tw, "  %s %s\n", wl.Name, p)
			} else {
				fmt.Fprintf(tw, "  %s\n", wl.Name)
			}
			for _, m := range metrics {
				fmt.Fprintf(tw, "    %s\t%s\n", m.name, m.change(wl.Old, wl.New))
			}
		}
		tw.Flush()
	}
	fmt.Fprintf(bw, "\nMonthly cost of all workloads: %s\n", costText(r.Cost))
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(neutralizeCommands(buf.Bytes()))
	return err
}

// neutralizeCommands indents any line that a CI system would read as a
// command (GitHub's "::" workflow commands): text from the input never
// becomes one.
func neutralizeCommands(b []byte) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(bytes.TrimLeft(l, " \t"), []byte("::")) {
			lines[i] = append([]byte(" "), l...)
		}
	}
	return bytes.Join(lines, nil)
}

func presence(wl WorkloadChange) string {
	switch {
	case wl.Old == nil:
		return "(new workload)"
	case wl.New == nil:
		return "(removed workload)"
	}
	return ""
}

// metric is one figure of a workload summary, for the tables.
type metric struct {
	name  string
	value func(*Summary) float64
	text  func(float64) string
}

var metrics = []metric{
	{"p50", func(s *Summary) float64 { return s.P50Ms }, msText},
	{"p95", func(s *Summary) float64 { return s.P95Ms }, msText},
	{"p99", func(s *Summary) float64 { return s.P99Ms }, msText},
	{"throttled", func(s *Summary) float64 { return s.Throttled }, shareText},
	{"dead-lettered", func(s *Summary) float64 { return s.DeadLettered }, countText},
	{"peak backlog", func(s *Summary) float64 { return s.PeakBacklog }, countText},
	{"monthly cost", func(s *Summary) float64 { return s.MonthlyUSD }, usd},
}

// change writes "old -> new (+x%)", or one value when only one version has
// the workload or nothing changed.
func (m metric) change(o, n *Summary) string {
	switch {
	case o == nil && n == nil:
		return ""
	case o == nil:
		return "- -> " + m.text(m.value(n))
	case n == nil:
		return m.text(m.value(o)) + " -> -"
	}
	ov, nv := m.value(o), m.value(n)
	if ov == nv {
		return m.text(nv) + " (no change)"
	}
	return m.text(ov) + " -> " + m.text(nv) + " (" + deltaText(ov, nv) + ")"
}

// deltaText is the change in percent, or "from 0" when the old value is
// zero.
func deltaText(o, n float64) string {
	if o == 0 {
		return "from 0"
	}
	return percentText((n - o) / math.Abs(o) * 100)
}

func percentText(p float64) string {
	if math.IsInf(p, 1) {
		return "from 0"
	}
	sign := "+"
	if p < 0 {
		sign = "-"
	}
	return sign + strconv.FormatFloat(math.Abs(math.Round(p*10)/10), 'f', 1, 64) + "%"
}

func costText(c CostChange) string {
	if c.Old == c.New {
		return usd(c.New) + " (no change)"
	}
	sign := "+"
	if c.Delta() < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s -> %s (%s%s, %s)", usd(c.Old), usd(c.New), sign, usd(math.Abs(c.Delta())), deltaText(c.Old, c.New))
}

func msText(ms float64) string { return render.Duration(ms) }

func shareText(s float64) string {
	if s == 0 {
		return "0%"
	}
	return strconv.FormatFloat(s*100, 'g', 3, 64) + "%"
}

func countText(n float64) string {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return groupDigits(strconv.FormatFloat(n, 'f', 0, 64))
	}
	return strconv.FormatFloat(n, 'f', 1, 64)
}

func groupDigits(s string) string { return textfmt.GroupDigits(s) }

// usd formats money as every report does (textfmt.USD).
func usd(x float64) string { return textfmt.USD(x) }

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func plural(n int, one, many string) string { return textfmt.Plural(n, one, many) }

// valueText writes a setting as archie inspect does (inspect.Text), and
// "(none)" where a version lacks it.
func valueText(v any) string {
	if v == nil {
		return "(none)"
	}
	return inspect.Text(v)
}

func edgeText(e EdgeChange) string {
	s := fmt.Sprintf("%s -> %s (%s", e.From, e.To, e.Mode)
	if e.Relation != "" && string(e.Relation) != string(e.Mode) {
		s += ", " + string(e.Relation)
	}
	return s + ")"
}

func findingText(f lint.Finding) string {
	return fmt.Sprintf("%s [%s] %s\n          --> %s", f.Severity, f.Rule, safetext.Line(f.Message), where(f))
}

func where(f lint.Finding) string {
	loc := fmt.Sprintf("%s:%d:%d", safetext.Name(f.Range.Filename), f.Range.Start.Line, f.Range.Start.Column)
	if f.Component != "" {
		loc += " (" + f.Component + ")"
	}
	return loc
}
