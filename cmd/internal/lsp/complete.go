package lsp

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

var (
	ignoreComment = lazyregexp.New(`(?:#|//)\s*archie-ignore(?:-file)?:\s*(?:[\w-]+\s*,\s*)*([\w-]*)$`)
	refPrefix     = lazyregexp.New(`\b([a-z_]+)\.([\w-]*)$`)
	attrValue     = lazyregexp.New(`^\s*(\w+)\s*=\s*(\[[^\]]*?)?("?)([\w-]*)$`)
	attrName      = lazyregexp.New(`^\s*([\w]*)$`)
	ruleLabel     = lazyregexp.New(`^\s*rule\s+"([\w-]*)$`)
)

func (s *Server) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	text, ok := s.text(abs)
	if !ok {
		return nil, nil
	}
	l := newLines(text)
	if int(p.Position.Line) >= len(l.start) {
		return protocol.CompletionList{Items: []protocol.CompletionItem{}}, nil
	}
	offset := l.offset(p.Position)
	lineStart := l.start[p.Position.Line]
	before := string(text[lineStart:offset])
	var items []protocol.CompletionItem
	switch {
	case isConfigFile(abs):
		items = s.completeConfig(text, offset, before)
	case isArchFile(abs):
		items = s.completeArch(abs, text, offset, before)
	}
	if items == nil {
		items = []protocol.CompletionItem{}
	}
	return protocol.CompletionList{IsIncomplete: false, Items: items}, nil
}

func item(label string, kind protocol.CompletionItemKind, detail, doc string) protocol.CompletionItem {
	it := protocol.CompletionItem{Label: label, Kind: &kind}
	if detail != "" {
		it.Detail = &detail
	}
	if doc != "" {
		it.Documentation = doc
	}
	return it
}

