package format

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/hashicorp/hcl/v2"
)

// TextOptions controls the text format.
type TextOptions struct {
	Color bool
	Width uint // wrap width for diagnostics; 0 for none
}

// Per-file caps of the text format. A file with thousands of bad
// references would otherwise print its errors, each with its source line,
// for gigabytes; past the cap one line says how many more there are and
// --format json or sarif lists them all. Ten errors is where the Go
// compiler stops too ("too many errors"): after the first few, errors in
// one file are mostly the same mistake. Findings are worth a longer list,
// since each one is a separate thing to fix.
const (
	maxTextErrorsPerFile   = 10
	maxTextFindingsPerFile = 100
	// maxSnippetRunes bounds a source line in a snippet: a minified or
	// generated file can hold one line of megabytes.
	maxSnippetRunes = 160
)

// WriteText writes findings for people: each with its position, rule,
// message and the source lines it points at, then a summary line. A source
// line is shown once per file, and each file shows at most
// maxTextErrorsPerFile errors or maxTextFindingsPerFile findings. Text
// from the input goes through safetext, so it can neither colour nor
// rewrite the terminal, nor start a workflow command in a CI log.
func WriteText(w io.Writer, r *lint.Report, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + lint.ANSIReset
	}
	lines := sourceLines{}
	shown := shownLines{}
	// Errors first, then the findings of the architectures that loaded:
	// one invalid architecture hides nothing of the others.
	invalid := 0
	if r.Invalid() {
		invalid = writeDiagnostics(bw, r.Errors, r.Files, lines, shown, paint)
	}
	c := perFileCap{limit: maxTextFindingsPerFile, what: "findings"}
	for _, f := range r.Findings {
		if !c.next(bw, f.Range.Filename, false) {
			continue
		}
		sev := paint(lint.ANSIBold+f.Severity.ANSIColor(), f.Severity.String())
		fmt.Fprintf(bw, "%s%s %s\n", sev, paint(lint.ANSIBold, "["+safetext.Line(f.Rule)+"]"), safetext.Line(f.Message))
		loc := fmt.Sprintf("%s:%d:%d", safetext.Name(f.Range.Filename), f.Range.Start.Line, f.Range.Start.Column)
		if f.Component != "" {
			loc += " (" + safetext.Line(f.Component) + ")"
		}
		fmt.Fprintf(bw, "  %s %s\n", paint(lint.ANSICyan, "-->"), loc)
		writeSnippet(bw, lines.of(r.Files, &f.Range), shown.of(f.Range.Filename), f.Range, paint, f.Severity.ANSIColor())
		fmt.Fprintln(bw)
	}
	c.flush(bw)
	count := lint.Count(r.Findings)
	switch {
	case len(r.Findings) == 0 && invalid > 0:
		// Nothing to say about the architectures that loaded that the
		// line below would not contradict.
	case len(r.Findings) == 0:
		fmt.Fprintf(bw, "%s %s checked, no problems found\n", paint(lint.ANSIBold, "ok:"), scope(r))
	default:
		summary := fmt.Sprintf("%s (%s, %s, %s) in %s",
			plural(len(r.Findings), "problem", "problems"),
			plural(count.Errors, "error", "errors"), plural(count.Warnings, "warning", "warnings"), plural(count.Infos, "info", "infos"), scope(r))
		col := lint.ANSIBlue
		if count.Errors > 0 {
			col = lint.ANSIRed
		} else if count.Warnings > 0 {
			col = lint.ANSIYellow
		}
		fmt.Fprintln(bw, paint(lint.ANSIBold+col, summary))
	}
	if n := len(r.Suppressed); n > 0 {
		fmt.Fprintf(bw, "%s suppressed (%s)\n", plural(n, "finding", "findings"), suppressedBreakdown(r.Suppressed))
	}
	writeFixed(bw, r.Fixed, paint)
	if invalid > 0 {
		fmt.Fprintf(bw, "%s\n", paint(lint.ANSIBold+lint.ANSIRed, fmt.Sprintf("invalid input: %s", plural(invalid, "error", "errors"))))
	}
	return bw.Flush()
}

