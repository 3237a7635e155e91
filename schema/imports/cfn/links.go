package cfn

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// links indexes what templates publish for other stacks to read: the
// Export names of their Outputs (read with Fn::ImportValue) and the
// AWS::SSM::Parameter resources they write (read through a parameter of
// type AWS::SSM::Parameter::Value<String> or a {{resolve:ssm:NAME}}
// reference). Every template of one importer shares it, so a link between
// two stacks of one directory tree, imported together, resolves.
type links struct {
	tmpls *[]*Template
	built bool
	// exact maps names known statically to the value published.
	exports, ssm map[string]published
	// patterns are names with a part only known at deploy time
	// (${AWS::StackName}, a parameter without a default), written with
	// "*" for that part.
	exportPatterns, ssmPatterns []pattern
	// read holds the published values some imported template reads.
	read map[*yaml.Node]bool
}

type published struct {
	t *Template
	v Node
}

type pattern struct {
	glob string
	published
}

func (l *links) build() {
	if l == nil || l.built {
		return
	}
	l.built = true
	l.exports, l.ssm = map[string]published{}, map[string]published{}
	l.exportPatterns, l.ssmPatterns = nil, nil
	for _, t := range *l.tmpls {
		for _, kv := range t.Root.Get("Outputs").Pairs() {
			name := kv.Value.Path("Export", "Name")
			if !name.Ok() {
				continue
			}
			l.add(t, name, kv.Value.Get("Value"), l.exports, &l.exportPatterns)
		}
		for _, r := range t.Resources {
			if r.Type == "AWS::SSM::Parameter" {
				l.add(t, r.Props.Get("Name"), r.Props.Get("Value"), l.ssm, &l.ssmPatterns)
			}
		}
	}
}

func (l *links) add(t *Template, name, value Node, exact map[string]published, patterns *[]pattern) {
	if !value.Ok() {
		return
	}
	p := published{t: t, v: value}
	if s, ok := t.sc.Str(name); ok && s != "" {
		if _, taken := exact[s]; !taken {
			exact[s] = p
		}
		return
	}
	if s, ok := t.sc.lenient(name); ok && strings.Trim(s, "*/-_.:") != "" {
		*patterns = append(*patterns, pattern{glob: s, published: p})
	}
}

// find returns what a name is published as: an exact name first, else the
// one pattern that matches it (two matching patterns are ambiguous and
// resolve to nothing).
func find(name string, exact map[string]published, patterns []pattern) (published, bool) {
	if p, ok := exact[name]; ok {
		return p, true
	}
	var found published
	n := 0
	for _, p := range patterns {
		if Matches(p.glob, name) {
			found = p.published
			n++
		}
	}
	return found, n == 1
}

func (l *links) export(name string) (published, bool) {
	if l == nil || name == "" {
		return published{}, false
	}
	l.build()
	p, ok := find(name, l.exports, l.exportPatterns)
	l.markRead(p, ok)
	return p, ok
}

// markRead records that an imported template reads p.
func (l *links) markRead(p published, ok bool) {
	if !ok || p.v.n == nil {
		return
	}
	if l.read == nil {
		l.read = map[*yaml.Node]bool{}
	}
	l.read[p.v.n] = true
}

// each calls f for each export and SSM parameter, with how it is
// published and whether an imported template reads it.
func (l *links) each(f func(p published, how string, read bool)) {
	l.build()
	for _, t := range *l.tmpls {
		for _, kv := range t.Root.Get("Outputs").Pairs() {
			name := kv.Value.Path("Export", "Name")
			if v := kv.Value.Get("Value"); name.Ok() && v.Ok() {
				f(published{t: t, v: v}, "exported as "+t.sc.Text(name), l.read[v.n])
			}
		}
		for _, r := range t.Resources {
			if v := r.Props.Get("Value"); r.Type == "AWS::SSM::Parameter" && v.Ok() {
				f(published{t: t, v: v}, "written to the SSM parameter "+t.sc.Text(r.Props.Get("Name")), l.read[v.n])
			}
		}
	}
}

func (l *links) parameter(name string) (published, bool) {
	if l == nil || name == "" {
		return published{}, false
	}
	l.build()
	p, ok := find(name, l.ssm, l.ssmPatterns)
	l.markRead(p, ok)
	return p, ok
}

