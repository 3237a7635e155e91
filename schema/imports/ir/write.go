package ir

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/internal/hclwrite"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Output is the generated architecture: one file per Doc, and for each
// file the source position every generated line came from.
type Output struct {
	// Files are the generated files as written, before formatting: the
	// loader needs only their lines, which formatting keeps.
	Files []schema.SourceFile
	Lines map[string][]hcl.Range // by generated file name; index = line number
}

// Formatted returns the files in canonical form (hclwrite's layout, as
// archie fmt writes them), for people to read and edit.
func (o *Output) Formatted() []schema.SourceFile {
	out := make([]schema.SourceFile, len(o.Files))
	for i, f := range o.Files {
		out[i] = schema.SourceFile{Name: f.Name, Src: hclwrite.Format(f.Src)}
	}
	return out
}

// Remap maps a range in a generated file to the source range of its line,
// or of the nearest line above that has one. Other ranges pass unchanged.
func (o *Output) Remap(r hcl.Range) hcl.Range {
	lines, ok := o.Lines[r.Filename]
	if !ok {
		return r
	}
	for n := min(r.Start.Line, len(lines)-1); n > 0; n-- {
		if lines[n].Filename != "" {
			return lines[n]
		}
	}
	return r
}

// Write checks the result against the language (dropping, with a warning,
// whatever the language cannot hold), then writes every Doc as formatted
// HCL. The same result always gives the same bytes.
func Write(res *Result) *Output {
	normalize(res)
	starters := starterWorkloads(res)
	out := &Output{Lines: map[string][]hcl.Range{}}
	var services, files uniquer
	for _, d := range res.Docs {
		if d.Service != "" {
			base := d.Service
			d.Service = services.take(base, func(i int) string { return fmt.Sprintf("%s_%d", base, i) })
		}
		base := d.File
		file := files.take(base, func(i int) string {
			return strings.TrimSuffix(base, schema.FileSuffix) + fmt.Sprintf("_%d", i) + schema.FileSuffix
		})
		d.File = file
		w := &writer{file: file, lines: []hcl.Range{{}}}
		w.doc(d)
		for _, wl := range starters[d] {
			w.workload(wl)
		}
		out.Files = append(out.Files, schema.SourceFile{Name: file, Src: []byte(w.b.String())})
		out.Lines[file] = w.lines
	}
	return out
}

type writer struct {
	file  string
	b     strings.Builder
	lines []hcl.Range // lines[n] is the origin of line n (1-based)
}

// line writes one or more lines of text, all with the same origin.
func (w *writer) line(text string, origin hcl.Range) {
	for _, l := range strings.Split(text, "\n") {
		w.b.WriteString(l)
		w.b.WriteByte('\n')
		w.lines = append(w.lines, origin)
	}
}

func (w *writer) doc(d *Doc) {
	var none hcl.Range
	w.line(fmt.Sprintf("# Imported by archie from %s (%s).", oneLine(d.Source), oneLine(d.Format)), none)
	w.line("# Dependencies marked \"inferred\" come from permissions and environment", none)
	w.line("# variables: check them, then edit this file like any other.", none)
	w.line("", none)
	indent := ""
	if d.Service != "" {
		w.line(fmt.Sprintf("service %s {", quote(d.Service)), none)
		indent = "  "
	}
	for i, c := range d.Components {
		if i > 0 {
			w.line("", none)
		}
		w.component(c, indent)
	}
	if d.Service != "" {
		w.line("}", none)
	}
}

func (w *writer) component(c *Component, in string) {
	where := fmt.Sprintf("%s:%d", c.Pos.Filename, c.Pos.Start.Line)
	if c.Implicit {
		where = "created implicitly by " + where
	}
	label := c.Type + " " + c.ID
	if strings.HasPrefix(c.ID, c.Type+".") || strings.Contains(c.ID, "."+c.Type+".") {
		label = c.ID
	}
	w.line(fmt.Sprintf("%s# %s %s", in, oneLine(where), oneLine(label)), c.Pos)
	for _, n := range c.Notes {
		w.line(in+"# "+oneLine(n), c.Pos)
	}
	if len(c.Attrs) == 0 && len(c.Deps) == 0 && len(c.Triggers) == 0 {
		w.line(fmt.Sprintf("%s%s %s {}", in, c.Kind, quote(c.Name)), c.Pos)
		return
	}
	w.line(fmt.Sprintf("%s%s %s {", in, c.Kind, quote(c.Name)), c.Pos)
	for _, name := range attrOrder(c.Kind) {
		if a := c.Get(name); a != nil {
			w.attr(in+"  ", a)
		}
	}
	for _, rel := range depRelations {
		w.deps(in+"  ", c, rel)
	}
	for _, t := range c.Triggers {
		w.trigger(in+"  ", c.Kind, t)
	}
	w.line(in+"}", c.Pos)
}

