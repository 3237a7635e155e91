package lint

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// IDs of the engine's checks of suppression comments. They are not in the
// rule catalog because the engine, not a rule, finds them; they are
// configured and documented like rules.
const (
	RuleUnusedSuppression   = "unused-suppression"
	RuleSuppressionNoReason = "suppression-without-reason"
	RuleInvalidSuppression  = "invalid-suppression"
)

// Suppression is one archie-ignore comment:
//
//	# archie-ignore: sync-chain, missing-tracing -- checkout must answer inline
//	# archie-ignore-file: implicit-defaults -- generated from the SAM template
//
// It silences the named rules for findings whose range starts inside the
// block or attribute it sits above or beside (Scope), or anywhere in the
// file for archie-ignore-file.
type Suppression struct {
	Rules    []SuppressedRule
	Reason   string // after "--"; "" when missing
	FileWide bool
	Comment  hcl.Range // the comment itself
	Scope    hcl.Range // what it covers
	what     string    // "block", "attribute" or "file"
}

// SuppressedRule is one rule ID named by a suppression, and where.
type SuppressedRule struct {
	ID    string
	Range hcl.Range
}

// directive is the parsed text of an archie-ignore comment.
type directive struct {
	fileWide bool
	rules    []directiveRule
	reason   string
}

type directiveRule struct {
	id     string
	offset int // byte offset of the ID in the comment token
}

const (
	ignoreWord     = "archie-ignore"
	ignoreFileWord = "archie-ignore-file"
)

// parseDirective reads a comment token's text. ok is false for an
// ordinary comment; problem is set for a comment that is meant as a
// directive but is malformed.
func parseDirective(text string) (d directive, ok bool, problem string) {
	i := 0
	switch {
	case strings.HasPrefix(text, "#"):
		i = 1
	case strings.HasPrefix(text, "//"), strings.HasPrefix(text, "/*"):
		i = 2
	default:
		return d, false, ""
	}
	end := len(text)
	if strings.HasPrefix(text, "/*") {
		end = max(i, strings.LastIndex(text, "*/"))
	}
	for end > i && (text[end-1] == '\n' || text[end-1] == '\r') {
		end--
	}
	i = skipSpace(text, i, end)
	w := i
	for w < end && (text[w] >= 'a' && text[w] <= 'z' || text[w] == '-') {
		w++
	}
	word := text[i:w]
	switch word {
	case ignoreWord:
	case ignoreFileWord:
		d.fileWide = true
	default:
		if strings.HasPrefix(word, ignoreWord) {
			return d, true, fmt.Sprintf("%q is not a directive%s; use %s or %s", word, suggest(word, []string{ignoreWord, ignoreFileWord}), ignoreWord, ignoreFileWord)
		}
		return d, false, ""
	}
	j := skipSpace(text, w, end)
	if j >= end || text[j] != ':' {
		return d, true, fmt.Sprintf("%s needs a colon: # %s: RULE, RULE -- reason", word, word)
	}
	rest := text[j+1 : end]
	list, reason, _ := strings.Cut(rest, "--")
	d.reason = strings.TrimSpace(reason)
	base := j + 1
	for k := 0; k < len(list); {
		if c := list[k]; c == ',' || c == ' ' || c == '\t' {
			k++
			continue
		}
		start := k
		for k < len(list) && list[k] != ',' && list[k] != ' ' && list[k] != '\t' {
			k++
		}
		id := list[start:k]
		if !slices.ContainsFunc(d.rules, func(r directiveRule) bool { return r.id == id }) {
			d.rules = append(d.rules, directiveRule{id: id, offset: base + start})
		}
	}
	if len(d.rules) == 0 {
		return d, true, fmt.Sprintf("%s names no rule: # %s: RULE, RULE -- reason", word, word)
	}
	return d, true, ""
}

func skipSpace(s string, i, end int) int {
	for i < end && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// posAfter is the position offset bytes after the start of tok.
func posAfter(tok hclsyntax.Token, offset int) hcl.Pos {
	p := tok.Range.Start
	b := tok.Bytes[:min(offset, len(tok.Bytes))]
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
		p.Byte += size
		b = b[size:]
	}
	return p
}

// commentRange is a comment's range without its trailing newline.
func commentRange(tok hclsyntax.Token) hcl.Range {
	n := len(bytes.TrimRight(tok.Bytes, "\r\n"))
	return hcl.Range{Filename: tok.Range.Filename, Start: tok.Range.Start, End: posAfter(tok, n)}
}

