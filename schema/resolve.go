package schema

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// finish runs once every file is read: it resolves references, applies the
// defaults that depend on other attributes, builds the edges and checks what
// needs the whole architecture.
func (l *loader) finish() {
	a := l.arch
	if l.archBlock == nil {
		attrs := map[string]*Attr{}
		withDefaults(attrs, architectureSpec, hcl.Range{})
		a.Region = attrStr(attrs, "region")
		n, _ := attrNum(attrs, "account_concurrency")
		a.AccountConcurrency = int(n)
	}
	sortComponents(a.Components)
	for _, s := range a.Services {
		sortComponents(s.Components)
	}
	sort.SliceStable(a.Services, func(i, j int) bool { return a.Services[i].Name < a.Services[j].Name })

	for _, c := range a.Components {
		for _, name := range refAttrs {
			if at := c.Attrs[name]; at != nil {
				l.resolve(at.Refs, name)
			}
		}
		seen := map[string]*Trigger{}
		for _, t := range c.Triggers {
			for _, name := range []string{"source", "on_failure", "dead_letter"} {
				if at := t.Attrs[name]; at != nil && at.Type == TypeRef {
					l.resolve(at.Refs, name)
				}
			}
			if src := t.Attrs["source"]; src != nil && len(src.Refs) == 1 {
				t.Source = src.Refs[0].Component
			}
			if first := seen[t.SourceName]; first != nil && t.SourceName != "schedule" {
				l.errs(errAtf(t.SourceExpr, "Duplicate trigger",
					"%s already has a trigger from %s at %s; declare each source once.", c.Address(), t.SourceName, rangeString(first.DeclRange)))
			}
			seen[t.SourceName] = t
		}
	}
	for _, c := range a.Components {
		l.checkComponent(c)
		applyComputedDefaults(c)
	}
	l.buildEdges()
	for _, rp := range l.rawPatterns {
		l.decodeRoles(rp.pattern, rp.body)
	}
	sort.SliceStable(a.Patterns, func(i, j int) bool { return a.Patterns[i].Name < a.Patterns[j].Name })
	for _, w := range a.Workloads {
		l.resolveWorkload(w)
	}
	sort.SliceStable(a.Workloads, func(i, j int) bool { return a.Workloads[i].Name < a.Workloads[j].Name })
}

// refAttrs are the component attributes that hold references.
var refAttrs = []string{"calls", "emits", "reads", "writes", "on_failure", "dead_letter", "backup"}

func (l *loader) resolve(refs []Ref, attr string) {
	for i := range refs {
		r := &refs[i]
		if c := l.arch.byAddress[r.Address()]; c != nil {
			r.Component = c
			continue
		}
		l.errs(errAtf(r.Range, "Reference to an undeclared component",
			"No %s named %q is declared in this architecture.%s", r.Kind, r.Name, suggest(r.Name, l.namesOf(r.Kind))))
	}
}

func (l *loader) namesOf(k Kind) []string {
	var out []string
	for _, c := range l.arch.Components {
		if c.Kind == k {
			out = append(out, c.Name)
		}
	}
	return out
}

func (l *loader) checkComponent(c *Component) {
	for _, r := range c.Refs(AttrCalls) {
		if r.Component != nil && r.Component.Kind == KindStateMachine && r.Component.Str(AttrType) != "express" {
			l.errs(errAtf(r.Range, "Synchronous call to a standard state machine",
				"%s is a standard state machine, which runs asynchronously: start it with emits, or make it type = \"express\" to call it synchronously.", r.Address()))
		}
	}
	if dl := c.Refs(AttrDeadLetter); len(dl) == 1 && dl[0].Component == c {
		l.errs(errAt(dl[0].Range, "Queue is its own dead-letter queue", "Name a separate queue as dead_letter."))
	}
	for _, t := range c.Triggers {
		if src := t.Source; src != nil && src.Kind == KindDatabase && c.Kind == KindStream {
			// Kinesis Data Streams for DynamoDB, which is not the table's
			// DynamoDB Streams change stream: stream = true is not needed.
			if e := src.Str(AttrEngine); e != "" && e != "dynamodb" { // "": the default, dynamodb
				l.errs(errAtf(t.SourceExpr, "Database cannot write into a stream",
					"%s has engine %q; only a DynamoDB table writes its item changes into a Kinesis data stream (Kinesis Data Streams for DynamoDB).", src.Address(), e))
			}
		} else if src != nil && src.Kind == KindDatabase && !src.Bool(AttrStream) {
			l.errs(errAtf(t.SourceExpr, "Database without a change stream",
				"%s is used as a trigger source, which reads its change stream; set stream = true on it (declared at %s).", src.Address(), rangeString(src.DeclRange)))
		}
		if src := t.Source; src != nil && src.Kind == KindAPI && c.Kind == KindDatabase {
			// API Gateway integrates directly with DynamoDB only.
			if e := c.Str(AttrEngine); e != "" && e != "dynamodb" { // "": the default, dynamodb
				l.errs(errAtf(t.SourceExpr, "Api cannot reach this database",
					"%s has engine %q; an api reads and writes a database directly only through an API Gateway integration with DynamoDB. Put compute between them.", c.Address(), e))
			}
		}
		if t.Source == c {
			l.errs(errAtf(t.SourceExpr, "Component triggers itself", "%s cannot be its own trigger source.", c.Address()))
		}
	}
	if c.Kind == KindContainer {
		tasks, _ := c.Num(AttrTasks)
		if mt, ok := c.Num(AttrMaxTasks); ok && c.IsSet(AttrMaxTasks) && mt < tasks {
			l.errs(errAtf(c.AttrRange(AttrMaxTasks), "Value out of range",
				"max_tasks (%g) is below tasks (%g); max_tasks is the ceiling when scaling out.", mt, tasks))
		}
	}
}

