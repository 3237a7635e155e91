package lint

import (
	"context"
	"io/fs"
	"slices"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// Target is one architecture to lint: a directory or file in a file
// system, and the name positions should show for it.
type Target struct {
	FS      fs.FS
	Path    string
	Display string
	// Load, when set, replaces schema.Load: importers use it to lint a
	// model built from CloudFormation, Terraform or serverless.yml.
	Load func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics)
	// Arch, when set, is the architecture already loaded from Path (render
	// and docs load it first, and lint what they show): the load step is
	// skipped. FS, Path and Display still find its configuration file.
	Arch *schema.Architecture
}

// Lint loads every target and runs the rules over each valid one. Invalid
// input, and input the rules could not check, fill Report.Errors; the
// findings of valid architectures are kept but callers should treat the
// run as invalid.
func Lint(ctx context.Context, targets []Target, rules []Rule, cfg Config) (*Report, error) {
	report, err := lintTargets(ctx, targets, rules, cfg.WithPresets(rules))
	if err != nil {
		return nil, err
	}
	report.Errors = append(report.Errors, report.unchecked...)
	report.unchecked = nil
	return report, nil
}

// lintTargets is Lint keeping what the rules could not check in
// Report.unchecked. cfg has its presets applied (Config.WithPresets).
func lintTargets(ctx context.Context, targets []Target, rules []Rule, cfg Config) (*Report, error) {
	report := &Report{}
	for _, r := range rules {
		if m := r.Meta(); cfg.Enabled(m.ID) {
			report.Rules = append(report.Rules, m)
		}
	}
	for _, t := range targets {
		var arch *schema.Architecture
		var diags hcl.Diagnostics
		switch {
		case t.Arch != nil:
			arch = t.Arch
		case t.Load != nil:
			arch, diags = t.Load(ctx)
		default:
			arch, diags = schema.Load(ctx, t.FS, t.Path, t.Display)
		}
		report.Errors = append(report.Errors, diags...)
		if arch == nil {
			continue
		}
		report.Add(arch.Files)
		report.Architectures++
		report.Components += len(arch.Components)
		if diags.HasErrors() {
			continue
		}
		for _, w := range arch.Workloads {
			report.Workloads = append(report.Workloads, w.Name)
		}
		res, err := runRules(ctx, arch, rules, cfg)
		if err != nil {
			return nil, err
		}
		if res.config.HasErrors() {
			return nil, res.config
		}
		report.Findings = append(report.Findings, res.findings...)
		report.unchecked = append(report.unchecked, res.input...)
	}
	SortFindings(report.Findings)
	slices.Sort(report.Workloads)
	report.Workloads = slices.Compact(report.Workloads)
	report.unchecked = SortDiagnostics(report.unchecked)
	return report, nil
}
