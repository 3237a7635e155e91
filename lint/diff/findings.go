package diff

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/lazyregexp"
)

// findingKey matches a finding across versions: its rule, its component
// and its fingerprint, never its file or line, so findings survive
// reformatting and moves between files.
type findingKey struct{ rule, component, fingerprint string }

var numbers = lazyregexp.New(`[0-9]+(\.[0-9]+)?`)

// Fingerprint is what a finding says with its figures left out: the same
// problem with a different count, share or duration is the same finding.
func Fingerprint(f lint.Finding) string {
	return numbers.ReplaceAllString(f.Message, "0")
}

// compareFindings pairs the findings of the two versions by key, as many
// times as each key occurs: the new version's unpaired findings are new,
// the old version's unpaired ones fixed.
func compareFindings(oldF, newF []lint.Finding) FindingChanges {
	left := map[findingKey]int{}
	for _, f := range oldF {
		left[keyOf(f)]++
	}
	var out FindingChanges
	for _, f := range newF {
		k := keyOf(f)
		if left[k] > 0 {
			left[k]--
			out.Unchanged++
			continue
		}
		out.New = append(out.New, f)
	}
	for _, f := range oldF {
		k := keyOf(f)
		if left[k] > 0 {
			left[k]--
			out.Fixed = append(out.Fixed, f)
		}
	}
	return out
}

func keyOf(f lint.Finding) findingKey {
	return findingKey{f.Rule, f.Component, Fingerprint(f)}
}
