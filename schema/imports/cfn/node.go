package cfn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"gopkg.in/yaml.v3"

	"github.com/archiehq/archie/schema/lazyregexp"
)

// Node is a YAML or JSON value with its position. The zero Node is an
// absent value: every accessor on it returns nothing, so lookups chain
// without checks (n.Get("Properties").Get("Events")).
type Node struct {
	n    *yaml.Node
	file string
	// files names the file of values spliced in from other files (by
	// Rewrite); values not in it are in their parent's file.
	files map[*yaml.Node]string
}

// child wraps a value inside v.
func (v Node) child(n *yaml.Node) Node {
	file := v.file
	if f, ok := v.files[n]; ok {
		file = f
	}
	return Node{n: n, file: file, files: v.files}
}

// Parse reads a YAML or JSON document. JSON goes through encoding/json so
// every JSON file is read as JSON (YAML rejects some JSON escapes).
func Parse(file string, src []byte) (Node, *hcl.Diagnostic) {
	trimmed := bytes.TrimLeft(src, " \t\r\n\ufeff")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		if n, err := parseJSON(src); err == nil {
			return Node{n: n, file: file}, nil
		}
	}
	var doc yaml.Node
	if err := safeUnmarshal(src, &doc); err != nil {
		return Node{}, syntaxError(file, err)
	}
	if len(doc.Content) == 0 {
		return Node{}, nil
	}
	return Node{n: doc.Content[0], file: file}, nil
}

// safeUnmarshal guards against panics inside the YAML library on hostile
// input: no input may crash the importer.
func safeUnmarshal(src []byte, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: cannot parse this document (%v)", r)
		}
	}()
	return yaml.Unmarshal(src, doc)
}

var (
	yamlLine       = lazyregexp.New(`line (\d+)`)
	yamlLinePrefix = lazyregexp.New(`^line \d+: `)
)

func syntaxError(file string, err error) *hcl.Diagnostic {
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		// yaml.v3 reports an unclosed flow collection at the 0-based line
		// where it starts.
		if strings.Contains(err.Error(), "did not find expected") {
			line++
		}
	}
	// The position carries the line, which the text would give 0-based
	// for some errors.
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLinePrefix.FindStringIndex(msg); m != nil && m[0] == 0 {
		msg = msg[m[1]:]
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Invalid YAML or JSON",
		Detail:  msg + ".",
		Subject: &hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 1}},
	}
}

// Ok reports whether the value is present.
func (v Node) Ok() bool { return v.n != nil }

// File is the name of the file the value is in.
func (v Node) File() string { return v.file }

func (v Node) node() *yaml.Node {
	n := v.n
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// Pos is the value's position: its first line and the extent of a scalar.
func (v Node) Pos() hcl.Range {
	n := v.n
	if n == nil {
		return hcl.Range{}
	}
	start := hcl.Pos{Line: n.Line, Column: n.Column}
	end := start
	if n.Kind == yaml.ScalarNode && !strings.Contains(n.Value, "\n") {
		w := utf8.RuneCountInString(n.Value)
		if n.Tag != "" && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			w += len(n.Tag) + 1
		}
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			w += 2
		}
		end.Column += w
	} else {
		end.Column++
	}
	return hcl.Range{Filename: v.file, Start: start, End: end}
}

// IsMap, IsSeq and IsScalar tell the value's shape (an intrinsic function
// written with a short-form tag counts as a map).
func (v Node) IsMap() bool {
	n := v.node()
	return n != nil && (n.Kind == yaml.MappingNode || v.tagged())
}

// IsSeq reports whether the value is a list.
func (v Node) IsSeq() bool {
	n := v.node()
	return n != nil && n.Kind == yaml.SequenceNode && !v.tagged()
}

// IsScalar reports whether the value is a plain scalar.
func (v Node) IsScalar() bool {
	n := v.node()
	return n != nil && n.Kind == yaml.ScalarNode && !v.tagged()
}

func (v Node) tagged() bool {
	n := v.node()
	return n != nil && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!")
}

// KV is one key of a map with its value.
type KV struct {
	Key   string
	KeyAt hcl.Range
	Value Node
}