// Defaults that depend on other attributes. Cold-start defaults are in
// coldstart.go.
func applyComputedDefaults(c *Component) {
	set := func(name string, d time.Duration) {
		if c.Attrs[name] == nil {
			c.Attrs[name] = &Attr{Name: name, Type: TypeDuration, Duration: d, Num: d.Seconds(), Range: c.DeclRange, NameRange: c.DeclRange}
		}
	}
	withDefaults(c.Attrs, componentSpecs[c.Kind], c.DeclRange)
	switch c.Kind {
	case KindFunction:
		set("timeout", 3*time.Second)
		set("cold_start", DefaultColdStart(c.Str(AttrRuntime)))
	case KindStateMachine:
		if c.Str(AttrType) == "express" {
			set("timeout", 5*time.Minute)
		} else {
			set("timeout", 365*24*time.Hour)
		}
		if c.Attrs["transitions"] == nil {
			c.Attrs["transitions"] = &Attr{Name: "transitions", Type: TypeInt, Num: float64(len(c.Refs(AttrCalls)) + 2), Range: c.DeclRange, NameRange: c.DeclRange}
		}
	case KindContainer:
		if c.Attrs["max_tasks"] == nil {
			tasks, _ := c.Num(AttrTasks)
			c.Attrs["max_tasks"] = &Attr{Name: "max_tasks", Type: TypeInt, Num: tasks, Range: c.DeclRange, NameRange: c.DeclRange}
		}
	case KindAPI:
		set("timeout", DefaultAPITimeout(c.Str(AttrType)))
	case KindExternal:
		lat, _ := c.Dur(AttrLatency)
		set("latency_p99", 3*lat)
	}
	if c.Kind.IsCompute() {
		d, _ := c.Dur(AttrDuration)
		set("duration_p99", 3*d)
	}
}

// DefaultAPITimeout is the integration timeout of an api type. Sources:
// API Gateway quotas (docs.aws.amazon.com/apigateway/latest/developerguide/
// limits.html: REST and WebSocket 29 s, HTTP APIs 30 s), ALB idle timeout
// default 60 s (elasticloadbalancing docs), AppSync request timeout 30 s
// (docs.aws.amazon.com/general/latest/gr/appsync.html); checked 2026-11.
func DefaultAPITimeout(apiType string) time.Duration {
	switch apiType {
	case "rest", "websocket":
		return 29 * time.Second
	case "alb":
		return 60 * time.Second
	default:
		return 30 * time.Second
	}
}

var relationOrder = map[Relation]int{RelTrigger: 0, RelCalls: 1, RelEmits: 2, RelReads: 3, RelWrites: 4, RelOnFailure: 5, RelDeadLetter: 6}

