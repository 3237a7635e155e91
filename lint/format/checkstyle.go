package format

import (
	"encoding/xml"
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"io"
	"sort"
)

type checkstyleRoot struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

// checkstyleInvalid is the source of entries for invalid input.
const checkstyleInvalid = "archie.invalid-input"

// WriteCheckstyle writes the report in Checkstyle's XML format, which
// reviewdog, Jenkins' Warnings plugin and many code review tools read:
// every file that was checked, with one <error> per finding (source
// "archie.RULE", severity error, warning or info). File names are as the
// report shows them. Invalid input becomes error entries with source
// "archie.invalid-input"; a diagnostic that points at no file is listed
// under the file name ".".
func WriteCheckstyle(w io.Writer, r *lint.Report, _ FormatOptions) error {
	byFile := map[string][]checkstyleError{}
	for name := range r.Files {
		byFile[name] = nil
	}
	for _, f := range r.Findings {
		byFile[f.Range.Filename] = append(byFile[f.Range.Filename], checkstyleError{
			Line: f.Range.Start.Line, Column: f.Range.Start.Column,
			Severity: f.Severity.String(), Message: safetext.Text(f.Message), Source: "archie." + f.Rule,
		})
	}
	for _, d := range lint.SortDiagnostics(r.Errors) {
		name := "."
		e := checkstyleError{Severity: diagSeverity(d), Message: safetext.Text(diagMessage(d)), Source: checkstyleInvalid}
		if d.Subject != nil && d.Subject.Filename != "" {
			name = d.Subject.Filename
			e.Line, e.Column = d.Subject.Start.Line, d.Subject.Start.Column
		}
		byFile[name] = append(byFile[name], e)
	}
	names := make([]string, 0, len(byFile))
	for name := range byFile {
		names = append(names, name)
	}
	sort.Strings(names)
	out := checkstyleRoot{Version: "4.3"}
	for _, name := range names {
		out.Files = append(out.Files, checkstyleFile{Name: safetext.Text(name), Errors: byFile[name]})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
