package format

import (
	"encoding/json"
	"io"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
)

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
	Rule      string       `json:"rule"`
	Severity  string       `json:"severity"`
	Message   string       `json:"message"`
	Component string       `json:"component"`
	Range     jsonRange    `json:"range"`
	Context   *jsonContext `json:"context,omitempty"`
}

// jsonContext is Finding.Context; only the fields that apply are written.
type jsonContext struct {
	Pattern  string   `json:"pattern,omitempty"`
	Workload string   `json:"workload,omitempty"`
	Path     []string `json:"path,omitempty"`
}

func toJSONFinding(f lint.Finding) jsonFinding {
	jf := jsonFinding{Rule: f.Rule, Severity: f.Severity.String(), Message: f.Message, Component: f.Component, Range: toJSONRange(f.Range)}
	if !f.Context.IsZero() {
		jf.Context = &jsonContext{Pattern: f.Context.Pattern, Workload: f.Context.Workload, Path: f.Context.Path}
	}
	return jf
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
func WriteJSON(w io.Writer, r *lint.Report) error {
	out := jsonReport{Findings: []jsonFinding{}, Errors: []jsonError{}}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, toJSONFinding(f))
	}
	for _, f := range r.Suppressed {
		out.Suppressed = append(out.Suppressed, jsonSuppressed{
			jsonFinding:  toJSONFinding(f),
			SuppressedBy: f.SuppressedBy, Justification: f.Justification,
		})
	}
	for _, f := range r.Fixed {
		out.Fixed = append(out.Fixed, jsonFixed{Rule: f.Rule, Component: f.Component, File: f.Range.Filename})
	}
	for _, d := range lint.SortDiagnostics(r.Errors) {
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
