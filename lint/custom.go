package lint

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// customRule is a rule declared in .archie.hcl: an HCL condition over each
// component of some kinds, with the component as `self`. A finding fires
// where the condition is false.
type customRule struct {
	meta      Meta
	kinds     []schema.Kind
	condition hclsyntax.Expression
	message   hclsyntax.Expression // nil: a default message
	focus     schema.AttrName      // the one self attribute the condition reads, if only one
	funcs     map[string]function.Function
}

func (r *customRule) Meta() Meta { return r.meta }

// Names that self has besides the component's attributes. The language
// has no attribute of these names (TestSelfExtrasDoNotShadowAttributes).
var selfExtras = []string{"address", "callers", "kind", "name", "service", "triggers"}

// customAttrs are the attributes of a custom rule block.
var customAttrs = []string{"condition", "enabled", "kind", "message", "severity"}

// customFunctions are the functions a condition may call. They come from
// go-cty's standard library and HCL's tryfunc, except startswith,
// endswith, alltrue and anytrue, which are small enough to write here.
func customFunctions() map[string]function.Function {
	return map[string]function.Function{
		"alltrue":    boolListFunc(true),
		"anytrue":    boolListFunc(false),
		"can":        tryfunc.CanFunc,
		"contains":   stdlib.ContainsFunc,
		"endswith":   affixFunc(strings.HasSuffix),
		"length":     stdlib.LengthFunc,
		"lower":      stdlib.LowerFunc,
		"max":        stdlib.MaxFunc,
		"min":        stdlib.MinFunc,
		"regex":      stdlib.RegexFunc,
		"startswith": affixFunc(strings.HasPrefix),
		"try":        tryfunc.TryFunc,
		"upper":      stdlib.UpperFunc,
	}
}

func affixFunc(test func(s, affix string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "string", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(test(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// boolListFunc is alltrue (all) or anytrue (!all) over a list of bools.
func boolListFunc(all bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "list", Type: cty.List(cty.Bool)}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			for it := args[0].ElementIterator(); it.Next(); {
				_, v := it.Element()
				if v.IsNull() {
					return cty.NilVal, fmt.Errorf("the list holds a null value")
				}
				if v.True() != all {
					return cty.BoolVal(!all), nil
				}
			}
			return cty.BoolVal(all), nil
		},
	})
}

