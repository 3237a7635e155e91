package lsp

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// A fix is edits of one file's text, made by inserting and replacing
// bytes; the result is then formatted as archie fmt would, so that every
// fix leaves `archie fmt --check` clean.
type splice struct {
	start, end int
	text       string
}

func applySplices(src []byte, edits []splice) []byte {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := slices.Clone(src)
	for _, e := range edits {
		out = slices.Concat(out[:e.start], []byte(e.text), out[e.end:])
	}
	return out
}

var visibilityAdvice = lazyregexp.New(`set visibility_timeout to at least (\S+)$`)

// codeAction offers the quick fixes of the findings in the range: the
// rule's mechanical fix where it has one, and an archie-ignore comment for
// any finding of the catalog.
func (s *Server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	st, abs, ok := s.docState(p.TextDocument.URI)
	out := []protocol.CodeAction{}
	if !ok || st.arch == nil {
		return out, nil
	}
	l := s.linesOf(st, abs)
	for _, f := range st.report.Findings {
		if s.absOf(f.Range.Filename) != abs {
			continue
		}
		r := l.rng(f.Range)
		if before(r.End, p.Range.Start) || before(p.Range.End, r.Start) {
			continue
		}
		diag := s.findingDiagnostic(st, abs, f)
		for _, fx := range s.fixes(st, abs, f) {
			kind := protocol.CodeActionKindQuickFix
			preferred := fx.preferred
			out = append(out, protocol.CodeAction{
				Title:       fx.title,
				Kind:        &kind,
				Diagnostics: []protocol.Diagnostic{diag},
				IsPreferred: &preferred,
				Edit:        &protocol.WorkspaceEdit{Changes: map[string][]protocol.TextEdit{uriOf(abs): {fx.edit}}},
			})
		}
	}
	return out, nil
}

type fix struct {
	title     string
	edit      protocol.TextEdit
	preferred bool
}

// fixes are the quick fixes of one finding in the file abs.
func (s *Server) fixes(st *archState, abs string, f lint.Finding) []fix {
	l := s.linesOf(st, abs)
	file, ok := st.report.Files[f.Range.Filename]
	if !ok {
		return nil
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	src := l.src
	var out []fix
	add := func(title string, edits []splice, preferred bool) {
		if len(edits) == 0 {
			return
		}
		next := applySplices(src, edits)
		formatted, diags := schema.Format(f.Range.Filename, next)
		if diags.HasErrors() {
			return
		}
		out = append(out, fix{title: title, edit: replaceAll(src, formatted), preferred: preferred})
	}
	c := st.arch.Component(f.Component)
	block := componentBlock(body, c)
	switch {
	case c == nil || block == nil:
	case f.Rule == "missing-dlq" && c.Kind == schema.KindQueue:
		dlq := freeName(st, c.Name+"_dlq")
		add(fmt.Sprintf("Add dead-letter queue %s and wire it to %s", "queue."+dlq, c.Address()),
			append(setAttr(src, block, "dead_letter", "queue."+dlq), newQueue(src, block, dlq)), true)
	case f.Rule == "missing-dlq" && c.Kind.IsCompute():
		dlq := freeName(st, c.Name+"_failed")
		target := block
		if t := triggerBlock(block, f.Range); t != nil {
			target = t // a stream trigger's failed batches
		}
		add(fmt.Sprintf("Send failures to a new queue.%s (on_failure)", dlq),
			append(setAttr(src, target, "on_failure", "queue."+dlq), newQueue(src, block, dlq)), true)
	case f.Rule == "partial-batch":
		if t := triggerBlock(block, f.Range); t != nil {
			add("Set partial_batch_response = true", setAttr(src, t, "partial_batch_response", "true"), true)
		}
	case f.Rule == "visibility-timeout":
		if m := visibilityAdvice.FindStringSubmatch(f.Message); m != nil {
			add(fmt.Sprintf("Raise visibility_timeout to %s", m[1]), setAttr(src, block, "visibility_timeout", `"`+m[1]+`"`), true)
		}
	case f.Rule == "non-idempotent-consumer":
		add("Declare idempotent = true (the handler must be safe to repeat)", setAttr(src, block, "idempotent", "true"), false)
	}
	if !slices.ContainsFunc(lint.EngineRules(), func(m lint.Meta) bool { return m.ID == f.Rule }) {
		add(fmt.Sprintf("Ignore %s here with an archie-ignore comment", f.Rule), ignoreSplice(src, body, f), false)
	}
	return out
}

// componentBlock finds the block that declared c.
func componentBlock(body *hclsyntax.Body, c *schema.Component) *hclsyntax.Block {
	if c == nil {
		return nil
	}
	for _, b := range componentBlocks(body) {
		if b.DefRange().Start.Byte == c.DeclRange.Start.Byte && b.Type == string(c.Kind) {
			return b
		}
	}
	return nil
}

// triggerBlock is the trigger of block whose header the finding points at.
func triggerBlock(block *hclsyntax.Block, at hcl.Range) *hclsyntax.Block {
	for _, b := range block.Body.Blocks {
		if b.Type == "trigger" && b.DefRange().Start.Byte == at.Start.Byte {
			return b
		}
	}
	return nil
}

// freeName is name, or name with a number, that no queue of st has.
func freeName(st *archState, name string) string {
	taken := func(n string) bool { return st.arch.Component("queue."+n) != nil }
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s%d", name, i); !taken(n) {
			return n
		}
	}
}

