package site

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"path"
	"strings"
	"sync"

	"github.com/archiehq/archie/schema/lazyregexp"
)

//go:embed site.html.tmpl
var htmlTemplateText string

//go:embed site.css
var siteCSS string

// htmlTemplate is parsed on first use, not when the process starts: every
// archie command links this package, few of them write a site.
var htmlTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("site").Parse(htmlTemplateText))
})

// The HTML form of the site is one file: every page is a section, every
// picture is inline SVG, the style sheet and the diagram explorer's script
// (explorer.go) are inline. A Content-Security-Policy allows that script by
// its hash and forbids loading anything else, so the file opens the same
// offline, attached to a mail, or from a CI artifact.

type htmlSite struct {
	Title    string
	CSS      template.CSS
	CSP      template.HTML // the whole meta element: its quotes stay as written
	Script   template.JS
	Data     template.JS
	NavTop   []htmlNav
	NavGroup []htmlNavGroup
	Pages    []htmlPage
	Stamp    string
}

type htmlNavGroup struct {
	Title string
	Items []htmlNav
}

type htmlNav struct {
	Label, Href string
}

type htmlPage struct {
	ID     string
	Blocks []htmlBlock
}

type htmlBlock struct {
	Kind    string // h, p, ul, table, figure, code
	Level   int
	ID      string
	Text    []htmlSpan
	Items   [][]htmlSpan
	Header  []htmlCell
	Rows    [][]htmlCell
	SVG     template.HTML
	View    string // the diagram's view: "context" for the index's
	Alt     string
	Caption string
	Lang    string
	Code    string
}

type htmlCell struct {
	Right bool
	Prose bool
	Text  string
	Spans []htmlSpan
}

type htmlSpan struct {
	Text                string
	Code, Strong, Emph  bool
	Href                string // html/template checks its scheme
	HasLink, IsExternal bool
}

