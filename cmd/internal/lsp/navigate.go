package lsp

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// occurrence is a component's name in the text: the label of its block or
// a reference KIND.NAME.
type occurrence struct {
	address string
	abs     string
	whole   hcl.Range // the label with its quotes, or the whole reference
	name    hcl.Range // the name alone: what a rename replaces
	decl    bool
}

// syntaxFiles are the parsed architecture files of st, by path, sorted.
func (s *Server) syntaxFiles(st *archState) ([]string, map[string]*hclsyntax.Body) {
	bodies := map[string]*hclsyntax.Body{}
	var names []string
	if st.report == nil {
		return nil, bodies
	}
	for display, f := range st.report.Files {
		abs := s.absOf(display)
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok || !isArchFile(abs) {
			continue
		}
		bodies[abs] = body
		names = append(names, abs)
	}
	sort.Strings(names)
	return names, bodies
}

func isKind(s string) bool { return slices.Contains(schema.Kinds, schema.Kind(s)) }

// componentBlocks are the component blocks of a file: at the top level and
// in services.
func componentBlocks(body *hclsyntax.Body) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		switch {
		case b.Type == "service":
			for _, nb := range b.Body.Blocks {
				if isKind(nb.Type) && len(nb.Labels) == 1 {
					out = append(out, nb)
				}
			}
		case isKind(b.Type) && len(b.Labels) == 1:
			out = append(out, b)
		}
	}
	return out
}

// occurrences lists every declaration of and reference to a component in
// the architecture's files, from their syntax, so that navigation works
// while the architecture is broken.
func (s *Server) occurrences(st *archState) []occurrence {
	names, bodies := s.syntaxFiles(st)
	var out []occurrence
	for _, abs := range names {
		body := bodies[abs]
		for _, b := range componentBlocks(body) {
			lr := b.LabelRanges[0]
			name := lr
			if end := name.End.Byte - name.Start.Byte; end >= 2 {
				name.Start.Byte++
				name.Start.Column++
				name.End.Byte--
				name.End.Column--
			}
			out = append(out, occurrence{address: b.Type + "." + b.Labels[0], abs: abs, whole: lr, name: name, decl: true})
		}
		hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
			e, ok := n.(*hclsyntax.ScopeTraversalExpr)
			if !ok || len(e.Traversal) != 2 || !isKind(e.Traversal.RootName()) {
				return nil
			}
			attr, ok := e.Traversal[1].(hcl.TraverseAttr)
			if !ok {
				return nil
			}
			whole := e.SrcRange
			name := whole
			name.Start = hcl.Pos{Line: whole.End.Line, Column: whole.End.Column - len(attr.Name), Byte: whole.End.Byte - len(attr.Name)}
			out = append(out, occurrence{address: e.Traversal.RootName() + "." + attr.Name, abs: abs, whole: whole, name: name})
			return nil
		})
	}
	return out
}

// at finds the occurrence under the cursor.
func (s *Server) at(st *archState, abs string, pos protocol.Position) (occurrence, []occurrence, bool) {
	all := s.occurrences(st)
	l := s.linesOf(st, abs)
	for _, o := range all {
		if o.abs == abs && contains(l.rng(o.whole), pos) {
			return o, all, true
		}
	}
	return occurrence{}, all, false
}

func (s *Server) location(st *archState, abs string, r hcl.Range) protocol.Location {
	return protocol.Location{URI: uriOf(abs), Range: s.linesOf(st, abs).rng(r)}
}

// docState is the architecture of a document and the document's path.
func (s *Server) docState(uri string) (*archState, string, bool) {
	abs, ok := pathOf(uri)
	if !ok || !isArchFile(abs) {
		return nil, "", false
	}
	st := s.fresh(path.Dir(abs))
	if st.report == nil {
		return nil, "", false
	}
	return st, abs, true
}

func (s *Server) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	st, abs, ok := s.docState(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	o, all, ok := s.at(st, abs, p.Position)
	if !ok {
		return nil, nil
	}
	for _, d := range all {
		if d.decl && d.address == o.address {
			return []protocol.Location{s.location(st, d.abs, d.whole)}, nil
		}
	}
	return nil, nil
}

