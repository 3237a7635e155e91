package lsp

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/inspect"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

var (
	attrAtLine = lazyregexp.New(`^(\s*)(\w+)\s*=`)
	ruleIDWord = lazyregexp.New(`[a-z][a-z0-9-]*`)
)

// ruleIDHover explains a rule named in an archie-ignore comment or in a
// rule block of .archie.hcl.
func (s *Server) ruleIDHover(abs string, pos protocol.Position) *protocol.Hover {
	text, ok := s.text(abs)
	if !ok {
		return nil
	}
	l := newLines(text)
	if int(pos.Line) >= len(l.start) {
		return nil
	}
	lineStart, lineEnd := l.start[pos.Line], len(text)
	if int(pos.Line)+1 < len(l.start) {
		lineEnd = l.start[pos.Line+1]
	}
	line := string(text[lineStart:lineEnd])
	if !strings.Contains(line, "archie-ignore") && !(isConfigFile(abs) && strings.HasPrefix(strings.TrimSpace(line), "rule")) {
		return nil
	}
	for _, m := range ruleIDWord.FindAllStringIndex(line, -1) {
		r := protocol.Range{Start: l.position(lineStart + m[0]), End: l.position(lineStart + m[1])}
		if !contains(r, pos) {
			continue
		}
		for _, meta := range s.catalog(true) {
			if meta.ID == line[m[0]:m[1]] {
				return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: ruleHover(meta)}, Range: &r}
			}
		}
	}
	return nil
}

// hover explains what is under the cursor: the findings there (the rule's
// title and why, with its page), the component a name or reference stands
// for (its attributes after defaults, as archie inspect shows them), or an
// attribute's documentation.
func (s *Server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok || !isArchFile(abs) && !isConfigFile(abs) {
		return nil, nil
	}
	if h := s.ruleIDHover(abs, p.Position); h != nil {
		return h, nil
	}
	if !isArchFile(abs) {
		return nil, nil
	}
	st := s.fresh(path.Dir(abs))
	if st.report == nil {
		return nil, nil
	}
	l := s.linesOf(st, abs)
	var parts []string
	var rng *protocol.Range
	seen := map[string]bool{}
	for _, f := range st.report.Findings {
		r := l.rng(f.Range)
		if s.absOf(f.Range.Filename) != abs || !contains(r, p.Position) || seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		if m, ok := s.meta(st, f.Rule); ok {
			parts = append(parts, ruleHover(m))
			rng = &r
		}
	}
	if o, _, ok := s.at(st, abs, p.Position); ok && st.arch != nil {
		if c := st.arch.Component(o.address); c != nil {
			parts = append(parts, componentHover(c))
			r := l.rng(o.whole)
			rng = &r
		}
	} else if text, r, ok := s.attrHover(l, p.Position); ok {
		parts = append(parts, text)
		rng = &r
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    rng,
	}, nil
}

// meta finds a rule's documentation: the catalog, the engine's checks, or
// a custom rule of the configuration.
func (s *Server) meta(st *archState, id string) (lint.Meta, bool) {
	for _, m := range s.catalog(true) {
		if m.ID == id {
			return m, true
		}
	}
	if st.report != nil {
		for _, m := range st.report.Rules {
			if m.ID == id {
				return m, true
			}
		}
	}
	return lint.Meta{}, false
}

func ruleHover(m lint.Meta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s): %s\n\n", m.ID, m.Severity, m.Title)
	if m.Why != "" {
		b.WriteString(unwrap(m.Why))
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "[%s](%s)", "docs/rules/"+m.ID+".md", RuleDocURL(m.ID))
	return b.String()
}

// unwrap joins the hard-wrapped lines of a paragraph; Markdown does the
// wrapping in the editor.
func unwrap(text string) string {
	paras := strings.Split(text, "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}

// componentHover is the component as archie inspect shows it.
func componentHover(c *schema.Component) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", c.Address())
	if c.Service != nil {
		fmt.Fprintf(&b, " in service **%s**", c.Service.Name)
		if c.Service.Owner != "" {
			fmt.Fprintf(&b, ", owner %s", c.Service.Owner)
		}
	}
	b.WriteString("\n\n```hcl\n")
	names := make([]string, 0, len(c.Attrs))
	width := 0
	for n := range c.Attrs {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		a := c.Attrs[n]
		line := fmt.Sprintf("%-*s = %s", width, n, inspect.Text(inspect.Value(a)))
		if !a.Set {
			line += " # default"
		}
		b.WriteString(line + "\n")
	}
	for _, t := range c.Triggers {
		fmt.Fprintf(&b, "# trigger from %s (%s)\n", t.SourceName, t.Mode)
	}
	b.WriteString("```")
	return b.String()
}

// attrHover documents the attribute whose name is under the cursor.
func (s *Server) attrHover(l *lines, pos protocol.Position) (string, protocol.Range, bool) {
	if int(pos.Line) >= len(l.start) {
		return "", protocol.Range{}, false
	}
	lineStart := l.start[pos.Line]
	lineEnd := len(l.src)
	if int(pos.Line)+1 < len(l.start) {
		lineEnd = l.start[pos.Line+1]
	}
	m := attrAtLine.FindSubmatchIndex(l.src[lineStart:lineEnd])
	if m == nil {
		return "", protocol.Range{}, false
	}
	r := protocol.Range{Start: l.position(lineStart + m[4]), End: l.position(lineStart + m[5])}
	if !contains(r, pos) {
		return "", protocol.Range{}, false
	}
	name := string(l.src[lineStart+m[4] : lineStart+m[5]])
	spec, ok := scopeAt(l.src, lineStart+m[4]).spec(name)
	if !ok {
		return "", protocol.Range{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**: %s\n\n%s", spec.Name, attrDetail(spec), spec.Doc)
	if len(spec.Enum) > 0 {
		fmt.Fprintf(&b, "\n\nOne of: %s.", strings.Join(spec.Enum, ", "))
	}
	if spec.Hint != "" {
		fmt.Fprintf(&b, "\n\n%s", spec.Hint)
	}
	return b.String(), r, true
}
