package render

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/archiehq/archie/schema/lazyregexp"
)

// svgRoot matches the root element of a Graphviz SVG document.
var (
	svgRoot    = lazyregexp.New(`(?s)<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\s+viewBox="([0-9. -]+)"[^>]*>`)
	svgPrelude = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n"
)

type svgPart struct {
	width, height float64
	viewBox       string
	body          []byte // the root element's content
}

func parseSVG(doc []byte) (svgPart, error) {
	m := svgRoot.FindSubmatchIndex(doc)
	end := bytes.LastIndex(doc, []byte("</svg>"))
	if m == nil || end < m[1] {
		return svgPart{}, fmt.Errorf("graphviz produced an SVG document without the expected root element")
	}
	w, err1 := strconv.ParseFloat(string(doc[m[2]:m[3]]), 64)
	h, err2 := strconv.ParseFloat(string(doc[m[4]:m[5]]), 64)
	if err1 != nil || err2 != nil {
		return svgPart{}, fmt.Errorf("graphviz produced an SVG document of unreadable size")
	}
	return svgPart{width: w, height: h, viewBox: string(doc[m[6]:m[7]]), body: doc[m[1]:end]}, nil
}

// stackSVG puts Graphviz SVG documents one above the other, left-aligned,
// in one document, each in a nested <svg> keeping its own coordinates.
//
// The nested elements are overflow="visible". By default a nested <svg>
// clips its content to its viewport, and that clip made the PNG
// rasteriser draw each part on a layer of its own, masked and composited
// back: four fifths of the rasterising time of a 16-component diagram. It
// also cut text off: Graphviz sizes labels with Helvetica's widths, and
// text drawn wider than that (the Go font in the PNG, a reader's
// fallback font in a browser) lost its last letters at the part's edge.
func stackSVG(docs ...[]byte) ([]byte, error) {
	var parts []svgPart
	var w, h float64
	for _, doc := range docs {
		p, err := parseSVG(doc)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
		w, h = max(w, p.width), h+p.height
	}
	var out bytes.Buffer
	size := len(svgPrelude) + 512
	for _, p := range parts {
		size += len(p.body) + 256
	}
	out.Grow(size) // one allocation, not one per doubling of a 400 KB document
	out.WriteString(svgPrelude)
	fmt.Fprintf(&out, `<svg width="%spt" height="%spt" viewBox="0 0 %s %s" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`+"\n",
		num(w), num(h), num(w), num(h))
	fmt.Fprintf(&out, `<rect width="%s" height="%s" fill="#ffffff"/>`+"\n", num(w), num(h))
	y := 0.0
	for _, p := range parts {
		fmt.Fprintf(&out, `<svg x="0" y="%s" width="%s" height="%s" viewBox="%s" overflow="visible">`, num(y), num(p.width), num(p.height), p.viewBox)
		out.Write(p.body)
		out.WriteString("</svg>\n")
		y += p.height
	}
	out.WriteString("</svg>\n")
	return out.Bytes(), nil
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
