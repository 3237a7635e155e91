package lint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Report is the outcome of linting one or more architectures: findings, or
// the diagnostics that made the input invalid, and the files they point
// into.
type Report struct {
	Findings      []Finding
	Suppressed    []Finding       // findings silenced by a suppression comment or a baseline
	Fixed         []Finding       // baseline entries that no longer occur
	Errors        hcl.Diagnostics // invalid input; findings are empty when set
	Files         map[string]*hcl.File
	Rules         []Meta // the rules that ran, in catalog order
	Architectures int
	Components    int

	failOn      map[string]Severity // by file: the fail_on of its architecture's configuration
	failDefault Severity            // for a file not in failOn: --fail-on, else Error
}

// Failed reports whether a finding is at or above the fail_on threshold
// that applies to it: --fail-on, else its architecture's configuration
// file, else error.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		threshold, ok := r.failOn[f.Range.Filename]
		switch {
		case ok:
		case r.failOn == nil: // a report LintProject did not make
			threshold = Error
		default:
			threshold = r.failDefault
		}
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}

// Add merges another architecture's files into the report.
func (r *Report) Add(files map[string]*hcl.File) {
	if r.Files == nil {
		r.Files = map[string]*hcl.File{}
	}
	for k, v := range files {
		r.Files[k] = v
	}
}

// Invalid reports whether the input had errors.
func (r *Report) Invalid() bool { return r.Errors.HasErrors() }

// TextOptions controls the text format.
type TextOptions struct {
	Color bool
	Width uint // wrap width for diagnostics; 0 for none
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func severityColor(s Severity) string {
	switch s {
	case Error:
		return ansiRed
	case Warning:
		return ansiYellow
	}
	return ansiBlue
}

// WriteText writes findings for people: each with its position, rule,
// message and the source lines it points at, then a summary line.
func WriteText(w io.Writer, r *Report, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + ansiReset
	}
	lines := sourceLines{}
	// Errors first, then the findings of the architectures that loaded:
	// one invalid architecture hides nothing of the others.
	invalid := 0
	if r.Invalid() {
		for _, d := range sortDiagnostics(r.Errors) {
			writeDiagnostic(bw, lines.of(r.Files, d.Subject), d, paint)
			if d.Severity == hcl.DiagError {
				invalid++
			}
		}
	}
	for _, f := range r.Findings {
		sev := paint(ansiBold+severityColor(f.Severity), f.Severity.String())
		fmt.Fprintf(bw, "%s%s %s\n", sev, paint(ansiBold, "["+f.Rule+"]"), f.Message)
		loc := fmt.Sprintf("%s:%d:%d", f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column)
		if f.Component != "" {
			loc += " (" + f.Component + ")"
		}
		fmt.Fprintf(bw, "  %s %s\n", paint(ansiCyan, "-->"), loc)
		writeSnippet(bw, lines.of(r.Files, &f.Range), f.Range, paint, severityColor(f.Severity))
		fmt.Fprintln(bw)
	}
	c := Count(r.Findings)
	switch {
	case len(r.Findings) == 0 && invalid > 0:
		// Nothing to say about the architectures that loaded that the
		// line below would not contradict.
	case len(r.Findings) == 0:
		fmt.Fprintf(bw, "%s %s checked, no problems found\n", paint(ansiBold, "ok:"), scope(r))
	default:
		summary := fmt.Sprintf("%s (%s, %s, %s) in %s",
			plural(len(r.Findings), "problem", "problems"),
			plural(c.Errors, "error", "errors"), plural(c.Warnings, "warning", "warnings"), plural(c.Infos, "info", "infos"), scope(r))
		col := ansiBlue
		if c.Errors > 0 {
			col = ansiRed
		} else if c.Warnings > 0 {
			col = ansiYellow
		}
		fmt.Fprintln(bw, paint(ansiBold+col, summary))
	}
	if n := len(r.Suppressed); n > 0 {
		fmt.Fprintf(bw, "%s suppressed (%s)\n", plural(n, "finding", "findings"), suppressedBreakdown(r.Suppressed))
	}
	writeFixed(bw, r.Fixed, paint)
	if invalid > 0 {
		fmt.Fprintf(bw, "%s\n", paint(ansiBold+ansiRed, fmt.Sprintf("invalid input: %s", plural(invalid, "error", "errors"))))
	}
	return bw.Flush()
}

// writeFixed lists the baseline entries that no longer occur, so that the
// baseline can be tightened with --write-baseline.
func writeFixed(w io.Writer, fixed []Finding, paint func(string, string) string) {
	if len(fixed) == 0 {
		return
	}
	fmt.Fprintf(w, "%s since the baseline:\n", paint(ansiBold, plural(len(fixed), "finding", "findings")+" fixed"))
	width := 0
	for _, f := range fixed {
		width = max(width, len(f.Rule))
	}
	for _, f := range fixed {
		where := f.Range.Filename
		if f.Component != "" {
			where += " (" + f.Component + ")"
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, f.Rule, where)
	}
	fmt.Fprintln(w, "Record the smaller baseline with --write-baseline.")
}