// catalog is the rules a comment or the configuration may name, sorted.
func (s *Server) catalog(engine bool) []lint.Meta {
	var out []lint.Meta
	for _, r := range s.opt.Rules {
		out = append(out, r.Meta())
	}
	if engine {
		out = append(out, lint.EngineRules()...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (s *Server) ruleItems(engine bool) []protocol.CompletionItem {
	var out []protocol.CompletionItem
	for _, m := range s.catalog(engine) {
		out = append(out, item(m.ID, protocol.CompletionItemKindValue, m.Severity.String(), m.Title))
	}
	return out
}

// completeArch completes in an *.arch.hcl file.
func (s *Server) completeArch(abs string, src []byte, offset int, before string) []protocol.CompletionItem {
	if m := ignoreComment.FindStringSubmatch(before); m != nil {
		// The engine's own checks cannot be silenced by a comment.
		return s.ruleItems(false)
	}
	if inComment(before) {
		return nil
	}
	sc := scopeAt(src, offset)
	if m := refPrefix.FindStringSubmatch(before); m != nil && isKind(m[1]) {
		return s.componentItems(abs, []schema.Kind{schema.Kind(m[1])}, false)
	}
	if m := attrValue.FindStringSubmatch(before); m != nil && sc.valid {
		spec, ok := sc.spec(m[1])
		if !ok {
			return nil
		}
		quoted := m[3] == `"`
		switch {
		case len(spec.Enum) > 0:
			var out []protocol.CompletionItem
			for _, v := range spec.Enum {
				it := item(v, protocol.CompletionItemKindEnumMember, spec.Name, spec.Doc)
				if !quoted {
					text := `"` + v + `"`
					it.InsertText = &text
				}
				out = append(out, it)
			}
			return out
		case spec.Type == schema.TypeBool && !quoted:
			return []protocol.CompletionItem{
				item("true", protocol.CompletionItemKindValue, "bool", ""),
				item("false", protocol.CompletionItemKindValue, "bool", ""),
			}
		case spec.Name == "source" && sc.block == "trigger":
			if quoted {
				return namedSourceItems(sc.named, false)
			}
			return append(s.componentItems(abs, sc.sourceKinds, true), namedSourceItems(sc.named, true)...)
		case (spec.Type == schema.TypeRef || spec.Type == schema.TypeRefList) && !quoted:
			return s.componentItems(abs, spec.RefKinds, true)
		}
		return nil
	}
	if attrName.MatchString(before) && sc.valid {
		var out []protocol.CompletionItem
		for _, a := range sc.attrs {
			it := item(a.Name, protocol.CompletionItemKindProperty, attrDetail(a), a.Doc)
			text := a.Name + " = "
			it.InsertText = &text
			out = append(out, it)
		}
		for _, r := range sc.roles {
			spec, _ := sc.spec(r.Name)
			it := item(r.Name, protocol.CompletionItemKindProperty, attrDetail(spec), spec.Doc)
			text := r.Name + " = "
			it.InsertText = &text
			out = append(out, it)
		}
		for _, b := range sc.blocks {
			out = append(out, item(b, protocol.CompletionItemKindClass, "block", blockDoc(b)))
		}
		return out
	}
	return nil
}

// inComment reports whether the text before the cursor ends in a comment.
func inComment(before string) bool {
	inString := false
	for i := 0; i < len(before); i++ {
		switch c := before[i]; {
		case c == '"' && (i == 0 || before[i-1] != '\\'):
			inString = !inString
		case !inString && (c == '#' || c == '/' && i+1 < len(before) && before[i+1] == '/'):
			return true
		}
	}
	return false
}

func namedSourceItems(named []string, quote bool) []protocol.CompletionItem {
	var out []protocol.CompletionItem
	for _, n := range schema.NamedSources {
		if !slices.Contains(named, n.Name) {
			continue
		}
		it := item(n.Name, protocol.CompletionItemKindEvent, "named source ("+string(n.Mode)+")", "")
		if quote {
			text := `"` + n.Name + `"`
			it.InsertText = &text
		}
		out = append(out, it)
	}
	return out
}

// componentItems lists the declared components of kinds: their names
// after "KIND.", or whole addresses.
func (s *Server) componentItems(abs string, kinds []schema.Kind, address bool) []protocol.CompletionItem {
	st := s.fresh(path.Dir(abs))
	seen := map[string]bool{}
	var out []protocol.CompletionItem
	for _, o := range s.occurrences(st) {
		kind, name, _ := strings.Cut(o.address, ".")
		if !o.decl || seen[o.address] || !slices.Contains(kinds, schema.Kind(kind)) {
			continue
		}
		seen[o.address] = true
		label := name
		if address {
			label = o.address
		}
		detail := kind
		if st.arch != nil {
			if c := st.arch.Component(o.address); c != nil && c.Service != nil {
				detail = kind + " in service " + c.Service.Name
			}
		}
		out = append(out, item(label, protocol.CompletionItemKindReference, detail, ""))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

// attrDetail is an attribute's type and default, as completion shows it.
func attrDetail(a schema.AttrSpec) string {
	d := a.Type.String()
	if len(a.RefKinds) > 0 {
		var ks []string
		for _, k := range a.RefKinds {
			ks = append(ks, string(k))
		}
		d += " to " + strings.Join(ks, ", ")
	}
	switch {
	case a.Required:
		d += ", required"
	case a.Default != nil:
		d += ", default " + defaultText(a.Default)
	}
	return d
}

func defaultText(v any) string {
	switch x := v.(type) {
	case string:
		return `"` + x + `"`
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, defaultText(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func blockDoc(b string) string {
	switch b {
	case "architecture":
		return "the architecture's name, description, region and account concurrency (at most one)"
	case "service":
		return "a bounded context owned by one team, holding components"
	case "pattern":
		return "a declared catalog pattern and the components that fill its roles"
	case "workload":
		return "a load to simulate: entry, rate, duration"
	case "trigger":
		return "infrastructure wiring that pushes work into this component"
	case "burst":
		return "a surge of arrivals within the workload"
	}
	return "a " + b + " component"
}

// completeConfig completes in .archie.hcl.
func (s *Server) completeConfig(src []byte, offset int, before string) []protocol.CompletionItem {
	if ruleLabel.MatchString(before) {
		return s.ruleItems(true)
	}
	if inComment(before) {
		return nil
	}
	chain := blockChain(src, offset)
	if m := attrValue.FindStringSubmatch(before); m != nil {
		var values []string
		switch m[1] {
		case "severity", "fail_on":
			values = []string{"error", "warning", "info"}
		case "enabled":
			if m[3] == "" {
				values = []string{"true", "false"}
			}
		case "kind":
			values = kindNames()
		}
		var out []protocol.CompletionItem
		for _, v := range values {
			it := item(v, protocol.CompletionItemKindEnumMember, m[1], "")
			if m[3] == "" && m[1] != "enabled" {
				text := `"` + v + `"`
				it.InsertText = &text
			}
			out = append(out, it)
		}
		return out
	}
	if !attrName.MatchString(before) {
		return nil
	}
	if len(chain) == 0 {
		return []protocol.CompletionItem{
			item("config", protocol.CompletionItemKindClass, "block", "fail_on: the lowest severity that fails archie lint"),
			item("rule", protocol.CompletionItemKindClass, "block", `rule "ID": configure a rule of the catalog, or declare a custom rule`),
		}
	}
	inner := chain[len(chain)-1]
	prop := func(name, detail, doc string) protocol.CompletionItem {
		it := item(name, protocol.CompletionItemKindProperty, detail, doc)
		text := name + " = "
		it.InsertText = &text
		return it
	}
	switch {
	case len(chain) == 1 && inner.typ == "config":
		return []protocol.CompletionItem{prop("fail_on", `string, default "error"`, "the lowest severity that makes archie lint exit 1")}
	case len(chain) == 1 && inner.typ == "rule":
		out := []protocol.CompletionItem{
			prop("enabled", "bool, default true", "run the rule"),
			prop("severity", "string", "replaces every severity the rule reports at"),
		}
		for _, m := range s.catalog(true) {
			if len(inner.labels) > 0 && m.ID == inner.labels[0] {
				for _, o := range m.Options {
					out = append(out, prop(o.Name, fmt.Sprintf("whole number, default %d, at least %d", o.Default, o.Min), o.Doc))
				}
				return out
			}
		}
		// not a catalog rule: a custom rule
		return append(out,
			prop("kind", "string", "the component kind the rule checks"),
			prop("condition", "expression", "true when the component is fine, e.g. self.memory <= 3008"),
			prop("message", "string", "what the finding says"),
		)
	}
	return nil
}