func functionNames(fns map[string]function.Function) []string {
	names := make([]string, 0, len(fns))
	for n := range fns {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// decodeCustomRule reads rule "NAME" { kind, condition, severity, message,
// enabled } and checks its expressions against the attributes of the kinds.
func (d *configDecoder) decodeCustomRule(b *hclsyntax.Block) *customRule {
	id, idRange := b.Labels[0], b.LabelRanges[0]
	before := len(d.diags)
	if !validCustomID(id) {
		d.errf(idRange, "Invalid rule name",
			"A custom rule's name is a letter followed by lower-case letters, digits, '-' or '_', like the catalog's: %q.", "memory-cap")
	}
	d.noBlocks(b.Body, "rule block")
	r := &customRule{
		meta: Meta{
			ID: id, Severity: Warning,
			Title:  "Custom rule " + id,
			Source: d.cfg.File,
		},
		funcs: customFunctions(),
	}
	for _, a := range sortedAttributes(b.Body.Attributes) {
		switch a.Name {
		case "kind":
			r.kinds = d.kinds(a)
		case "condition":
			r.condition = a.Expr
		case "message":
			r.message = a.Expr
		case "severity":
			if sev, ok := d.severity(a); ok {
				r.meta.Severity = sev
			}
		case "enabled":
			if on, ok := d.boolean(a); ok {
				d.cfg.Rules[id] = RuleConfig{Enabled: &on}
			}
		default:
			d.errf(a.NameRange, "Unknown attribute",
				"A custom rule has no attribute %q%s; it takes %s.", a.Name, suggest(a.Name, customAttrs), strings.Join(customAttrs, ", "))
		}
	}
	if _, ok := b.Body.Attributes["kind"]; !ok {
		d.errf(idRange, "Missing kind", `Custom rule %q needs kind: the component kind it checks, e.g. kind = "function", or a list of kinds.`, id)
	}
	if r.condition == nil {
		d.errf(idRange, "Missing condition", "Custom rule %q needs condition: an expression over self that is true for a good component, e.g. condition = self.memory <= 3008.", id)
	}
	if len(d.diags) > before || len(r.kinds) == 0 {
		return nil
	}
	// Bound the cost before checkExpr evaluates anything.
	for _, e := range []hclsyntax.Expression{r.condition, r.message} {
		if e == nil {
			continue
		}
		if err := checkCost(e, assumedListLen); err != nil {
			d.errf(err.rng, err.summary, "%s", err.detail)
		}
	}
	if len(d.diags) > before {
		return nil
	}
	d.checkExpr(r, r.condition, "condition", cty.Bool)
	if r.message != nil {
		d.checkExpr(r, r.message, "message", cty.String)
		if lit, ok := r.message.(*hclsyntax.TemplateExpr); ok && lit.IsStringLiteral() {
			v, _ := lit.Value(nil)
			r.meta.Title = v.AsString()
		}
	}
	if len(d.diags) > before {
		return nil
	}
	r.focus = focusAttr(r.condition, r.kinds)
	return r
}

func validCustomID(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// kinds reads kind = "function" or kind = ["function", "container"].
func (d *configDecoder) kinds(a *hclsyntax.Attribute) []schema.Kind {
	v, ok := d.literal(a)
	if !ok {
		return nil
	}
	var names []string
	switch {
	case v.Type() == cty.String:
		names = []string{v.AsString()}
	case v.Type().IsTupleType() || v.Type().IsListType():
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if e.Type() != cty.String || e.IsNull() {
				d.errf(a.Expr.Range(), "Invalid kind", "kind takes a component kind or a list of them, as strings: [\"function\", \"container\"].")
				return nil
			}
			names = append(names, e.AsString())
		}
	default:
		d.errf(a.Expr.Range(), "Invalid kind", "kind takes a component kind or a list of them, as strings, not %s.", friendlyValue(v))
		return nil
	}
	all := make([]string, len(schema.Kinds))
	for i, k := range schema.Kinds {
		all[i] = string(k)
	}
	if len(names) == 0 {
		d.errf(a.Expr.Range(), "Invalid kind", "kind names no component kind; use one or more of %s.", strings.Join(all, ", "))
		return nil
	}
	var out []schema.Kind
	for _, n := range names {
		if !slices.Contains(all, n) {
			d.errf(a.Expr.Range(), "Unknown component kind", "%q is not a component kind%s; the kinds are %s.", n, suggest(n, all), strings.Join(all, ", "))
			return nil
		}
		if !slices.Contains(out, schema.Kind(n)) {
			out = append(out, schema.Kind(n))
		}
	}
	return out
}

// selfNames are the names self has for every one of kinds.
func selfNames(kinds []schema.Kind) []string {
	var common []string
	for i, k := range kinds {
		names := slices.Clone(selfExtras)
		for _, s := range schema.ComponentAttrs(k) {
			names = append(names, s.Name)
		}
		if i == 0 {
			common = names
			continue
		}
		common = slices.DeleteFunc(common, func(n string) bool { return !slices.Contains(names, n) })
	}
	sort.Strings(common)
	return common
}

func kindNames(kinds []schema.Kind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	switch len(s) {
	case 1:
		return "a " + s[0]
	}
	return textfmt.List(s, "and") + " components"
}

// checkExpr finds mistakes in a custom rule's expression before any
// component is seen: variables other than self, attributes self does not
// have, unknown functions, and type errors, found by evaluating it once per
// kind with every attribute unknown but typed.
func (d *configDecoder) checkExpr(r *customRule, e hclsyntax.Expression, what string, want cty.Type) {
	names := selfNames(r.kinds)
	bad := false
	for _, t := range e.Variables() {
		root := t.RootName()
		if root != "self" {
			d.errf(t.SourceRange(), "Unknown variable",
				"A custom rule's %s can use self, the component being checked, not %q%s.", what, root, suggest(root, []string{"self"}))
			bad = true
			continue
		}
		if len(t) < 2 {
			continue
		}
		var name string
		var rng hcl.Range
		switch step := t[1].(type) {
		case hcl.TraverseAttr:
			name, rng = step.Name, step.SrcRange
		case hcl.TraverseIndex:
			if step.Key.Type() == cty.String && step.Key.IsKnown() && !step.Key.IsNull() {
				name, rng = step.Key.AsString(), step.SrcRange
			}
		}
		if name != "" && !slices.Contains(names, name) {
			d.errf(rng, "Unknown attribute of self",
				"self is %s, which has no attribute %q%s. It has %s.", kindNames(r.kinds), name, suggest(name, names), strings.Join(names, ", "))
			bad = true
		}
	}
	for _, call := range functionCalls(e) {
		if _, ok := r.funcs[call.Name]; !ok {
			d.errf(call.NameRange, "Unknown function",
				"A custom rule can call %s; there is no function %q%s.", strings.Join(functionNames(r.funcs), ", "), call.Name, suggest(call.Name, functionNames(r.funcs)))
			bad = true
		}
	}
	if bad {
		return
	}
	for _, k := range r.kinds {
		v, diags := e.Value(r.evalContext(probeSelf(k)))
		if diags.HasErrors() {
			d.diags = append(d.diags, diags...)
			return
		}
		if v.Type() == cty.DynamicPseudoType {
			continue
		}
		if _, err := convert.Convert(v, want); err != nil {
			d.errf(e.Range(), "Wrong type", "A custom rule's %s must be a %s; this one is %s.", what, want.FriendlyName(), v.Type().FriendlyName())
			return
		}
	}
}

// functionCalls lists the function calls in an expression.
func functionCalls(e hclsyntax.Expression) []*hclsyntax.FunctionCallExpr {
	var out []*hclsyntax.FunctionCallExpr
	hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		if c, ok := n.(*hclsyntax.FunctionCallExpr); ok {
			out = append(out, c)
		}
		return nil
	})
	return out
}

