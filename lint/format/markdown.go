package format

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
)

const (
	// markdownMaxRows caps the findings table so that a comment on a pull
	// request with hundreds of findings stays readable (and far below the
	// 65,536 characters GitHub accepts in a comment).
	markdownMaxRows = 100
	// markdownMaxMessage caps one message in the table, in runes.
	markdownMaxMessage = 300
)

// WriteMarkdown writes the report as a pull-request comment: a heading,
// counts by severity, a table of findings (most severe first, at most
// markdownMaxRows rows, then how many more there are), and one collapsed
// section per rule that fired with what it checks, why, and a fixed
// example. Invalid input gets an errors section. The text has no emoji and
// no colour, so it reads the same in a terminal, a job summary and a
// comment.
func WriteMarkdown(w io.Writer, r *lint.Report, opt FormatOptions) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "## archie lint")
	fmt.Fprintln(bw)

	c := lint.Count(r.Findings)
	problems := fmt.Sprintf("**%s** (%s, %s, %s)", plural(len(r.Findings), "problem", "problems"),
		plural(c.Errors, "error", "errors"), plural(c.Warnings, "warning", "warnings"), plural(c.Infos, "info", "infos"))
	switch {
	case r.Invalid():
		n := 0
		for _, d := range r.Errors {
			if diagSeverity(d) == "error" {
				n++
			}
		}
		fmt.Fprintf(bw, "**Invalid input: %s.** Architectures with errors were not checked", plural(n, "error", "errors"))
		if len(r.Findings) > 0 {
			fmt.Fprintf(bw, "; the others have %s", problems)
		}
		fmt.Fprintln(bw, ".")
	case len(r.Findings) == 0:
		fmt.Fprintf(bw, "**No problems found** in %s.\n", scope(r))
	default:
		fmt.Fprintf(bw, "%s in %s.\n", problems, scope(r))
	}
	if n := len(r.Suppressed); n > 0 {
		fmt.Fprintf(bw, "\n%s suppressed (%s).\n", plural(n, "finding", "findings"), suppressedBreakdown(r.Suppressed))
	}

	if r.Invalid() || len(r.Errors) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "### Errors")
		fmt.Fprintln(bw)
		for _, d := range lint.SortDiagnostics(r.Errors) {
			where := ""
			if d.Subject != nil && d.Subject.Filename != "" {
				file, _ := opt.repoPath(d.Subject.Filename)
				where = fmt.Sprintf(" at %s:%d:%d", mdText(file), d.Subject.Start.Line, d.Subject.Start.Column)
			}
			fmt.Fprintf(bw, "- **%s**%s: %s\n", diagSeverity(d), where, mdText(diagMessage(d)))
		}
	}

	if len(r.Findings) > 0 {
		rules, _ := ruleList(r)
		meta := map[string]lint.Meta{}
		for _, m := range rules {
			meta[m.ID] = m
		}
		rows := append([]lint.Finding(nil), r.Findings...)
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Severity > rows[j].Severity })
		shown := rows
		if len(shown) > markdownMaxRows {
			shown = shown[:markdownMaxRows]
		}
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "### Findings")
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "| Severity | Rule | Component | Location | Message |")
		fmt.Fprintln(bw, "| --- | --- | --- | --- | --- |")
		for _, f := range shown {
			file, _ := opt.repoPath(f.Range.Filename)
			loc := mdText(file)
			if f.Range.Start.Line >= 1 {
				loc += fmt.Sprintf(":%d", f.Range.Start.Line)
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n", f.Severity, mdRule(meta[f.Rule], f.Rule), mdText(f.Component), loc, mdText(truncateRunes(f.Message, markdownMaxMessage)))
		}
		if rest := rows[len(shown):]; len(rest) > 0 {
			rc := lint.Count(rest)
			fmt.Fprintf(bw, "\n… and %d more not shown (%s, %s, %s). The full list is in the SARIF or JSON output.\n", len(rest),
				plural(rc.Errors, "error", "errors"), plural(rc.Warnings, "warning", "warnings"), plural(rc.Infos, "info", "infos"))
		}

		perRule := map[string][]lint.Finding{}
		for _, f := range r.Findings {
			perRule[f.Rule] = append(perRule[f.Rule], f)
		}
		var details strings.Builder
		for _, m := range rules {
			fs := perRule[m.ID]
			if len(fs) == 0 || m.Title == "" && m.Why == "" && m.Fixed == "" {
				continue // nothing to tell beyond the table
			}
			top := fs[0].Severity
			for _, f := range fs {
				top = max(top, f.Severity)
			}
			fmt.Fprintf(&details, "\n<details>\n<summary><b>%s</b>: %s (%s)</summary>\n\n", html.EscapeString(m.ID), plural(len(fs), "finding", "findings"), top)
			if m.Title != "" {
				fmt.Fprintf(&details, "**%s**\n\n", mdText(unwrap(m.Title)))
			}
			if m.Why != "" {
				for _, p := range strings.Split(unwrap(m.Why), "\n\n") {
					fmt.Fprintf(&details, "%s\n\n", mdText(p))
				}
			}
			if m.Fixed != "" {
				fmt.Fprintf(&details, "Fixed example:\n\n%s\n\n", lint.CodeFence(m.Fixed, "hcl"))
			}
			if m.Why != "" {
				fmt.Fprintf(&details, "[Documentation of %s](%s)\n\n", m.ID, ruleDocURL(m.ID))
			}
			details.WriteString("</details>\n")
		}
		if details.Len() > 0 {
			fmt.Fprintf(bw, "\n### Rules\n%s", details.String())
		}
	}
	return bw.Flush()
}

func suppressedBreakdown(fs []lint.Finding) string {
	comment, baseline := 0, 0
	for _, f := range fs {
		if f.SuppressedBy == "baseline" {
			baseline++
		} else {
			comment++
		}
	}
	var parts []string
	if comment > 0 {
		parts = append(parts, fmt.Sprintf("%d by comments", comment))
	}
	if baseline > 0 {
		parts = append(parts, fmt.Sprintf("%d by the baseline", baseline))
	}
	return strings.Join(parts, ", ")
}

// mdRule links a rule ID to its documentation when it has a page.
func mdRule(m lint.Meta, id string) string {
	if m.Why == "" {
		return mdText(id)
	}
	return "[" + mdText(id) + "](" + ruleDocURL(id) + ")"
}

// mdText escapes plain text for a Markdown table cell, list item or
// paragraph (lint.MarkdownText).
func mdText(s string) string { return lint.MarkdownText(s) }

func truncateRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
