// Package safetext makes text that came from input safe to print: in a
// terminal, in a CI log that a runner scans for commands, and inside the
// formats archie writes (XML, Markdown, DOT, HCL). Every output format
// passes input-derived strings through it, so one function decides what a
// hostile file name, description or message can do to the output.
//
// What it guards against:
//   - control characters (ESC sequences that repaint a terminal, NUL, BS,
//     CR that rewrites a log line, the C1 range, Unicode line and paragraph
//     separators, bidirectional overrides that reorder what a reviewer
//     reads) and invalid UTF-8: all become visible escapes (\x1b, \r,
//     \u202e, \xff) that no reader or terminal interprets;
//   - GitHub Actions workflow commands: the runner executes a log line
//     that starts with "::" once leading white space is trimmed, and a
//     "##[command]" anywhere in a line. Text never lets input start a line
//     with "::" and never lets it write "##[".
//
// The escapes are for people: a literal backslash in the input is not
// escaped, so the result reads as written but cannot always be mapped back.
// Machine formats (JSON) keep the exact input and rely on their own
// escaping.
package safetext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text escapes s for multi-line output: tabs and newlines stay (a CRLF
// becomes a newline), every other control character is escaped, and no
// line can start with "::" or hold "##[".
func Text(s string) string { return escape(s, true) }

// Line escapes s for output on one line: like Text, and a newline becomes
// \n too.
func Line(s string) string { return escape(s, false) }

// XML is s with the characters XML 1.0 forbids (C0 controls other than
// tab, newline and carriage return, U+FFFE, U+FFFF, invalid UTF-8) escaped
// as text, for formats that keep other control characters as they are.
// Text and Line results are already valid XML text.
func XML(s string) string {
	if safeFor(s, true) {
		return s
	}
	return Text(s)
}

// Name is a file name or other identifier for people: as it is when it is
// plain, else Go-quoted ("my\narch.hcl"), so that spaces, quotes, control
// characters and look-alike format characters are visible.
func Name(s string) string {
	if plainName(s) {
		return s
	}
	return Line(strconv.Quote(s))
}

// plainName reports whether s is non-empty and made only of printable
// characters other than space, quotes and backslash.
func plainName(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !strconv.IsPrint(r) || r == ' ' || r == '"' || r == '\'' || r == '\\' || r == '`' {
			return false
		}
	}
	return !strings.HasPrefix(s, "::") && !strings.Contains(s, "##[")
}

// Unsafe reports whether r is a character Text escapes: a control
// character other than tab and newline, a line or paragraph separator, or
// a bidirectional formatting character.
func Unsafe(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separator
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional embeddings, overrides, isolates and marks
	case r == 0xfeff || r == 0xfffe || r == 0xffff:
		return true
	}
	return false
}

// safeFor reports whether escape would leave s unchanged; most text is,
// and returning it as is saves the copy.
func safeFor(s string, multiline bool) bool {
	for _, r := range s {
		if r == utf8.RuneError || Unsafe(r) || r == '\n' && !multiline {
			return false
		}
	}
	return !strings.Contains(s, "::") && !strings.Contains(s, "##[")
}

func escape(s string, multiline bool) string {
	if safeFor(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	lineStart := true // at the start of a line, only white space written since
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
			lineStart = false
		case r == '\n' && multiline:
			b.WriteByte('\n')
			lineStart = true
		case r == '\n':
			b.WriteString(`\n`)
			lineStart = false
		case r == '\r' && multiline && strings.HasPrefix(s[i+1:], "\n"):
			// a CRLF line ending is a line ending
		case r == '\r':
			b.WriteString(`\r`)
			lineStart = false
		case r < 0x80 && Unsafe(r):
			fmt.Fprintf(&b, `\x%02x`, r)
			lineStart = false
		case Unsafe(r):
			fmt.Fprintf(&b, `\u%04x`, r)
			lineStart = false
		case r == ':' && lineStart && strings.HasPrefix(s[i:], "::"):
			b.WriteString(`\x3a`) // a runner would read "::" here as a command
			lineStart = false
		case r == '[' && strings.HasSuffix(b.String(), "##"):
			b.WriteString(`\x5b`) // "##[" is a runner command anywhere in a line
			lineStart = false
		default:
			b.WriteRune(r)
			if !unicode.IsSpace(r) {
				lineStart = false
			}
		}
		i += size
	}
	return b.String()
}
