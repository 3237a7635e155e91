package lint

import (
	"strings"

	"github.com/archiehq/archie/lint/ruledocs"
	"github.com/archiehq/archie/schema/safetext"
)

// MarkdownText escapes plain text for a Markdown table cell, list item or
// paragraph (safetext.Markdown), without the white space around it, as the
// markdown format does; other packages' Markdown reports (archie diff) use
// it so user text never turns into markup.
func MarkdownText(s string) string { return safetext.Markdown(strings.TrimSpace(safetext.Text(s))) }

// RuleDocURL is the documentation page of a catalog rule.
func RuleDocURL(id string) string { return ruledocs.URL(id) }

// IsAbsPath reports whether a slash-separated name is absolute, on Unix
// ("/x") or Windows ("C:/x").
func IsAbsPath(name string) bool {
	if strings.HasPrefix(name, "/") {
		return true
	}
	return len(name) >= 3 && name[1] == ':' && name[2] == '/' &&
		(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z')
}

// CodeFence wraps code in a fence longer than any backtick run inside it.
func CodeFence(code, lang string) string {
	fence := "```"
	for strings.Contains(code, fence) {
		fence += "`"
	}
	return fence + lang + "\n" + strings.TrimRight(code, "\n") + "\n" + fence
}
