package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/linttest"
)

var kebabID = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`)

// assertMetaExamples checks a rule's documentation data: every field is
// filled, and its Failing HCL fires the rule while its Fixed HCL does not,
// each linted alone as one file.
func assertMetaExamples(t *testing.T, r lint.Rule) {
	t.Helper()
	m := r.Meta()
	if !kebabID.MatchString(m.ID) {
		t.Errorf("ID %q is not kebab-case", m.ID)
	}
	if m.Title == "" || strings.Contains(m.Title, "\n") {
		t.Errorf("%s: Title must be one line, got %q", m.ID, m.Title)
	}
	for field, v := range map[string]string{"Why": m.Why, "Source": m.Source, "Ignore": m.Ignore, "Failing": m.Failing, "Fixed": m.Fixed} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("%s: %s is empty", m.ID, field)
		}
	}
	if len(m.SeeAlso) == 0 {
		t.Errorf("%s: SeeAlso is empty", m.ID)
	}
	for _, id := range m.SeeAlso {
		if id == m.ID || !kebabID.MatchString(id) {
			t.Errorf("%s: bad SeeAlso entry %q", m.ID, id)
		}
	}
	failing := linttest.Findings(t, m.Failing, lint.Config{}, r)
	if len(failing) == 0 {
		t.Errorf("%s: the Failing example does not fire the rule", m.ID)
	}
	for _, f := range failing {
		if f.Rule != m.ID || f.Message == "" {
			t.Errorf("%s: unexpected finding on Failing: %+v", m.ID, f)
		}
	}
	if fixed := linttest.Findings(t, m.Fixed, lint.Config{}, r); len(fixed) != 0 {
		t.Errorf("%s: the Fixed example fires the rule: %+v", m.ID, fixed)
	}
}

// sourceAt is the text a finding's range covers in src (one file or a
// txtar archive).
func sourceAt(t *testing.T, src string, f lint.Finding) string {
	t.Helper()
	for _, file := range linttest.Files(src) {
		if file.Name == f.Range.Filename {
			return string(file.Src[f.Range.Start.Byte:f.Range.End.Byte])
		}
	}
	t.Fatalf("no file %q in the source", f.Range.Filename)
	return ""
}

// onlyFinding runs rule r over src, checks its # want markers, and returns
// the single finding the case must produce.
func onlyFinding(t *testing.T, src string, r lint.Rule) lint.Finding {
	t.Helper()
	fs := linttest.Run(t, src, r)
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %d: %+v", len(fs), fs)
	}
	return fs[0]
}