// ParseSuppressions finds the archie-ignore comments of a parsed file and
// what each covers. Comments that are meant as directives but cannot be
// used (malformed, misplaced, attached to nothing) come back as
// invalid-suppression findings. A YAML or JSON source (a template or
// serverless.yml, held without a syntax tree) is read by
// parseYAMLSuppressions.
func ParseSuppressions(file *hcl.File, filename string) ([]Suppression, []Finding) {
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok && IsYAMLSource(filename) && bytes.Contains(file.Bytes, []byte("archie")) {
		return parseYAMLSuppressions(file.Bytes, filename)
	}
	if !ok || !bytes.Contains(file.Bytes, []byte(ignoreWord)) {
		return nil, nil // most files have no directive: skip lexing them
	}
	tokens, diags := hclsyntax.LexConfig(file.Bytes, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil
	}
	nodes := syntaxNodes(body, nil)
	codeCols := map[int][]int{} // line -> start columns of code tokens
	for _, t := range tokens {
		if isCode(t) {
			codeCols[t.Range.Start.Line] = append(codeCols[t.Range.Start.Line], t.Range.Start.Column)
		}
	}
	var sups []Suppression
	var problems []Finding
	problem := func(rng hcl.Range, format string, args ...any) {
		problems = append(problems, Finding{Rule: RuleInvalidSuppression, Severity: Warning, Message: fmt.Sprintf(format, args...), Range: rng})
	}
	leading := true
	for i, tok := range tokens {
		if tok.Type != hclsyntax.TokenComment {
			if tok.Type != hclsyntax.TokenNewline {
				leading = false
			}
			continue
		}
		d, isDirective, why := parseDirective(string(tok.Bytes))
		if !isDirective {
			continue
		}
		crange := commentRange(tok)
		if why != "" {
			problem(crange, "%s; this comment suppresses nothing", why)
			continue
		}
		s := Suppression{Reason: d.reason, FileWide: d.fileWide, Comment: crange}
		for _, r := range d.rules {
			start := posAfter(tok, r.offset)
			end := posAfter(tok, r.offset+len(r.id))
			s.Rules = append(s.Rules, SuppressedRule{ID: r.id, Range: hcl.Range{Filename: filename, Start: start, End: end}})
		}
		if d.fileWide {
			if !leading {
				problem(crange, "%s must be among the comments at the top of the file, before any block; this one suppresses nothing", ignoreFileWord)
				continue
			}
			s.Scope = hcl.Range{Filename: filename, Start: hcl.InitialPos, End: endOfFile(file.Bytes)}
			s.what = "file"
			sups = append(sups, s)
			continue
		}
		line := tok.Range.Start.Line
		var target *syntaxNode
		if len(codeCols[line]) > 0 {
			target = besideNode(nodes, line)
		} else if next := nextCodeLine(tokens, i); next > 0 {
			target = outermostStarting(nodes, next)
		}
		if target == nil {
			problem(crange, "%s is neither on the line above a block or attribute nor at the end of one; this one suppresses nothing", ignoreWord)
			continue
		}
		s.Scope, s.what = target.rng, target.what
		sups = append(sups, s)
	}
	return sups, problems
}

func isCode(t hclsyntax.Token) bool {
	return t.Type != hclsyntax.TokenComment && t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenEOF
}

// nextCodeLine is the line of the code that directly follows a comment
// standing on a line of its own, through any further comment lines; 0
// when a blank line or the end of the file comes first.
func nextCodeLine(tokens hclsyntax.Tokens, i int) int {
	last := tokens[i].Range.Start.Line
	for _, t := range tokens[i+1:] {
		switch {
		case t.Type == hclsyntax.TokenNewline, t.Type == hclsyntax.TokenEOF:
			return 0
		case t.Type == hclsyntax.TokenComment:
			if t.Range.Start.Line > last+1 {
				return 0
			}
			last = t.Range.Start.Line
		default:
			if t.Range.Start.Line == last+1 || t.Range.Start.Line == last {
				return t.Range.Start.Line
			}
			return 0
		}
	}
	return 0
}

// syntaxNode is a block or an attribute a suppression can cover.
type syntaxNode struct {
	rng  hcl.Range
	what string
}

// syntaxNodes lists every block and attribute of body, outer ones first.
func syntaxNodes(body *hclsyntax.Body, out []syntaxNode) []syntaxNode {
	for _, a := range sortedAttributes(body.Attributes) {
		out = append(out, syntaxNode{a.SrcRange, "attribute"})
	}
	for _, b := range body.Blocks {
		out = append(out, syntaxNode{b.Range(), "block"})
		out = syntaxNodes(b.Body, out)
	}
	return out
}

// outermostStarting is the widest node that starts on line.
func outermostStarting(nodes []syntaxNode, line int) *syntaxNode {
	var best *syntaxNode
	for i := range nodes {
		n := &nodes[i]
		if n.rng.Start.Line != line {
			continue
		}
		if best == nil || n.rng.Start.Byte < best.rng.Start.Byte || n.rng.Start.Byte == best.rng.Start.Byte && n.rng.End.Byte > best.rng.End.Byte {
			best = n
		}
	}
	return best
}

