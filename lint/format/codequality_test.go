package format

import (
	"encoding/json"
	"testing"

	"github.com/archiehq/archie/lint"
)

func readCodeQuality(t *testing.T, data []byte) []cqIssue {
	t.Helper()
	var issues []cqIssue
	if err := json.Unmarshal(data, &issues); err != nil {
		t.Fatalf("code quality report does not parse: %v", err)
	}
	return issues
}

func TestCodeQualityIssues(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			issues := readCodeQuality(t, writeAll(t, "codequality", f))
			if len(issues) != len(f.report.Findings)+len(f.report.Errors) {
				t.Fatalf("%d issues, want %d findings + %d errors", len(issues), len(f.report.Findings), len(f.report.Errors))
			}
			fingerprints := map[string]bool{}
			for i, is := range issues {
				if fingerprints[is.Fingerprint] {
					t.Errorf("issue %d: fingerprint %s is not unique", i, is.Fingerprint)
				}
				fingerprints[is.Fingerprint] = true
				if is.Description == "" || is.CheckName == "" || is.Location.Path == "" || is.Location.Lines.Begin < 1 {
					t.Errorf("issue %d lacks a field GitLab needs: %+v", i, is)
				}
				switch is.Severity {
				case "info", "minor", "major", "critical", "blocker":
				default:
					t.Errorf("issue %d: severity %q", i, is.Severity)
				}
			}
			for i, fd := range f.report.Findings {
				want := map[lint.Severity]string{lint.Error: "major", lint.Warning: "minor", lint.Info: "info"}[fd.Severity]
				if p, _ := f.opt.repoPath(fd.Range.Filename); issues[i].Severity != want || issues[i].Location.Path != p || issues[i].CheckName != fd.Rule {
					t.Errorf("finding %d as %+v", i, issues[i])
				}
			}
		})
	}
}
