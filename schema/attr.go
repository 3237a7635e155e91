package schema

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// decodeAttrs decodes a body's attributes against specs. what names the
// owner in messages ("function", "trigger from a queue"). Unknown attributes
// are errors with a suggestion; the returned map holds only what was written.
func decodeAttrs(body *hclsyntax.Body, specs []AttrSpec, what string, extra []string) (map[string]*Attr, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	out := make(map[string]*Attr, len(specs)+1)
	for _, name := range sortedKeys(body.Attributes) {
		ha := body.Attributes[name]
		spec := findSpec(specs, name)
		if spec == nil {
			if slices.Contains(extra, name) {
				continue
			}
			diags = append(diags, errAtf(ha.NameRange, "Unsupported attribute",
				"A %s has no attribute %q.%s Its attributes are: %s.", what, name,
				suggestAttr(name, append(specNames(specs), extra...)), strings.Join(append(specNames(specs), extra...), ", ")))
			continue
		}
		a, d := decodeValue(ha, spec, what)
		diags = append(diags, d...)
		if a != nil {
			out[name] = a
		}
	}
	return out, diags
}

func findSpec(specs []AttrSpec, name string) *AttrSpec {
	for i := range specs {
		if specs[i].Name == name {
			return &specs[i]
		}
	}
	return nil
}

// decodeValue decodes one attribute. It returns nil for an explicit null.
func decodeValue(ha *hclsyntax.Attribute, spec *AttrSpec, what string) (*Attr, hcl.Diagnostics) {
	a := &Attr{Name: spec.Name, Type: spec.Type, Set: true, Range: ha.Expr.Range(), NameRange: ha.NameRange}
	switch spec.Type {
	case TypeRef:
		if isNull(ha.Expr) {
			return nil, nil
		}
		ref, d := decodeRef(ha.Expr, spec, what)
		if d.HasErrors() {
			return nil, d
		}
		a.Refs = []Ref{ref}
		return a, nil
	case TypeRefList:
		refs, d := decodeRefList(ha.Expr, spec, what)
		if d.HasErrors() {
			return nil, d
		}
		a.Refs = refs
		return a, nil
	}

	v, diags := ha.Expr.Value(nil)
	if diags.HasErrors() {
		return nil, staticOnly(diags, ha.Expr)
	}
	if v.IsNull() {
		return nil, nil
	}
	if !v.IsWhollyKnown() {
		return nil, hcl.Diagnostics{errAt(a.Range, "Value not known", "Attribute values must be written literally.")}
	}
	bad := func(want, example string) hcl.Diagnostics {
		return hcl.Diagnostics{errAtf(a.Range, "Incorrect attribute value type",
			"%s of a %s must be %s, for example %s; this is %s.", spec.Name, what, want, example, describeValue(v))}
	}
	switch spec.Type {
	case TypeString:
		if v.Type() != cty.String {
			return nil, bad("a string", `"`+exampleString(spec)+`"`)
		}
		a.Str = v.AsString()
		if len(spec.Enum) > 0 && !slices.Contains(spec.Enum, a.Str) {
			return nil, hcl.Diagnostics{errAtf(a.Range, "Invalid value",
				"%s of a %s must be %s; %q is not one of them.%s", spec.Name, what, quotedOr(spec.Enum), a.Str, suggest(a.Str, spec.Enum))}
		}
	case TypeNumber, TypeInt:
		if v.Type() != cty.Number {
			if v.Type() == cty.String {
				if _, err := strconv.ParseFloat(v.AsString(), 64); err == nil {
					return nil, bad("a number without quotes", v.AsString())
				}
			}
			return nil, bad("a number", exampleNumber(spec))
		}
		f, _ := v.AsBigFloat().Float64()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, bad("a finite number", exampleNumber(spec))
		}
		if spec.Type == TypeInt && f != math.Trunc(f) {
			return nil, bad("a whole number", exampleNumber(spec))
		}
		a.Num = f
		if d := checkBounds(a, spec, what, f, strconv.FormatFloat); d != nil {
			return nil, hcl.Diagnostics{d}
		}
	case TypeBool:
		if v.Type() != cty.Bool {
			return nil, bad("true or false", "true")
		}
		a.Bool = v.True()
	case TypeDuration:
		if v.Type() == cty.Number {
			// CloudFormation and Terraform count timeouts in seconds.
			return nil, bad("a duration string with a unit", fmt.Sprintf("%q (if seconds are meant)", v.AsBigFloat().Text('f', -1)+"s"))
		}
		if v.Type() != cty.String {
			return nil, bad("a duration string with a unit", `"30s"`)
		}
		d, err := ParseDuration(v.AsString())
		if err != nil {
			hint := ""
			if alias := durationAlias(v.AsString()); alias != "" {
				hint = fmt.Sprintf(" Did you mean %q?", alias)
			}
			return nil, hcl.Diagnostics{errAtf(a.Range, "Invalid duration",
				"%s.%s Durations are strings with a unit: \"150ms\", \"29s\", \"15m\", \"2h\", \"4d\".", capitalise(err.Error()), hint)}
		}
		a.Duration = d
		a.Num = d.Seconds()
		if d := checkBounds(a, spec, what, d.Seconds(), formatSeconds); d != nil {
			return nil, hcl.Diagnostics{d}
		}
	case TypeSize:
		if v.Type() != cty.String {
			return nil, bad("a size string with a unit", `"2KB"`)
		}
		n, err := ParseSize(v.AsString())
		if err != nil {
			return nil, hcl.Diagnostics{errAtf(a.Range, "Invalid size",
				"%s. Sizes are strings with a unit: \"512B\", \"2KB\", \"1MB\".", capitalise(err.Error()))}
		}
		a.Size = n
		a.Num = float64(n)
		if d := checkBounds(a, spec, what, float64(n), formatBytes); d != nil {
			return nil, hcl.Diagnostics{d}
		}
	case TypeStringList:
		if !v.Type().IsTupleType() && !v.Type().IsListType() {
			return nil, bad("a list of strings", `["created"]`)
		}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			if ev.IsNull() || ev.Type() != cty.String {
				return nil, bad("a list of strings", `["created"]`)
			}
			s := ev.AsString()
			if len(spec.Enum) > 0 && !slices.Contains(spec.Enum, s) {
				return nil, hcl.Diagnostics{errAtf(a.Range, "Invalid value",
					"%s of a %s takes %s; %q is not one of them.%s", spec.Name, what, quotedOr(spec.Enum), s, suggest(s, spec.Enum))}
			}
			a.Strings = append(a.Strings, s)
		}
	case TypeAny:
		a.Any = ctyToGo(v)
	}
	return a, nil
}

