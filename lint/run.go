package lint

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// Finding is one problem a rule found.
type Finding struct {
	Rule      string
	Severity  Severity
	Message   string
	Component string    // address, e.g. "queue.orders"; "" when not about one component
	Range     hcl.Range // where to point

	// Justification is why a suppressed finding was silenced: the reason of
	// its archie-ignore comment, or "baseline".
	Justification string
	// SuppressedBy says what silenced it: "comment" or "baseline".
	SuppressedBy string

	// Context is what the finding concerns besides its component.
	Context Context
}

// Context is what a finding concerns besides its component, for readers
// that group findings (the docs site's pages of patterns and workloads)
// without parsing messages. Empty fields do not apply.
type Context struct {
	// Pattern is the name of the declared pattern the finding judges.
	Pattern string
	// Workload is the name of the workload whose simulation found it.
	Workload string
	// Path are the addresses of the components of the path, chain or
	// cycle the finding is about, in order.
	Path []string
}

// IsZero reports whether the context says nothing.
func (c Context) IsZero() bool { return c.Pattern == "" && c.Workload == "" && len(c.Path) == 0 }

// RuleConfig adjusts one rule.
type RuleConfig struct {
	Enabled  *bool
	Severity *Severity
	Options  map[string]int
}

// Config selects and tunes the rules of a run. LoadConfig reads it from an
// .archie.hcl file; Config.WithFlags lays the command line over it.
type Config struct {
	Rules map[string]RuleConfig
	// Only, when not empty, runs just these rules.
	Only []string
	// Presets are the rule sets that run (presets = [...] in the config
	// block, or --preset); empty means the default set. WithPresets turns
	// the rules they leave out off.
	Presets []string
	// FailOn is the lowest severity that fails the run; nil means Error.
	FailOn *Severity
	// Custom are the custom rules declared in the file; Run runs them
	// after the catalog.
	Custom []Rule
	// File names the configuration file in messages; "" when none applied.
	File string
	// Settings are the run-wide settings rules read through Pass.Setting.
	Settings Settings

	file *hcl.File // the parsed file, for source snippets in diagnostics
}

// Files is the parsed configuration file by the name messages show for
// it, for the source snippets of its diagnostics; empty when none was
// parsed.
func (c Config) Files() map[string]*hcl.File {
	if c.file == nil {
		return nil
	}
	return map[string]*hcl.File{c.File: c.file}
}

// Enabled reports whether the rule with this ID runs under c.
func (c Config) Enabled(id string) bool {
	if len(c.Only) > 0 {
		return slices.Contains(c.Only, id)
	}
	if rc, ok := c.Rules[id]; ok && rc.Enabled != nil {
		return *rc.Enabled
	}
	return true
}

// Run checks an architecture with the given rules, and the custom rules of
// cfg, and returns the findings sorted by file, position and rule. A
// custom rule whose expression fails on a component makes it an error; so
// does input a rule could not check (hcl.Diagnostics from its Check),
// returned with the findings.
// Like Lint and LintProject, it runs the rules of cfg's presets only
// (Config.WithPresets): the default set when cfg names none.
func Run(ctx context.Context, arch *schema.Architecture, rules []Rule, cfg Config) ([]Finding, error) {
	res, err := runRules(ctx, arch, rules, cfg.WithPresets(rules))
	if err != nil {
		return nil, err
	}
	if res.config.HasErrors() {
		return nil, res.config
	}
	if len(res.input) > 0 {
		return res.findings, res.input
	}
	return res.findings, nil
}

// runResult is what the rules found on one architecture.
type runResult struct {
	findings []Finding
	config   hcl.Diagnostics // mistakes in the configuration found while checking (custom rules)
	input    hcl.Diagnostics // input the rules could not check: the errors their Check returned
}

// runRules runs the rules over one architecture, cfg's presets already
// applied (Config.WithPresets). A rule's error that is not
// hcl.Diagnostics stops the run, named with the rule's ID.
func runRules(ctx context.Context, arch *schema.Architecture, rules []Rule, cfg Config) (runResult, error) {
	var res runResult
	seen := map[*hcl.Diagnostic]bool{}
	shared := map[any]sharedValue{}
	for _, r := range slices.Concat(rules, cfg.Custom) {
		if err := ctx.Err(); err != nil {
			return runResult{}, err
		}
		meta := r.Meta()
		if !cfg.Enabled(meta.ID) {
			continue
		}
		rc := cfg.Rules[meta.ID]
		p := &Pass{Arch: arch, ctx: ctx, meta: meta, options: rc.Options, settings: cfg.Settings, shared: shared}
		p.report = func(f Finding) {
			if rc.Severity != nil {
				f.Severity = *rc.Severity
			}
			res.findings = append(res.findings, f)
		}
		p.diagnose = func(d hcl.Diagnostics) { res.config = append(res.config, d...) }
		err, internal := safeCheck(r, p)
		if internal != nil {
			return runResult{}, internal
		}
		var diags hcl.Diagnostics
		switch {
		case err == nil:
		case errors.As(err, &diags):
			// Rules that share an analysis return its diagnostics each.
			for _, d := range diags {
				if !seen[d] {
					seen[d] = true
					res.input = append(res.input, d)
				}
			}
		case ctx.Err() != nil:
			return runResult{}, ctx.Err()
		default:
			return runResult{}, fmt.Errorf("rule %s: %w", meta.ID, err)
		}
	}
	SortFindings(res.findings)
	res.findings = dedupe(res.findings)
	return res, nil
}

// safeCheck runs a rule's Check and returns its error. A panicking rule
// becomes an internal error naming the rule, so a bug in one rule is
// reported rather than crashing the process.
func safeCheck(r Rule, p *Pass) (err, internal error) {
	defer func() {
		if v := recover(); v != nil {
			internal = fmt.Errorf("internal error in rule %s: %v (please report this bug)", r.Meta().ID, v)
		}
	}()
	return r.Check(p), nil
}

// SortFindings orders findings by file, line, column, rule and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return compareFindings(fs[i], fs[j]) < 0 })
}

func compareFindings(a, b Finding) int {
	if c := strings.Compare(a.Range.Filename, b.Range.Filename); c != 0 {
		return c
	}
	if a.Range.Start.Line != b.Range.Start.Line {
		return a.Range.Start.Line - b.Range.Start.Line
	}
	if a.Range.Start.Column != b.Range.Start.Column {
		return a.Range.Start.Column - b.Range.Start.Column
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := strings.Compare(a.Component, b.Component); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

func dedupe(fs []Finding) []Finding {
	out := fs[:0]
	for i, f := range fs {
		if i > 0 && compareFindings(f, fs[i-1]) == 0 && f.Severity == fs[i-1].Severity {
			continue
		}
		out = append(out, f)
	}
	return out
}

// Counts tallies findings by severity.
type Counts struct{ Errors, Warnings, Infos int }

// Count tallies findings by severity.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case Error:
			c.Errors++
		case Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

// AtLeast reports whether any finding is at or above sev.
func AtLeast(fs []Finding, sev Severity) bool {
	for _, f := range fs {
		if f.Severity >= sev {
			return true
		}
	}
	return false
}