var depRelations = []string{"calls", "emits", "reads", "writes"}

// leading attributes come first: what a reader looks for in a function.
var leading = []string{"description", "type", "engine", "runtime", "memory", "arch", "timeout", "concurrency", "provisioned", "tracing"}

// attrOrder is the order attributes are written in: the leading ones,
// then the rest in the order of the language reference.
func attrOrder(k schema.Kind) []string {
	var out []string
	specs := schema.ComponentAttrs(k)
	for _, name := range leading {
		for _, s := range specs {
			if s.Name == name {
				out = append(out, name)
			}
		}
	}
	for _, s := range specs {
		if !slices.Contains(out, s.Name) && !slices.Contains(depRelations, s.Name) {
			out = append(out, s.Name)
		}
	}
	return out
}

func (w *writer) deps(in string, c *Component, rel string) {
	var ds []*Dep
	for _, d := range c.Deps {
		if d.Rel == rel {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return
	}
	if len(ds) == 1 {
		w.line(fmt.Sprintf("%s%s = [%s]%s", in, rel, ds[0].To.address(), comment(ds[0].Why)), ds[0].Pos)
		return
	}
	w.line(fmt.Sprintf("%s%s = [", in, rel), ds[0].Pos)
	for _, d := range ds {
		w.line(fmt.Sprintf("%s  %s,%s", in, d.To.address(), comment(d.Why)), d.Pos)
	}
	w.line(in+"]", ds[len(ds)-1].Pos)
}

func (w *writer) trigger(in string, target schema.Kind, t *Trigger) {
	for _, n := range t.Notes {
		w.line(in+"# "+oneLine(n), t.Pos)
	}
	w.line(in+"trigger {", t.Pos)
	src := quote(t.Named)
	if t.Source != nil {
		src = t.Source.address()
	}
	w.line(fmt.Sprintf("%s  source = %s", in, src), t.Pos)
	for _, s := range schema.TriggerAttrs(target, t.SourceKey()) {
		if a := t.Get(s.Name); a != nil {
			w.attr(in+"  ", a)
		}
	}
	w.line(in+"}", t.Pos)
}

func (w *writer) attr(in string, a *Attr) {
	w.line(fmt.Sprintf("%s%s = %s%s", in, a.Name, render(a.Value), comment(a.Note)), a.Pos)
}

func comment(s string) string {
	if s == "" {
		return ""
	}
	return " # " + oneLine(s)
}

// oneLine is text from the input made safe for a comment of the generated
// HCL: white space folded, then every control character escaped, line
// breaks included, so a newline in a logical ID, a function key or a file
// name cannot end the comment and add a block.
func oneLine(s string) string {
	return safetext.Line(strings.Join(strings.Fields(s), " "))
}

func (c *Component) address() string { return string(c.Kind) + "." + c.Name }

func quote(s string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
}

// render writes a value as HCL.
func render(v any) string {
	switch x := v.(type) {
	case *Component:
		return x.address()
	case []*Component:
		parts := make([]string, len(x))
		for i, c := range x {
			parts[i] = c.address()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case Seconds:
		return quote(schema.FormatDuration(time.Duration(math.Round(float64(x)*1000)) * time.Millisecond))
	case Megabytes:
		return quote(strconv.FormatFloat(float64(x), 'f', -1, 64) + "MB")
	case Raw:
		return string(hclwrite.TokensForValue(toCty(x.V)).Bytes())
	}
	return string(hclwrite.TokensForValue(toCty(v)).Bytes())
}

// toCty converts decoded YAML/JSON/HCL values; map keys are sorted by cty.
func toCty(v any) cty.Value {
	switch x := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case string:
		return cty.StringVal(x)
	case bool:
		return cty.BoolVal(x)
	case int:
		return cty.NumberIntVal(int64(x))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return cty.StringVal(fmt.Sprint(x))
		}
		return cty.NumberFloatVal(x)
	case []string:
		vals := make([]cty.Value, len(x))
		for i, s := range x {
			vals[i] = cty.StringVal(s)
		}
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case []any:
		vals := make([]cty.Value, len(x))
		for i, e := range x {
			vals[i] = toCty(e)
		}
		if len(vals) == 0 {
			return cty.EmptyTupleVal
		}
		return cty.TupleVal(vals)
	case map[string]any:
		m := make(map[string]cty.Value, len(x))
		for k, e := range x {
			m[k] = toCty(e)
		}
		if len(m) == 0 {
			return cty.EmptyObjectVal
		}
		return cty.ObjectVal(m)
	}
	return cty.StringVal(fmt.Sprint(v))
}

