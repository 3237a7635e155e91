// Package lint is the engine that judges an architecture: the Rule
// interface, the runner, findings, and the output formats.
package lint

import (
	"context"
	"fmt"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/hashicorp/hcl/v2"
)

// Severity of a finding.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("unknown severity %q: use error, warning or info", s)
}

// Rule is one check of the catalog. Check reports what it finds through
// the pass and returns an error only when it could not check the
// architecture (go/analysis's Analyzer.Run): the runner reports the error
// with the rule's ID. An error that is hcl.Diagnostics points at the
// input that could not be checked (a workload that could not be
// simulated, say); the run reports those as errors of the input and keeps
// the other findings.
type Rule interface {
	Meta() Meta
	Check(p *Pass) error
}

// Meta describes a rule: its identity, default severity, options and the
// documentation that docs/rules/ is generated from.
type Meta struct {
	ID       string   // stable kebab-case ID
	Severity Severity // default severity
	Title    string   // one line: what the rule checks
	Why      string   // the failure mode, with the fact behind it
	Source   string   // where the fact comes from
	Ignore   string   // when it is safe to ignore
	Failing  string   // HCL that fires the rule
	Fixed    string   // the same HCL, fixed
	SeeAlso  []string // related rule IDs
	// Patterns are the kinds of declared patterns the rule judges ("*" for
	// every kind); its findings about a pattern name it in their Context.
	Patterns []string
	Options  []Option
	// Imported says what the rule does on an architecture imported with
	// --from: with edges the importer inferred (from permissions and
	// environment variables) and with links it could not follow.
	Imported string
	// Preset is the opt-in set the rule belongs to ("hygiene"); "" puts it
	// in the default set, which runs unless configured otherwise.
	Preset string
}

// Option is a rule option set in .archie.hcl: rule "ID" { NAME = value }.
type Option struct {
	Name    string
	Default int
	Min     int
	Doc     string
}

// Pass is what a rule sees while it checks one architecture.
type Pass struct {
	Arch     *schema.Architecture
	ctx      context.Context
	meta     Meta
	options  map[string]int
	settings Settings
	context  Context             // of every finding reported through this pass
	shared   map[any]sharedValue // per architecture and run, shared by its passes
	report   func(Finding)
	diagnose func(hcl.Diagnostics) // configuration errors found while checking (custom rules)
}

// Settings are run-wide values that rules read and that are not rule
// options: what the command line or the caller decided for a group of
// rules (the workloads the simulator's rules simulate, say). They are
// keyed like context values, by an unexported type of the package that
// reads them.
type Settings map[any]any

type sharedValue struct {
	v   any
	err error
}

// Context is the run's context: a rule doing long work stops when it is
// done.
func (p *Pass) Context() context.Context {
	if p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

// Setting returns the run's setting for key (Config.Settings), or nil.
func (p *Pass) Setting(key any) any { return p.settings[key] }

// Shared returns the value compute makes for the architecture being
// checked, computing it once per run: rules that need the same costly
// analysis share it, as go/analysis's analyzers share the result of an
// analyzer they require. key identifies the value, like a context key;
// compute's error is returned to every rule that asks.
func (p *Pass) Shared(key any, compute func() (any, error)) (any, error) {
	if p.shared == nil {
		v, err := compute()
		return v, err
	}
	if s, ok := p.shared[key]; ok {
		return s.v, s.err
	}
	v, err := compute()
	p.shared[key] = sharedValue{v, err}
	return v, err
}

// configError records a mistake in the configuration found while
// checking, such as a custom rule's expression failing on a component.
func (p *Pass) configError(d hcl.Diagnostics) {
	if p.diagnose != nil {
		p.diagnose(d)
	}
}

// Option returns the value of a rule option: the configured one, or its
// default.
func (p *Pass) Option(name string) int {
	if v, ok := p.options[name]; ok {
		return v
	}
	for _, o := range p.meta.Options {
		if o.Name == name {
			return o.Default
		}
	}
	return 0
}

// With returns a pass whose findings carry ctx: what they concern besides
// their component (the pattern, the workload, the path).
func (p *Pass) With(ctx Context) *Pass {
	q := *p
	q.context = ctx
	return &q
}

// Report records a finding at the rule's default severity.
func (p *Pass) Report(c *schema.Component, rng hcl.Range, format string, args ...any) {
	p.ReportAt(p.meta.Severity, c, rng, format, args...)
}

// ReportAt records a finding at a given severity, for rules whose check
// has an error and a warning case. A severity configured for the rule
// replaces both.
func (p *Pass) ReportAt(sev Severity, c *schema.Component, rng hcl.Range, format string, args ...any) {
	f := Finding{Rule: p.meta.ID, Severity: sev, Message: fmt.Sprintf(format, args...), Range: rng, Context: p.context}
	if c != nil {
		f.Component = c.Address()
	}
	p.report(f)
}

// PathContext is the context of a finding about a path, chain or cycle
// of components, in order.
func PathContext(cs []*schema.Component) Context {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Address()
	}
	return Context{Path: parts}
}

// Path formats components as "a -> b -> c".
func Path(cs []*schema.Component) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Address()
	}
	return strings.Join(parts, " -> ")
}

// Addresses formats components as "a, b and c".
func Addresses(cs []*schema.Component) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Address()
	}
	return textfmt.List(parts, "and")
}
