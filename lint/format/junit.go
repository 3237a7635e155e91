package format

import (
	"encoding/xml"
	"fmt"
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"io"
	"path"
	"strings"
)

// JUnit XML as CI test reports read it (Jenkins, GitLab, Azure DevOps,
// CircleCI): only the attributes those readers share.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut *junitText    `xml:"system-out,omitempty"`
}

type junitText struct {
	Body string `xml:",innerxml"` // escaped by xmlText
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",innerxml"` // escaped by xmlText
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// junitLoadCase names the test case that stands for loading an
// architecture; it fails with an <error> when the input is invalid.
const junitLoadCase = "valid-input"

// WriteJUnit writes the report as JUnit XML: one testsuite per
// architecture (directory), one testcase per rule that ran, named by rule
// ID with the architecture as classname. A rule without findings passes. A
// rule with findings fails with a single <failure> whose type is the
// highest severity and whose body lists every finding with file:line:column
// and component: Jenkins and GitLab read only the first <failure> of a
// test case, so one per finding would hide all but one. Suppressed findings
// go to the test case's system-out. An architecture that did not load gets
// an errored "valid-input" test case and its rules are skipped.
func WriteJUnit(w io.Writer, r *lint.Report, _ FormatOptions) error {
	rules, _ := ruleList(r)
	dirOf := func(file string) string { return path.Dir(strings.ReplaceAll(file, "\\", "/")) }
	findings := map[string][]lint.Finding{} // by dir + "\x00" + rule
	for _, f := range r.Findings {
		k := dirOf(f.Range.Filename) + "\x00" + f.Rule
		findings[k] = append(findings[k], f)
	}
	suppressed := map[string][]lint.Finding{}
	for _, f := range r.Suppressed {
		k := dirOf(f.Range.Filename) + "\x00" + f.Rule
		suppressed[k] = append(suppressed[k], f)
	}
	errs := map[string][]string{}
	var general []string // diagnostics that point nowhere
	for _, d := range lint.SortDiagnostics(r.Errors) {
		line := diagSeverity(d) + ": " + diagMessage(d)
		if d.Subject == nil {
			general = append(general, line)
			continue
		}
		line += fmt.Sprintf("\n  at %s:%d:%d", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
		errs[dirOf(d.Subject.Filename)] = append(errs[dirOf(d.Subject.Filename)], line)
	}

	out := junitSuites{Name: "archie", Time: "0"}
	if len(general) > 0 {
		s := junitSuite{Name: "archie", Time: "0"}
		s.Cases = append(s.Cases, junitErrorCase("archie", general))
		out.Suites = append(out.Suites, s)
	}
	for _, dir := range architectureDirs(r) {
		s := junitSuite{Name: safetext.Text(dir), Time: "0"}
		invalid := len(errs[dir]) > 0
		if invalid {
			s.Cases = append(s.Cases, junitErrorCase(dir, errs[dir]))
		}
		for _, m := range rules {
			k := dir + "\x00" + m.ID
			c := junitCase{Name: safetext.Text(m.ID), Classname: safetext.Text(dir), Time: "0"}
			fs := findings[k]
			switch {
			case len(fs) > 0:
				c.Failure = junitFailure(fs)
			case invalid:
				c.Skipped = &junitSkipped{Message: "not checked: the architecture has errors"}
			}
			if sup := suppressed[k]; len(sup) > 0 {
				var b strings.Builder
				for _, f := range sup {
					how := f.SuppressedBy
					if f.Justification != "" && f.Justification != how {
						how += ": " + f.Justification
					}
					fmt.Fprintf(&b, "suppressed (%s) %s: %s\n  at %s\n", how, f.Severity, f.Message, junitWhere(f))
				}
				c.SystemOut = &junitText{Body: xmlText(b.String())}
			}
			s.Cases = append(s.Cases, c)
		}
		out.Suites = append(out.Suites, s)
	}
	for i := range out.Suites {
		s := &out.Suites[i]
		s.Tests = len(s.Cases)
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				s.Failures++
			case c.Error != nil:
				s.Errors++
			case c.Skipped != nil:
				s.Skipped++
			}
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
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

func junitErrorCase(classname string, lines []string) junitCase {
	msg := lines[0]
	if first, _, ok := strings.Cut(msg, "\n  at "); ok {
		msg = first
	}
	msg = strings.TrimPrefix(msg, "error: ")
	if len(lines) > 1 {
		msg = fmt.Sprintf("%d problems; the first: %s", len(lines), msg)
	}
	return junitCase{
		Name: junitLoadCase, Classname: safetext.Text(classname), Time: "0",
		Error: &junitProblem{Message: safetext.Text(msg), Type: "invalid-input", Body: xmlText(strings.Join(lines, "\n\n") + "\n")},
	}
}

func junitFailure(fs []lint.Finding) *junitProblem {
	p := &junitProblem{Message: safetext.Text(fs[0].Message)}
	top := fs[0].Severity
	var b strings.Builder
	for i, f := range fs {
		if f.Severity > top {
			top = f.Severity
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s: %s\n  at %s\n", f.Severity, f.Message, junitWhere(f))
	}
	if len(fs) > 1 {
		p.Message = fmt.Sprintf("%d findings; the first: %s", len(fs), safetext.Text(fs[0].Message))
	}
	p.Type = top.String()
	p.Body = xmlText(b.String())
	return p
}

func junitWhere(f lint.Finding) string {
	s := fmt.Sprintf("%s:%d:%d", f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column)
	if f.Component != "" {
		s += " (" + f.Component + ")"
	}
	return s
}

// xmlText escapes s as XML character data, after safetext.Text. Unlike encoding/xml's own
// escaping it keeps line feeds as they are, so a report body reads as text
// in the file too; carriage returns stay escaped, as a parser would turn a
// literal one into a line feed.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(safetext.Text(s)))
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}