// normalize makes the result valid in the language: every attribute
// within its type and bounds, triggers only where the receiving kind
// accepts them (one per source), references of the right kinds. What it
// drops it reports as a warning at the source position.
func normalize(res *Result) {
	var all []*Component
	for _, d := range res.Docs {
		all = append(all, d.Components...)
	}
	for _, c := range all {
		if a := c.Get("dead_letter"); a != nil && a.Value == c {
			res.Warn(a.Pos, "Value left out", "Queue %s names itself as its dead-letter queue; the redrive policy is left out.", c.ID)
			c.Unset("dead_letter")
		}
		c.Attrs = checkAttrs(res, c.Attrs, schema.ComponentAttrs(c.Kind), string(c.Kind)+" "+c.Name)
		checkDeps(res, c)
		checkTriggers(res, c)
	}
	// A table used as the trigger source of compute must have its stream
	// on; one writing into a Kinesis data stream need not.
	for _, c := range all {
		for _, t := range c.Triggers {
			if c.Kind != schema.KindStream && t.Source != nil && t.Source.Kind == schema.KindDatabase && t.Source.Get("stream") == nil {
				t.Source.Set("stream", true, t.Pos)
			}
		}
	}
	for _, d := range res.Docs {
		sort.SliceStable(d.Components, func(i, j int) bool { return lessPos(d.Components[i].Pos, d.Components[j].Pos) })
	}
}

func lessPos(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Start.Line != b.Start.Line {
		return a.Start.Line < b.Start.Line
	}
	return a.Start.Column < b.Start.Column
}

func checkAttrs(res *Result, attrs []*Attr, specs []schema.AttrSpec, owner string) []*Attr {
	var out []*Attr
	for _, a := range attrs {
		var spec *schema.AttrSpec
		for i := range specs {
			if specs[i].Name == a.Name {
				spec = &specs[i]
			}
		}
		if spec == nil {
			continue
		}
		if msg := checkValue(a, spec); msg != "" {
			res.Warn(a.Pos, "Value left out", "%s of %s: %s; the attribute is left out.", a.Name, owner, msg)
			continue
		}
		out = append(out, a)
	}
	return out
}

// checkValue returns why a value does not fit its attribute, or "".
func checkValue(a *Attr, s *schema.AttrSpec) string {
	bounds := func(f float64) string {
		if s.Min != nil && f < *s.Min || s.Max != nil && f > *s.Max {
			msg := fmt.Sprintf("%g is out of range", f)
			if mb, ok := a.Value.(Megabytes); ok {
				msg = fmt.Sprintf("%gMB is out of range", float64(mb))
			}
			if s.Hint != "" {
				msg += " (" + strings.TrimSuffix(s.Hint, ".") + ")"
			}
			return msg
		}
		return ""
	}
	switch s.Type {
	case schema.TypeString:
		str, ok := a.Value.(string)
		if !ok {
			return "not a string"
		}
		if len(s.Enum) > 0 && !slices.Contains(s.Enum, str) {
			return fmt.Sprintf("%q is not one of %s", str, strings.Join(s.Enum, ", "))
		}
	case schema.TypeNumber, schema.TypeInt:
		f, ok := a.Value.(float64)
		if !ok {
			return "not a number"
		}
		if s.Type == schema.TypeInt && f != math.Trunc(f) || math.IsNaN(f) || math.IsInf(f, 0) {
			return "not a whole number"
		}
		return bounds(f)
	case schema.TypeBool:
		if _, ok := a.Value.(bool); !ok {
			return "not true or false"
		}
	case schema.TypeDuration:
		d, ok := a.Value.(Seconds)
		if !ok {
			return "not a duration"
		}
		return bounds(float64(d))
	case schema.TypeSize:
		mb, ok := a.Value.(Megabytes)
		if !ok {
			return "not a size"
		}
		return bounds(float64(mb) * (1 << 20))
	case schema.TypeRef:
		c, ok := a.Value.(*Component)
		if !ok || c == nil {
			return "not a reference"
		}
		if len(s.RefKinds) > 0 && !slices.Contains(s.RefKinds, c.Kind) {
			return fmt.Sprintf("%s is a %s, and it takes a %s", c.address(), c.Kind, kinds(s.RefKinds))
		}
	case schema.TypeStringList:
		l, ok := a.Value.([]string)
		if !ok {
			return "not a list of strings"
		}
		for _, x := range l {
			if len(s.Enum) > 0 && !slices.Contains(s.Enum, x) {
				return fmt.Sprintf("%q is not one of %s", x, strings.Join(s.Enum, ", "))
			}
		}
	case schema.TypeAny:
		if _, ok := a.Value.(Raw); !ok {
			return "not a value"
		}
	default:
		return "not supported by the importer"
	}
	return ""
}