// Limits of the values archie models, for attributes with no tighter
// bound of their own: past them a number means nothing for a serverless
// architecture, and the arithmetic on it (a month of requests, a cost in
// cents) would overflow. docs/language.md lists them.
const (
	MaxNumber   = 1e15            // any number or count
	MaxDuration = 365 * 24 * 3600 // any duration, in seconds: a year
	MaxSize     = 1e15            // any size, in bytes: 1 PB
)

func checkBounds(a *Attr, spec *AttrSpec, what string, f float64, format func(float64, byte, int, int) string) *hcl.Diagnostic {
	hi, hint := spec.Max, spec.Hint
	if hi == nil {
		limit := MaxNumber
		switch spec.Type {
		case TypeDuration:
			limit = MaxDuration
		case TypeSize:
			limit = MaxSize
		}
		hi = &limit
		hint = "This is archie's limit for any value: beyond it a number means nothing for an architecture."
	}
	low := spec.Min != nil && f < *spec.Min
	high := f > *hi
	if !low && !high {
		return nil
	}
	num := func(v float64) string {
		if v >= 1e9 && format != nil && spec.Type != TypeDuration && spec.Type != TypeSize {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		return format(v, 'f', -1, 64)
	}
	var want string
	switch {
	case spec.Min != nil && spec.Max != nil:
		want = fmt.Sprintf("between %s and %s", num(*spec.Min), num(*spec.Max))
	case low:
		want, hint = "at least "+num(*spec.Min), spec.Hint
	default:
		want = "at most " + num(*hi)
	}
	detail := fmt.Sprintf("%s of a %s must be %s.", spec.Name, what, want)
	if hint != "" {
		detail += " " + hint
	}
	return errAt(a.Range, "Value out of range", detail)
}

func formatSeconds(f float64, _ byte, _, _ int) string {
	return FormatDuration(secondsToDuration(f))
}

// formatBytes writes a size in the largest unit that divides it: "128MB",
// not "131072KB".
func formatBytes(f float64, _ byte, _, _ int) string {
	for i := len(sizeUnits) - 1; i >= 0; i-- {
		u := sizeUnits[i]
		if u.unit > 1 && f >= float64(u.unit) && math.Mod(f, float64(u.unit)) == 0 {
			return strconv.FormatFloat(f/float64(u.unit), 'f', -1, 64) + u.suffix
		}
	}
	return strconv.FormatFloat(f, 'f', -1, 64) + "B"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func quotedOr(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	return orList(q)
}

func exampleString(spec *AttrSpec) string {
	if len(spec.Enum) > 0 {
		return spec.Enum[0]
	}
	if s, ok := spec.Default.(string); ok {
		return s
	}
	return "text"
}

func exampleNumber(spec *AttrSpec) string {
	if f, ok := spec.Default.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	if spec.Min != nil {
		return strconv.FormatFloat(math.Max(*spec.Min, 1), 'f', -1, 64)
	}
	return "10"
}

func describeValue(v cty.Value) string {
	t := v.Type()
	switch {
	case t == cty.String:
		return fmt.Sprintf("the string %q", v.AsString())
	case t == cty.Number:
		return "the number " + v.AsBigFloat().Text('g', -1)
	case t == cty.Bool:
		return "a bool"
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		return "a list"
	case t.IsObjectType() || t.IsMapType():
		return "an object"
	}
	return "a " + t.FriendlyName()
}

// staticOnly rewrites evaluation errors of expressions that refer to
// something, which the language does not evaluate.
func staticOnly(diags hcl.Diagnostics, expr hclsyntax.Expression) hcl.Diagnostics {
	if call := firstCall(expr); call != nil {
		return hcl.Diagnostics{errAtf(call.Range(), "Function calls not allowed",
			"archie reads values as written and calls no functions (%s is one): write the value itself.", call.Name)}
	}
	if isTemplate(expr) && len(expr.Variables()) > 0 {
		return hcl.Diagnostics{errAt(expr.Range(), "Interpolation not allowed",
			"Strings cannot refer to other values: archie evaluates no variables. Write the text itself; $${ stands for a literal ${.")}
	}
	if len(expr.Variables()) > 0 {
		return hcl.Diagnostics{errAt(expr.Range(), "Reference where a value is expected",
			"This attribute takes a literal value; references (KIND.NAME) are allowed only in calls, emits, reads, writes, on_failure, dead_letter, trigger sources, pattern roles and workload entries.")}
	}
	return diags
}

func isTemplate(expr hclsyntax.Expression) bool {
	switch expr.(type) {
	case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
		return true
	}
	return false
}

// firstCall is the first function call in expr, or nil.
func firstCall(expr hclsyntax.Expression) *hclsyntax.FunctionCallExpr {
	var found *hclsyntax.FunctionCallExpr
	hclsyntax.VisitAll(expr, func(n hclsyntax.Node) hcl.Diagnostics {
		if c, ok := n.(*hclsyntax.FunctionCallExpr); ok && found == nil {
			found = c
		}
		return nil
	})
	return found
}

func isNull(expr hclsyntax.Expression) bool {
	if lit, ok := expr.(*hclsyntax.LiteralValueExpr); ok {
		return lit.Val.IsNull()
	}
	return false
}

func decodeRefList(expr hclsyntax.Expression, spec *AttrSpec, what string) ([]Ref, hcl.Diagnostics) {
	if isNull(expr) {
		return nil, nil
	}
	tuple, ok := expr.(*hclsyntax.TupleConsExpr)
	if !ok {
		if _, isTrav := expr.(*hclsyntax.ScopeTraversalExpr); isTrav {
			return nil, hcl.Diagnostics{errAtf(expr.Range(), "List expected",
				"%s of a %s is a list of references; write it in brackets: [%s].", spec.Name, what, exprText(expr))}
		}
		return nil, hcl.Diagnostics{errAtf(expr.Range(), "List expected",
			"%s of a %s is a list of references, for example [%s.name].", spec.Name, what, spec.RefKinds[0])}
	}
	var refs []Ref
	var diags hcl.Diagnostics
	for _, e := range tuple.Exprs {
		r, d := decodeRef(e, spec, what)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		dup := false
		for _, prev := range refs {
			if prev.Kind == r.Kind && prev.Name == r.Name {
				diags = append(diags, errAtf(r.Range, "Duplicate reference",
					"%s lists %s twice (first at line %d); list each dependency once.", spec.Name, r.Address(), prev.Range.Start.Line))
				dup = true
			}
		}
		if !dup {
			refs = append(refs, r)
		}
	}
	return refs, diags
}

func exprText(expr hclsyntax.Expression) string {
	if t, ok := expr.(*hclsyntax.ScopeTraversalExpr); ok {
		return traversalText(t.Traversal)
	}
	return "..."
}

func traversalText(t hcl.Traversal) string {
	var b strings.Builder
	for i, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		default:
			if i > 0 {
				b.WriteString("[...]")
			}
		}
	}
	return b.String()
}