// HTML writes the site as one self-contained HTML file.
func (s *Site) HTML() ([]byte, error) {
	assets := map[string][]byte{}
	for _, a := range s.Assets {
		assets[a.Path] = a.Data
	}
	hs := htmlSite{Title: s.Title, CSS: template.CSS(siteCSS), Stamp: s.Stamp,
		CSP: template.HTML(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ` +
			explorerScriptHash() + `">`),
		Script: template.JS(explorerJS)}
	if len(s.Explorer) > 0 {
		hs.Data = template.JS(s.Explorer)
	}
	groups := map[string]*htmlNavGroup{}
	for _, p := range s.Pages {
		nav := htmlNav{Label: p.Nav, Href: "#" + pageID(p.Path)}
		if p.Group == "" {
			hs.NavTop = append(hs.NavTop, nav)
		} else {
			g := groups[p.Group]
			if g == nil {
				hs.NavGroup = append(hs.NavGroup, htmlNavGroup{Title: p.Group})
				g = &hs.NavGroup[len(hs.NavGroup)-1]
				groups[p.Group] = g
			}
			g.Items = append(g.Items, nav)
		}
		hp, err := htmlPageOf(p, assets)
		if err != nil {
			return nil, err
		}
		hs.Pages = append(hs.Pages, hp)
	}
	var buf bytes.Buffer
	if err := htmlTemplate().Execute(&buf, hs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pageID is the anchor of a page's section: "services/orders.md" is
// "p-services-orders".
func pageID(p string) string {
	return "p-" + strings.ReplaceAll(strings.TrimSuffix(p, ".md"), "/", "-")
}

func htmlPageOf(p *Page, assets map[string][]byte) (htmlPage, error) {
	hp := htmlPage{ID: pageID(p.Path)}
	spans := func(in Inline) []htmlSpan { return htmlSpans(p, in) }
	figures := 0
	for _, b := range p.Blocks {
		switch b := b.(type) {
		case Heading:
			hp.Blocks = append(hp.Blocks, htmlBlock{Kind: "h", Level: b.Level, ID: hp.ID + "--" + b.ID, Text: spans(b.Text)})
		case Para:
			hp.Blocks = append(hp.Blocks, htmlBlock{Kind: "p", Text: spans(b.Text)})
		case List:
			hb := htmlBlock{Kind: "ul"}
			for _, it := range b.Items {
				hb.Items = append(hb.Items, spans(it))
			}
			hp.Blocks = append(hp.Blocks, hb)
		case Table:
			hb := htmlBlock{Kind: "table"}
			for i, h := range b.Header {
				hb.Header = append(hb.Header, htmlCell{Text: h, Right: at(b.Right, i), Prose: at(b.Prose, i)})
			}
			for _, row := range b.Rows {
				var cells []htmlCell
				for i := range b.Header {
					c := htmlCell{Right: at(b.Right, i), Prose: at(b.Prose, i)}
					if i < len(row) {
						c.Spans = spans(row[i])
					}
					cells = append(cells, c)
				}
				hb.Rows = append(hb.Rows, cells)
			}
			hp.Blocks = append(hp.Blocks, hb)
		case Figure:
			data, ok := assets[b.Asset]
			if !ok {
				return hp, fmt.Errorf("page %s: no picture %s", p.Path, b.Asset)
			}
			figures++
			svg := inlineSVG(data, fmt.Sprintf("%s-f%d-", hp.ID, figures))
			view := ""
			if b.Asset == contextAsset {
				view = "context"
			}
			hp.Blocks = append(hp.Blocks, htmlBlock{Kind: "figure", SVG: template.HTML(svg), View: view, Alt: b.Alt, Caption: b.Caption})
		case CodeBlock:
			hp.Blocks = append(hp.Blocks, htmlBlock{Kind: "code", Lang: b.Lang, Code: b.Text})
		}
	}
	return hp, nil
}

func at(flags []bool, i int) bool { return i < len(flags) && flags[i] }

func htmlSpans(p *Page, in Inline) []htmlSpan {
	out := make([]htmlSpan, 0, len(in))
	for _, s := range in {
		hs := htmlSpan{Text: s.Text, Code: s.Code, Strong: s.Strong, Emph: s.Emph}
		if s.Link != nil {
			if href := htmlHref(p, s.Link); href != "" {
				hs.Href = href
				hs.HasLink = true
				hs.IsExternal = s.Link.URL != ""
			}
		}
		out = append(out, hs)
	}
	return out
}

// htmlHref resolves a link inside the one-file site: pages are sections,
// files are relative to the file's directory (the site root).
func htmlHref(p *Page, l *Link) string {
	switch {
	case l.URL != "":
		return l.URL
	case l.File != "":
		h := escapeURL(safeRelative(path.Clean(l.File)))
		if l.Line > 0 {
			h += fmt.Sprintf("#L%d", l.Line)
		}
		return h
	case l.Page != "":
		id := pageID(l.Page)
		if l.Anchor != "" {
			id += "--" + l.Anchor
		}
		return "#" + id
	}
	return ""
}

var (
	xmlProlog = lazyregexp.New(`(?s)^\s*(<\?xml.*?\?>\s*)?(<!DOCTYPE[^>]*>\s*)?`)
	svgIDAttr = lazyregexp.New(`\sid="`)
	svgRefs   = lazyregexp.New(`(href="#|url\(#)`)
)

// inlineSVG prepares an SVG document for embedding in HTML: no XML prolog,
// and IDs made unique in the page (the same component appears in several
// views), with references to them renamed alike.
func inlineSVG(svg []byte, prefix string) string {
	s := xmlProlog.ReplaceAllString(string(svg), "")
	s = explorerAttrs(s) // before the ids are prefixed
	s = svgIDAttr.ReplaceAllString(s, ` id="`+prefix)
	s = svgRefs.ReplaceAllString(s, "${1}"+prefix)
	return strings.TrimSpace(s)
}