func kinds(ks []schema.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func checkDeps(res *Result, c *Component) {
	// Compute has dependencies of its own code; a firehose has the
	// destinations it delivers to (writes, calls).
	if !c.Kind.IsCompute() && c.Kind != schema.KindFirehose {
		c.Deps = nil
		return
	}
	specs := schema.ComponentAttrs(c.Kind)
	var out []*Dep
	for _, d := range c.Deps {
		rel := d.Rel
		// A standard state machine runs asynchronously; calling it
		// synchronously is an error in the language.
		if rel == "calls" && d.To.Kind == schema.KindStateMachine && strOf(d.To.Get("type")) != "express" {
			rel = "emits"
		}
		if (rel == "calls" || rel == "emits") && d.To.Kind == schema.KindFunction && d.To == c {
			continue
		}
		var spec *schema.AttrSpec
		for i := range specs {
			if specs[i].Name == rel {
				spec = &specs[i]
			}
		}
		if spec == nil || !slices.Contains(spec.RefKinds, d.To.Kind) {
			continue
		}
		if c.HasDepIn(out, rel, d.To) {
			continue
		}
		d.Rel = rel
		out = append(out, d)
	}
	c.Deps = out
}

// HasDepIn reports whether deps already holds rel to to.
func (c *Component) HasDepIn(deps []*Dep, rel string, to *Component) bool {
	for _, d := range deps {
		if d.Rel == rel && d.To == to {
			return true
		}
	}
	return false
}

func strOf(a *Attr) string {
	if a == nil {
		return ""
	}
	s, _ := a.Value.(string)
	return s
}

func checkTriggers(res *Result, c *Component) {
	accepted, named := schema.AcceptedSources(c.Kind)
	var out []*Trigger
	for _, t := range c.Triggers {
		switch {
		case t.Source == c:
			continue
		case t.Source != nil && !slices.Contains(accepted, t.Source.Kind):
			res.Warn(t.Pos, "Trigger left out",
				"A %s cannot be triggered by a %s in the architecture language; the link from %s to %s is left out.", c.Kind, t.Source.Kind, t.Source.ID, c.ID)
			continue
		case t.Source != nil && t.Source.Kind == schema.KindAPI && c.Kind == schema.KindDatabase && strOf(c.Get("engine")) != "" && strOf(c.Get("engine")) != "dynamodb":
			// API Gateway integrates directly with DynamoDB only.
			res.Warn(t.Pos, "Trigger left out",
				"%s is a %s database, which an api cannot read or write directly; the link from %s to %s is left out.", c.ID, strOf(c.Get("engine")), t.Source.ID, c.ID)
			continue
		case t.Source == nil && !slices.Contains(named, t.Named):
			res.Warn(t.Pos, "Trigger left out",
				"A %s cannot be triggered by %q in the architecture language; the trigger of %s is left out.", c.Kind, t.Named, c.ID)
			continue
		}
		t.Attrs = checkAttrs(res, t.Attrs, schema.TriggerAttrs(c.Kind, t.SourceKey()), "a trigger of "+c.Name)
		if missing := missingRequired(c.Kind, t); missing != "" {
			res.Warn(t.Pos, "Trigger left out",
				"The %s trigger of %s has no %s the importer can read; the trigger is left out.", t.SourceKey(), c.ID, missing)
			continue
		}
		if prev := sameSource(out, t); prev != nil {
			// An api that reads a table or a bucket on one route and
			// writes it on another is written with a writing route, the
			// reading ones as comments: the edge carries the writes.
			if (c.Kind == schema.KindDatabase || c.Kind == schema.KindBucket) && dataAccess(prev) == "read" && dataAccess(t) == "write" {
				notes := prev.Notes
				*prev, *t = *t, *prev
				prev.Notes = append(notes, t.Notes...)
				t.Notes = nil
			}
			mergeTrigger(prev, t)
			continue
		}
		out = append(out, t)
	}
	c.Triggers = out
}

func missingRequired(target schema.Kind, t *Trigger) string {
	for _, s := range schema.TriggerAttrs(target, t.SourceKey()) {
		if s.Required && t.Get(s.Name) == nil {
			return s.Name
		}
	}
	return ""
}

func sameSource(ts []*Trigger, t *Trigger) *Trigger {
	if t.Named == "schedule" {
		return nil
	}
	for _, p := range ts {
		if p.Source == t.Source && p.Named == t.Named {
			return p
		}
	}
	return nil
}

// mergeTrigger folds a second trigger from the same source into the first:
// the language declares each edge once, so further routes or patterns are
// kept as a comment.
func mergeTrigger(into, t *Trigger) {
	for _, name := range []string{"route", "pattern", "filter"} {
		if a := t.Get(name); a != nil {
			into.Notes = append(into.Notes, fmt.Sprintf("also %s %s (%s:%d)", name, oneLine(render(a.Value)), t.Pos.Filename, t.Pos.Start.Line))
		}
	}
	for _, a := range t.Attrs {
		if into.Get(a.Name) == nil {
			into.Attrs = append(into.Attrs, a)
		}
	}
}

// dataAccess is the access of an api's trigger on a table or a bucket,
// written or implied by its route; "" for another trigger.
func dataAccess(t *Trigger) string {
	if t.Source == nil || t.Source.Kind != schema.KindAPI {
		return ""
	}
	a := t.Get("access")
	if a == nil && t.Get("route") == nil {
		return ""
	}
	return schema.APIDataAccess(strOf(t.Get("route")), strOf(a))
}

// starter is a workload generated so that simulate runs on an imported
// architecture at once.
type starter struct {
	name  string
	entry *Component
	route string
}

// starterWorkloads gives every api that routes to something one workload,
// at a placeholder rate; an architecture without an api gets one on the
// first channel or bucket that triggers something.
func starterWorkloads(res *Result) map[*Doc][]starter {
	out := map[*Doc][]starter{}
	sources := map[*Component][]string{}
	var order []*Component
	for _, d := range res.Docs {
		for _, c := range d.Components {
			for _, t := range c.Triggers {
				if t.Source == nil {
					continue
				}
				if _, seen := sources[t.Source]; !seen {
					order = append(order, t.Source)
					sources[t.Source] = nil
				}
				if r := strOf(t.Get("route")); r != "" {
					sources[t.Source] = append(sources[t.Source], r)
				}
			}
		}
	}
	docOf := map[*Component]*Doc{}
	for _, d := range res.Docs {
		for _, c := range d.Components {
			docOf[c] = d
		}
	}
	var used uniquer
	add := func(c *Component, route string) {
		name := used.take(c.Name+"_traffic", func(i int) string { return fmt.Sprintf("%s_traffic_%d", c.Name, i) })
		out[docOf[c]] = append(out[docOf[c]], starter{name: name, entry: c, route: route})
	}
	found := false
	for _, c := range order {
		if c.Kind == schema.KindAPI && docOf[c] != nil {
			routes := sources[c]
			sort.Strings(routes)
			route := ""
			if len(routes) > 0 {
				route = routes[0]
			}
			add(c, route)
			found = true
		}
	}
	if !found {
		var entries []schema.Kind
		for _, s := range schema.WorkloadAttrs() {
			if s.Name == "entry" {
				entries = s.RefKinds
			}
		}
		for _, c := range order {
			if slices.Contains(entries, c.Kind) && docOf[c] != nil {
				add(c, "")
				break
			}
		}
	}
	return out
}

func (w *writer) workload(s starter) {
	at := s.entry.Pos
	w.line("", hcl.Range{})
	w.line("# A starting workload so that archie simulate runs: the rate is a", at)
	w.line("# placeholder, not a measurement; set your own traffic.", at)
	w.line(fmt.Sprintf("workload %s {", quote(s.name)), at)
	w.line("  entry = "+s.entry.address(), at)
	if s.route != "" {
		w.line("  route = "+quote(s.route), at)
	}
	w.line("  rate  = 1", at)
	w.line("}", at)
}