// writeDiagnostic prints a load diagnostic like a finding: summary,
// file:line:column, the source lines, then how to fix it.
func writeDiagnostic(w io.Writer, lines [][]byte, d *hcl.Diagnostic, paint func(string, string) string) {
	sev, col := "error", ansiRed
	if d.Severity == hcl.DiagWarning {
		sev, col = "warning", ansiYellow
	}
	fmt.Fprintf(w, "%s: %s\n", paint(ansiBold+col, sev), paint(ansiBold, d.Summary))
	if d.Subject != nil {
		fmt.Fprintf(w, "  %s %s:%d:%d\n", paint(ansiCyan, "-->"), d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		writeSnippet(w, lines, *d.Subject, paint, col)
	}
	if d.Detail != "" {
		for _, line := range strings.Split(d.Detail, "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	fmt.Fprintln(w)
}

func scope(r *Report) string {
	s := plural(r.Components, "component", "components")
	if r.Architectures > 1 {
		s += " in " + plural(r.Architectures, "architecture", "architectures")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sourceLines splits each file into lines once: splitting per finding made
// a report of thousands of findings in one large file take minutes.
type sourceLines map[string][][]byte

// of is the lines of the file rng points into, or nil.
func (s sourceLines) of(files map[string]*hcl.File, rng *hcl.Range) [][]byte {
	if rng == nil {
		return nil
	}
	l, ok := s[rng.Filename]
	if !ok {
		if f := files[rng.Filename]; f != nil {
			l = bytes.Split(f.Bytes, []byte("\n"))
		}
		s[rng.Filename] = l
	}
	return l
}

// writeSnippet prints the lines of rng with a gutter and carets under the
// range on its first line.
func writeSnippet(w io.Writer, lines [][]byte, rng hcl.Range, paint func(string, string) string, color string) {
	if lines == nil || rng.Start.Line < 1 {
		return
	}
	if rng.Start.Line > len(lines) {
		return
	}
	last := rng.End.Line
	if last < rng.Start.Line {
		last = rng.Start.Line
	}
	if last > rng.Start.Line+2 {
		last = rng.Start.Line // a whole block: show its first line only
	}
	if last > len(lines) {
		last = len(lines)
	}
	width := len(fmt.Sprint(last))
	gutter := strings.Repeat(" ", width)
	fmt.Fprintf(w, "  %s %s\n", gutter, paint(ansiCyan, "|"))
	for n := rng.Start.Line; n <= last; n++ {
		text := strings.TrimRight(strings.ReplaceAll(string(lines[n-1]), "\t", "    "), "\r")
		fmt.Fprintf(w, "  %s %s %s\n", paint(ansiCyan, fmt.Sprintf("%*d", width, n)), paint(ansiCyan, "|"), text)
	}
	first := string(lines[rng.Start.Line-1])
	startCol := rng.Start.Column
	endCol := len([]rune(first)) + 1
	if rng.End.Line == rng.Start.Line && rng.End.Column > startCol {
		endCol = rng.End.Column
	}
	if startCol < 1 || startCol > endCol {
		return
	}
	prefix := []rune(first)
	if startCol-1 <= len(prefix) {
		prefix = prefix[:startCol-1]
	}
	pad := strings.Repeat(" ", len([]rune(strings.ReplaceAll(string(prefix), "\t", "    "))))
	carets := strings.Repeat("^", max(1, endCol-startCol))
	if last == rng.Start.Line {
		fmt.Fprintf(w, "  %s %s %s%s\n", gutter, paint(ansiCyan, "|"), pad, paint(ansiBold+color, carets))
	}
}

func sortDiagnostics(ds hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, len(ds))
	copy(out, ds)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		switch {
		case a == nil && b == nil:
			return false
		case a == nil:
			return true
		case b == nil:
			return false
		}
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Start.Line != b.Start.Line {
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
	return out
}

// JSON shapes; field names are a stable interface.
type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonFinding struct {
	Rule      string    `json:"rule"`
	Severity  string    `json:"severity"`
	Message   string    `json:"message"`
	Component string    `json:"component"`
	Range     jsonRange `json:"range"`
}

type jsonError struct {
	Severity string     `json:"severity"`
	Summary  string     `json:"summary"`
	Detail   string     `json:"detail"`
	Range    *jsonRange `json:"range,omitempty"`
}

type jsonReport struct {
	Findings   []jsonFinding    `json:"findings"`
	Errors     []jsonError      `json:"errors"`
	Suppressed []jsonSuppressed `json:"suppressed,omitempty"`
	Fixed      []jsonFixed      `json:"fixed,omitempty"`
}

// jsonSuppressed is a finding silenced by a comment or the baseline.
type jsonSuppressed struct {
	jsonFinding
	SuppressedBy  string `json:"suppressed_by"`
	Justification string `json:"justification"`
}

// jsonFixed is a baseline entry that no longer occurs.
type jsonFixed struct {
	Rule      string `json:"rule"`
	Component string `json:"component"`
	File      string `json:"file"`
}

func toJSONRange(r hcl.Range) jsonRange {
	return jsonRange{Filename: r.Filename, Start: jsonPos{r.Start.Line, r.Start.Column}, End: jsonPos{r.End.Line, r.End.Column}}
}

// WriteJSON writes the report for machines:
// {"findings": [...], "errors": [...]}.
func WriteJSON(w io.Writer, r *Report) error {
	out := jsonReport{Findings: []jsonFinding{}, Errors: []jsonError{}}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Component: f.Component, Range: toJSONRange(f.Range),
		})
	}
	for _, f := range r.Suppressed {
		out.Suppressed = append(out.Suppressed, jsonSuppressed{
			jsonFinding: jsonFinding{
				Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Component: f.Component, Range: toJSONRange(f.Range),
			},
			SuppressedBy: f.SuppressedBy, Justification: f.Justification,
		})
	}
	for _, f := range r.Fixed {
		out.Fixed = append(out.Fixed, jsonFixed{Rule: f.Rule, Component: f.Component, File: f.Range.Filename})
	}
	for _, d := range sortDiagnostics(r.Errors) {
		e := jsonError{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			e.Severity = "warning"
		}
		if d.Subject != nil {
			jr := toJSONRange(*d.Subject)
			e.Range = &jr
		}
		out.Errors = append(out.Errors, e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
