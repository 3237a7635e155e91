package format

import (
	"encoding/json"
	"fmt"
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"io"
)

// GitLab's Code Quality report: the subset of the Code Climate issue
// format that GitLab reads (docs.gitlab.com, "Code Quality", 2026-11).
type cqIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
	End   int `json:"end,omitempty"`
}

// WriteCodeQuality writes the report as a GitLab Code Quality report
// (artifacts:reports:codequality), which GitLab shows in merge requests:
// one issue per finding with its path relative to the repository root,
// severity major, minor or info for error, warning or info (the mapping
// common GitLab formatters use), and the fingerprint of the SARIF format,
// which GitLab uses to tell new issues from fixed ones. Invalid input
// becomes blocker issues named "invalid-input". Suppressed findings are
// left out.
func WriteCodeQuality(w io.Writer, r *lint.Report, opt FormatOptions) error {
	out := []cqIssue{}
	seen := map[string]int{}
	fingerprint := func(f lint.Finding) string { // unique, as GitLab needs
		fp := sarifFingerprintOf(f, opt)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = fmt.Sprintf("%s:%d", fp, n)
		}
		return fp
	}
	for _, f := range r.Findings {
		fp := fingerprint(f)
		sev := map[lint.Severity]string{lint.Error: "major", lint.Warning: "minor", lint.Info: "info"}[f.Severity]
		out = append(out, cqIssue{
			Description: safetext.Text(f.Message), CheckName: f.Rule, Fingerprint: fp, Severity: sev,
			Location: cqLocationOf(f.Range.Filename, f.Range.Start.Line, f.Range.End.Line, opt),
		})
	}
	for _, d := range lint.SortDiagnostics(r.Errors) {
		f := lint.Finding{Rule: "invalid-input", Message: diagMessage(d)}
		loc := cqLocation{Path: ".", Lines: cqLines{Begin: 1}}
		if d.Subject != nil {
			f.Range = *d.Subject
			loc = cqLocationOf(d.Subject.Filename, d.Subject.Start.Line, d.Subject.End.Line, opt)
		}
		out = append(out, cqIssue{
			Description: safetext.Text(f.Message), CheckName: f.Rule, Fingerprint: fingerprint(f),
			Severity: map[string]string{"error": "blocker", "warning": "minor"}[diagSeverity(d)], Location: loc,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func cqLocationOf(file string, begin, end int, opt FormatOptions) cqLocation {
	p, _ := opt.repoPath(file)
	loc := cqLocation{Path: safetext.Text(p), Lines: cqLines{Begin: max(begin, 1)}}
	if end > loc.Lines.Begin {
		loc.Lines.End = end
	}
	return loc
}
