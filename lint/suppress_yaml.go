package lint

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"gopkg.in/yaml.v3"
)

// IsYAMLSource reports whether a source file of an imported architecture
// is read as YAML (JSON included): CloudFormation and SAM templates and
// serverless.yml.
func IsYAMLSource(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template":
		return true
	}
	return false
}

// yamlLine is one line of a YAML source.
type yamlLine struct {
	start   int    // byte offset of the line
	text    string // without the line break
	indent  int    // bytes of leading blanks
	code    bool   // holds something other than a comment
	comment int    // byte index of a comment's '#' in text, or -1
	content bool   // a line of a block scalar (| or >): text, not YAML
}

// yamlLines splits src into lines and finds their comments, skipping the
// text of block scalars and of quoted strings.
func yamlLines(src []byte) []yamlLine {
	var out []yamlLine
	block := -1 // indent of the key that opened a block scalar
	for start := 0; start <= len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		next := start + end + 1
		if end < 0 {
			end, next = len(src)-start, len(src)+1
		}
		text := strings.TrimRight(string(src[start:start+end]), "\r")
		l := yamlLine{start: start, text: text, comment: -1}
		trimmed := strings.TrimLeft(text, " \t")
		l.indent = len(text) - len(trimmed)
		if block >= 0 && (trimmed == "" || l.indent > block) {
			l.content, l.code = true, trimmed != ""
			out = append(out, l)
			start = next
			continue
		}
		block = -1
		l.comment = commentStart(text)
		code := text
		if l.comment >= 0 {
			code = text[:l.comment]
		}
		code = strings.TrimSpace(code)
		l.code = code != ""
		if opensBlockScalar(code) {
			block = l.indent
		}
		out = append(out, l)
		start = next
	}
	return out
}

// commentStart is the index of the '#' that starts a comment on a line, or
// -1: a '#' at the start or after a blank, outside quotes.
func commentStart(text string) int {
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0 && c == quote:
			if quote == '\'' && i+1 < len(text) && text[i+1] == '\'' {
				i++ // '' inside a single-quoted string
				continue
			}
			quote = 0
		case quote != 0:
		case c == '"' || c == '\'':
			if i == 0 || strings.ContainsRune(" \t:[{,-", rune(text[i-1])) {
				quote = c
			}
		case c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t'):
			return i
		}
	}
	return -1
}

// opensBlockScalar reports whether code ends with a block scalar header:
// "key: |", "- >-", "|2".
func opensBlockScalar(code string) bool {
	code = strings.TrimRight(code, "+-0123456789")
	if !strings.HasSuffix(code, "|") && !strings.HasSuffix(code, ">") {
		return false
	}
	before := strings.TrimSpace(code[:len(code)-1])
	return before == "" || strings.HasSuffix(before, ":") || before == "-" || strings.HasSuffix(before, "!Sub") || strings.HasSuffix(before, "!Base64")
}

// yamlPos is the position of byte index col of line l.
func yamlPos(lines []yamlLine, l, col int) hcl.Pos {
	text := lines[l].text
	col = min(col, len(text))
	return hcl.Pos{Line: l + 1, Column: utf8.RuneCountInString(text[:col]) + 1, Byte: lines[l].start + col}
}

// parseYAMLSuppressions finds the archie-ignore comments of a YAML source
// and, in CloudFormation templates, the Metadata.archie.ignore lists of
// resources. A comment covers the entry it stands above (through further
// comment lines, not across a blank line) or at the end of: the entry's
// line and every more deeply indented line after it.
func parseYAMLSuppressions(src []byte, filename string) ([]Suppression, []Finding) {
	var sups []Suppression
	var problems []Finding
	problem := func(rng hcl.Range, format string, args ...any) {
		problems = append(problems, Finding{Rule: RuleInvalidSuppression, Severity: Warning, Message: fmt.Sprintf(format, args...), Range: rng})
	}
	lines := yamlLines(src)
	leading := true
	for i, l := range lines {
		if l.content {
			leading = false
			continue
		}
		if l.comment < 0 {
			if l.code {
				leading = false
			}
			continue
		}
		text := l.text[l.comment:]
		d, isDirective, why := parseDirective(text)
		if !isDirective {
			if l.code {
				leading = false
			}
			continue
		}
		crange := hcl.Range{Filename: filename, Start: yamlPos(lines, i, l.comment), End: yamlPos(lines, i, len(l.text))}
		if why != "" {
			problem(crange, "%s; this comment suppresses nothing", why)
			continue
		}
		s := Suppression{Reason: d.reason, FileWide: d.fileWide, Comment: crange}
		for _, r := range d.rules {
			s.Rules = append(s.Rules, SuppressedRule{ID: r.id, Range: hcl.Range{Filename: filename,
				Start: yamlPos(lines, i, l.comment+r.offset), End: yamlPos(lines, i, l.comment+r.offset+len(r.id))}})
		}
		if d.fileWide {
			if !leading || l.code {
				problem(crange, "%s must be among the comments at the top of the file, before any entry; this one suppresses nothing", ignoreFileWord)
				continue
			}
			last := len(lines) - 1
			s.Scope = hcl.Range{Filename: filename, Start: hcl.InitialPos, End: yamlPos(lines, last, len(lines[last].text))}
			s.what = "file"
			sups = append(sups, s)
			continue
		}
		target := -1
		if l.code {
			target = i
		} else {
			for j := i + 1; j < len(lines); j++ {
				if lines[j].comment == lines[j].indent && !lines[j].content && !lines[j].code {
					continue // a further comment line
				}
				if lines[j].code && !lines[j].content {
					target = j
				}
				break
			}
		}
		if target < 0 {
			problem(crange, "%s is neither on the line above an entry nor at the end of one; this one suppresses nothing", ignoreWord)
			continue
		}
		last := entryEnd(lines, target)
		s.Scope = hcl.Range{Filename: filename, Start: yamlPos(lines, target, lines[target].indent), End: yamlPos(lines, last, len(lines[last].text))}
		s.what = "entry"
		sups = append(sups, s)
	}
	ms, mp := metadataSuppressions(src, filename, lines)
	return append(sups, ms...), append(problems, mp...)
}