// Pairs lists a map's keys and values in order. A short-form intrinsic
// (!Ref X) reads as the long form ({Ref: X}).
func (v Node) Pairs() []KV {
	n := v.node()
	if n == nil {
		return nil
	}
	if v.tagged() {
		name := tagName(n.Tag)
		inner := *n
		inner.Tag = ""
		switch n.Kind {
		case yaml.ScalarNode:
			inner.Tag = "!!str"
			if name == "Fn::GetAtt" {
				// !GetAtt A.B is the list [A, B].
				a, b, _ := strings.Cut(n.Value, ".")
				inner = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column, Content: []*yaml.Node{
					{Kind: yaml.ScalarNode, Tag: "!!str", Value: a, Line: n.Line, Column: n.Column},
					{Kind: yaml.ScalarNode, Tag: "!!str", Value: b, Line: n.Line, Column: n.Column},
				}}
			}
		case yaml.SequenceNode:
			inner.Tag = "!!seq"
		case yaml.MappingNode:
			inner.Tag = "!!map"
		}
		return []KV{{Key: name, KeyAt: v.Pos(), Value: Node{n: &inner, file: v.file, files: v.files}}}
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]KV, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		out = append(out, KV{Key: k.Value, KeyAt: v.child(k).Pos(), Value: v.child(n.Content[i+1])})
	}
	return out
}

func tagName(tag string) string {
	name := strings.TrimPrefix(tag, "!")
	switch name {
	case "Ref", "Condition":
		return name
	}
	return "Fn::" + name
}

// Get returns the value of a key, or an absent Node.
func (v Node) Get(key string) Node {
	for _, kv := range v.Pairs() {
		if kv.Key == key {
			return kv.Value
		}
	}
	return Node{}
}

// Path follows keys: v.Path("A", "B") is v.Get("A").Get("B").
func (v Node) Path(keys ...string) Node {
	for _, k := range keys {
		v = v.Get(k)
	}
	return v
}

// Items lists a sequence's values.
func (v Node) Items() []Node {
	n := v.node()
	if n == nil || n.Kind != yaml.SequenceNode || v.tagged() {
		return nil
	}
	out := make([]Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = v.child(c)
	}
	return out
}

// List is Items for a sequence and the value alone otherwise, for
// properties that take one value or a list.
func (v Node) List() []Node {
	if v.IsSeq() {
		return v.Items()
	}
	if v.Ok() {
		return []Node{v}
	}
	return nil
}

// Scalar is a plain scalar's text.
func (v Node) Scalar() (string, bool) {
	n := v.node()
	if n == nil || n.Kind != yaml.ScalarNode || v.tagged() || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

// Fn returns the intrinsic function a value is (Ref, Fn::GetAtt,
// Condition...) and its argument, or "".
func (v Node) Fn() (string, Node) {
	ps := v.Pairs()
	if len(ps) != 1 {
		return "", Node{}
	}
	k := ps[0].Key
	if k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
		return k, ps[0].Value
	}
	return "", Node{}
}

// Raw converts a value to plain Go data (map[string]any, []any, string,
// float64, bool, nil); intrinsic functions stay as maps.
func (v Node) Raw() any {
	budget := maxNodes
	return v.raw(0, &budget)
}

// maxNodes bounds every walk over a document: YAML aliases can make a
// small file a tree of billions of nodes.
const maxNodes = 20000

func (v Node) raw(depth int, budget *int) any {
	*budget--
	if depth > 64 || *budget < 0 {
		return nil
	}
	n := v.node()
	if n == nil {
		return nil
	}
	switch {
	case v.IsMap():
		m := map[string]any{}
		for _, kv := range v.Pairs() {
			m[kv.Key] = kv.Value.raw(depth+1, budget)
		}
		return m
	case n.Kind == yaml.SequenceNode:
		out := []any{}
		for _, it := range v.Items() {
			out = append(out, it.raw(depth+1, budget))
		}
		return out
	case n.Kind == yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool":
			return strings.EqualFold(n.Value, "true")
		case "!!int", "!!float":
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f
			}
		}
		return n.Value
	}
	return nil
}

