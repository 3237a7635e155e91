package lint

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Options are the settings of a lint run besides the architectures: what
// the command line says.
type Options struct {
	// Rules is the catalog.
	Rules []Rule
	// Config, when set, is the configuration file of every architecture
	// (--config). Otherwise each architecture uses the nearest .archie.hcl
	// at or above its directory, up to the repository root (FindConfig).
	Config *ConfigSource
	// Flags take precedence over the configuration file.
	Flags Flags
	// Baseline, when set, hides the findings it records (--baseline).
	Baseline *Baseline
	// Settings are the run-wide settings of the rules (Config.Settings).
	Settings Settings
}

// ConfigSource is a configuration file in a file system, and the name
// messages show for it.
type ConfigSource struct {
	FS      fs.FS
	Path    string
	Display string
}

// configGroup is the architectures that share one configuration file.
type configGroup struct {
	cfg     Config
	diags   hcl.Diagnostics
	targets []Target
}

// LintProject lints targets the way `archie lint` does: each architecture
// with its configuration file and the flags laid over it, then the
// suppression comments in its files, then the baseline across all of them.
// A configuration error fills Report.Errors; an unknown rule in the flags
// is a *FlagError.
func LintProject(ctx context.Context, targets []Target, opts Options) (*Report, error) {
	var groups []*configGroup
	byFile := map[string]*configGroup{}
	for _, t := range targets {
		src := configSourceFor(t, opts.Config)
		key := ""
		if src != nil {
			key = src.Path
		}
		g, ok := byFile[key]
		if !ok {
			g = &configGroup{cfg: Config{Rules: map[string]RuleConfig{}}}
			if src != nil {
				g.cfg, g.diags = LoadConfig(src.FS, src.Path, src.Display, opts.Rules)
			}
			byFile[key] = g
			groups = append(groups, g)
		}
		g.targets = append(g.targets, t)
	}
	var known []string
	invalidConfig := false
	for _, g := range groups {
		known = append(known, g.cfg.RuleIDs(opts.Rules)...)
		invalidConfig = invalidConfig || g.diags.HasErrors()
	}
	slices.Sort(known)
	// A broken file may declare the custom rule a flag names: its errors
	// say more than an unknown rule would.
	if err := opts.Flags.CheckFlags(slices.Compact(known)); err != nil && !invalidConfig {
		return nil, err
	}

	report := &Report{failOn: map[string]Severity{}, failDefault: Error}
	if opts.Flags.FailOn != nil {
		report.failDefault = *opts.Flags.FailOn
	}
	ran := map[string]bool{}
	var customs, engine []Meta
	var unchecked hcl.Diagnostics
	for _, g := range groups {
		if g.cfg.file != nil {
			report.Add(map[string]*hcl.File{g.cfg.File: g.cfg.file})
		}
		if g.diags.HasErrors() {
			report.Errors = append(report.Errors, g.diags...)
			continue
		}
		cfg := g.cfg.WithFlags(opts.Flags).WithPresets(opts.Rules)
		cfg.Settings = opts.Settings
		sub, err := lintTargets(ctx, g.targets, opts.Rules, cfg)
		var diags hcl.Diagnostics
		if errors.As(err, &diags) {
			// A custom rule failed to evaluate: a mistake in the file.
			report.Errors = append(report.Errors, diags...)
			continue
		}
		if err != nil {
			return nil, err
		}
		report.Errors = append(report.Errors, sub.Errors...)
		report.Add(sub.Files)
		report.Architectures += sub.Architectures
		report.Components += sub.Components
		report.Workloads = append(report.Workloads, sub.Workloads...)
		unchecked = append(unchecked, sub.unchecked...)
		for _, m := range sub.Rules {
			ran[m.ID] = true
		}
		for _, r := range cfg.Custom {
			if m := r.Meta(); cfg.Enabled(m.ID) && !ran[m.ID] {
				ran[m.ID] = true
				customs = append(customs, m)
			}
		}
		for _, m := range EngineRules() {
			if cfg.Enabled(m.ID) && !ran[m.ID] {
				ran[m.ID] = true
				engine = append(engine, m)
			}
		}
		kept, suppressed, own := applySuppressions(sub.Files, sub.Findings, cfg, cfg.RuleIDs(opts.Rules))
		report.Findings = append(report.Findings, kept...)
		report.Findings = append(report.Findings, own...)
		report.Suppressed = append(report.Suppressed, suppressed...)
		for name := range sub.Files {
			report.failOn[name] = cfg.FailThreshold()
		}
		for _, f := range sub.Findings {
			// Importers may point findings at files the model does not list.
			report.failOn[f.Range.Filename] = cfg.FailThreshold()
		}
	}
	for _, r := range opts.Rules {
		if m := r.Meta(); ran[m.ID] {
			report.Rules = append(report.Rules, m)
		}
	}
	slices.SortStableFunc(engine, func(a, b Meta) int { return strings.Compare(a.ID, b.ID) })
	report.Rules = append(report.Rules, customs...)
	report.Rules = append(report.Rules, engine...)
	SortFindings(report.Findings)
	report.Findings = dedupe(report.Findings)
	SortFindings(report.Suppressed)
	slices.Sort(report.Workloads)
	report.Workloads = slices.Compact(report.Workloads)
	if !report.Invalid() {
		// What the rules could not check, once the input is known to be
		// valid: the report is then invalid too, its findings kept.
		report.Errors = append(report.Errors, SortDiagnostics(unchecked)...)
	}
	if opts.Baseline != nil && !report.Invalid() {
		opts.Baseline.apply(report, targetDirs(targets))
	}
	return report, nil
}

// configSourceFor is the configuration file of a target: the one given, or
// the nearest .archie.hcl; nil when there is none.
func configSourceFor(t Target, given *ConfigSource) *ConfigSource {
	if given != nil {
		return given
	}
	if t.FS == nil {
		return nil
	}
	dir, display := t.Path, t.Display
	if info, err := fs.Stat(t.FS, t.Path); err == nil && !info.IsDir() {
		dir, display = path.Dir(t.Path), path.Dir(t.Display)
	}
	p, up, ok := FindConfig(t.FS, dir)
	if !ok {
		return nil
	}
	for range up {
		display = path.Join(display, "..")
	}
	return &ConfigSource{FS: t.FS, Path: p, Display: path.Join(display, ConfigName)}
}

// targetDirs are the directories linted as a whole.
func targetDirs(targets []Target) []string {
	var out []string
	for _, t := range targets {
		if t.FS == nil {
			continue
		}
		if info, err := fs.Stat(t.FS, t.Path); err == nil && info.IsDir() {
			out = append(out, t.Display)
		}
	}
	return out
}

// BaselineOf records the findings of a report for --write-baseline: the
// findings shown and those an earlier baseline hid, with file names
// relative to dir, the baseline file's directory. workDir is as in
// Baseline.
func BaselineOf(r *Report, dir, workDir string) *Baseline {
	all := slices.Clone(r.Findings)
	for _, f := range r.Suppressed {
		if f.SuppressedBy == "baseline" {
			all = append(all, f)
		}
	}
	return NewBaseline(all, dir, workDir)
}
