package lint

import (
	"fmt"
	"io/fs"
	"math/big"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/pathtext"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// ConfigName is the configuration file looked up for each architecture.
const ConfigName = ".archie.hcl"

// FindConfig looks for ConfigName in dir, then in its parents, and stops
// at the repository root: the first directory that holds a .git entry (a
// directory, or a file in a worktree). dir is a path in fsys. It returns
// the file's path in fsys and how many directories it climbed to find it.
func FindConfig(fsys fs.FS, dir string) (p string, up int, ok bool) {
	d := path.Clean(dir)
	for {
		candidate := path.Join(d, ConfigName)
		if info, err := fs.Stat(fsys, candidate); err == nil && !info.IsDir() {
			return candidate, up, true
		}
		if _, err := fs.Stat(fsys, path.Join(d, ".git")); err == nil {
			return "", 0, false
		}
		if d == "." || d == "/" {
			return "", 0, false
		}
		d = path.Dir(d)
		up++
	}
}

// LoadConfig reads the configuration file p of fsys. display names it in
// messages. catalog is the rules the file may configure.
func LoadConfig(fsys fs.FS, p, display string, catalog []Rule) (Config, hcl.Diagnostics) {
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return Config{File: display}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read configuration",
			Detail:   fmt.Sprintf("%s: %v", display, unwrapPathErr(err)),
		}}
	}
	return ParseConfig(src, display, catalog)
}

func unwrapPathErr(err error) error { return pathtext.Cause(err) }

// ParseConfig reads the source of an .archie.hcl file:
//
//	config { fail_on = "warning" }
//	rule "sync-chain" { enabled = true  severity = "error"  max_hops = 3 }
//	rule "memory-cap" { kind = "function"  condition = self.memory <= 3008 }
//
// A rule block names a catalog rule (or one of the engine's checks) to
// tune it, or declares a custom rule when it has a condition. Unknown
// rules, options and attributes are errors with a suggestion.
func ParseConfig(src []byte, filename string, catalog []Rule) (Config, hcl.Diagnostics) {
	cfg := Config{Rules: map[string]RuleConfig{}, File: filename}
	file, diags := schema.ParseHCL(src, filename)
	cfg.file = file
	if diags.HasErrors() || file == nil {
		return cfg, diags
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return cfg, diags
	}
	d := &configDecoder{cfg: &cfg, metas: map[string]Meta{}, rules: map[string]hcl.Range{}}
	for _, r := range catalog {
		m := r.Meta()
		d.metas[m.ID] = m
		d.ids = append(d.ids, m.ID)
	}
	for _, m := range EngineRules() {
		d.metas[m.ID] = m
		d.ids = append(d.ids, m.ID)
	}
	sort.Strings(d.ids)
	for _, a := range sortedAttributes(body.Attributes) {
		d.errf(a.NameRange, "Unexpected attribute",
			"%s is not a setting of its own: settings go in a config block (fail_on, presets) or in a rule block.", a.Name)
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "config":
			d.decodeConfig(b)
		case "rule":
			d.decodeRule(b)
		default:
			d.errf(b.TypeRange, "Unsupported block type",
				"%s takes config and rule blocks, not %q.%s", ConfigName, b.Type, suggest(b.Type, []string{"config", "rule"}))
		}
	}
	return cfg, append(diags, d.diags...)
}

type configDecoder struct {
	cfg    *Config
	metas  map[string]Meta      // catalog and engine rules by ID
	ids    []string             // their IDs, sorted
	rules  map[string]hcl.Range // rule blocks seen, by ID
	config *hcl.Range           // the config block, once seen
	diags  hcl.Diagnostics
}

func (d *configDecoder) errf(rng hcl.Range, summary, format string, args ...any) {
	r := rng
	d.diags = append(d.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: &r})
}

func sortedAttributes(attrs hclsyntax.Attributes) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SrcRange.Start.Byte < out[j].SrcRange.Start.Byte })
	return out
}

func (d *configDecoder) noBlocks(body *hclsyntax.Body, what string) {
	for _, b := range body.Blocks {
		d.errf(b.TypeRange, "Unexpected block", "A %s takes attributes only, not a %s block.", what, b.Type)
	}
}