// ssmParameterType reports whether a template parameter reads its value
// from an SSM parameter whose name it holds.
func ssmParameterType(p Node) bool {
	typ, _ := p.Get("Type").Scalar()
	return strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<")
}

// ssmReferences lists the parameter names of the {{resolve:ssm:NAME}} and
// {{resolve:ssm:NAME:VERSION}} references in a string.
func ssmReferences(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "{{resolve:ssm:")
		if i < 0 {
			return out
		}
		s = s[i+len("{{resolve:ssm:"):]
		j := strings.Index(s, "}}")
		if j < 0 {
			return out
		}
		name := s[:j]
		// Parameter names hold no ':', so one is the version.
		if k := strings.Index(name, ":"); k >= 0 {
			name = name[:k]
		}
		if name != "" {
			out = append(out, name)
		}
		s = s[j:]
	}
}

// LinkNames lists the names a template publishes for other stacks
// (export names and SSM parameter names, with "*" for a part known only at
// deploy time) and the names it reads (Fn::ImportValue, SSM parameter
// types, {{resolve:ssm:NAME}}), for grouping the stacks of a directory
// tree that link to each other. Names that cannot be evaluated are left
// out.
type LinkNames struct {
	Exports, SSM         []string
	ReadsExport, ReadSSM []string
}

// Links lists what a parsed template publishes and reads.
func Links(root Node) LinkNames {
	t := &Template{Root: root, byID: map[string]*Resource{}}
	t.sc = &scope{params: map[string]Node{}, mappings: root.Get("Mappings"), resources: map[string]bool{}, tmpl: t}
	for _, kv := range root.Get("Parameters").Pairs() {
		t.sc.params[kv.Key] = kv.Value
	}
	var out LinkNames
	name := func(v Node) string {
		if s, ok := t.sc.Str(v); ok {
			return s
		}
		if s, ok := t.sc.lenient(v); ok && strings.Trim(s, "*/-_.:") != "" {
			return s
		}
		return ""
	}
	for _, kv := range root.Get("Outputs").Pairs() {
		if n := name(kv.Value.Path("Export", "Name")); n != "" {
			out.Exports = append(out.Exports, n)
		}
	}
	for _, kv := range root.Get("Parameters").Pairs() {
		if ssmParameterType(kv.Value) {
			if n, ok := t.sc.Str(kv.Value.Get("Default")); ok && n != "" {
				out.ReadSSM = append(out.ReadSSM, n)
			}
		}
	}
	for _, kv := range root.Get("Resources").Pairs() {
		if typ, _ := kv.Value.Get("Type").Scalar(); typ == "AWS::SSM::Parameter" {
			if n := name(kv.Value.Path("Properties", "Name")); n != "" {
				out.SSM = append(out.SSM, n)
			}
		}
	}
	budget := maxNodes
	var walk func(v Node, depth int)
	walk = func(v Node, depth int) {
		budget--
		if depth > 64 || budget < 0 || !v.Ok() {
			return
		}
		if s, ok := v.Scalar(); ok {
			out.ReadSSM = append(out.ReadSSM, ssmReferences(s)...)
			return
		}
		switch fn, arg := v.Fn(); fn {
		case "Fn::ImportValue":
			if n, ok := t.sc.Str(arg); ok && n != "" {
				out.ReadsExport = append(out.ReadsExport, n)
			}
			return
		case "Fn::Sub":
			if s, ok := t.sc.Str(v); ok {
				out.ReadSSM = append(out.ReadSSM, ssmReferences(s)...)
				return
			}
		}
		for _, kv := range v.Pairs() {
			walk(kv.Value, depth+1)
		}
		for _, it := range v.Items() {
			walk(it, depth+1)
		}
	}
	walk(root.Get("Resources"), 0)
	walk(root.Get("Outputs"), 0)
	return out
}

// Matches reports whether a published name (which may hold "*") is the
// name read.
func Matches(published, read string) bool {
	if published == read {
		return true
	}
	if !strings.Contains(published, "*") {
		return false
	}
	ok, _ := path.Match(strings.ReplaceAll(published, "/", "\x00"), strings.ReplaceAll(read, "/", "\x00"))
	return ok
}
