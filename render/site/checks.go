package site

import (
	"context"
	"fmt"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

// patternRules are the rules that judge a declared pattern: every kind is
// checked for its wiring (pattern-mismatch), and some kinds for the
// considerations of the catalog (rules.md).
var patternRules = map[string][]string{
	"queue_load_leveling": {"unbounded-concurrency"},
	"aggregator":          {"aggregator-resilience"},
	"fan_out_fan_in":      {"fan-out-failure"},
	"strangler":           {"strangler-shared-store"},
}

// checkRules lists the rule IDs that check a pattern kind.
func checkRules(kind string) []string {
	return append([]string{"pattern-mismatch"}, patternRules[kind]...)
}

// Check is the outcome of one rule for one pattern.
type Check struct {
	Rule       lint.Meta
	Ran        bool           // false when the configuration disabled the rule
	Findings   []lint.Finding // reported, as in the lint report
	Suppressed []lint.Finding // silenced by a comment or the baseline
}

// Passed reports whether the check ran and found nothing to report.
func (c Check) Passed() bool { return c.Ran && len(c.Findings) == 0 }

// patternChecks finds, for each pattern, which findings of its rules it
// causes. A pattern rule also reports things unrelated to any pattern
// (unbounded-concurrency flags any uncapped writer of a relational
// database), and its messages are free text, so the findings a pattern
// causes are found by difference: the rule runs over the architecture with
// only that pattern declared and with none, and what appears only in the
// first run belongs to the pattern. Those findings are then looked up in
// the lint report, so suppressions and the configuration apply as they do
// for `archie lint`.
func patternChecks(ctx context.Context, in Input) (map[*schema.Pattern][]Check, error) {
	out := map[*schema.Pattern][]Check{}
	if len(in.Arch.Patterns) == 0 {
		return out, nil
	}
	rules := map[string]lint.Rule{}
	for _, r := range in.Rules {
		rules[r.Meta().ID] = r
	}
	reported, suppressed := map[string]lint.Finding{}, map[string]lint.Finding{}
	ran := map[string]bool{}
	if in.Lint != nil {
		for _, f := range in.Lint.Findings {
			reported[findingKey(f)] = f
		}
		for _, f := range in.Lint.Suppressed {
			suppressed[findingKey(f)] = f
		}
		for _, m := range in.Lint.Rules {
			ran[m.ID] = true
		}
	}
	without := *in.Arch
	without.Patterns = nil
	baseline := map[string]map[string]bool{} // by rule: finding keys with no pattern declared
	run := func(arch *schema.Architecture, r lint.Rule) (map[string]bool, error) {
		fs, err := lint.Run(ctx, arch, []lint.Rule{r}, lint.Config{})
		if err != nil {
			return nil, fmt.Errorf("checking patterns: %w", err)
		}
		keys := map[string]bool{}
		for _, f := range fs {
			keys[findingKey(f)] = true
		}
		return keys, nil
	}
	for _, p := range in.Arch.Patterns {
		only := *in.Arch
		only.Patterns = []*schema.Pattern{p}
		for _, id := range checkRules(p.Kind) {
			r, ok := rules[id]
			if !ok {
				continue
			}
			c := Check{Rule: r.Meta(), Ran: ran[id]}
			if c.Ran {
				if baseline[id] == nil {
					keys, err := run(&without, r)
					if err != nil {
						return nil, err
					}
					baseline[id] = keys
				}
				keys, err := run(&only, r)
				if err != nil {
					return nil, err
				}
				for _, k := range sortedKeys(keys) {
					if baseline[id][k] {
						continue
					}
					if f, ok := reported[k]; ok {
						c.Findings = append(c.Findings, f)
					} else if f, ok := suppressed[k]; ok {
						c.Suppressed = append(c.Suppressed, f)
					}
				}
				lint.SortFindings(c.Findings)
				lint.SortFindings(c.Suppressed)
			}
			out[p] = append(out[p], c)
		}
	}
	return out, nil
}

// findingKey identifies a finding across runs: the severity is left out,
// since the configuration may change it.
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
