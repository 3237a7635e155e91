package diff

import (
	"bytes"
	"fmt"
	"github.com/archiehq/archie/schema/safetext"
	"io"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/render"
)

// Marker starts every Markdown report: the Action finds its earlier
// pull-request comment by it and updates that comment instead of adding
// another.
const Marker = "<!-- archie-diff -->"

// MaxMarkdown is GitHub's limit on a comment's body, in characters
// (docs.github.com REST API, issue comments: "body" up to 65536
// characters; checked 2026-12). The report counts bytes, which are never
// fewer than characters.
const MaxMarkdown = 65_536

// Mermaid's default limits, which GitHub uses (mermaid.js.org config
// schema: maxTextSize 50000, maxEdges 500; checked 2026-11): past them it
// draws an error instead of the diagram.
const (
	mermaidMaxText  = 50_000
	mermaidMaxEdges = 500
)

// mdLimits bound the lists of a Markdown report; WriteMarkdown lowers them
// until the report fits in a comment.
type mdLimits struct {
	rows    int  // rows of each list
	diagram bool // include the Mermaid diagram
}

// WriteMarkdown writes the comparison as a pull-request comment: a hidden
// marker, a one-line verdict, a table of counts, the workloads' figures
// old and new, the new and fixed findings, the Mermaid diff diagram and
// the component changes in collapsed sections. Long lists are cut, and the
// diagram left out, until the comment fits GitHub's limit; a note says
// what was cut.
func WriteMarkdown(w io.Writer, r *Result) error {
	var buf bytes.Buffer
	for _, lim := range []mdLimits{{rows: 1 << 30, diagram: true}, {rows: 100, diagram: true}, {rows: 30, diagram: true},
		{rows: 30, diagram: false}, {rows: 10, diagram: false}, {rows: 3, diagram: false}} {
		buf.Reset()
		if err := writeMarkdown(&buf, r, lim); err != nil {
			return err
		}
		if buf.Len() <= MaxMarkdown {
			break
		}
	}
	out := buf.Bytes()
	if len(out) > MaxMarkdown {
		note := "\n\n*This report was cut to fit a comment: `archie diff --format text` prints it whole.*\n"
		cut := MaxMarkdown - len(note)
		for cut > 0 && out[cut]&0xC0 == 0x80 { // never split a UTF-8 sequence
			cut--
		}
		out = append(out[:cut:cut], note...)
	}
	_, err := w.Write(out)
	return err
}

