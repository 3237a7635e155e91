package lint

import (
	"fmt"
	"slices"

	"github.com/archiehq/archie/schema/textfmt"
)

// Preset names: the rules that run unless configured otherwise, the
// opt-in operational hygiene checks, and every rule.
const (
	PresetDefault = "default"
	PresetHygiene = "hygiene"
	PresetAll     = "all"
)

// Preset is a named set of rules that a configuration (presets = [...])
// or `archie lint --preset` selects.
type Preset struct {
	Name  string
	Doc   string
	Rules []string // IDs of the rules it selects, sorted
}

// presetDocs lists the presets in the order they are shown, with their doc
// line. Which rules a preset selects comes from each rule's Meta.Preset, so
// the table cannot drift from the catalog.
var presetDocs = []struct{ name, doc string }{
	{PresetDefault, "the design checks that run unless configured otherwise"},
	{PresetHygiene, "opt-in operational hygiene: end-of-life runtimes, log retention, access logging, tracing of APIs and workflows, wildcard permissions"},
	{PresetAll, "every rule of the catalog"},
}

// PresetNames lists the preset names, in display order.
func PresetNames() []string {
	out := make([]string, len(presetDocs))
	for i, p := range presetDocs {
		out[i] = p.name
	}
	return out
}

// Presets is the preset table of a catalog: each preset with the IDs of
// the catalog's rules it selects. Engine rules belong to the default set.
func Presets(catalog []Rule) []Preset {
	var out []Preset
	for _, p := range presetDocs {
		pr := Preset{Name: p.name, Doc: p.doc}
		for _, r := range catalog {
			if m := r.Meta(); inPreset(m, p.name) {
				pr.Rules = append(pr.Rules, m.ID)
			}
		}
		slices.Sort(pr.Rules)
		pr.Rules = slices.Compact(pr.Rules)
		out = append(out, pr)
	}
	return out
}

// PresetOf names the preset a rule belongs to: "default" or its Preset.
func PresetOf(m Meta) string {
	if m.Preset == "" {
		return PresetDefault
	}
	return m.Preset
}

func inPreset(m Meta, preset string) bool {
	return preset == PresetAll || PresetOf(m) == preset
}

// checkPreset returns an error for a name that is not a preset.
func checkPreset(name string) error {
	if slices.Contains(PresetNames(), name) {
		return nil
	}
	return fmt.Errorf("unknown preset %q%s; the presets are %s", name, suggest(name, PresetNames()), joinQuoted(PresetNames()))
}

func joinQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return textfmt.List(q, "and")
}

// presetSelected reports whether the presets of c select rule m: with no
// presets configured, the default set.
func (c Config) presetSelected(m Meta) bool {
	presets := c.Presets
	if len(presets) == 0 {
		presets = []string{PresetDefault}
	}
	for _, p := range presets {
		if inPreset(m, p) {
			return true
		}
	}
	return false
}

// WithPresets returns c with the rules of catalog that its presets leave
// out turned off, unless a rule block or a flag enables them one by one.
// Enabled then answers for every rule by its ID alone.
func (c Config) WithPresets(catalog []Rule) Config {
	out := c
	out.Rules = make(map[string]RuleConfig, len(c.Rules))
	for id, rc := range c.Rules {
		out.Rules[id] = rc
	}
	off := false
	for _, r := range catalog {
		m := r.Meta()
		if rc := out.Rules[m.ID]; rc.Enabled == nil && !c.presetSelected(m) {
			rc.Enabled = &off
			out.Rules[m.ID] = rc
		}
	}
	return out
}