// focusAttr is the component attribute a condition reads when it reads
// exactly one, so that a finding can point at where it is written.
func focusAttr(e hclsyntax.Expression, kinds []schema.Kind) schema.AttrName {
	var found []string
	for _, t := range e.Variables() {
		if t.RootName() != "self" || len(t) < 2 {
			continue
		}
		step, ok := t[1].(hcl.TraverseAttr)
		if !ok || slices.Contains(selfExtras, step.Name) {
			return 0
		}
		if !slices.Contains(found, step.Name) {
			found = append(found, step.Name)
		}
	}
	if len(found) != 1 {
		return 0
	}
	name, _ := schema.LookupAttrName(found[0])
	return name
}

func (r *customRule) evalContext(self cty.Value) *hcl.EvalContext {
	return &hcl.EvalContext{Variables: map[string]cty.Value{"self": self}, Functions: r.funcs}
}

// Check evaluates the condition for every component of the rule's kinds.
// An evaluation error is a mistake in the configuration: it is reported
// once, at the expression, naming the first component it failed on.
func (r *customRule) Check(p *Pass) error {
	var firstErr hcl.Diagnostics
	var firstAt *schema.Component
	failed := 0
	for _, c := range p.Arch.Components {
		if !slices.Contains(r.kinds, c.Kind) {
			continue
		}
		self := SelfValue(c)
		ctx := r.evalContext(self)
		var ok bool
		var diags hcl.Diagnostics
		if n := longestList(self); n > assumedListLen {
			// Loading bounded the expressions for lists of assumedListLen
			// elements; this component has longer ones.
			for _, e := range []hclsyntax.Expression{r.condition, r.message} {
				if e == nil {
					continue
				}
				if err := checkCost(e, n); err != nil {
					rng := err.rng
					diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: err.summary, Detail: err.detail, Subject: &rng})
					break
				}
			}
		}
		if !diags.HasErrors() {
			ok, diags = r.holds(ctx)
		}
		var msg string
		if !diags.HasErrors() && !ok {
			msg, diags = r.messageFor(ctx)
		}
		if diags.HasErrors() {
			failed++
			if firstErr == nil {
				firstErr, firstAt = diags, c
			}
			continue
		}
		if ok {
			continue
		}
		rng := c.DeclRange
		if r.focus != 0 && c.IsSet(r.focus) {
			rng = c.AttrRange(r.focus)
		}
		p.Report(c, rng, "%s", msg)
	}
	if firstErr == nil {
		return nil
	}
	others := ""
	if failed > 1 {
		others = fmt.Sprintf(" (and %s)", plural(failed-1, "other component", "other components"))
	}
	var out hcl.Diagnostics
	for _, d := range firstErr {
		if d.Severity != hcl.DiagError {
			continue
		}
		nd := *d
		nd.Summary = fmt.Sprintf("Custom rule %s: %s", r.meta.ID, d.Summary)
		nd.Detail = fmt.Sprintf("Evaluating it for %s (%s)%s: %s", firstAt.Address(), posString(firstAt.DeclRange), others, d.Detail)
		nd.Expression, nd.EvalContext = nil, nil
		out = append(out, &nd)
		break
	}
	p.configError(out)
	return nil
}

