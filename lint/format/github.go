package format

import (
	"bufio"
	"fmt"
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// WriteGitHub writes GitHub Actions workflow commands that annotate the
// pull request: ::error, ::warning or ::notice (for info) per finding,
// with the file relative to the repository root, its line and column
// range, and the rule ID as the title. Invalid input becomes ::error lines
// titled "invalid input". Suppressed findings are left out. A plain
// summary line ends the output: the runner shows it in the log and does
// not treat it as a command.
//
// Column properties are only written for ranges on one line: GitHub
// rejects col and endColumn when line and endLine differ.
func WriteGitHub(w io.Writer, r *lint.Report, opt FormatOptions) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		cmd := "notice"
		switch f.Severity {
		case lint.Error:
			cmd = "error"
		case lint.Warning:
			cmd = "warning"
		}
		ghCommand(bw, cmd, ghLocation(f.Range, opt), f.Rule, f.Message)
	}
	nerr := 0
	for _, d := range lint.SortDiagnostics(r.Errors) {
		var props string
		if d.Subject != nil {
			props = ghLocation(*d.Subject, opt)
		}
		cmd := diagSeverity(d)
		if cmd == "error" {
			nerr++
		}
		ghCommand(bw, cmd, props, "invalid input", diagMessage(d))
	}
	if r.Invalid() {
		fmt.Fprintf(bw, "archie: invalid input: %s\n", plural(nerr, "error", "errors"))
	} else {
		c := lint.Count(r.Findings)
		fmt.Fprintf(bw, "archie: %s (%s, %s, %s) in %s\n", plural(len(r.Findings), "problem", "problems"),
			plural(c.Errors, "error", "errors"), plural(c.Warnings, "warning", "warnings"), plural(c.Infos, "info", "infos"), scope(r))
	}
	return bw.Flush()
}

func ghCommand(w io.Writer, cmd, props, title, msg string) {
	if props != "" {
		props += ","
	}
	props += "title=" + ghEscapeProperty(safetext.Line(title))
	fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, ghEscapeData(safetext.Text(msg)))
}

// ghLocation renders the file, line and column properties of a range.
func ghLocation(rng hcl.Range, opt FormatOptions) string {
	if rng.Filename == "" {
		return ""
	}
	file, _ := opt.repoPath(rng.Filename)
	parts := []string{"file=" + ghEscapeProperty(safetext.Text(file))}
	if rng.Start.Line >= 1 {
		parts = append(parts, fmt.Sprintf("line=%d", rng.Start.Line))
		oneLine := rng.End.Line <= rng.Start.Line
		if oneLine && rng.Start.Column >= 1 {
			parts = append(parts, fmt.Sprintf("col=%d", rng.Start.Column))
		}
		if rng.End.Line > rng.Start.Line {
			parts = append(parts, fmt.Sprintf("endLine=%d", rng.End.Line))
		} else if rng.End.Line == rng.Start.Line && rng.End.Column > rng.Start.Column {
			parts = append(parts, fmt.Sprintf("endLine=%d,endColumn=%d", rng.End.Line, rng.End.Column))
		}
	}
	return strings.Join(parts, ",")
}

// The escapes of the Actions runner (toCommandValue and escapeData /
// escapeProperty in @actions/core). A Replacer makes one pass, so an
// escape is never escaped again.
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func ghEscapeData(s string) string     { return ghDataEscaper.Replace(s) }
func ghEscapeProperty(s string) string { return ghPropertyEscaper.Replace(s) }