func (s *Server) references(_ *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	st, abs, ok := s.docState(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	o, all, ok := s.at(st, abs, p.Position)
	if !ok {
		return nil, nil
	}
	out := []protocol.Location{}
	for _, r := range all {
		if r.address == o.address && (!r.decl || p.Context.IncludeDeclaration) {
			out = append(out, s.location(st, r.abs, r.whole))
		}
	}
	return out, nil
}

func (s *Server) prepareRename(_ *glsp.Context, p *protocol.PrepareRenameParams) (any, error) {
	st, abs, ok := s.docState(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	o, _, ok := s.at(st, abs, p.Position)
	if !ok {
		return nil, nil
	}
	r := s.linesOf(st, abs).rng(o.name)
	return &r, nil
}

// rename renames a component in every file of its architecture: its
// block's label and every reference to it.
func (s *Server) rename(_ *glsp.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	st, abs, ok := s.docState(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	o, all, ok := s.at(st, abs, p.Position)
	if !ok {
		return nil, fmt.Errorf("there is no component name here to rename: put the cursor on a component's label or on a reference such as queue.orders")
	}
	if !hclsyntax.ValidIdentifier(p.NewName) {
		return nil, fmt.Errorf("%q is not a valid name: names are letters, digits, underscores and dashes, starting with a letter", p.NewName)
	}
	kind, _, _ := strings.Cut(o.address, ".")
	target := kind + "." + p.NewName
	for _, d := range all {
		if d.decl && d.address == target {
			return nil, fmt.Errorf("%s already exists in this architecture", target)
		}
	}
	changes := map[string][]protocol.TextEdit{}
	for _, r := range all {
		if r.address != o.address {
			continue
		}
		uri := uriOf(r.abs)
		changes[uri] = append(changes[uri], protocol.TextEdit{Range: s.linesOf(st, r.abs).rng(r.name), NewText: p.NewName})
	}
	return &protocol.WorkspaceEdit{Changes: changes}, nil
}

var symbolKinds = map[string]protocol.SymbolKind{
	"architecture": protocol.SymbolKindPackage,
	"service":      protocol.SymbolKindNamespace,
	"workload":     protocol.SymbolKindEvent,
	"pattern":      protocol.SymbolKindInterface,
	"trigger":      protocol.SymbolKindEvent,
}

func symbolKind(blockType string) protocol.SymbolKind {
	if k, ok := symbolKinds[blockType]; ok {
		return k
	}
	if schema.Kind(blockType).IsChannel() {
		return protocol.SymbolKindEnum
	}
	switch schema.Kind(blockType) {
	case schema.KindDatabase, schema.KindBucket:
		return protocol.SymbolKindStruct
	case schema.KindAPI:
		return protocol.SymbolKindInterface
	}
	return protocol.SymbolKindFunction
}

// documentSymbol outlines a file: its blocks, services with their
// components, from the syntax alone.
func (s *Server) documentSymbol(_ *glsp.Context, p *protocol.DocumentSymbolParams) (any, error) {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	src, _ := s.text(abs)
	f, _ := schema.ParseHCL(src, abs)
	out := []protocol.DocumentSymbol{}
	if f == nil {
		return out, nil
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return out, nil
	}
	l := newLines(src)
	var symbols func(blocks hclsyntax.Blocks, depth int) []protocol.DocumentSymbol
	symbols = func(blocks hclsyntax.Blocks, depth int) []protocol.DocumentSymbol {
		out := []protocol.DocumentSymbol{}
		for _, b := range blocks {
			if b.Type == "trigger" {
				continue
			}
			name := strings.Join(b.Labels, " ")
			detail := b.Type
			if isKind(b.Type) && len(b.Labels) == 1 {
				name = b.Type + "." + b.Labels[0]
			}
			if name == "" {
				name = b.Type
			}
			sym := protocol.DocumentSymbol{Name: name, Detail: &detail, Kind: symbolKind(b.Type), Range: l.rng(b.Range()), SelectionRange: l.rng(b.DefRange())}
			if depth == 0 && b.Type == "service" {
				sym.Children = symbols(b.Body.Blocks, depth+1)
			}
			out = append(out, sym)
		}
		return out
	}
	return symbols(body.Blocks, 0), nil
}

// workspaceSymbol lists the components, services and workloads of every
// architecture in the workspace whose name holds the query.
func (s *Server) workspaceSymbol(_ *glsp.Context, p *protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	var dirs []string
	if s.root != "" {
		found, _ := schema.Discover(s.fs, fsName(s.root), schema.Walk{Recursive: true})
		for _, d := range found {
			dirs = append(dirs, "/"+strings.TrimPrefix(d, "/"))
		}
	}
	for dir := range s.archs {
		if !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	sort.Strings(dirs)
	query := strings.ToLower(p.Query)
	out := []protocol.SymbolInformation{}
	add := func(st *archState, name, container string, kind protocol.SymbolKind, r hcl.Range) {
		if r.Filename == "" || !strings.Contains(strings.ToLower(name), query) {
			return
		}
		si := protocol.SymbolInformation{Name: name, Kind: kind, Location: s.location(st, s.absOf(r.Filename), r)}
		if container != "" {
			si.ContainerName = &container
		}
		out = append(out, si)
	}
	for _, dir := range dirs {
		st := s.fresh(dir)
		if st.arch == nil {
			continue
		}
		for _, svc := range st.arch.Services {
			add(st, svc.Name, st.display, symbolKind("service"), svc.DeclRange)
		}
		for _, c := range st.arch.Components {
			add(st, c.Address(), c.ServiceName(), symbolKind(string(c.Kind)), c.DeclRange)
		}
		for _, w := range st.arch.Workloads {
			add(st, "workload "+w.Name, st.display, symbolKind("workload"), w.DeclRange)
		}
	}
	return out, nil
}
