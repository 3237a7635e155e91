package format

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
)

// The JUnit shape as a reader parses it back.
type junitRead struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Time      string `xml:"time,attr"`
			Failure   []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"error"`
			Skipped   *struct{} `xml:"skipped"`
			SystemOut string    `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, data []byte) junitRead {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(xml.Header)) {
		t.Errorf("no XML declaration")
	}
	var out junitRead
	if err := xml.Unmarshal(data, &out); err != nil {
		t.Fatalf("JUnit does not parse: %v", err)
	}
	return out
}

func TestJUnitRoundTrip(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			ju := readJUnit(t, writeAll(t, "junit", f))
			rules, _ := ruleList(f.report)
			tests, failures, errors, skipped, failed := 0, 0, 0, 0, 0
			for _, s := range ju.Suites {
				var sf, se, ss int
				for _, c := range s.Cases {
					if c.Classname != s.Name {
						t.Errorf("testcase %s: classname %q in suite %q", c.Name, c.Classname, s.Name)
					}
					if c.Time == "" {
						t.Errorf("testcase %s has no time", c.Name)
					}
					if len(c.Failure) > 1 {
						t.Errorf("testcase %s has %d <failure> elements; readers take only the first", c.Name, len(c.Failure))
					}
					switch {
					case len(c.Failure) > 0:
						sf++
						failed += strings.Count(c.Failure[0].Body, "\n  at ")
						if ty := c.Failure[0].Type; ty != "error" && ty != "warning" && ty != "info" {
							t.Errorf("failure type %q", ty)
						}
					case c.Error != nil:
						se++
					case c.Skipped != nil:
						ss++
					}
				}
				if s.Tests != len(s.Cases) || s.Failures != sf || s.Errors != se || s.Skipped != ss {
					t.Errorf("suite %s counts tests=%d failures=%d errors=%d skipped=%d, cases say %d %d %d %d",
						s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), sf, se, ss)
				}
				tests += s.Tests
				failures += sf
				errors += se
				skipped += ss
			}
			if ju.Tests != tests || ju.Failures != failures || ju.Errors != errors || ju.Skipped != skipped {
				t.Errorf("testsuites counts %d/%d/%d/%d, suites add up to %d/%d/%d/%d",
					ju.Tests, ju.Failures, ju.Errors, ju.Skipped, tests, failures, errors, skipped)
			}
			if failed != len(f.report.Findings) {
				t.Errorf("failure bodies list %d findings, want %d", failed, len(f.report.Findings))
			}
			// One suite per architecture, one case per rule in each.
			for _, dir := range architectureDirs(f.report) {
				found := false
				for _, s := range ju.Suites {
					if s.Name != dir {
						continue
					}
					found = true
					n := 0
					for _, c := range s.Cases {
						if c.Name != junitLoadCase {
							n++
						}
					}
					if n != len(rules) {
						t.Errorf("suite %s: %d rule cases, want %d", dir, n, len(rules))
					}
				}
				if !found {
					t.Errorf("no testsuite for architecture %s", dir)
				}
			}
			if f.report.Invalid() && ju.Errors == 0 {
				t.Error("invalid input but no errored test case")
			}
		})
	}
}

func TestJUnitSeverityAndSuppressed(t *testing.T) {
	ju := readJUnit(t, writeAll(t, "junit", fixtures(t)[0]))
	cases := map[string]string{}
	for _, s := range ju.Suites {
		for _, c := range s.Cases {
			k := s.Name + " " + c.Name
			if len(c.Failure) > 0 {
				cases[k] = c.Failure[0].Type
			}
			if c.SystemOut != "" {
				cases[k+" out"] = c.SystemOut
			}
		}
	}
	if cases["infra/orders fixture-dlq"] != "error" || cases["infra/billing fixture-description"] != "info" {
		t.Errorf("failure types: %v", cases)
	}
	if out := cases["infra/orders fixture-dlq out"]; !strings.Contains(out, "suppressed (comment: the audit trail is best effort)") || !strings.Contains(out, "queue.audit") {
		t.Errorf("suppressed finding not in system-out: %q", out)
	}
	if _, ok := cases["infra/clean fixture-dlq"]; ok {
		t.Error("a clean architecture has a failure")
	}
}

func TestJUnitFailureTypeIsHighestSeverity(t *testing.T) {
	r := &lint.Report{Findings: []lint.Finding{
		{Rule: "r", Severity: lint.Warning, Message: "first"},
		{Rule: "r", Severity: lint.Error, Message: "second"},
	}}
	r.Findings[0].Range.Filename, r.Findings[1].Range.Filename = "a/x.arch.hcl", "a/x.arch.hcl"
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r, FormatOptions{}); err != nil {
		t.Fatal(err)
	}
	ju := readJUnit(t, buf.Bytes())
	fl := ju.Suites[0].Cases[0].Failure[0]
	if fl.Type != "error" || fl.Message != "2 findings; the first: first" {
		t.Errorf("failure %+v", fl)
	}
}
