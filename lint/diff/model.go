package diff

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/inspect"
)

// ArchitectureAddress names settings of the architecture block in
// ComponentChanges.Changed: its region and account concurrency.
const ArchitectureAddress = "architecture"

// compareComponents matches components by address and compares their
// settings after defaults. Where they are written, in which file and in
// what layout does not matter.
func compareComponents(oldA, newA *schema.Architecture) ComponentChanges {
	var out ComponentChanges
	if ch := compareSettings(architectureSettings(oldA), architectureSettings(newA)); len(ch) > 0 {
		out.Changed = append(out.Changed, ComponentChange{Address: ArchitectureAddress, Changes: ch})
	}
	for _, c := range newA.Components {
		old := oldA.Component(c.Address())
		if old == nil {
			out.Added = append(out.Added, c.Address())
			continue
		}
		if ch := compareSettings(settings(old), settings(c)); len(ch) > 0 {
			out.Changed = append(out.Changed, ComponentChange{Address: c.Address(), Changes: ch})
		}
	}
	for _, c := range oldA.Components {
		if newA.Component(c.Address()) == nil {
			out.Removed = append(out.Removed, c.Address())
		}
	}
	slices.Sort(out.Added)
	slices.Sort(out.Removed)
	slices.SortFunc(out.Changed, func(a, b ComponentChange) int {
		// The architecture's own settings first, then by address.
		return cmp.Or(cmp.Compare(rankAddress(a.Address), rankAddress(b.Address)), strings.Compare(a.Address, b.Address))
	})
	return out
}

func rankAddress(a string) int {
	if a == ArchitectureAddress {
		return 0
	}
	return 1
}

func architectureSettings(a *schema.Architecture) map[string]any {
	return map[string]any{"region": a.Region, "account_concurrency": float64(a.AccountConcurrency)}
}

// settings are a component's attributes after defaults, its service, and
// each trigger's mode and attributes, keyed "trigger[SOURCE].NAME" (with
// the route for an api's triggers).
func settings(c *schema.Component) map[string]any {
	out := map[string]any{}
	for name, a := range c.Attrs {
		out[name] = inspect.Value(a)
	}
	if c.Service != nil {
		out["service"] = c.Service.Name
	}
	seen := map[string]int{}
	for _, t := range c.Triggers {
		key := t.SourceName
		if r := t.Str(schema.AttrRoute); r != "" {
			key += " " + r
		}
		seen[key]++
		if n := seen[key]; n > 1 {
			key += " #" + itoa(n)
		}
		prefix := "trigger[" + key + "]"
		out[prefix] = string(t.Mode)
		for name, a := range t.Attrs {
			if name == "source" || name == "route" {
				continue
			}
			out[prefix+"."+name] = inspect.Value(a)
		}
	}
	return out
}

// compareSettings lists the settings whose values differ, by name.
func compareSettings(oldS, newS map[string]any) []AttributeChange {
	var out []AttributeChange
	names := sortedKeys(oldS)
	for k := range newS {
		if _, ok := oldS[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		o, inOld := oldS[name]
		n, inNew := newS[name]
		if inOld && inNew && sameValue(o, n) {
			continue
		}
		out = append(out, AttributeChange{Attribute: name, Old: o, New: n})
	}
	return out
}

func sameValue(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// compareEdges matches edges by their ends, mode and relation.
func compareEdges(oldA, newA *schema.Architecture) EdgeChanges {
	key := func(e *schema.Edge) EdgeChange {
		return EdgeChange{From: e.From.Address(), To: e.To.Address(), Mode: e.Mode, Relation: e.Relation}
	}
	set := func(a *schema.Architecture) map[EdgeChange]*schema.Edge {
		m := map[EdgeChange]*schema.Edge{}
		for _, e := range a.Edges {
			if _, ok := m[key(e)]; !ok {
				m[key(e)] = e
			}
		}
		return m
	}
	oldE, newE := set(oldA), set(newA)
	var out EdgeChanges
	for k, e := range newE {
		if _, ok := oldE[k]; !ok {
			k.edge = e
			out.Added = append(out.Added, k)
		}
	}
	for k, e := range oldE {
		if _, ok := newE[k]; !ok {
			k.edge = e
			out.Removed = append(out.Removed, k)
		}
	}
	slices.SortFunc(out.Added, compareEdge)
	slices.SortFunc(out.Removed, compareEdge)
	return out
}

func compareEdge(a, b EdgeChange) int {
	return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To),
		strings.Compare(string(a.Mode), string(b.Mode)), strings.Compare(string(a.Relation), string(b.Relation)))
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