// parseJSON builds a YAML node tree from JSON, keeping line and column of
// every value.
func parseJSON(src []byte) (*yaml.Node, error) {
	p := &jsonParser{dec: json.NewDecoder(bytes.NewReader(src)), src: src}
	p.dec.UseNumber()
	lineStarts := []int{0}
	for i, c := range src {
		if c == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	p.lineStarts = lineStarts
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err == nil {
		return nil, fmt.Errorf("trailing data after the JSON document")
	}
	return n, nil
}

type jsonParser struct {
	dec        *json.Decoder
	src        []byte
	lineStarts []int
}

// pos finds where the next token starts: after whitespace, ':' and ','.
func (p *jsonParser) pos() (int, int) {
	off := int(p.dec.InputOffset())
	for off < len(p.src) && strings.IndexByte(" \t\r\n:,\ufeff", p.src[off]) >= 0 {
		off++
	}
	lo, hi := 0, len(p.lineStarts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.lineStarts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	col := utf8.RuneCount(p.src[p.lineStarts[lo]:min(off, len(p.src))]) + 1
	return lo + 1, col
}

func (p *jsonParser) value(depth int) (*yaml.Node, error) {
	if depth > 256 {
		return nil, fmt.Errorf("JSON nested too deeply")
	}
	line, col := p.pos()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	n := &yaml.Node{Line: line, Column: col}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			for p.dec.More() {
				kl, kc := p.pos()
				kt, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				ks, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("object key expected")
				}
				val, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: ks, Line: kl, Column: kc, Style: yaml.DoubleQuotedStyle}, val)
			}
		case '[':
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			for p.dec.More() {
				val, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, val)
			}
		default:
			return nil, fmt.Errorf("unexpected %q", t)
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, err
		}
	case string:
		n.Kind, n.Tag, n.Value, n.Style = yaml.ScalarNode, "!!str", t, yaml.DoubleQuotedStyle
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", t.String()
		if !strings.ContainsAny(n.Value, ".eE") {
			n.Tag = "!!int"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(t)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}

// Relocate gives every value of a document parsed from a string the
// position of the place that string was written, in file.
func Relocate(v Node, file string, line, column int) Node {
	var fix func(*yaml.Node, int)
	fix = func(x *yaml.Node, depth int) {
		if x == nil || depth > 256 {
			return
		}
		x.Line, x.Column = line, column
		for _, ch := range x.Content {
			fix(ch, depth+1)
		}
	}
	fix(v.n, 0)
	return Node{n: v.n, file: file, files: v.files}
}

// Rewrite returns a copy of v in which every value for which f returns a
// replacement is replaced (and the replacement rewritten in turn, up to a
// fixed depth, so a value cannot expand forever). Replacements keep the
// file they come from.
func Rewrite(v Node, f func(Node) (Node, bool)) Node {
	files := map[*yaml.Node]string{}
	for k, f := range v.files {
		files[k] = f
	}
	budget := maxNodes
	var walk func(n Node, depth int) *yaml.Node
	walk = func(n Node, depth int) *yaml.Node {
		budget--
		if n.n == nil || depth > 64 || budget < 0 {
			return n.n
		}
		for i := 0; i < 8; i++ {
			r, ok := f(n)
			if !ok || r.n == nil {
				break
			}
			n = r
		}
		x := n.node()
		if x == nil {
			return n.n
		}
		cp := *x
		cp.Content = make([]*yaml.Node, len(x.Content))
		for i, ch := range x.Content {
			if x.Kind == yaml.MappingNode && i%2 == 0 {
				cp.Content[i] = ch
				files[ch] = n.child(ch).file
				continue
			}
			cp.Content[i] = walk(n.child(ch), depth+1)
		}
		files[&cp] = n.file
		return &cp
	}
	root := walk(v, 0)
	return Node{n: root, file: v.file, files: files}
}

// WithText returns a copy of the scalar v holding text instead, at the
// same position (a string whose variables another tool resolves first).
func WithText(v Node, text string) Node {
	x := v.node()
	if x == nil || x.Kind != yaml.ScalarNode {
		return v
	}
	cp := *x
	cp.Value = text
	files := map[*yaml.Node]string{&cp: v.file}
	return Node{n: &cp, file: v.file, files: files}
}

// Rename gives a parsed document another file name (the name positions
// show), keeping the names of values spliced in from other files.
func Rename(v Node, file string) Node {
	v.file = file
	return v
}

// MergeMaps joins maps (each possibly from another file) into one, as
// Serverless Framework does with lists of resource or function files.
// Later keys win; values keep the file they come from.
func MergeMaps(maps []Node) Node {
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	files := map[*yaml.Node]string{}
	index := map[string]int{}
	file := ""
	for _, m := range maps {
		for k, f := range m.files {
			files[k] = f
		}
		for _, kv := range m.Pairs() {
			if file == "" {
				file = kv.Value.file
			}
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kv.Key, Line: kv.KeyAt.Start.Line, Column: kv.KeyAt.Start.Column}
			files[key] = kv.Value.file
			if kv.Value.n != nil {
				files[kv.Value.n] = kv.Value.file
			}
			if i, dup := index[kv.Key]; dup {
				out.Content[i+1] = kv.Value.n
				continue
			}
			index[kv.Key] = len(out.Content)
			out.Content = append(out.Content, key, kv.Value.n)
		}
	}
	if len(out.Content) == 0 {
		return Node{}
	}
	out.Line, out.Column = out.Content[0].Line, out.Content[0].Column
	return Node{n: out, file: file, files: files}
}