func (r *customRule) holds(ctx *hcl.EvalContext) (bool, hcl.Diagnostics) {
	v, diags := r.condition.Value(ctx)
	if diags.HasErrors() {
		return false, diags
	}
	bv, err := convert.Convert(v, cty.Bool)
	if err != nil || bv.IsNull() || !bv.IsKnown() {
		what := "null"
		if err != nil {
			what = v.Type().FriendlyName()
		}
		rng := r.condition.Range()
		return false, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Condition is not a bool",
			Detail: fmt.Sprintf("The condition gave %s; it must be true or false. Guard optional attributes: self.concurrency == null || self.concurrency <= 100.", what), Subject: &rng}}
	}
	return bv.True(), nil
}

func (r *customRule) messageFor(ctx *hcl.EvalContext) (string, hcl.Diagnostics) {
	if r.message == nil {
		return fmt.Sprintf("custom rule %s: the condition is false", r.meta.ID), nil
	}
	v, diags := r.message.Value(ctx)
	if diags.HasErrors() {
		return "", diags
	}
	sv, err := convert.Convert(v, cty.String)
	if err != nil || sv.IsNull() || !sv.IsKnown() {
		rng := r.message.Range()
		return "", hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Message is not a string",
			Detail: "The message must give a string.", Subject: &rng}}
	}
	return sv.AsString(), nil
}

// SelfValue is the value of self for a component in a custom rule: every
// attribute of its kind (defaults applied; null when it has neither a value
// nor a default), durations in seconds, sizes in bytes, references as
// address strings ("queue.orders"), plus name, kind, address, service
// ("" at top level), triggers and callers.
func SelfValue(c *schema.Component) cty.Value {
	vals := attrValues(c.Attrs, schema.ComponentAttrs(c.Kind))
	vals["name"] = cty.StringVal(c.Name)
	vals["kind"] = cty.StringVal(string(c.Kind))
	vals["address"] = cty.StringVal(c.Address())
	vals["service"] = cty.StringVal(c.ServiceName())
	triggers := make([]cty.Value, 0, len(c.Triggers))
	for _, t := range c.Triggers {
		tv := attrValues(t.Attrs, schema.TriggerAttrs(c.Kind, triggerSourceKind(t)))
		tv["source"] = cty.StringVal(t.SourceName)
		tv["source_kind"] = cty.StringVal(triggerSourceKind(t))
		tv["mode"] = cty.StringVal(string(t.Mode))
		triggers = append(triggers, cty.ObjectVal(tv))
	}
	vals["triggers"] = cty.TupleVal(triggers)
	var callers []string
	for _, e := range c.In {
		if a := e.From.Address(); !slices.Contains(callers, a) {
			callers = append(callers, a)
		}
	}
	sort.Strings(callers)
	vals["callers"] = stringList(callers)
	return cty.ObjectVal(vals)
}