func (l *loader) buildEdges() {
	a := l.arch
	add := func(from, to *Component, mode Mode, rel Relation, t *Trigger, rng hcl.Range) {
		if from == nil || to == nil {
			return
		}
		e := &Edge{From: from, To: to, Mode: mode, Relation: rel, Trigger: t, Range: rng}
		a.Edges = append(a.Edges, e)
	}
	for _, c := range a.Components {
		for _, r := range c.Refs(AttrCalls) {
			add(c, r.Component, ModeSync, RelCalls, nil, r.Range)
		}
		for _, r := range c.Refs(AttrEmits) {
			add(c, r.Component, ModeAsync, RelEmits, nil, r.Range)
		}
		for _, r := range c.Refs(AttrReads) {
			add(c, r.Component, ModeRead, RelReads, nil, r.Range)
		}
		for _, r := range c.Refs(AttrWrites) {
			add(c, r.Component, ModeWrite, RelWrites, nil, r.Range)
		}
		for _, r := range c.Refs(AttrOnFailure) {
			add(c, r.Component, ModeAsync, RelOnFailure, nil, r.Range)
		}
		for _, r := range c.Refs(AttrDeadLetter) {
			add(c, r.Component, ModeAsync, RelDeadLetter, nil, r.Range)
		}
		for _, r := range c.Refs(AttrBackup) { // a firehose's failed records
			add(c, r.Component, ModeAsync, RelOnFailure, nil, r.Range)
		}
		for _, t := range c.Triggers {
			add(t.Source, c, t.Mode, RelTrigger, t, t.SourceExpr)
			for _, r := range t.Refs(AttrOnFailure) {
				add(c, r.Component, ModeAsync, RelOnFailure, t, r.Range)
			}
			for _, r := range t.Refs(AttrDeadLetter) {
				add(c, r.Component, ModeAsync, RelDeadLetter, t, r.Range)
			}
		}
	}
	sort.SliceStable(a.Edges, func(i, j int) bool {
		x, y := a.Edges[i], a.Edges[j]
		if x.From != y.From {
			return lessComponent(x.From, y.From)
		}
		if x.Relation != y.Relation {
			return relationOrder[x.Relation] < relationOrder[y.Relation]
		}
		if x.To != y.To {
			return lessComponent(x.To, y.To)
		}
		return false
	})
	for _, e := range a.Edges {
		e.From.Out = append(e.From.Out, e)
		e.To.In = append(e.To.In, e)
	}
}

func (l *loader) decodeRoles(p *Pattern, body *hclsyntax.Body) {
	specs := PatternRoles[p.Kind]
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	for _, name := range sortedKeys(body.Attributes) {
		ha := body.Attributes[name]
		var spec *RoleSpec
		for i := range specs {
			if specs[i].Name == name {
				spec = &specs[i]
			}
		}
		if spec == nil {
			if name == "description" {
				continue
			}
			l.errs(errAtf(ha.NameRange, "Unknown role",
				"A %s pattern has no role %q.%s Its roles are %s.", p.Kind, name, suggest(name, names), strings.Join(names, ", ")))
			continue
		}
		var exprs []hclsyntax.Expression
		if tuple, ok := ha.Expr.(*hclsyntax.TupleConsExpr); ok {
			if !spec.List {
				l.errs(errAtf(ha.Expr.Range(), "Single component expected",
					"The %s role of a %s pattern takes one component, not a list.", name, p.Kind))
				continue
			}
			exprs = tuple.Exprs
		} else {
			exprs = []hclsyntax.Expression{ha.Expr}
		}
		as := AttrSpec{Name: name, RefKinds: spec.Kinds}
		for _, e := range exprs {
			ref, d := decodeRef(e, &as, p.Kind+" pattern")
			if d.HasErrors() {
				l.errs(d...)
				continue
			}
			refs := []Ref{ref}
			l.resolve(refs, name)
			if refs[0].Component == nil {
				continue
			}
			p.Roles[name] = append(p.Roles[name], &Role{Name: name, Component: refs[0].Component, Range: ref.Range})
		}
	}
	for _, s := range specs {
		if _, written := body.Attributes[s.Name]; !written && !s.Optional {
			l.errs(errAtf(p.DeclRange, "Missing role",
				"A %s pattern needs the role %s (a %s).", p.Kind, s.Name, kindList(s.Kinds)))
		}
	}
}

func (l *loader) resolveWorkload(w *Workload) {
	entry := w.Attrs["entry"]
	if entry != nil && len(entry.Refs) == 1 {
		l.resolve(entry.Refs, "entry")
		w.Entry = entry.Refs[0].Component
	}
	route := w.Attrs["route"]
	if w.Entry == nil || route == nil {
		return
	}
	if w.Entry.Kind != KindAPI {
		l.errs(errAtf(route.Range, "Route on a non-api entry", "route applies only when the entry is an api; %s is a %s.", w.Entry.Address(), w.Entry.Kind))
		return
	}
	routes := APIRoutes(w.Entry)
	if len(routes) > 0 && !slices.Contains(routes, w.Route) {
		l.errs(errAtf(route.Range, "Unknown route",
			"%s has no route %q.%s Its routes are %s.", w.Entry.Address(), w.Route, suggest(w.Route, routes), quotedOr(routes)))
	}
}

// APIRoutes lists the routes declared by triggers from an api, sorted.
func APIRoutes(api *Component) []string {
	var out []string
	for _, e := range api.Out {
		if e.Relation == RelTrigger && e.Trigger != nil {
			if r := e.Trigger.Str(AttrRoute); r != "" && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	sort.Strings(out)
	return out
}

func secondsToDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
