package lsp

import (
	"bytes"

	"github.com/archiehq/archie/schema"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// formatting formats a document exactly as `archie fmt` does; a document
// with syntax errors is left alone (its diagnostics say why).
func (s *Server) formatting(_ *glsp.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	text, ok := s.text(abs)
	if !ok {
		return nil, nil
	}
	out, diags := schema.Format(abs, text)
	if diags.HasErrors() || bytes.Equal(out, text) {
		return []protocol.TextEdit{}, nil
	}
	return []protocol.TextEdit{replaceAll(text, out)}, nil
}

// replaceAll is the edit that turns old into new: the lines between their
// common beginning and end, so the cursor and folds elsewhere stay put.
func replaceAll(old, new []byte) protocol.TextEdit {
	prefix := 0
	for prefix < len(old) && prefix < len(new) && old[prefix] == new[prefix] {
		prefix++
	}
	// back to the start of a line
	for prefix > 0 && old[prefix-1] != '\n' {
		prefix--
	}
	suffix := 0
	for suffix < len(old)-prefix && suffix < len(new)-prefix && old[len(old)-1-suffix] == new[len(new)-1-suffix] {
		suffix++
	}
	// forward to the start of a line
	for suffix > 0 && old[len(old)-suffix-1] != '\n' {
		suffix--
	}
	l := newLines(old)
	return protocol.TextEdit{
		Range:   protocol.Range{Start: l.position(prefix), End: l.position(len(old) - suffix)},
		NewText: string(new[prefix : len(new)-suffix]),
	}
}

// text is a file as the editor shows it: its open buffer, else the disk.
func (s *Server) text(abs string) ([]byte, bool) {
	if doc := s.docs[abs]; doc != nil {
		return doc.text, true
	}
	b, err := s.fs.ReadFile(fsName(abs))
	return b, err == nil
}
