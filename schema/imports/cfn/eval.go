package cfn

import (
	"strconv"
	"strings"

	"github.com/archiehq/archie/schema/lazyregexp"
)

// scope evaluates what can be known statically in a template: parameter
// defaults, mappings, pseudo parameters left symbolic, and references to
// resources, which are what the importer wires together.
type scope struct {
	params    map[string]Node
	mappings  Node
	resources map[string]bool
	// subs are extra ${Name} values, e.g. a state machine's
	// DefinitionSubstitutions.
	subs map[string]Node
	tmpl *Template // the template whose resources the IDs name
	// A nested stack's parameters are values of its parent: passed holds
	// them, to be evaluated in outer.
	passed map[string]Node
	outer  *scope
	// nested maps the logical IDs of nested stacks to their templates,
	// for Fn::GetAtt Stack.Outputs.Name.
	nested map[string]*Template
	// links holds the exports and SSM parameters of every template
	// imported with this one, for Fn::ImportValue and SSM references.
	links *links
}

const maxDepth = 32

// Str evaluates a value to a string when it is known.
func (s *scope) Str(v Node) (string, bool) {
	budget := maxNodes
	return s.str(v, 0, &budget)
}

func (s *scope) str(v Node, depth int, budget *int) (string, bool) {
	*budget--
	if depth > maxDepth || !v.Ok() || *budget < 0 {
		return "", false
	}
	if sc, ok := v.Scalar(); ok {
		return sc, true
	}
	fn, arg := v.Fn()
	switch fn {
	case "Ref":
		name, _ := arg.Scalar()
		if x, ok := s.passed[name]; ok && s.outer != nil {
			return s.outer.str(x, depth+1, budget)
		}
		if p, ok := s.params[name]; ok {
			return s.str(p.Get("Default"), depth+1, budget)
		}
	case "Fn::Sub":
		tmpl, vars := subArgs(arg)
		text, ok := s.str(tmpl, depth+1, budget)
		if !ok {
			return "", false
		}
		known := true
		out := subVar.ReplaceAllStringFunc(text, func(m string) string {
			name := m[2 : len(m)-1]
			if strings.HasPrefix(name, "!") {
				return "${" + name[1:] + "}"
			}
			if x := vars.Get(name); x.Ok() {
				if r, ok := s.str(x, depth+1, budget); ok {
					return r
				}
			}
			if p, ok := s.params[name]; ok {
				if r, ok := s.str(p.Get("Default"), depth+1, budget); ok {
					return r
				}
			}
			known = false
			return m
		})
		return out, known
	case "Fn::Join":
		items := arg.Items()
		if len(items) != 2 {
			return "", false
		}
		sep, ok := s.str(items[0], depth+1, budget)
		if !ok {
			return "", false
		}
		var parts []string
		for _, it := range items[1].Items() {
			p, ok := s.str(it, depth+1, budget)
			if !ok {
				return "", false
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, sep), true
	case "Fn::If":
		items := arg.Items()
		if len(items) == 3 {
			if r, ok := s.str(items[1], depth+1, budget); ok {
				return r, true
			}
			return s.str(items[2], depth+1, budget)
		}
	case "Fn::FindInMap":
		items := arg.Items()
		if len(items) == 3 {
			var keys []string
			for _, it := range items {
				k, ok := s.str(it, depth+1, budget)
				if !ok {
					return "", false
				}
				keys = append(keys, k)
			}
			return s.str(s.mappings.Path(keys...), depth+1, budget)
		}
	case "Fn::Select":
		items := arg.Items()
		if len(items) == 2 {
			i, ok := s.num(items[0], depth+1, budget)
			list := items[1].Items()
			if ok && int(i) >= 0 && int(i) < len(list) {
				return s.str(list[int(i)], depth+1, budget)
			}
		}
	}
	return "", false
}

// Num evaluates a value to a number.
func (s *scope) Num(v Node) (float64, bool) {
	budget := maxNodes
	return s.num(v, 0, &budget)
}

func (s *scope) num(v Node, depth int, budget *int) (float64, bool) {
	str, ok := s.str(v, depth, budget)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(str), 64)
	return f, err == nil
}

