package schema

import (
	"fmt"
	"sort"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"

	"github.com/archiehq/archie/schema/textfmt"
)

func errAt(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	r := rng
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: &r}
}

func errAtf(rng hcl.Range, summary string, format string, args ...any) *hcl.Diagnostic {
	return errAt(rng, summary, fmt.Sprintf(format, args...))
}

// didYouMean returns the candidate closest to name, or "" when none is
// close enough to be a likely typo.
func didYouMean(name string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		d := levenshtein.Distance(name, c, nil)
		limit := max(2, max(len(c), len(name))/3)
		// Rewriting as many letters as the shorter word has is no typo
		// ("pdf" is not "d2").
		limit = min(limit, min(len(c), len(name))-1)
		if d <= limit && (best == "" || d < bestDist || d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// suggest formats a " Did you mean X?" sentence, or "".
func suggest(name string, candidates []string) string {
	if s := didYouMean(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

func kindList(kinds []Kind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return orList(s)
}

// orList joins words as "a, b or c".
func orList(words []string) string { return textfmt.List(words, "or") }

func specNames(specs []AttrSpec) []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.Name
	}
	return out
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func rangeString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// Suggest returns " (did you mean "X"?)" for the candidate closest to name,
// or "" when none is close.
func Suggest(name string, candidates []string) string {
	if s := didYouMean(name, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// acceptedList names the trigger sources a kind accepts, as "a bucket or
// bus, or \"schedule\"".
func acceptedList(kinds []Kind, named []string) string {
	s := articled(kindList(kinds))
	if len(named) > 0 {
		s += ", or " + quotedOr(named)
	}
	return s
}