// besideNode is the node a comment at the end of line refers to: the
// widest node starting on the line, else the widest ending on it (a
// closing brace), else the innermost one holding it.
func besideNode(nodes []syntaxNode, line int) *syntaxNode {
	if n := outermostStarting(nodes, line); n != nil {
		return n
	}
	var ending, holding *syntaxNode
	for i := range nodes {
		n := &nodes[i]
		if n.rng.End.Line == line && (ending == nil || n.rng.Start.Byte < ending.rng.Start.Byte) {
			ending = n
		}
		if n.rng.Start.Line < line && n.rng.End.Line > line && (holding == nil || n.rng.Start.Byte >= holding.rng.Start.Byte) {
			holding = n
		}
	}
	if ending != nil {
		return ending
	}
	return holding
}

func endOfFile(src []byte) hcl.Pos {
	p := hcl.InitialPos
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
		p.Byte += size
		src = src[size:]
	}
	return p
}

// covers reports whether the suppression's scope holds a finding's start.
func (s Suppression) covers(f Finding) bool {
	if f.Range.Filename != s.Scope.Filename {
		return false
	}
	if s.FileWide {
		return true
	}
	return !posBefore(f.Range.Start, s.Scope.Start) && posBefore(f.Range.Start, s.Scope.End)
}

// posBefore compares by line and column: ranges remapped from other
// formats may not carry byte offsets.
func posBefore(a, b hcl.Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
}

func (s Suppression) names(id string) bool {
	return slices.ContainsFunc(s.Rules, func(r SuppressedRule) bool { return r.ID == id })
}

// scopeSize orders suppressions from the most specific.
func (s Suppression) scopeSize() int {
	if s.FileWide {
		return int(^uint(0) >> 1)
	}
	return s.Scope.End.Byte - s.Scope.Start.Byte
}

// applySuppressions moves the findings that suppression comments in files
// silence to suppressed, and checks the comments themselves: unknown rule
// names, missing reasons and suppressions that silence nothing become
// findings of the engine's own checks, enabled and rated by cfg. known
// lists the rule IDs a comment may name.
func applySuppressions(files map[string]*hcl.File, findings []Finding, cfg Config, known []string) (kept, suppressed, engine []Finding) {
	var sups []Suppression
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s, problems := ParseSuppressions(files[name], name)
		sups = append(sups, s...)
		engine = append(engine, problems...)
	}
	sort.SliceStable(sups, func(i, j int) bool { return sups[i].scopeSize() < sups[j].scopeSize() })
	used := make([]map[string]bool, len(sups))
	for i := range used {
		used[i] = map[string]bool{}
	}
	engineIDs := map[string]bool{}
	for _, m := range EngineRules() {
		engineIDs[m.ID] = true
	}
	for _, f := range findings {
		by := -1
		if !engineIDs[f.Rule] {
			for i, s := range sups {
				if s.names(f.Rule) && s.covers(f) {
					used[i][f.Rule] = true
					if by < 0 {
						by = i
					}
				}
			}
		}
		if by < 0 {
			kept = append(kept, f)
			continue
		}
		f.SuppressedBy = "comment"
		f.Justification = sups[by].Reason
		suppressed = append(suppressed, f)
	}
	var suggestible []string
	for _, id := range known {
		if !engineIDs[id] {
			suggestible = append(suggestible, id)
		}
	}
	for i, s := range sups {
		word := ignoreWord
		if s.FileWide {
			word = ignoreFileWord
		}
		if s.Reason == "" {
			engine = append(engine, Finding{Rule: RuleSuppressionNoReason, Severity: Warning, Range: s.Comment,
				Message: fmt.Sprintf("%s without a reason: say why after \"--\", e.g. # %s: %s -- the reason", word, word, s.Rules[0].ID)})
		}
		for _, r := range s.Rules {
			switch {
			case engineIDs[r.ID]:
				engine = append(engine, Finding{Rule: RuleInvalidSuppression, Severity: Warning, Range: r.Range,
					Message: fmt.Sprintf("%s cannot be suppressed by a comment; turn it off in %s: rule %q { enabled = false }", r.ID, ConfigName, r.ID)})
			case r.ID == "all":
				engine = append(engine, Finding{Rule: RuleInvalidSuppression, Severity: Warning, Range: r.Range,
					Message: fmt.Sprintf("%s names rules one by one, so that a new rule is never silenced unseen; there is no \"all\"", word)})
			case !slices.Contains(known, r.ID):
				engine = append(engine, Finding{Rule: RuleInvalidSuppression, Severity: Warning, Range: r.Range,
					Message: fmt.Sprintf("unknown rule %q in %s%s; it suppresses nothing", r.ID, word, suggest(r.ID, suggestible))})
			case !used[i][r.ID] && cfg.Enabled(r.ID):
				engine = append(engine, Finding{Rule: RuleUnusedSuppression, Severity: Info, Range: r.Range,
					Message: fmt.Sprintf("%s: %s reports nothing in the %s this comment covers; remove it from the comment", word, r.ID, s.what)})
			}
		}
	}
	var out []Finding
	for _, f := range engine {
		if !cfg.Enabled(f.Rule) {
			continue
		}
		if rc := cfg.Rules[f.Rule]; rc.Severity != nil {
			f.Severity = *rc.Severity
		}
		out = append(out, f)
	}
	return kept, suppressed, out
}

