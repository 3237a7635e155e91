package charts

import "strings"

// Font is the font family of every text: Liberation Sans first, then the
// fonts with the same metrics (Arial, Helvetica), so text keeps the width
// TextWidth measured wherever one of them is installed.
const Font = "'Liberation Sans',Arial,Helvetica,sans-serif"

// advance is the advance width of the printable ASCII characters (space to
// '~') in thousandths of an em, measured from LiberationSans-Regular.ttf
// (version 2, as bundled by codeberg.org/go-fonts/liberation v0.5.0). The
// figures equal Arial's and Helvetica's (Adobe's Helvetica AFM), whose
// metrics Liberation Sans was made to match.
var advance = [95]uint16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

// TextWidth is the width of s set in the chart font at size (in the
// units of size). Characters outside ASCII count as 0.6 em, wide East
// Asian ones as 1 em: layout only needs to leave them enough room.
func TextWidth(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		switch {
		case r >= ' ' && r <= '~':
			w += int(advance[r-' '])
		case r == '\u2026': // the ellipsis Fit adds
			w += 1000
		case r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFF00 && r <= 0xFF60):
			w += 1000
		default:
			w += 600
		}
	}
	return float64(w) * size / 1000
}

// Fit shortens s, ending it with an ellipsis, to at most limit wide at
// size; a text that fits is returned as it is.
func Fit(s string, size, limit float64) string {
	if TextWidth(s, size) <= limit {
		return s
	}
	const ellipsis = "\u2026"
	room := limit - TextWidth(ellipsis, size)
	w := 0.0
	for i, r := range s {
		w += TextWidth(string(r), size)
		if w > room {
			return s[:i] + ellipsis
		}
	}
	return s
}

// escape makes s safe as the text of an XML element or attribute;
// control characters, which XML does not allow, become U+FFFD.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < ' ' || r == 0x7f {
				r = '\uFFFD'
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
