package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFormatsOnExamples lints every bundled example (the broken ones
// included, so every rule's metadata and real findings are in the
// reports) in every format at once, from the examples directory so that
// the paths the reports show differ from those relative to the
// repository root, and checks each report the way its readers would.
func TestFormatsOnExamples(t *testing.T) {
	bin := archie(t)
	root := repoRoot(t)
	examples := filepath.Join(root, "examples")
	if _, err := os.Stat(filepath.Join(examples, "broken")); err != nil {
		t.Skip("no examples/broken in this checkout")
	}
	out := t.TempDir()
	file := func(name string) string { return filepath.Join(out, name) }
	text, code := run(t, examples, nil, bin, "lint", "--recursive",
		"--format", "sarif="+file("archie.sarif"),
		"--format", "junit="+file("junit.xml"),
		"--format", "checkstyle="+file("checkstyle.xml"),
		"--format", "github="+file("github.txt"),
		"--format", "markdown="+file("report.md"),
		"--format", "json="+file("report.json"),
		".")
	if code != 1 {
		t.Fatalf("archie lint examples: exit %d, want 1 (the broken examples have errors)\n%s", code, text)
	}

	var report struct {
		Findings []struct {
			Rule, Severity, Message string
			Range                   struct{ Filename string }
		}
	}
	readJSON(t, file("report.json"), &report)
	if len(report.Findings) == 0 {
		t.Fatal("no findings in the JSON report")
	}

	// SARIF: locations relative to the repository root, files that exist.
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	readJSON(t, file("archie.sarif"), &sarif)
	if got := len(sarif.Runs[0].Results); got != len(report.Findings) {
		t.Errorf("SARIF has %d results, JSON %d findings", got, len(report.Findings))
	}
	for _, res := range sarif.Runs[0].Results {
		al := res.Locations[0].PhysicalLocation.ArtifactLocation
		if al.URIBaseID != "%SRCROOT%" || !strings.HasPrefix(al.URI, "examples/") {
			t.Errorf("%s: location %+v is not relative to the repository root", res.RuleID, al)
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(al.URI))); err != nil {
			t.Errorf("%s: %v", res.RuleID, err)
		}
	}
	// JUnit and Checkstyle: well-formed XML with one failure entry per finding.
	var junit struct {
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Cases []struct {
				Failure *struct {
					Body string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	readXML(t, file("junit.xml"), &junit)
	listed := 0
	for _, s := range junit.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				listed += strings.Count(c.Failure.Body, "\n  at ")
			}
		}
	}
	if listed != len(report.Findings) {
		t.Errorf("JUnit failures list %d findings, want %d", listed, len(report.Findings))
	}
	var cs struct {
		Files []struct {
			Errors []struct{} `xml:"error"`
		} `xml:"file"`
	}
	readXML(t, file("checkstyle.xml"), &cs)
	n := 0
	for _, f := range cs.Files {
		n += len(f.Errors)
	}
	if n != len(report.Findings) {
		t.Errorf("checkstyle has %d entries, want %d", n, len(report.Findings))
	}

	// GitHub: one annotation per finding, paths from the repository root.
	gh, _ := os.ReadFile(file("github.txt"))
	annotations := 0
	for _, line := range strings.Split(string(gh), "\n") {
		if strings.HasPrefix(line, "::") {
			annotations++
			if !strings.Contains(line, " file=examples/") {
				t.Errorf("annotation not relative to the repository root: %s", line)
			}
		}
	}
	if annotations != len(report.Findings) {
		t.Errorf("%d annotations, want %d", annotations, len(report.Findings))
	}

	md, _ := os.ReadFile(file("report.md"))
	if !strings.HasPrefix(string(md), "## archie lint\n") || !strings.Contains(string(md), fmt.Sprintf("**%d problems**", len(report.Findings))) {
		t.Errorf("markdown report:\n%s", md)
	}

	// Microsoft's validator, on a report with every real rule.
	tool := requireTool(t, "sarif-multitool", "SARIF_MULTITOOL", "npm install @microsoft/sarif-multitool")
	validation := file("validation.sarif")
	cmd := exec.Command(tool, "validate", file("archie.sarif"), "--level", "Error", "Warning", "Note", "--output", validation, "--log", "ForceOverwrite")
	console, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("validator: %v\n%s", err, console)
	}
	var vlog struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					ID        string   `json:"id"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	readJSON(t, validation, &vlog)
	total := 0
	for _, r := range vlog.Runs[0].Results {
		total++
		if r.Level == "" || r.Level == "warning" || r.Level == "error" {
			t.Errorf("validator: %s %s %s %v", r.Level, r.RuleID, r.Message.ID, r.Message.Arguments)
		}
	}
	if total == 0 {
		t.Errorf("the validator reported nothing at all: it did not analyse the log\n%s", console)
	}
	if t.Failed() {
		t.Logf("validator output:\n%s", console)
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", filepath.Base(name), err)
	}
}

func readXML(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", filepath.Base(name), err)
	}
}