// EngineRules documents the engine's own checks, which are configured and
// selected like rules.
func EngineRules() []Meta {
	return []Meta{
		{
			ID:       RuleInvalidSuppression,
			Severity: Warning,
			Title:    "archie-ignore comments that cannot work: unknown rules, bad syntax, wrong place",
			Why: `A suppression comment that archie cannot use silences nothing, while its
author believes the finding is handled: a misspelt rule ID, a missing colon,
an archie-ignore that is followed by a blank line instead of the block it
meant, or an archie-ignore-file below the first block. The finding it was
written for keeps failing the build, or worse, a later reader assumes a
deliberate exception exists. Unknown IDs get a "did you mean".

A comment cannot name "all": suppressions list rules one by one so that a
rule added to the catalog later is never silenced without anyone seeing it.
The engine's own checks cannot be suppressed by a comment either; turn them
off in .archie.hcl.`,
			Source: "archie's suppression syntax (docs/configuration.md); the same check as ESLint's reporting of unknown rules in disable comments.",
			Ignore: "Never: fix the comment or delete it.",
			Failing: `# archie-ignore: misisng-dlq -- jobs are replayed from the source of truth
queue "jobs" {
  visibility_timeout = "60s"
}

function "worker" {
  timeout = "10s"
  trigger {
    source = queue.jobs
  }
}`,
			Fixed: `# archie-ignore: missing-dlq -- jobs are replayed from the source of truth
queue "jobs" {
  visibility_timeout = "60s"
}

function "worker" {
  timeout = "10s"
  trigger {
    source = queue.jobs
  }
}`,
			SeeAlso: []string{RuleUnusedSuppression, RuleSuppressionNoReason},
		},
		{
			ID:       RuleSuppressionNoReason,
			Severity: Warning,
			Title:    "archie-ignore comments without a reason after \"--\"",
			Why: `A suppression is a decision that a known failure mode does not apply, or is
accepted. Without the reason, the next reader cannot tell a considered
exception from a way to make the build pass, and cannot re-check it when the
architecture changes. The reason is recorded with the suppressed finding in
the JSON and SARIF output (SARIF's suppression justification), so reviewers
and code-scanning dashboards see it.`,
			Source: "SARIF 2.1.0, section 3.35 (suppression objects carry a justification); docs/configuration.md.",
			Ignore: "Hardly ever; a few words are enough. Turn the check off in .archie.hcl for a repository that does not want reasons.",
			Failing: `# archie-ignore: missing-throttle
api "public" {}

function "checkout" {
  trigger {
    source = api.public
    route  = "POST /checkout"
  }
}`,
			Fixed: `# archie-ignore: missing-throttle -- throttled by the WAF in front of the API
api "public" {}

function "checkout" {
  trigger {
    source = api.public
    route  = "POST /checkout"
  }
}`,
			SeeAlso: []string{RuleInvalidSuppression, RuleUnusedSuppression},
		},
		{
			ID:       RuleUnusedSuppression,
			Severity: Info,
			Title:    "archie-ignore comments that suppress nothing",
			Why: `A suppression outlives the problem it silenced: the queue got its
dead-letter queue, the chain was shortened, the block moved. Left in place, it
would silently swallow the same finding if the problem came back, and it
tells readers about an exception that no longer exists. Each rule named in a
comment is checked on its own, and only when that rule ran.`,
			Source: "docs/configuration.md; the same check as ESLint's --report-unused-disable-directives and golangci-lint's nolintlint.",
			Ignore: "When a suppression is kept on purpose ahead of a change that will bring the finding; prefer adding it with the change.",
			Failing: `queue "jobs" {
  # archie-ignore: missing-dlq -- jobs are replayed from the source of truth
  dead_letter = queue.jobs_dlq
}

queue "jobs_dlq" {
  retention = "14d"
}`,
			Fixed: `queue "jobs" {
  dead_letter = queue.jobs_dlq
}

queue "jobs_dlq" {
  retention = "14d"
}`,
			SeeAlso: []string{RuleInvalidSuppression, RuleSuppressionNoReason},
		},
	}
}
