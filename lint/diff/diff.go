// Package diff compares two versions of an architecture for change
// review: components and edges added, removed and changed (after
// defaults), lint findings new and fixed (the simulation rules of every
// workload included), each workload's latency, throttling, dead letters,
// backlog and monthly cost old and new, and a diagram of the new version
// with the changes marked. `archie diff` writes it as text, JSON, a
// pull-request comment in Markdown, Mermaid or SVG.
package diff

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	"github.com/hashicorp/hcl/v2"
)

// Version is one side of a comparison.
type Version struct {
	// Target is the architecture: a directory or file in a file system,
	// or an importer's loader (Target.Load) for --from.
	Target lint.Target
	// Name says which version this is in reports: a path, "main", "HEAD~1".
	Name string
}

// Options are the settings of a comparison besides the two versions.
type Options struct {
	// Rules is the lint catalog (rules.All); the simulator's rules among
	// them simulate every workload of each version.
	Rules []lint.Rule
	// Config, when set, configures the rules of both versions (--config);
	// otherwise each version uses its nearest .archie.hcl.
	Config *lint.ConfigSource
	// Workload is the workload whose slowest path the diagram draws; ""
	// takes the new version's first workload, by name.
	Workload string
}

// Side is one version loaded, linted and simulated.
type Side struct {
	Name   string
	Arch   *schema.Architecture // nil when the input is invalid
	Report *lint.Report         // findings, or the errors of invalid input
	Sim    *simulate.Report     // nil without workloads
	Path   *simulate.Path       // the slowest path of Options.Workload; nil without one
}

// Result is a comparison.
type Result struct {
	Old, New *Side

	Components ComponentChanges
	Edges      EdgeChanges
	Findings   FindingChanges
	Workloads  []WorkloadChange // every workload of either version, by name
	Cost       CostChange
	// Workload is the workload whose slowest path the diagram draws; ""
	// when the new version declares none.
	Workload string

	documented map[string]bool // rule IDs with a page in docs/rules
}

// ComponentChanges are the components added, removed and changed.
type ComponentChanges struct {
	Added   []string // addresses, sorted
	Removed []string
	Changed []ComponentChange
}

// ComponentChange is one component whose settings differ.
type ComponentChange struct {
	Address string
	Changes []AttributeChange // sorted by attribute
}

// AttributeChange is one setting, old and new, after defaults; nil where
// the version lacks it.
type AttributeChange struct {
	Attribute string
	Old, New  any
}

// EdgeChanges are the dependencies added and removed.
type EdgeChanges struct {
	Added, Removed []EdgeChange
}

// EdgeChange is one edge: its ends, mode and the construct that declared
// it.
type EdgeChange struct {
	From, To string
	Mode     schema.Mode
	Relation schema.Relation
	edge     *schema.Edge
}

// FindingChanges are the findings the new version adds and fixes.
type FindingChanges struct {
	New       []lint.Finding
	Fixed     []lint.Finding
	Unchanged int
}

// Invalid reports whether either version failed to load or to configure.
func (r *Result) Invalid() bool { return r.Old.Report.Invalid() || r.New.Report.Invalid() }

// Empty reports whether nothing differs: no component, edge, finding,
// workload figure or cost.
func (r *Result) Empty() bool {
	if len(r.Components.Added)+len(r.Components.Removed)+len(r.Components.Changed)+len(r.Edges.Added)+len(r.Edges.Removed)+
		len(r.Findings.New)+len(r.Findings.Fixed) > 0 {
		return false
	}
	for _, w := range r.Workloads {
		if w.Old == nil || w.New == nil || !w.Old.equal(w.New) {
			return false
		}
	}
	return r.Cost.Old == r.Cost.New
}

// Compare loads both versions, lints them with the catalog and, for every
// workload each declares, the simulator's rules; simulates every workload;
// and compares the results. Invalid input is not an error: the Result's
// sides carry the diagnostics (Result.Invalid).
func Compare(ctx context.Context, oldV, newV Version, opt Options) (*Result, error) {
	oldSide, err := load(ctx, oldV, opt)
	if err != nil {
		return nil, err
	}
	newSide, err := load(ctx, newV, opt)
	if err != nil {
		return nil, err
	}
	r := &Result{Old: oldSide, New: newSide, documented: map[string]bool{}}
	for _, rule := range opt.Rules {
		r.documented[rule.Meta().ID] = true
	}
	for _, m := range lint.EngineRules() {
		r.documented[m.ID] = true
	}
	if r.Invalid() {
		return r, nil
	}
	r.Workload = opt.Workload
	if r.Workload == "" && len(newSide.Arch.Workloads) > 0 {
		for _, w := range newSide.Arch.Workloads {
			if w.Entry != nil {
				r.Workload = w.Name
				break
			}
		}
	}
	if r.Workload != "" {
		ws, err := simulate.Workloads(newSide.Arch, r.Workload)
		if err != nil {
			return nil, &WorkloadError{err}
		}
		if ws[0].Entry != nil {
			if newSide.Path, err = simulate.CriticalPath(ctx, newSide.Arch, r.Workload); err != nil {
				return nil, err
			}
		}
	}
	r.Components = compareComponents(oldSide.Arch, newSide.Arch)
	r.Edges = compareEdges(oldSide.Arch, newSide.Arch)
	r.Findings = compareFindings(oldSide.Report.Findings, newSide.Report.Findings)
	r.Workloads, r.Cost = compareWorkloads(oldSide.Sim, newSide.Sim)
	return r, nil
}

// WorkloadError is a --workload the new version does not declare.
type WorkloadError struct{ Err error }

func (e *WorkloadError) Error() string { return "--workload: " + e.Err.Error() }
func (e *WorkloadError) Unwrap() error { return e.Err }

// load loads, lints and simulates one version.
func load(ctx context.Context, v Version, opt Options) (*Side, error) {
	s := &Side{Name: v.Name}
	t := v.Target
	// The architecture is loaded once and shared by the lint run and the
	// simulation below.
	var arch *schema.Architecture
	var diags hcl.Diagnostics
	loaded := false
	inner := t.Load
	t.Load = func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
		if !loaded {
			loaded = true
			if inner != nil {
				arch, diags = inner(ctx)
			} else {
				arch, diags = schema.Load(ctx, t.FS, t.Path, t.Display)
			}
		}
		return arch, diags
	}
	targets := []lint.Target{t}
	// The simulator's rules run as in 'archie lint': every workload the
	// version declares, analytic mode.
	settings := simulate.LintSettings{Options: simulate.Options{Seed: 1}}.Set(nil)
	rep, err := lint.LintProject(ctx, targets, lint.Options{Rules: opt.Rules, Config: opt.Config, Settings: settings})
	if err != nil {
		return nil, err
	}
	s.Report = rep
	if rep.Invalid() || arch == nil {
		if !rep.Invalid() {
			rep.Errors = append(rep.Errors, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No architecture", Detail: v.Name + ": nothing to compare"})
		}
		return s, nil
	}
	s.Arch = arch
	sim, err := simulate.Simulate(ctx, arch, simulate.Options{Seed: 1})
	var none *simulate.NoWorkloadError
	switch {
	case errors.As(err, &none):
	case err != nil:
		return nil, fmt.Errorf("%s: %w", v.Name, err)
	default:
		s.Sim = sim
	}
	return s, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
