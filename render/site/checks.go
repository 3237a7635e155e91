package site

import (
	"fmt"
	"slices"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

// Check is the outcome of one rule for one pattern.
type Check struct {
	Rule       lint.Meta
	Ran        bool           // false when the configuration disabled the rule
	Findings   []lint.Finding // reported, as in the lint report
	Suppressed []lint.Finding // silenced by a comment or the baseline
}

// Passed reports whether the check ran and found nothing to report.
func (c Check) Passed() bool { return c.Ran && len(c.Findings) == 0 }

// patternChecks gives, for each pattern, the outcome of each rule that
// judges its kind (lint.Meta.Patterns: the rules for every kind first,
// then those for the kind): the findings and suppressed findings of the
// lint report whose context names the pattern, so suppressions and the
// configuration apply as they do for `archie lint`.
func patternChecks(in Input) map[*schema.Pattern][]Check {
	out := map[*schema.Pattern][]Check{}
	if len(in.Arch.Patterns) == 0 {
		return out
	}
	ran := map[string]bool{}
	var findings, suppressed []lint.Finding
	if in.Lint != nil {
		findings, suppressed = in.Lint.Findings, in.Lint.Suppressed
		for _, m := range in.Lint.Rules {
			ran[m.ID] = true
		}
	}
	about := func(fs []lint.Finding, rule, pattern string) []lint.Finding {
		var out []lint.Finding
		for _, f := range fs {
			if f.Rule == rule && f.Context.Pattern == pattern {
				out = append(out, f)
			}
		}
		lint.SortFindings(out)
		return out
	}
	for _, p := range in.Arch.Patterns {
		for _, m := range checkRules(in.Rules, p.Kind) {
			c := Check{Rule: m, Ran: ran[m.ID]}
			if c.Ran {
				c.Findings = about(findings, m.ID, p.Name)
				c.Suppressed = about(suppressed, m.ID, p.Name)
			}
			out[p] = append(out[p], c)
		}
	}
	return out
}

// checkRules are the rules that judge a pattern kind: those for every
// kind, then those for the kind, each in catalog order.
func checkRules(rules []lint.Rule, kind string) []lint.Meta {
	var every, own []lint.Meta
	for _, r := range rules {
		m := r.Meta()
		switch {
		case slices.Contains(m.Patterns, "*"):
			every = append(every, m)
		case slices.Contains(m.Patterns, kind):
			own = append(own, m)
		}
	}
	return append(every, own...)
}

// findingKey identifies a finding: the severity is left out, since the
// configuration may change it.
func findingKey(f lint.Finding) string {
	return fmt.Sprintf("%s\x00%s\x00%s:%d:%d\x00%s", f.Rule, f.Component,
		f.Range.Filename, f.Range.Start.Line, f.Range.Start.Column, f.Message)
}

// members lists the components filling a pattern's roles, in the order of
// its kind's roles, each once.
func members(p *schema.Pattern) []*schema.Component {
	var out []*schema.Component
	seen := map[*schema.Component]bool{}
	for _, spec := range schema.PatternRoles[p.Kind] {
		for _, r := range p.Roles[spec.Name] {
			if r.Component != nil && !seen[r.Component] {
				seen[r.Component] = true
				out = append(out, r.Component)
			}
		}
	}
	return out
}