// WriteDiagnostics writes diagnostics for people as the text format does
// (sorted, with source snippets, escaped, capped per file), with no
// summary line: for commands that report warnings of their own, such as
// archie import.
func WriteDiagnostics(w io.Writer, diags hcl.Diagnostics, files map[string]*hcl.File, opt TextOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.Color {
			return s
		}
		return code + s + lint.ANSIReset
	}
	writeDiagnostics(bw, diags, files, sourceLines{}, shownLines{}, paint)
	return bw.Flush()
}

// writeDiagnostics writes diagnostics, at most maxTextErrorsPerFile errors
// a file, and returns how many errors there were.
func writeDiagnostics(w io.Writer, diags hcl.Diagnostics, files map[string]*hcl.File, lines sourceLines, shown shownLines, paint func(string, string) string) int {
	n := 0
	c := perFileCap{limit: maxTextErrorsPerFile, what: "errors"}
	for _, d := range lint.SortDiagnostics(diags) {
		if d.Severity == hcl.DiagError {
			n++
		}
		file := ""
		if d.Subject != nil {
			file = d.Subject.Filename
		}
		if !c.next(w, file, d.Severity == hcl.DiagWarning) {
			continue
		}
		writeDiagnostic(w, lines.of(files, d.Subject), shown, d, paint)
	}
	c.flush(w)
	return n
}

// perFileCap counts what the text format shows of each file, in a list
// sorted by file, and says how many more there were once a file ends.
type perFileCap struct {
	limit    int
	what     string // "errors", "findings"
	file     string
	shown    int
	hidden   int
	warnings int // of the hidden diagnostics, the warnings
}

// next reports whether the next entry, of file, is to be shown; warning
// tells a warning among load errors apart, for the count of those left
// out.
func (c *perFileCap) next(w io.Writer, file string, warning bool) bool {
	if file != c.file {
		c.flush(w)
		c.file, c.shown = file, 0
	}
	if c.shown >= c.limit {
		c.hidden++
		if warning {
			c.warnings++
		}
		return false
	}
	c.shown++
	return true
}

// flush writes how many entries of the current file were left out.
func (c *perFileCap) flush(w io.Writer) {
	if c.hidden == 0 {
		return
	}
	where := ""
	if c.file != "" {
		where = " in " + safetext.Name(c.file)
	}
	what := c.what
	if c.warnings > 0 {
		what = "errors and warnings"
		if c.warnings == c.hidden {
			what = "warnings"
		}
	}
	fmt.Fprintf(w, "... and %s more %s%s (at most %d a file are shown; --format json lists them all)\n\n",
		thousands(c.hidden), what, where, c.limit)
	c.hidden, c.warnings = 0, 0
}

// thousands writes n with comma separators: 7,990.
func thousands(n int) string { return textfmt.Thousands(int64(n)) }

// writeFixed lists the baseline entries that no longer occur, so that the
// baseline can be tightened with --write-baseline.
func writeFixed(w io.Writer, fixed []lint.Finding, paint func(string, string) string) {
	if len(fixed) == 0 {
		return
	}
	fmt.Fprintf(w, "%s since the baseline:\n", paint(lint.ANSIBold, plural(len(fixed), "finding", "findings")+" fixed"))
	width := 0
	for _, f := range fixed {
		width = max(width, len(safetext.Line(f.Rule)))
	}
	for _, f := range fixed {
		where := safetext.Name(f.Range.Filename)
		if f.Component != "" {
			where += " (" + safetext.Line(f.Component) + ")"
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, safetext.Line(f.Rule), where)
	}
	fmt.Fprintln(w, "Record the smaller baseline with --write-baseline.")
}

