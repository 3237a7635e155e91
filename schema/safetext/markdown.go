package safetext

import (
	"strings"
	"unicode"
)

// Markdown escapes plain text for a CommonMark table cell, list item,
// paragraph or emphasis span, so that user text comes out as written:
// control characters as Text escapes them; the characters that would
// format, link, open HTML or end a table cell (\ ` * [ ] | ~ < &); a
// leading # > - + = that would start a heading, quote, list or underline;
// and line breaks, which would end a table row, as <br>. Underscores
// inside a word stay as they are: they cannot emphasise there, and
// identifiers like on_failure read better unescaped. Every Markdown
// writer of archie (lint and diff reports, simulation tables, the docs
// site) escapes through it.
func Markdown(s string) string {
	cell := MarkdownCell(s)
	if cell != "" && strings.ContainsRune("#>-+=", rune(cell[0])) {
		return `\` + cell
	}
	return cell
}

// MarkdownCell escapes text for a table cell as Markdown does, less the
// escape of a leading # > - + =: a cell holds inline content only, where
// they start nothing, so "-" for an empty figure stays "-".
func MarkdownCell(s string) string {
	rs := []rune(Text(s))
	word := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	var b strings.Builder
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '[', ']', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '_':
			if !word(i-1) || !word(i+1) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		case '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				continue
			}
			b.WriteString("<br>")
		case '\n':
			b.WriteString("<br>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
