package lsp

import (
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// lines indexes a file's text so that positions convert between HCL's
// (1-based lines and columns, byte offsets) and LSP's (0-based lines,
// UTF-16 code units).
type lines struct {
	src   []byte
	start []int // byte offset of each line
}

func newLines(src []byte) *lines {
	l := &lines{src: src, start: []int{0}}
	for i, b := range src {
		if b == '\n' {
			l.start = append(l.start, i+1)
		}
	}
	return l
}

// position converts a byte offset.
func (l *lines) position(offset int) protocol.Position {
	offset = min(max(offset, 0), len(l.src))
	line := sort.Search(len(l.start), func(i int) bool { return l.start[i] > offset }) - 1
	return protocol.Position{Line: uint32(line), Character: uint32(utf16Len(l.src[l.start[line]:offset]))}
}

// offset converts an LSP position; past the end of a line means its end.
func (l *lines) offset(p protocol.Position) int {
	if int(p.Line) >= len(l.start) {
		return len(l.src)
	}
	i := l.start[p.Line]
	end := len(l.src)
	if int(p.Line)+1 < len(l.start) {
		end = l.start[p.Line+1] - 1
	}
	for n := 0; n < int(p.Character) && i < end; {
		r, w := utf8.DecodeRune(l.src[i:end])
		if r == utf8.RuneError && w <= 1 {
			n++
		} else {
			n += utf16.RuneLen(r)
		}
		i += w
	}
	return i
}

// pos converts an HCL position: by its byte offset, or by line and column
// for a position built without one.
func (l *lines) pos(p hcl.Pos) protocol.Position {
	if p.Byte > 0 || (p.Line <= 1 && p.Column <= 1) {
		return l.position(p.Byte)
	}
	return protocol.Position{Line: uint32(max(p.Line-1, 0)), Character: uint32(max(p.Column-1, 0))}
}

func (l *lines) rng(r hcl.Range) protocol.Range {
	return protocol.Range{Start: l.pos(r.Start), End: l.pos(r.End)}
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, w := utf8.DecodeRune(b)
		if r == utf8.RuneError && w <= 1 {
			n++
		} else {
			n += utf16.RuneLen(r)
		}
		b = b[w:]
	}
	return n
}

// pathOf is the absolute slash path of a file: URI.
func pathOf(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", false
	}
	p := u.Path
	// file:///C:/x on Windows
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return path.Clean(p), true
}

// uriOf is the file: URI of an absolute slash path.
func uriOf(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// fsName is an absolute path's name in the server's file system, which is
// rooted at "/".
func fsName(abs string) string {
	n := strings.TrimPrefix(path.Clean(abs), "/")
	if n == "" {
		return "."
	}
	return n
}

// contains reports whether an LSP range holds a position.
func contains(r protocol.Range, p protocol.Position) bool {
	return !before(p, r.Start) && !before(r.End, p)
}

func before(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}