func writeMarkdown(w *bytes.Buffer, r *Result, lim mdLimits) error {
	md := lint.MarkdownText
	fmt.Fprintln(w, Marker)
	fmt.Fprintln(w, "## archie diff")
	fmt.Fprintln(w)
	fmt.Fprintln(w, verdict(r))
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Comparing `%s` with `%s`.\n\n", codeText(r.Old.Name), codeText(r.New.Name))

	c, e, f := r.Components, r.Edges, r.Findings
	fmt.Fprintln(w, "| | added | removed | changed |")
	fmt.Fprintln(w, "|---|---:|---:|---:|")
	fmt.Fprintf(w, "| components | %d | %d | %d |\n", len(c.Added), len(c.Removed), len(c.Changed))
	fmt.Fprintf(w, "| edges | %d | %d | |\n", len(e.Added), len(e.Removed))
	fmt.Fprintf(w, "| findings | %d new | %d fixed | %d unchanged |\n\n", len(f.New), len(f.Fixed), f.Unchanged)

	if len(r.Workloads) > 0 {
		fmt.Fprintln(w, "### Workloads")
		fmt.Fprintln(w)
		fmt.Fprint(w, "| workload |")
		for _, m := range metrics {
			fmt.Fprintf(w, " %s |", m.name)
		}
		fmt.Fprint(w, "\n|---|")
		for range metrics {
			fmt.Fprint(w, "---|")
		}
		fmt.Fprintln(w)
		for i, wl := range r.Workloads {
			if i == lim.rows {
				fmt.Fprintf(w, "\n%s more not shown.\n", plural(len(r.Workloads)-i, "workload", "workloads"))
				break
			}
			name := md(wl.Name)
			if p := presence(wl); p != "" {
				name += " " + md(p)
			}
			fmt.Fprintf(w, "| %s |", name)
			for _, m := range metrics {
				fmt.Fprintf(w, " %s |", md(m.change(wl.Old, wl.New)))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "\nMonthly cost of all workloads: **%s**. Latencies are the first entry's, end to end (discrete-event simulation, seed 1; see docs/simulate.md).\n\n", md(costText(r.Cost)))
	}

	findingsTable := func(title string, fs []lint.Finding) {
		if len(fs) == 0 {
			return
		}
		open := len(fs) <= 10
		fmt.Fprintf(w, "<details%s><summary><b>%s (%d)</b></summary>\n\n", map[bool]string{true: " open", false: ""}[open], title, len(fs))
		fmt.Fprintln(w, "| severity | rule | component | message | where |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for i, x := range fs {
			if i == lim.rows {
				fmt.Fprintf(w, "\n%s more not shown.\n", plural(len(fs)-i, "finding", "findings"))
				break
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", x.Severity, ruleLink(x.Rule, r.documented[x.Rule]), md(x.Component), md(truncate(x.Message, 300)),
				md(fmt.Sprintf("%s:%d", x.Range.Filename, x.Range.Start.Line)))
		}
		fmt.Fprint(w, "\n</details>\n\n")
	}
	findingsTable("New findings", f.New)
	findingsTable("Fixed findings", f.Fixed)

	if n := len(c.Added) + len(c.Removed) + len(c.Changed) + len(e.Added) + len(e.Removed); n > 0 {
		fmt.Fprintf(w, "<details><summary><b>Component and edge changes (%d)</b></summary>\n\n", n)
		rows := 0
		item := func(s string) bool {
			if rows == lim.rows {
				return false
			}
			rows++
			fmt.Fprintln(w, s)
			return true
		}
		cut := false
		for _, a := range c.Added {
			cut = cut || !item("- added "+md(a))
		}
		for _, a := range c.Removed {
			cut = cut || !item("- removed "+md(a))
		}
		for _, ch := range c.Changed {
			var parts []string
			for _, a := range ch.Changes {
				parts = append(parts, "`"+codeText(a.Attribute+" "+valueText(a.Old)+" -> "+valueText(a.New))+"`")
			}
			cut = cut || !item("- changed "+md(ch.Address)+": "+strings.Join(parts, ", "))
		}
		for _, x := range e.Added {
			cut = cut || !item("- added edge "+md(edgeText(x)))
		}
		for _, x := range e.Removed {
			cut = cut || !item("- removed edge "+md(edgeText(x)))
		}
		if cut {
			fmt.Fprintf(w, "\n%s not shown: `archie diff --format text` lists them all.\n", plural(n-rows, "change", "changes"))
		}
		fmt.Fprint(w, "\n</details>\n\n")
	}

	switch {
	case r.Empty():
	case lim.diagram:
		d, err := Diagram(r)
		if err != nil {
			return err
		}
		var mm bytes.Buffer
		if err := render.WriteMermaid(&mm, d); err != nil {
			return err
		}
		if mm.Len() > mermaidMaxText || len(d.Edges)+len(d.Legend.Edges) > mermaidMaxEdges {
			fmt.Fprintf(w, "*The diff diagram is too large for GitHub's Mermaid (%d characters, %d edges): `archie diff --format svg` draws it.*\n", mm.Len(), len(d.Edges))
		} else {
			fmt.Fprintf(w, "<details open><summary><b>Diagram</b></summary>\n\n```mermaid\n%s```\n\n</details>\n", mm.String())
		}
	default:
		fmt.Fprintln(w, "*The diff diagram was left out to fit a comment: `archie diff --format svg` draws it.*")
	}
	return nil
}

// verdict is the report's first line: what the change does, in one line.
func verdict(r *Result) string {
	if r.Empty() {
		return "**No architectural change.**"
	}
	var parts []string
	c := r.Components
	if n := len(c.Added) + len(c.Removed) + len(c.Changed); n > 0 {
		parts = append(parts, plural(n, "component added, removed or changed", "components added, removed or changed"))
	}
	f := r.Findings
	switch {
	case len(f.New) > 0:
		counts := lint.Count(f.New)
		worst := "info"
		if counts.Errors > 0 {
			worst = "error"
		} else if counts.Warnings > 0 {
			worst = "warning"
		}
		parts = append(parts, fmt.Sprintf("**%s** (worst: %s)", plural(len(f.New), "new finding", "new findings"), worst))
	default:
		parts = append(parts, "no new findings")
	}
	if len(f.Fixed) > 0 {
		parts = append(parts, plural(len(f.Fixed), "finding fixed", "findings fixed"))
	}
	for _, wl := range r.Workloads {
		if wl.New == nil {
			continue
		}
		for _, q := range wl.New.Undrained {
			if wl.Old == nil || !slices.Contains(wl.Old.Undrained, q) {
				parts = append(parts, "**a backlog that never drains** ("+lint.MarkdownText(q)+", workload "+lint.MarkdownText(wl.Name)+")")
			}
		}
	}
	if r.Cost.Old != r.Cost.New {
		parts = append(parts, "monthly cost "+lint.MarkdownText(costText(r.Cost)))
	}
	return strings.Join(parts, "; ") + "."
}

// ruleLink links a rule to its page; a custom rule has none.
func ruleLink(id string, documented bool) string {
	if !documented {
		return lint.MarkdownText(id)
	}
	return "[" + lint.MarkdownText(id) + "](" + lint.RuleDocURL(id) + ")"
}

// codeText makes text safe inside an inline code span: no backticks, no
// line breaks.
func codeText(s string) string {
	return strings.ReplaceAll(safetext.Line(s), "`", "'")
}

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
