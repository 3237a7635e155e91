package lsp

import (
	"slices"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// frame is a pair of braces around the cursor: a block with its type and
// labels, or an object value (typ "").
type frame struct {
	typ         string
	labels      []string
	open, close int // byte offsets of the braces; close is -1 when missing
}

// blockChain lists the braces around offset, outermost first. It works on
// tokens, not on the syntax tree, so it holds up while the user types an
// unfinished block.
func blockChain(src []byte, offset int) []frame {
	tokens, _ := hclsyntax.LexConfig(src, "", hcl.Pos{Line: 1, Column: 1})
	var stack, done []frame
	var line hclsyntax.Tokens
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenNewline:
			line = line[:0]
			continue
		case hclsyntax.TokenComment:
			continue
		case hclsyntax.TokenOBrace:
			f := frame{open: t.Range.Start.Byte, close: -1}
			if typ, labels, ok := blockHeader(line); ok {
				f.typ, f.labels = typ, labels
			}
			stack = append(stack, f)
		case hclsyntax.TokenCBrace:
			if n := len(stack); n > 0 {
				f := stack[n-1]
				f.close = t.Range.Start.Byte
				stack = stack[:n-1]
				done = append(done, f)
			}
		}
		line = append(line, t)
	}
	all := append(done, stack...)
	var out []frame
	for _, f := range all {
		if f.open < offset && (f.close == -1 || f.close >= offset) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b frame) int { return a.open - b.open })
	return out
}

// blockHeader reads `TYPE "label" ... {` from the tokens of a line before
// a brace.
func blockHeader(line hclsyntax.Tokens) (string, []string, bool) {
	if len(line) == 0 || line[0].Type != hclsyntax.TokenIdent {
		return "", nil, false
	}
	var labels []string
	for _, t := range line[1:] {
		switch t.Type {
		case hclsyntax.TokenOQuote, hclsyntax.TokenCQuote:
		case hclsyntax.TokenQuotedLit, hclsyntax.TokenIdent:
			labels = append(labels, string(t.Bytes))
		default:
			return "", nil, false
		}
	}
	return string(line[0].Bytes), labels, true
}

// scope is what may be written at a place: attributes, nested blocks, and
// for each reference attribute the kinds it may name.
type scope struct {
	block  string // enclosing block type; "" at the top level
	attrs  []schema.AttrSpec
	blocks []string
	// roles of a pattern: references, maybe lists
	roles []schema.RoleSpec
	// sourceKinds and named sources a trigger accepts
	sourceKinds []schema.Kind
	named       []string // named sources such as "schedule"
	valid       bool     // false inside an object value or an unknown block
}

var sourceAttr = lazyregexp.New(`(?m)^\s*source\s*=\s*(?:([a-z_]+)\.|"([a-z_]+)")`)

// scopeAt is the scope of an architecture file at offset.
func scopeAt(src []byte, offset int) scope {
	chain := blockChain(src, offset)
	kinds := kindNames()
	if len(chain) == 0 {
		return scope{blocks: append(schema.TopBlocks(), kinds...), valid: true}
	}
	inner := chain[len(chain)-1]
	var parent *frame
	if len(chain) > 1 {
		parent = &chain[len(chain)-2]
	}
	sc := scope{block: inner.typ, valid: true}
	switch {
	case inner.typ == "architecture" && parent == nil:
		sc.attrs = schema.ArchitectureAttrs()
	case inner.typ == "service" && parent == nil:
		sc.attrs = schema.ServiceAttrs()
		sc.blocks = kinds
	case inner.typ == "workload" && parent == nil:
		sc.attrs = schema.WorkloadAttrs()
		sc.blocks = []string{"burst"}
	case inner.typ == "burst" && parent != nil && parent.typ == "workload":
		sc.attrs = schema.BurstAttrs()
	case inner.typ == "pattern" && parent == nil && len(inner.labels) > 0:
		sc.roles = schema.PatternRoles[inner.labels[0]]
	case isKind(inner.typ) && (parent == nil || parent.typ == "service"):
		k := schema.Kind(inner.typ)
		sc.attrs = schema.ComponentAttrs(k)
		if accepted, _ := schema.AcceptedSources(k); len(accepted) > 0 {
			sc.blocks = []string{"trigger"}
		}
	case inner.typ == "trigger" && parent != nil && isKind(parent.typ):
		accepted, named := schema.AcceptedSources(schema.Kind(parent.typ))
		sc.sourceKinds, sc.named = accepted, named
		end := len(src)
		if inner.close >= 0 {
			end = inner.close
		}
		key := ""
		if m := sourceAttr.FindSubmatch(src[inner.open:end]); m != nil {
			key = string(m[1]) + string(m[2])
		}
		sc.attrs = append([]schema.AttrSpec{{Name: "source", Type: schema.TypeRef, Required: true, RefKinds: accepted,
			Doc: "what pushes work into this component: a reference such as queue.orders, or a named source such as \"schedule\""}},
			schema.TriggerAttrs(schema.Kind(parent.typ), key)...)
	default:
		sc.valid = false
	}
	return sc
}

func kindNames() []string {
	var out []string
	for _, k := range schema.Kinds {
		out = append(out, string(k))
	}
	return out
}

// spec finds an attribute of the scope, a pattern role as a reference.
func (sc scope) spec(name string) (schema.AttrSpec, bool) {
	for _, a := range sc.attrs {
		if a.Name == name {
			return a, true
		}
	}
	for _, r := range sc.roles {
		if r.Name == name {
			t := schema.TypeRef
			if r.List {
				t = schema.TypeRefList
			}
			return schema.AttrSpec{Name: r.Name, Type: t, RefKinds: r.Kinds, Required: !r.Optional, Doc: "the pattern's " + r.Name + " role"}, true
		}
	}
	return schema.AttrSpec{}, false
}
