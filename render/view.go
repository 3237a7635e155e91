package render

import (
	"fmt"
	"strings"

	"github.com/archiehq/archie/schema"
)

// ViewKind selects what part of an architecture a diagram shows.
type ViewKind string

// The views.
const (
	ViewAll     ViewKind = "all"     // every component, services as clusters
	ViewService ViewKind = "service" // one service and its neighbours
	ViewPattern ViewKind = "pattern" // one pattern's members and their neighbours
	ViewContext ViewKind = "context" // one node per service
)

// View is a parsed --view value.
type View struct {
	Kind ViewKind
	Name string // the service or pattern
}

func (v View) String() string {
	if v.Name == "" {
		return string(v.Kind)
	}
	return string(v.Kind) + ":" + v.Name
}

// UsageError is a request the architecture cannot satisfy as written: an
// unknown view, service or pattern, or a bad option. Commands report it as
// a command-line error.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ParseView reads "all", "context", "service:NAME" or "pattern:NAME"; the
// empty string is "all".
func ParseView(s string) (View, error) {
	kind, name, hasName := strings.Cut(s, ":")
	switch ViewKind(kind) {
	case "", ViewAll:
		if !hasName {
			return View{Kind: ViewAll}, nil
		}
	case ViewContext:
		if !hasName {
			return View{Kind: ViewContext}, nil
		}
	case ViewService, ViewPattern:
		if name != "" {
			return View{Kind: ViewKind(kind), Name: name}, nil
		}
		return View{}, &UsageError{fmt.Sprintf("view %q needs a name: %s:NAME", s, kind)}
	}
	return View{}, &UsageError{fmt.Sprintf("unknown view %q: use all, context, service:NAME or pattern:NAME", s)}
}

func unknownName(what, name string, known []string) error {
	if len(known) == 0 {
		return &UsageError{fmt.Sprintf("unknown %s %q: this architecture declares no %ss", what, name, what)}
	}
	return &UsageError{fmt.Sprintf("unknown %s %q%s; the %ss are: %s", what, name,
		schema.Suggest(name, known), what, strings.Join(known, ", "))}
}

func serviceNames(arch *schema.Architecture) []string {
	out := make([]string, len(arch.Services))
	for i, s := range arch.Services {
		out[i] = s.Name
	}
	return out
}

func patternNames(arch *schema.Architecture) []string {
	out := make([]string, len(arch.Patterns))
	for i, p := range arch.Patterns {
		out[i] = p.Name
	}
	return out
}

func patternNamed(arch *schema.Architecture, name string) *schema.Pattern {
	for _, p := range arch.Patterns {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// patternMembers lists the components filling the pattern's roles, in the
// order of the pattern kind's roles, and the roles each one fills.
func patternMembers(p *schema.Pattern) ([]*schema.Component, map[*schema.Component][]string) {
	var members []*schema.Component
	roles := map[*schema.Component][]string{}
	for _, spec := range schema.PatternRoles[p.Kind] {
		for _, r := range p.Roles[spec.Name] {
			if r.Component == nil {
				continue
			}
			if roles[r.Component] == nil {
				members = append(members, r.Component)
			}
			roles[r.Component] = append(roles[r.Component], spec.Name)
		}
	}
	return members, roles
}

// Caption says in words what the view shows.
func (v View) Caption() string {
	switch v.Kind {
	case ViewContext:
		return "services and their dependencies"
	case ViewService:
		return "service " + v.Name
	case ViewPattern:
		return "pattern " + v.Name
	}
	return "all components"
}