func (d *configDecoder) decodeConfig(b *hclsyntax.Block) {
	if len(b.Labels) > 0 {
		d.errf(b.LabelRanges[0], "Unexpected label", "The config block takes no label: write config { ... }.")
	}
	if d.config != nil {
		d.errf(b.TypeRange, "Duplicate config block",
			"%s has one config block; the first is at %s.", ConfigName, posString(*d.config))
		return
	}
	rng := b.TypeRange
	d.config = &rng
	d.noBlocks(b.Body, "config block")
	for _, a := range sortedAttributes(b.Body.Attributes) {
		switch a.Name {
		case "fail_on":
			if sev, ok := d.severity(a); ok {
				d.cfg.FailOn = &sev
			}
		case "presets":
			d.presets(a)
		default:
			d.errf(a.NameRange, "Unknown setting",
				"The config block has no setting %q%s; it takes fail_on and presets.", a.Name, suggest(a.Name, []string{"fail_on", "presets"}))
		}
	}
}

func (d *configDecoder) decodeRule(b *hclsyntax.Block) {
	if len(b.Labels) != 1 {
		rng := b.TypeRange
		if len(b.Labels) > 1 {
			rng = b.LabelRanges[1]
		}
		d.errf(rng, "Rule block needs one label", `Name the rule it configures: rule "sync-chain" { ... }, or the custom rule it declares.`)
		return
	}
	id, idRange := b.Labels[0], b.LabelRanges[0]
	if first, dup := d.rules[id]; dup {
		d.errf(idRange, "Duplicate rule block", "Rule %q is already configured at %s; merge the two blocks.", id, posString(first))
		return
	}
	d.rules[id] = idRange
	_, hasCondition := b.Body.Attributes["condition"]
	_, hasKind := b.Body.Attributes["kind"]
	meta, known := d.metas[id]
	switch {
	case known && (hasCondition || hasKind):
		d.errf(idRange, "Custom rule named like a catalog rule",
			"%q is a rule of the catalog; give the custom rule a name of its own, e.g. %q.", id, "my-"+id)
	case known:
		d.decodeRuleSettings(b, meta)
	case hasCondition || hasKind:
		if r := d.decodeCustomRule(b); r != nil {
			d.cfg.Custom = append(d.cfg.Custom, r)
		}
	default:
		d.errf(idRange, "Unknown rule",
			"There is no rule %q%s. 'archie rules' lists the catalog; a custom rule needs kind and condition attributes.", id, suggest(id, d.ids))
	}
}

// decodeRuleSettings reads enabled, severity and the options of a catalog
// rule.
func (d *configDecoder) decodeRuleSettings(b *hclsyntax.Block, m Meta) {
	d.noBlocks(b.Body, "rule block")
	rc := RuleConfig{}
	names := []string{"enabled", "severity"}
	for _, o := range m.Options {
		names = append(names, o.Name)
	}
	for _, a := range sortedAttributes(b.Body.Attributes) {
		switch a.Name {
		case "enabled":
			if v, ok := d.boolean(a); ok {
				rc.Enabled = &v
			}
		case "severity":
			if sev, ok := d.severity(a); ok {
				rc.Severity = &sev
			}
		default:
			i := slices.IndexFunc(m.Options, func(o Option) bool { return o.Name == a.Name })
			if i < 0 {
				takes := "takes enabled and severity only"
				if len(m.Options) > 0 {
					takes = "takes " + strings.Join(names, ", ")
				}
				d.errf(a.NameRange, "Unknown option",
					"Rule %s has no option %q%s; it %s.", m.ID, a.Name, suggest(a.Name, names), takes)
				continue
			}
			if v, ok := d.option(a, m.Options[i]); ok {
				if rc.Options == nil {
					rc.Options = map[string]int{}
				}
				rc.Options[a.Name] = v
			}
		}
	}
	d.cfg.Rules[m.ID] = rc
}