func triggerSourceKind(t *schema.Trigger) string {
	if t.Source != nil {
		return string(t.Source.Kind)
	}
	return t.SourceName
}

// probeSelf is self for a kind with every value unknown but typed, to
// type-check expressions before any component is seen.
func probeSelf(k schema.Kind) cty.Value {
	vals := map[string]cty.Value{}
	for _, s := range schema.ComponentAttrs(k) {
		vals[s.Name] = cty.UnknownVal(ctyType(s.Type))
	}
	for _, n := range []string{"name", "kind", "address", "service"} {
		vals[n] = cty.UnknownVal(cty.String)
	}
	vals["callers"] = cty.DynamicVal
	vals["triggers"] = cty.DynamicVal
	return cty.ObjectVal(vals)
}

func ctyType(t schema.Type) cty.Type {
	switch t {
	case schema.TypeString, schema.TypeRef:
		return cty.String
	case schema.TypeNumber, schema.TypeInt, schema.TypeDuration, schema.TypeSize:
		return cty.Number
	case schema.TypeBool:
		return cty.Bool
	}
	// Lists are tuples, so that self.calls == ["function.a"] compares
	// equal; their type is only known with their length.
	return cty.DynamicPseudoType
}

func attrValues(attrs map[string]*schema.Attr, specs []schema.AttrSpec) map[string]cty.Value {
	vals := make(map[string]cty.Value, len(specs)+6)
	for _, s := range specs {
		a := attrs[s.Name]
		if a == nil {
			vals[s.Name] = cty.NullVal(ctyType(s.Type))
			continue
		}
		vals[s.Name] = attrValue(a, s.Type)
	}
	return vals
}

func attrValue(a *schema.Attr, t schema.Type) cty.Value {
	switch t {
	case schema.TypeString:
		return cty.StringVal(a.Str)
	case schema.TypeNumber, schema.TypeInt:
		return cty.NumberFloatVal(a.Num)
	case schema.TypeDuration:
		return cty.NumberFloatVal(a.Duration.Seconds())
	case schema.TypeSize:
		return cty.NumberIntVal(a.Size)
	case schema.TypeBool:
		return cty.BoolVal(a.Bool)
	case schema.TypeRef:
		if len(a.Refs) == 0 {
			return cty.NullVal(cty.String)
		}
		return cty.StringVal(a.Refs[0].Address())
	case schema.TypeRefList:
		s := make([]string, len(a.Refs))
		for i, r := range a.Refs {
			s[i] = r.Address()
		}
		return stringList(s)
	case schema.TypeStringList:
		return stringList(a.Strings)
	}
	return anyValue(a.Any)
}

// stringList is a list of strings as HCL writes one: a tuple.
func stringList(s []string) cty.Value {
	vals := make([]cty.Value, len(s))
	for i, x := range s {
		vals[i] = cty.StringVal(x)
	}
	return cty.TupleVal(vals)
}

// anyValue converts a value kept as written (event patterns, filters).
func anyValue(v any) cty.Value {
	switch x := v.(type) {
	case string:
		return cty.StringVal(x)
	case float64:
		return cty.NumberFloatVal(x)
	case bool:
		return cty.BoolVal(x)
	case []any:
		vals := make([]cty.Value, len(x))
		for i, e := range x {
			vals[i] = anyValue(e)
		}
		return cty.TupleVal(vals)
	case map[string]any:
		vals := make(map[string]cty.Value, len(x))
		for k, e := range x {
			vals[k] = anyValue(e)
		}
		return cty.ObjectVal(vals)
	}
	return cty.NullVal(cty.DynamicPseudoType)
}