// decodeRef reads KIND.NAME and checks KIND against what the attribute
// allows. Resolution to a component happens once every file is read.
func decodeRef(expr hclsyntax.Expression, spec *AttrSpec, what string) (Ref, hcl.Diagnostics) {
	rng := expr.Range()
	if tmpl, ok := expr.(*hclsyntax.TemplateExpr); ok && tmpl.IsStringLiteral() {
		v, _ := tmpl.Value(nil)
		s := v.AsString()
		return Ref{}, hcl.Diagnostics{errAtf(rng, "Reference written as a string",
			"References are written without quotes: %s = %s.", spec.Name, s)}
	}
	trav, ok := expr.(*hclsyntax.ScopeTraversalExpr)
	if !ok {
		return Ref{}, hcl.Diagnostics{errAtf(rng, "Reference expected",
			"%s of a %s takes a reference KIND.NAME to a %s.", spec.Name, what, kindList(spec.RefKinds))}
	}
	return refFromTraversal(trav.Traversal, rng, spec.Name, what, spec.RefKinds)
}

func refFromTraversal(t hcl.Traversal, rng hcl.Range, attr, what string, allowed []Kind) (Ref, hcl.Diagnostics) {
	root := t.RootName()
	kind := Kind(root)
	if _, known := componentSpecs[kind]; !known {
		kinds := make([]string, len(Kinds))
		for i, k := range Kinds {
			kinds[i] = string(k)
		}
		hint := suggest(root, kinds)
		if root == "service" {
			hint = " A service groups components and is not referenced itself: name the component in it (function.NAME, api.NAME, ...)."
		}
		return Ref{}, hcl.Diagnostics{errAtf(rng, "Unknown reference kind",
			"%q is not a component kind.%s References are KIND.NAME with KIND one of %s.", root, hint, orList(kinds))}
	}
	step, ok := hcl.TraverseAttr{}, len(t) == 2
	if ok {
		step, ok = t[1].(hcl.TraverseAttr)
	}
	if !ok {
		return Ref{}, hcl.Diagnostics{errAtf(rng, "Invalid reference",
			"A reference is KIND.NAME, without indexes or further attributes: %s.", refFix(t))}
	}
	if len(allowed) > 0 && !slices.Contains(allowed, kind) {
		hint := refKindHint(attr, kind)
		if what == string(KindFirehose) { // its writes and calls are destinations, not a compute's dependencies
			hint = ""
		}
		return Ref{}, hcl.Diagnostics{errAtf(rng, "Reference to the wrong kind",
			"%s of a %s cannot name %s; it takes %s.%s", attr, what, articled(string(kind)), articled(kindList(allowed)), hint)}
	}
	return Ref{Kind: kind, Name: step.Name, Range: rng}, nil
}

