package lint

import (
	"context"
	"io/fs"

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
}

// Lint loads every target and runs the rules over each valid one. Invalid
// input fills Report.Errors; the findings of valid architectures are kept
// but callers should treat the run as invalid.
func Lint(ctx context.Context, targets []Target, rules []Rule, cfg Config) (*Report, error) {
	report := &Report{}
	cfg = cfg.WithPresets(rules)
	for _, r := range rules {
		if m := r.Meta(); cfg.Enabled(m.ID) {
			report.Rules = append(report.Rules, m)
		}
	}
	for _, t := range targets {
		var arch *schema.Architecture
		var diags hcl.Diagnostics
		if t.Load != nil {
			arch, diags = t.Load(ctx)
		} else {
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
		fs, err := Run(ctx, arch, rules, cfg)
		if err != nil {
			return nil, err
		}
		report.Findings = append(report.Findings, fs...)
	}
	SortFindings(report.Findings)
	return report, nil
}