// entryEnd is the last line of the entry that starts on line t: the lines
// after it that are more deeply indented (or, after "key:", the items of a
// list written at the key's own indent).
func entryEnd(lines []yamlLine, t int) int {
	ind := lines[t].indent
	code := strings.TrimSpace(lines[t].text)
	if lines[t].comment >= 0 {
		code = strings.TrimSpace(lines[t].text[:lines[t].comment])
	}
	openKey := strings.HasSuffix(code, ":")
	last := t
	for j := t + 1; j < len(lines); j++ {
		l := lines[j]
		if !l.code {
			continue
		}
		rest := strings.TrimLeft(l.text, " \t")
		if l.content || l.indent > ind || openKey && l.indent == ind && (rest == "-" || strings.HasPrefix(rest, "- ")) {
			last = j
			continue
		}
		break
	}
	return last
}

// metadataSuppressions reads Metadata.archie.ignore of each resource of a
// CloudFormation template (the only place a JSON template can hold one):
//
//	Metadata:
//	  archie:
//	    ignore:
//	      - rule: missing-dlq
//	        reason: replayed from the source of truth
//
// Each entry covers the resource.
func metadataSuppressions(src []byte, filename string, lines []yamlLine) ([]Suppression, []Finding) {
	if !bytes.Contains(src, []byte("archie")) || !bytes.Contains(src, []byte("Metadata")) {
		return nil, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	resources := mapValue(root, "Resources")
	if resources == nil {
		resources = mapValue(mapValue(root, "resources"), "Resources") // serverless.yml
	}
	if resources == nil || resources.Kind != yaml.MappingNode {
		return nil, nil
	}
	pos := func(line, col int) hcl.Pos {
		if line < 1 || line > len(lines) {
			return hcl.Pos{Line: line, Column: col}
		}
		text := lines[line-1].text
		b := 0
		for c := 1; c < col && b < len(text); c++ {
			_, size := utf8.DecodeRuneInString(text[b:])
			b += size
		}
		return hcl.Pos{Line: line, Column: col, Byte: lines[line-1].start + b}
	}
	rangeOf := func(n *yaml.Node) hcl.Range {
		end := nodeEnd(n)
		return hcl.Range{Filename: filename, Start: pos(n.Line, n.Column), End: pos(end[0], end[1])}
	}
	var sups []Suppression
	var problems []Finding
	problem := func(n *yaml.Node, format string, args ...any) {
		problems = append(problems, Finding{Rule: RuleInvalidSuppression, Severity: Warning, Message: fmt.Sprintf(format, args...), Range: rangeOf(n)})
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		key, res := resources.Content[i], resources.Content[i+1]
		list := mapValue(mapValue(mapValue(res, "Metadata"), "archie"), "ignore")
		if list == nil {
			continue
		}
		if list.Kind != yaml.SequenceNode {
			problem(list, "Metadata archie ignore of %s must be a list of {rule, reason}; it suppresses nothing", key.Value)
			continue
		}
		scope := rangeOf(res)
		scope.Start = pos(key.Line, key.Column)
		for _, item := range list.Content {
			rule := mapValue(item, "rule")
			if item.Kind != yaml.MappingNode || rule == nil {
				problem(item, "an entry of Metadata archie ignore of %s needs a rule: {rule: RULE, reason: why}; it suppresses nothing", key.Value)
				continue
			}
			s := Suppression{Comment: rangeOf(item), Scope: scope, what: "resource"}
			if r := mapValue(item, "reason"); r != nil && r.Kind == yaml.ScalarNode {
				s.Reason = strings.TrimSpace(r.Value)
			}
			ids := []*yaml.Node{rule}
			if rule.Kind == yaml.SequenceNode {
				ids = rule.Content
			}
			for _, id := range ids {
				if id.Kind != yaml.ScalarNode || strings.TrimSpace(id.Value) == "" {
					continue
				}
				s.Rules = append(s.Rules, SuppressedRule{ID: strings.TrimSpace(id.Value), Range: rangeOf(id)})
			}
			if len(s.Rules) == 0 {
				problem(item, "an entry of Metadata archie ignore of %s names no rule; it suppresses nothing", key.Value)
				continue
			}
			sups = append(sups, s)
		}
	}
	return sups, problems
}

// mapValue is the value of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// nodeEnd is the line and column just after the last scalar of n.
func nodeEnd(n *yaml.Node) [2]int {
	end := [2]int{n.Line, n.Column + utf8.RuneCountInString(n.Value)}
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		end[1] += 2
	}
	for _, c := range n.Content {
		if e := nodeEnd(c); e[0] > end[0] || e[0] == end[0] && e[1] > end[1] {
			end = e
		}
	}
	return end
}