// refFix is what a malformed reference most likely meant: queue.q for
// queue.q[0], queue["q"] or queue.q.arn.
func refFix(t hcl.Traversal) string {
	root := t.RootName()
	if len(t) > 1 {
		switch s := t[1].(type) {
		case hcl.TraverseAttr:
			return "write " + root + "." + s.Name
		case hcl.TraverseIndex:
			if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() && hclsyntax.ValidIdentifier(s.Key.AsString()) {
				return "write " + root + "." + s.Key.AsString()
			}
		}
	}
	return "for example " + root + ".name"
}

func refKindHint(attr string, kind Kind) string {
	switch {
	case attr == "calls" && kind.IsChannel():
		return " Sending to a " + string(kind) + " is asynchronous: list it in emits."
	case attr == "calls" && (kind == KindDatabase || kind == KindBucket):
		return " Data access is declared with reads and writes."
	case attr == "emits" && (kind == KindDatabase || kind == KindBucket):
		return " Data access is declared with reads and writes."
	case attr == "emits" && (kind == KindAPI || kind == KindExternal || kind == KindContainer):
		return " Requests that wait for a response are declared with calls."
	case (attr == "reads" || attr == "writes") && kind.IsChannel():
		return " Sending to a " + string(kind) + " is declared with emits; consuming it with a trigger block."
	}
	return ""
}

func ctyToGo(v cty.Value) any {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Number:
		f, _ := v.AsBigFloat().Float64()
		return f
	case t == cty.Bool:
		return v.True()
	case t.IsTupleType() || t.IsListType() || t.IsSetType():
		var out []any
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			out = append(out, ctyToGo(ev))
		}
		return out
	case t.IsObjectType() || t.IsMapType():
		out := map[string]any{}
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			out[k.AsString()] = ctyToGo(ev)
		}
		return out
	}
	return nil
}