// Bool evaluates a value to a bool.
func (s *scope) Bool(v Node) (bool, bool) {
	str, ok := s.Str(v)
	if !ok {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(str)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Strings evaluates a list of strings (or one string).
func (s *scope) Strings(v Node) []string {
	var out []string
	for _, it := range v.List() {
		if str, ok := s.Str(it); ok {
			out = append(out, str)
		}
	}
	return out
}

func subArgs(arg Node) (Node, Node) {
	if items := arg.Items(); len(items) == 2 {
		return items[0], items[1]
	}
	return arg, Node{}
}

var subVar = lazyregexp.New(`\$\{[^}]*\}`)

// Target is a resource a value refers to: its logical ID and the
// attribute (Arn, QueueName, StreamArn...), "" for a Ref.
type Target struct {
	ID   string
	Attr string
	At   Node
	T    *Template // the template declaring ID; nil for the one evaluated in
}

// Target returns the resource a value stands for: Ref X, GetAtt X.Attr,
// a Sub or Join built around one, or an If whose branches agree.
func (s *scope) Target(v Node) (Target, bool) {
	budget := maxNodes
	ts := s.targets(v, 0, true, &budget)
	if len(ts) == 0 {
		return Target{}, false
	}
	return ts[0], true
}

// Targets returns every resource a value refers to, in order.
func (s *scope) Targets(v Node) []Target {
	budget := maxNodes
	return s.targets(v, 0, false, &budget)
}

func (s *scope) targets(v Node, depth int, first bool, budget *int) []Target {
	*budget--
	if depth > maxDepth || !v.Ok() || *budget < 0 {
		return nil
	}
	if sc, ok := v.Scalar(); ok {
		if strings.Contains(sc, "{{resolve:ssm:") {
			return s.ssmTargets(sc, depth, first, budget)
		}
		return s.subTargets(sc, v, Node{}, depth, budget)
	}
	fn, arg := v.Fn()
	switch fn {
	case "Ref":
		name, _ := arg.Scalar()
		if s.resources[name] {
			return []Target{{ID: name, At: v, T: s.tmpl}}
		}
		// SAM's references to resources it generates: FUNCTION.DestinationQueue,
		// FUNCTION.Alias, API.Stage.
		if id, _, ok := strings.Cut(name, "."); ok && s.resources[id] {
			return []Target{{ID: name, At: v, T: s.tmpl}}
		}
		if x, ok := s.passed[name]; ok && s.outer != nil {
			return s.outer.targets(x, depth+1, first, budget)
		}
		if x, ok := s.subs[name]; ok {
			return s.targets(x, depth+1, first, budget)
		}
		if p, ok := s.params[name]; ok && ssmParameterType(p) {
			// The parameter holds the name of an SSM parameter; another
			// stack of the tree may write it.
			if ssmName, ok := s.str(p.Get("Default"), depth+1, budget); ok {
				if pub, ok := s.links.parameter(ssmName); ok {
					return pub.t.sc.targets(pub.v, depth+1, first, budget)
				}
			}
		}
		return nil
	case "Fn::ImportValue":
		if name, ok := s.str(arg, depth+1, budget); ok {
			if pub, ok := s.links.export(name); ok {
				return pub.t.sc.targets(pub.v, depth+1, first, budget)
			}
		}
		return nil
	case "Fn::GetAtt":
		var id, attr string
		if items := arg.Items(); len(items) >= 2 {
			id, _ = s.Str(items[0])
			attr, _ = s.Str(items[1])
		} else if str, ok := arg.Scalar(); ok {
			id, attr, _ = strings.Cut(str, ".")
		}
		if out := s.output(id, attr, depth, first, budget); out != nil {
			return out
		}
		if s.resources[id] {
			return []Target{{ID: id, Attr: attr, At: v, T: s.tmpl}}
		}
		return nil
	case "Fn::Sub":
		tmpl, vars := subArgs(arg)
		if text, ok := tmpl.Scalar(); ok {
			if strings.Contains(text, "{{resolve:ssm:") {
				if full, ok := s.str(v, depth+1, budget); ok {
					return s.ssmTargets(full, depth, first, budget)
				}
			}
			return s.subTargets(text, v, vars, depth, budget)
		}
		return nil
	case "Fn::If":
		items := arg.Items()
		if len(items) == 3 {
			if first {
				if t := s.targets(items[1], depth+1, first, budget); len(t) > 0 {
					return t
				}
				return s.targets(items[2], depth+1, first, budget)
			}
			return append(s.targets(items[1], depth+1, first, budget), s.targets(items[2], depth+1, first, budget)...)
		}
		return nil
	case "Fn::FindInMap", "Condition", "Fn::GetAZs", "Fn::Base64", "Fn::Cidr":
		return nil
	}
	var out []Target
	if v.IsMap() {
		for _, kv := range v.Pairs() {
			out = append(out, s.targets(kv.Value, depth+1, first, budget)...)
			if first && len(out) > 0 {
				return out
			}
		}
	}
	for _, it := range v.Items() {
		out = append(out, s.targets(it, depth+1, first, budget)...)
		if first && len(out) > 0 {
			return out
		}
	}
	return out
}

// subTargets finds ${X} and ${X.Attr} naming resources in a Sub template
// or in a string with substitutions (state machine definitions).
func (s *scope) subTargets(text string, at Node, vars Node, depth int, budget *int) []Target {
	if !strings.Contains(text, "${") {
		return nil
	}
	var out []Target
	for _, m := range subVar.FindAllString(text, -1) {
		name := m[2 : len(m)-1]
		if strings.HasPrefix(name, "!") {
			continue
		}
		if x := vars.Get(name); x.Ok() {
			out = append(out, s.targets(x, depth+1, false, budget)...)
			continue
		}
		id, attr, _ := strings.Cut(name, ".")
		if o := s.output(id, attr, depth, false, budget); o != nil {
			out = append(out, o...)
			continue
		}
		if s.resources[id] {
			out = append(out, Target{ID: id, Attr: attr, At: at, T: s.tmpl})
			continue
		}
		if x, ok := s.subs[name]; ok {
			out = append(out, s.targets(x, depth+1, false, budget)...)
		}
	}
	return out
}

// Text renders a value for messages: the scalar, or the intrinsic it is.
func (s *scope) Text(v Node) string {
	if str, ok := s.Str(v); ok {
		return strconv.Quote(str)
	}
	if fn, arg := v.Fn(); fn != "" {
		if a, ok := arg.Scalar(); ok {
			return fn + " " + a
		}
		if items := arg.Items(); len(items) > 0 {
			if a, ok := items[0].Scalar(); ok {
				return fn + " " + a + " ..."
			}
		}
		return fn + " ..."
	}
	return "a value"
}

// lenient evaluates a Fn::Sub whose unknown variables (pseudo parameters,
// attributes) become "*", for matching names at the end of ARNs.
func (s *scope) lenient(v Node) (string, bool) {
	fn, arg := v.Fn()
	if fn == "Fn::Join" {
		items := arg.Items()
		if len(items) != 2 {
			return "", false
		}
		sep, _ := s.Str(items[0])
		var parts []string
		for _, it := range items[1].Items() {
			p, ok := s.Str(it)
			if !ok {
				p, ok = s.lenient(it)
			}
			if !ok {
				p = "*"
			}
			parts = append(parts, p)
		}
		return strings.Join(parts, sep), true
	}
	if fn != "Fn::Sub" {
		return "", false
	}
	tmpl, vars := subArgs(arg)
	text, ok := tmpl.Scalar()
	if !ok {
		return "", false
	}
	return subVar.ReplaceAllStringFunc(text, func(m string) string {
		name := m[2 : len(m)-1]
		if x := vars.Get(name); x.Ok() {
			if r, ok := s.Str(x); ok {
				return r
			}
		}
		if p, ok := s.params[name]; ok {
			if r, ok := s.Str(p.Get("Default")); ok {
				return r
			}
		}
		return "*"
	}), true
}

// ssmTargets follows the {{resolve:ssm:NAME}} references in a string to
// the values the SSM parameters of that name are written with.
func (s *scope) ssmTargets(text string, depth int, first bool, budget *int) []Target {
	var out []Target
	for _, name := range ssmReferences(text) {
		if pub, ok := s.links.parameter(name); ok {
			out = append(out, pub.t.sc.targets(pub.v, depth+1, first, budget)...)
			if first && len(out) > 0 {
				return out
			}
		}
	}
	return out
}

// output follows Fn::GetAtt Stack.Outputs.Name into a nested stack's
// template: the resources its output's value names.
func (s *scope) output(id, attr string, depth int, first bool, budget *int) []Target {
	name, ok := strings.CutPrefix(attr, "Outputs.")
	if !ok || s.nested[id] == nil {
		return nil
	}
	nt := s.nested[id]
	return nt.sc.targets(nt.Root.Path("Outputs", name, "Value"), depth+1, first, budget)
}
