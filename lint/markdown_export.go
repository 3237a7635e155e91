package lint

// MarkdownText escapes plain text for a Markdown table cell, list item or
// paragraph, as the markdown format does; other packages' Markdown
// reports (archie diff) use it so user text never turns into markup.
func MarkdownText(s string) string { return mdText(s) }

// RuleDocURL is the documentation page of a catalog rule.
func RuleDocURL(id string) string { return ruleDocURL(id) }
