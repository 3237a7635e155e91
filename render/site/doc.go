package site

import (
	"github.com/archiehq/archie/schema/safetext"
	"strconv"
	"strings"
	"unicode"
)

// The pages are built as a small document tree (headings, paragraphs,
// lists, tables, figures) and written from it as Markdown files or as one
// HTML file, so both say the same thing and each writer does its own
// escaping.

// Page is one document of the site.
type Page struct {
	Path   string // "index.md", "services/orders.md"
	Title  string
	Nav    string // the label in the HTML navigation
	Group  string // navigation group: "", "Services", "Patterns", "Workloads"
	Blocks []Block

	slugs map[string]int
}

// Block is one block of a page.
type Block interface{ isBlock() }

// Heading is a section title. ID is its anchor: the slug GitHub gives the
// same heading, so links into Markdown pages work there too.
type Heading struct {
	Level int
	Text  Inline
	ID    string
}

// Para is a paragraph.
type Para struct{ Text Inline }

// List is a bulleted list.
type List struct{ Items []Inline }

// Table is a table with a header row.
type Table struct {
	Header []string
	Right  []bool // right-align the column (numbers)
	Prose  []bool // free text (descriptions, messages): give it room to wrap
	Rows   [][]Inline
}

// Figure is an SVG picture stored beside the pages (Markdown) or inlined
// (HTML).
type Figure struct {
	Asset   string // path of the SVG relative to the site root
	Alt     string
	Caption string
}

// CodeBlock is a fenced block, such as a Mermaid diagram.
type CodeBlock struct {
	Lang string
	Text string
}

func (Heading) isBlock()   {}
func (Para) isBlock()      {}
func (List) isBlock()      {}
func (Table) isBlock()     {}
func (Figure) isBlock()    {}
func (CodeBlock) isBlock() {}

// Inline is a run of text spans.
type Inline []Span

// Span is text with at most one style and an optional link.
type Span struct {
	Text   string
	Code   bool
	Strong bool
	Emph   bool
	Link   *Link
}

// Link points at a page of the site (Page, optional Anchor), at a file
// relative to the site root (File, optional Line), or anywhere (URL).
type Link struct {
	Page   string
	Anchor string
	File   string
	Line   int
	URL    string
}

// Text, Code, Strong and Emph build spans.
func Text(s string) Span   { return Span{Text: s} }
func Code(s string) Span   { return Span{Text: s, Code: true} }
func Strong(s string) Span { return Span{Text: s, Strong: true} }
func Emph(s string) Span   { return Span{Text: s, Emph: true} }

// To links a span.
func (s Span) To(l *Link) Span { s.Link = l; return s }

// T is an Inline of plain text.
func T(s string) Inline { return Inline{Text(s)} }

// C is an Inline of one code span.
func C(s string) Inline { return Inline{Code(s)} }

// PlainText is the inline's text without styles.
func (in Inline) PlainText() string {
	var b strings.Builder
	for _, s := range in {
		b.WriteString(s.Text)
	}
	return b.String()
}

// sanitize passes every text of the page through safetext.Text: names,
// descriptions and messages come from input, and the Markdown and HTML
// writers escape markup, not control characters.
func (p *Page) sanitize() {
	clean := func(s *string) { *s = safetext.Text(*s) }
	inline := func(in Inline) {
		for i := range in {
			clean(&in[i].Text)
			if l := in[i].Link; l != nil {
				l.File, l.URL = safetext.Line(l.File), safetext.Line(l.URL)
			}
		}
	}
	clean(&p.Title)
	clean(&p.Nav)
	for i, b := range p.Blocks {
		switch b := b.(type) {
		case Heading:
			inline(b.Text)
		case Para:
			inline(b.Text)
		case List:
			for _, it := range b.Items {
				inline(it)
			}
		case Table:
			for j := range b.Header {
				clean(&b.Header[j])
			}
			for _, row := range b.Rows {
				for _, cell := range row {
					inline(cell)
				}
			}
		case Figure:
			clean(&b.Alt)
			clean(&b.Caption)
			p.Blocks[i] = b
		case CodeBlock:
			clean(&b.Text)
			p.Blocks[i] = b
		}
	}
}

// add appends blocks to the page.
func (p *Page) add(bs ...Block) { p.Blocks = append(p.Blocks, bs...) }

// heading appends a heading and returns its anchor, unique in the page
// the way GitHub numbers repeated headings ("x", "x-1", "x-2").
func (p *Page) heading(level int, text Inline) string {
	id := p.slug(text.PlainText())
	p.add(Heading{Level: level, Text: text, ID: id})
	return id
}

func (p *Page) slug(text string) string {
	if p.slugs == nil {
		p.slugs = map[string]int{}
	}
	base := Slug(text)
	n := p.slugs[base]
	p.slugs[base] = n + 1
	if n == 0 {
		return base
	}
	return base + "-" + strconv.Itoa(n)
}

// Slug is GitHub's anchor for a heading: lower case, punctuation other
// than "-" and "_" dropped, spaces turned into "-".
func Slug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
