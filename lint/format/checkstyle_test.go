package format

import (
	"encoding/xml"
	"sort"
	"strings"
	"testing"
)

type checkstyleRead struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func readCheckstyle(t *testing.T, data []byte) checkstyleRead {
	t.Helper()
	var out checkstyleRead
	if err := xml.Unmarshal(data, &out); err != nil {
		t.Fatalf("checkstyle does not parse: %v", err)
	}
	if out.Version != "4.3" {
		t.Errorf("version %q", out.Version)
	}
	return out
}

func TestCheckstyleRoundTrip(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			cs := readCheckstyle(t, writeAll(t, "checkstyle", f))
			var names []string
			findings, invalid := 0, 0
			for _, file := range cs.Files {
				names = append(names, file.Name)
				for _, e := range file.Errors {
					switch e.Severity {
					case "error", "warning", "info":
					default:
						t.Errorf("severity %q", e.Severity)
					}
					if e.Source == checkstyleInvalid {
						invalid++
						continue
					}
					findings++
					if !strings.HasPrefix(e.Source, "archie.") || e.Line < 1 {
						t.Errorf("%s: entry %+v", file.Name, e)
					}
				}
			}
			if !sort.StringsAreSorted(names) {
				t.Errorf("files not sorted: %v", names)
			}
			if findings != len(f.report.Findings) || invalid != len(f.report.Errors) {
				t.Errorf("%d finding entries and %d invalid-input entries, want %d and %d", findings, invalid, len(f.report.Findings), len(f.report.Errors))
			}
			for name := range f.report.Files {
				if !sort.StringsAreSorted(names) || !contains(names, name) {
					t.Errorf("checked file %s is not listed", name)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