// setAttr writes name = value in block: replacing the value when the
// attribute is there, else as the block's first line.
func setAttr(src []byte, block *hclsyntax.Block, name, value string) []splice {
	if a, ok := block.Body.Attributes[name]; ok {
		r := a.Expr.Range()
		return []splice{{r.Start.Byte, r.End.Byte, value}}
	}
	line := name + " = " + value
	open, close := block.OpenBraceRange, block.CloseBraceRange
	if open.End.Line == close.Start.Line {
		inner := strings.TrimSpace(string(src[open.End.Byte:close.Start.Byte]))
		if inner != "" {
			inner += "\n"
		}
		return []splice{{open.End.Byte, close.Start.Byte, "\n" + inner + line + "\n"}}
	}
	at := open.End.Byte
	if i := strings.IndexByte(string(src[at:]), '\n'); i >= 0 {
		at += i + 1
	}
	return []splice{{at, at, line + "\n"}}
}

// newQueue declares a dead-letter queue after block, keeping messages
// for SQS's longest retention, 14 days (Amazon SQS Developer Guide,
// message quotas, checked 2026-11).
func newQueue(src []byte, block *hclsyntax.Block, name string) splice {
	end := block.Range().End.Byte
	return splice{end, end, fmt.Sprintf("\n\nqueue %q {\n  retention = \"14d\"\n}", name)}
}

// ignoreSplice inserts `# archie-ignore: RULE -- ` above the innermost
// block or attribute holding the finding's start, for the user to give the
// reason; above the first block as archie-ignore-file when none does.
func ignoreSplice(src []byte, body *hclsyntax.Body, f lint.Finding) []splice {
	offset := f.Range.Start.Byte
	start := -1
	var visit func(b *hclsyntax.Body)
	visit = func(b *hclsyntax.Body) {
		for _, a := range b.Attributes {
			if r := a.Range(); r.Start.Byte <= offset && offset < r.End.Byte {
				start = r.Start.Byte
			}
		}
		for _, nb := range b.Blocks {
			if r := nb.Range(); r.Start.Byte <= offset && offset < r.End.Byte {
				start = r.Start.Byte
				visit(nb.Body)
			}
		}
	}
	visit(body)
	if start < 0 {
		return []splice{{0, 0, "# archie-ignore-file: " + f.Rule + " -- \n"}}
	}
	lineStart := start
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	indent := string(src[lineStart:start])
	if strings.TrimSpace(indent) != "" {
		// Something precedes the node on its line: a comment above the
		// line would cover the outer node, which holds the finding too.
		indent = indent[:len(indent)-len(strings.TrimLeft(indent, " \t"))]
	}
	return []splice{{lineStart, lineStart, indent + "# archie-ignore: " + f.Rule + " -- \n"}}
}