// writeDiagnostic prints a load diagnostic like a finding: summary,
// file:line:column, the source lines, then how to fix it.
func writeDiagnostic(w io.Writer, lines [][]byte, shown shownLines, d *hcl.Diagnostic, paint func(string, string) string) {
	sev, col := "error", lint.ANSIRed
	if d.Severity == hcl.DiagWarning {
		sev, col = "warning", lint.ANSIYellow
	}
	fmt.Fprintf(w, "%s: %s\n", paint(lint.ANSIBold+col, sev), paint(lint.ANSIBold, safetext.Line(d.Summary)))
	if d.Subject != nil {
		fmt.Fprintf(w, "  %s %s:%d:%d\n", paint(lint.ANSICyan, "-->"), safetext.Name(d.Subject.Filename), d.Subject.Start.Line, d.Subject.Start.Column)
		writeSnippet(w, lines, shown.of(d.Subject.Filename), *d.Subject, paint, col)
	}
	if d.Detail != "" {
		for _, line := range strings.Split(d.Detail, "\n") {
			fmt.Fprintf(w, "  %s\n", safetext.Line(line))
		}
	}
	fmt.Fprintln(w)
}

func scope(r *lint.Report) string {
	s := plural(r.Components, "component", "components")
	if r.Architectures > 1 {
		s += " in " + plural(r.Architectures, "architecture", "architectures")
	}
	return s
}

func plural(n int, one, many string) string { return textfmt.Plural(n, one, many) }

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

// shownLines records, by file, the source lines a snippet has shown.
type shownLines map[string]map[int]bool

func (s shownLines) of(file string) map[int]bool {
	m := s[file]
	if m == nil {
		m = map[int]bool{}
		s[file] = m
	}
	return m
}

// writeSnippet prints the lines of rng with a gutter and carets under the
// range on its first line. A line already shown for the file is not shown
// again; a long line is cut to a window of maxSnippetRunes around the
// range.
func writeSnippet(w io.Writer, lines [][]byte, shown map[int]bool, rng hcl.Range, paint func(string, string) string, color string) {
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
	if shown[rng.Start.Line] {
		return // the location line points at it; the source is above
	}
	for n := rng.Start.Line; n <= last; n++ {
		shown[n] = true
	}
	// The window of runes shown: all of a short line, else its first
	// maxSnippetRunes, or as many from a little before the range when the
	// range starts beyond them.
	first := []rune(string(lines[rng.Start.Line-1]))
	from := 0
	if len(first) > maxSnippetRunes && rng.Start.Column > maxSnippetRunes*3/4 {
		from = min(rng.Start.Column-1-maxSnippetRunes/4, len(first)-maxSnippetRunes)
	}
	cut := func(line []rune) string {
		if len(line) <= maxSnippetRunes {
			return string(line)
		}
		pre, post := "", ""
		lo, hi := min(from, len(line)), min(from+maxSnippetRunes, len(line))
		if lo > 0 {
			pre = "…"
		}
		if hi < len(line) {
			post = "…"
		}
		return pre + string(line[lo:hi]) + post
	}
	width := len(fmt.Sprint(last))
	gutter := strings.Repeat(" ", width)
	fmt.Fprintf(w, "  %s %s\n", gutter, paint(lint.ANSICyan, "|"))
	for n := rng.Start.Line; n <= last; n++ {
		line := []rune(strings.TrimRight(string(lines[n-1]), "\r"))
		text := safetext.Line(strings.ReplaceAll(cut(line), "\t", "    "))
		fmt.Fprintf(w, "  %s %s %s\n", paint(lint.ANSICyan, fmt.Sprintf("%*d", width, n)), paint(lint.ANSICyan, "|"), text)
	}
	startCol := rng.Start.Column
	endCol := len(first) + 1
	if rng.End.Line == rng.Start.Line && rng.End.Column > startCol {
		endCol = rng.End.Column
	}
	if startCol < 1 || startCol > endCol {
		return
	}
	prefix := first
	if startCol-1 <= len(prefix) {
		prefix = prefix[:startCol-1]
	}
	if len(first) > maxSnippetRunes {
		prefix = prefix[min(from, len(prefix)):]
		if from > 0 {
			prefix = append([]rune("…"), prefix...)
		}
		endCol = min(endCol, startCol+maxSnippetRunes)
	}
	pad := strings.Repeat(" ", len([]rune(safetext.Line(strings.ReplaceAll(string(prefix), "\t", "    ")))))
	carets := strings.Repeat("^", max(1, endCol-startCol))
	if last == rng.Start.Line {
		fmt.Fprintf(w, "  %s %s %s%s\n", gutter, paint(lint.ANSICyan, "|"), pad, paint(lint.ANSIBold+color, carets))
	}
}