// literal evaluates an attribute that must be written as a plain value.
func (d *configDecoder) literal(a *hclsyntax.Attribute) (cty.Value, bool) {
	if len(a.Expr.Variables()) > 0 {
		d.errf(a.Expr.Range(), "Value must be literal", "%s takes a literal value, not an expression.", a.Name)
		return cty.NilVal, false
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() {
		d.diags = append(d.diags, diags...)
		return cty.NilVal, false
	}
	if v.IsNull() {
		d.errf(a.Expr.Range(), "Missing value", "%s cannot be null.", a.Name)
		return cty.NilVal, false
	}
	return v, true
}

func (d *configDecoder) boolean(a *hclsyntax.Attribute) (bool, bool) {
	v, ok := d.literal(a)
	if !ok {
		return false, false
	}
	if v.Type() != cty.Bool {
		d.errf(a.Expr.Range(), "Invalid value", "%s takes true or false, not %s.", a.Name, friendlyValue(v))
		return false, false
	}
	return v.True(), true
}

func (d *configDecoder) str(a *hclsyntax.Attribute) (string, bool) {
	v, ok := d.literal(a)
	if !ok {
		return "", false
	}
	if v.Type() != cty.String {
		d.errf(a.Expr.Range(), "Invalid value", "%s takes a string, not %s.", a.Name, friendlyValue(v))
		return "", false
	}
	return v.AsString(), true
}

// presets reads presets = ["default", "hygiene"]: a non-empty list of
// preset names, each once.
func (d *configDecoder) presets(a *hclsyntax.Attribute) {
	v, ok := d.literal(a)
	if !ok {
		return
	}
	if !(v.Type().IsTupleType() || v.Type().IsListType()) || v.LengthInt() == 0 {
		d.errf(a.Expr.Range(), "Invalid value", "presets takes a non-empty list of preset names, e.g. [\"default\", \"hygiene\"], not %s; the presets are %s.", friendlyValue(v), joinQuoted(PresetNames()))
		return
	}
	var names []string
	var items []hclsyntax.Expression
	if t, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok {
		items = t.Exprs
	}
	for i, el := range v.AsValueSlice() {
		rng := a.Expr.Range()
		if i < len(items) {
			rng = items[i].Range()
		}
		if el.IsNull() || el.Type() != cty.String {
			d.errf(rng, "Invalid value", "presets takes preset names as strings, not %s.", friendlyValue(el))
			return
		}
		name := el.AsString()
		if err := checkPreset(name); err != nil {
			d.errf(rng, "Unknown preset", "%s.", upperFirst(err.Error()))
			return
		}
		if slices.Contains(names, name) {
			d.errf(rng, "Duplicate preset", "%q is listed twice in presets.", name)
			return
		}
		names = append(names, name)
	}
	d.cfg.Presets = names
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (d *configDecoder) severity(a *hclsyntax.Attribute) (Severity, bool) {
	s, ok := d.str(a)
	if !ok {
		return 0, false
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		d.errf(a.Expr.Range(), "Invalid severity", "%s is %q%s; use \"error\", \"warning\" or \"info\".",
			a.Name, s, suggest(strings.ToLower(s), []string{"error", "warning", "info"}))
		return 0, false
	}
	return sev, true
}

func (d *configDecoder) option(a *hclsyntax.Attribute, o Option) (int, bool) {
	v, ok := d.literal(a)
	if !ok {
		return 0, false
	}
	if v.Type() != cty.Number {
		d.errf(a.Expr.Range(), "Invalid value", "%s takes a whole number, not %s.", a.Name, friendlyValue(v))
		return 0, false
	}
	bf := v.AsBigFloat()
	n, acc := bf.Int64()
	if !bf.IsInt() || acc != big.Exact || n > 1<<31 || n < -(1<<31) {
		d.errf(a.Expr.Range(), "Invalid value", "%s takes a whole number, not %s.", a.Name, bf.Text('g', 10))
		return 0, false
	}
	if int(n) < o.Min {
		d.errf(a.Expr.Range(), "Value out of range", "%s must be at least %d (it is %d). %s", a.Name, o.Min, n, o.Doc)
		return 0, false
	}
	return int(n), true
}

// friendlyValue describes a value's type in an error message.
func friendlyValue(v cty.Value) string {
	switch {
	case v.Type() == cty.String:
		return fmt.Sprintf("the string %q", v.AsString())
	case v.Type() == cty.Number:
		return "a number"
	case v.Type() == cty.Bool:
		return "a bool"
	case v.Type().IsTupleType() || v.Type().IsListType():
		return "a list"
	case v.Type().IsObjectType() || v.Type().IsMapType():
		return "an object"
	}
	return v.Type().FriendlyName()
}

// suggest is " (did you mean "X"?)" for the candidate closest to name: a
// likely typo, or the one candidate that name abbreviates; "" otherwise.
func suggest(name string, candidates []string) string {
	if s := schema.Suggest(name, candidates); s != "" {
		return s
	}
	var match []string
	for _, c := range candidates {
		if len(name) >= 3 && strings.HasPrefix(c, name) {
			match = append(match, c)
		}
	}
	if len(match) == 1 {
		return fmt.Sprintf(" (did you mean %q?)", match[0])
	}
	return ""
}

func posString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// Flags are the rule selection of a command line. They take precedence
// over the configuration file.
type Flags struct {
	Enable, Disable, Only []string
	Presets               []string  // --preset: replace the configuration's presets
	FailOn                *Severity // set only when given on the command line
}

// FlagError is a command-line flag naming something that does not exist.
type FlagError struct{ Flag, Msg string }

func (e *FlagError) Error() string { return "--" + e.Flag + ": " + e.Msg }

// CheckFlags rejects rule IDs in flags that are not among known.
func (f Flags) CheckFlags(known []string) error {
	for _, fl := range []struct {
		name string
		ids  []string
	}{{"enable", f.Enable}, {"disable", f.Disable}, {"only", f.Only}} {
		for _, id := range fl.ids {
			if !slices.Contains(known, id) {
				return &FlagError{fl.name, fmt.Sprintf("unknown rule %q%s; 'archie rules' lists them", id, suggest(id, known))}
			}
		}
	}
	for _, p := range f.Presets {
		if err := checkPreset(p); err != nil {
			return &FlagError{"preset", err.Error()}
		}
	}
	for _, id := range f.Enable {
		if slices.Contains(f.Disable, id) {
			return &FlagError{"disable", fmt.Sprintf("rule %q is also given to --enable; keep one of them", id)}
		}
	}
	return nil
}

// WithFlags returns c with the command line laid over it: --enable and
// --disable replace a rule's enabled setting, --only runs just the rules
// it names, --fail-on replaces fail_on. Severities and options stay.
func (c Config) WithFlags(f Flags) Config {
	out := c
	out.Rules = make(map[string]RuleConfig, len(c.Rules))
	for id, rc := range c.Rules {
		out.Rules[id] = rc
	}
	set := func(ids []string, on bool) {
		for _, id := range ids {
			rc := out.Rules[id]
			rc.Enabled = &on
			out.Rules[id] = rc
		}
	}
	set(f.Enable, true)
	set(f.Disable, false)
	if len(f.Only) > 0 {
		out.Only = slices.Clone(f.Only)
	}
	if len(f.Presets) > 0 {
		out.Presets = slices.Compact(slices.Clone(f.Presets))
	}
	if f.FailOn != nil {
		sev := *f.FailOn
		out.FailOn = &sev
	}
	return out
}

// FailThreshold is the lowest severity that fails a run under c.
func (c Config) FailThreshold() Severity {
	if c.FailOn != nil {
		return *c.FailOn
	}
	return Error
}

// RuleIDs lists the IDs a configuration may name: the catalog's, the
// engine's and c's custom rules, sorted.
func (c Config) RuleIDs(catalog []Rule) []string {
	var ids []string
	for _, r := range catalog {
		ids = append(ids, r.Meta().ID)
	}
	for _, m := range EngineRules() {
		ids = append(ids, m.ID)
	}
	for _, r := range c.Custom {
		ids = append(ids, r.Meta().ID)
	}
	sort.Strings(ids)
	return slices.Compact(ids)
}
