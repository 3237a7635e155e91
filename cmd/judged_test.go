package cmd

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// What the judged findings of docs/import/judged-findings.tsv give on this
// revision: judged false positives archie still reports, and judged true
// positives it still reports. A fix that removes false positives lowers
// judgedFPReported; TestJudgedFindings fails if either figure gets worse.
const (
	judgedFPReported = 1
	judgedTPReported = 51
)

// A judged finding: one row of docs/import/judged-findings.tsv.
type judged struct {
	rule, severity, repo, commit, format, path, line, component, verdict, reason string
}

func readJudged(t *testing.T) []judged {
	t.Helper()
	f, err := os.Open("../docs/import/judged-findings.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	var out []judged
	for n := 0; ; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			continue // header
		}
		if len(rec) != 10 || !slices.Contains([]string{"TP", "FP", "?"}, rec[8]) {
			t.Fatalf("judged-findings.tsv row %d: %q", n+1, rec)
		}
		out = append(out, judged{rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7], rec[8], rec[9]})
	}
	return out
}

// TestJudgedFindings re-runs `archie lint --from FORMAT --format json` on
// the directory of each hand-judged finding of
// docs/import/judged-findings.tsv and counts which judged false and true
// positives are still reported (same rule, severity, component and file;
// one reported at another severity now is logged and not counted). It needs the public
// repositories: ARCHIE_CORPUS names a directory holding a checkout of each
// as OWNER+NAME (aws-samples+serverless-patterns, ...) at the commit the
// file gives; without it the test is skipped. Units whose files are not
// in the checkout are skipped and counted.
func TestJudgedFindings(t *testing.T) {
	corpus := os.Getenv("ARCHIE_CORPUS")
	if corpus == "" {
		t.Skip("ARCHIE_CORPUS is not set: the judged findings need the public repositories they come from")
	}
	rows := readJudged(t)
	type unit struct{ format, dir string }
	type finding struct {
		Rule, Severity, Component string
		Range                     struct{ Filename string }
	}
	results := map[unit][]finding{}
	lintUnit := func(u unit) []finding {
		if f, ok := results[u]; ok {
			return f
		}
		out, errOut, code := run(t, "", "lint", "--from", u.format, "--format", "json", "--no-color", u.dir)
		var report struct{ Findings []finding }
		if code > 1 || json.Unmarshal([]byte(out), &report) != nil {
			t.Errorf("lint --from %s %s: exit %d\n%s", u.format, u.dir, code, errOut)
		}
		results[u] = report.Findings
		return report.Findings
	}
	counts := map[string]int{}  // verdict -> judged rows run
	kept := map[string]int{}    // verdict -> still reported
	missing := map[string]int{} // repository -> rows whose file is not there
	for _, j := range rows {
		root := filepath.Join(corpus, strings.ReplaceAll(j.repo, "/", "+"))
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real
		}
		file := filepath.Join(root, filepath.FromSlash(j.path))
		if _, err := os.Stat(file); err != nil {
			missing[j.repo]++
			continue
		}
		counts[j.verdict]++
		found, other := false, ""
		for _, f := range lintUnit(unit{j.format, filepath.Dir(file)}) {
			name := f.Range.Filename
			if !filepath.IsAbs(name) {
				name, _ = filepath.Abs(name)
			}
			if f.Rule == j.rule && f.Component == j.component && name == file {
				if f.Severity == j.severity {
					found = true
					break
				}
				other = f.Severity
			}
		}
		if other != "" && !found {
			t.Logf("%s %s on %s %s is reported as %s now", j.rule, j.severity, j.path, j.component, other)
		}
		if !found {
			if j.verdict == "TP" {
				t.Logf("judged true positive no longer reported: %s %s %s %s:%s %s", j.rule, j.severity, j.repo, j.path, j.line, j.component)
			}
			continue
		}
		kept[j.verdict]++
		if j.verdict == "FP" {
			t.Logf("judged false positive still reported: %s %s %s %s:%s %s (%s)", j.rule, j.severity, j.repo, j.path, j.line, j.component, j.reason)
		}
	}
	for repo, n := range missing {
		t.Logf("%d judged findings of %s skipped: their files are not in %s (check out commit the file gives)", n, repo, corpus)
	}
	t.Logf("judged false positives still reported: %d of %d; judged true positives still reported: %d of %d", kept["FP"], counts["FP"], kept["TP"], counts["TP"])
	if len(missing) == 0 {
		if kept["FP"] > judgedFPReported {
			t.Errorf("%d judged false positives reported, recorded %d", kept["FP"], judgedFPReported)
		}
		if kept["TP"] < judgedTPReported {
			t.Errorf("%d judged true positives reported, recorded %d", kept["TP"], judgedTPReported)
		}
	}
}
