// Package ir is the model importers build before it is written as HCL:
// components, triggers and dependencies that each remember the position in
// the template or .tf file they came from. The writer (write.go) turns it
// into formatted *.arch.hcl text plus a line map back to those positions.
package ir

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// Pos is a position in a source file.
type Pos = hcl.Range

// Seconds is a duration value, written as a duration string.
type Seconds float64

// Megabytes is a size in MiB (1MB = 1,048,576 bytes, as the language and
// AWS count buffer sizes), written as a size string.
type Megabytes float64

// Raw is a value kept as written (event patterns, filter policies).
type Raw struct{ V any }

// Attr is one attribute. Value is a string, float64, bool, Seconds,
// Megabytes, Raw, []string, *Component (a reference) or []*Component.
type Attr struct {
	Name  string
	Value any
	Pos   hcl.Range
	Note  string // a comment written after the attribute
	// Assumed marks a value the source did not write: the platform's
	// default, written so that rules and the simulator use it.
	Assumed bool
}

// Dep is a dependency the component's own code has: calls, emits, reads
// or writes.
type Dep struct {
	Rel string
	To  *Component
	Pos hcl.Range
	Why string // how it was found; written as a comment
	// Weak marks a guess (a wildcard permission, an environment variable)
	// that a stronger fact may overrule.
	Weak bool
	// Source is how the dependency was learned: one of schema's
	// SourceTemplate, SourcePermission, SourceEnvironment,
	// SourceDefinition, as the importer that added it says.
	Source string
	// SharedBy is, for a dependency inferred from an IAM role that
	// several compute components share, how many share it (0 otherwise):
	// the role's permissions are what all of them need together, so a
	// grant says even less of what this one does.
	SharedBy int
}

// RoleGrants collects the dependencies importers infer from each IAM
// role's statements, so that those of a role several compute components
// share can be marked once every component is wired.
type RoleGrants struct {
	roles []any
	by    map[any]*roleGrant
}

type roleGrant struct {
	comps []*Component
	deps  []*Dep
}

// Add records that c was given deps by role (any key that names the role:
// its resource, or the serverless.yml provider node).
func (g *RoleGrants) Add(role any, c *Component, deps []*Dep) {
	if g.by == nil {
		g.by = map[any]*roleGrant{}
	}
	rg := g.by[role]
	if rg == nil {
		rg = &roleGrant{}
		g.by[role] = rg
		g.roles = append(g.roles, role)
	}
	if !slices.Contains(rg.comps, c) {
		rg.comps = append(rg.comps, c)
	}
	rg.deps = append(rg.deps, deps...)
}

// Uses records that c has role without any dependency inferred from it:
// c still shares the role.
func (g *RoleGrants) Uses(role any, c *Component) { g.Add(role, c, nil) }

// MarkShared sets SharedBy on every dependency inferred from a role that
// more than one component has, and says so in its Why.
func (g *RoleGrants) MarkShared() {
	for _, role := range g.roles {
		rg := g.by[role]
		n := len(rg.comps)
		if n < 2 {
			continue
		}
		for _, d := range rg.deps {
			if d.SharedBy == 0 {
				d.SharedBy = n
				d.Why += fmt.Sprintf(" (a role %d components share)", n)
			}
		}
	}
}

// Trigger pushes work from Source (or a named source) into its component.
type Trigger struct {
	Source *Component
	Named  string // "schedule", "cognito", ... when Source is nil
	Attrs  []*Attr
	Pos    hcl.Range
	Notes  []string
	// Learned is how the trigger was learned when it is a guess:
	// schema.SourcePermission for a direct integration's target found
	// through its role; "" for the template's declared wiring.
	Learned string
}

// Set sets a trigger attribute, replacing an earlier value.
func (t *Trigger) Set(name string, v any, pos hcl.Range) {
	t.Attrs = setAttr(t.Attrs, name, v, pos)
}

// kafkaTypes are the source types of Kafka clusters, as the importers
// record them.
var kafkaTypes = []string{"AWS::MSK::Cluster", "AWS::MSK::ServerlessCluster", "SelfManagedKafka",
	"aws_msk_cluster", "aws_msk_serverless_cluster", "self_managed_event_source"}

// KafkaRetries writes what Lambda does for a Kafka event source mapping
// with an on-failure destination and no retry limit: it retries a failing
// batch 10 times, then sends it to the destination. Source:
// docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html,
// checked 2026-12.
func (t *Trigger) KafkaRetries() {
	if t.Source == nil || !slices.Contains(kafkaTypes, t.Source.Type) || t.Get("on_failure") == nil {
		return
	}
	if r := t.Get("max_retries"); r != nil {
		if f, ok := r.Value.(float64); !ok || f >= 0 {
			return
		}
	}
	t.Set("max_retries", 10.0, t.Get("on_failure").Pos)
	a := t.Get("max_retries")
	a.Assumed = true
	a.Note = "Lambda's limit for a Kafka source with an on-failure destination"
}

// Get returns a trigger attribute or nil.
func (t *Trigger) Get(name string) *Attr { return getAttr(t.Attrs, name) }

// SourceKey is the source's kind, or the named source.
func (t *Trigger) SourceKey() string {
	if t.Source != nil {
		return string(t.Source.Kind)
	}
	return t.Named
}

// Component is one imported component.
type Component struct {
	Kind     schema.Kind
	Name     string // the name it is written with
	ID       string // the identifier in the source: logical ID, resource address, function key
	Type     string // the source type: AWS::SQS::Queue, aws_sqs_queue, function
	Pos      hcl.Range
	Attrs    []*Attr
	Triggers []*Trigger
	Deps     []*Dep
	Notes    []string
	Implicit bool // created by the platform, not declared (SAM's ServerlessRestApi, the default bus)
	// Unknown lists the links of the component the importer could not
	// follow (a nested-stack output, Fn::ImportValue, an SSM parameter, a
	// name built from a parameter), each with where it is written.
	Unknown []Unknown
	// Durable marks a Lambda durable function: a long-running
	// orchestrator that checkpoints and suspends rather than waits.
	Durable bool
}

// MarkDurable marks c as a Lambda durable function (DurableConfig) whose
// whole execution may last exec ("" when not given). A durable function
// invokes other functions and state machines through checkpointed steps:
// it suspends until the result comes, paying for no wait, and resumes in a
// new invocation, so its timeout stays the per-invocation Lambda timeout
// and those invocations are not a synchronous chain (durable = true in the
// language). FinishDurable turns them into emits once every dependency is
// known.
func (c *Component) MarkDurable(pos hcl.Range, exec string) {
	c.Durable = true
	c.Set("durable", true, pos)
	if exec != "" {
		c.Notes = append(c.Notes, "durable execution timeout "+exec+": the whole execution, across checkpointed invocations; timeout is one invocation's")
	}
}

// PreferDeclared drops a call or emit inferred from a permission or an
// environment variable when the template or a definition declares the
// other one to the same target: a state machine allowed to invoke a
// function whose definition invokes it with InvocationType Event emits,
// it does not also call.
func (c *Component) PreferDeclared() {
	declared := func(d *Dep) bool { return d.Source == schema.SourceTemplate || d.Source == schema.SourceDefinition }
	c.Deps = slices.DeleteFunc(c.Deps, func(d *Dep) bool {
		if declared(d) || d.Rel != "calls" && d.Rel != "emits" {
			return false
		}
		for _, o := range c.Deps {
			if o.To == d.To && o.Rel != d.Rel && (o.Rel == "calls" || o.Rel == "emits") && declared(o) {
				return true
			}
		}
		return false
	})
}

// AuthorizerTrigger wires a Lambda authorizer named name: api calls fn
// synchronously before each request it authorizes (unless a cached result
// answers), so fn gets a trigger from api with no route, and a comment with
// the cache time when set. A function that already has a trigger from api
// (it also serves a route) keeps that one, with the comment added.
func AuthorizerTrigger(api, fn *Component, name string, at hcl.Range, ttl float64, set bool) {
	note := "Lambda authorizer " + name + " of " + api.Name + ": a synchronous call before each request"
	switch {
	case set && ttl <= 0:
		note += ", not cached"
	case set:
		note += ", its result cached " + Duration(ttl)
	}
	for _, t := range fn.Triggers {
		if t.Source == api {
			for _, n := range t.Notes {
				if strings.HasPrefix(n, "Lambda authorizer "+name+" of ") {
					return // several routes share the authorizer
				}
			}
			t.Notes = append(t.Notes, note)
			return
		}
	}
	tr := fn.AddTrigger(api, "", at)
	tr.Notes = append(tr.Notes, note)
}

// BucketToEventBridge wires a bucket that sends its events to EventBridge:
// S3 sends every event of the bucket to the account's default event bus
// (docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html, read
// 2026-12-02). That bus is the account's, shared with every stack and AWS
// service: rules elsewhere may consume the bucket's events, so the bus is
// marked as having peers outside the imported sources.
func BucketToEventBridge(defaultBus, bucket *Component, pos hcl.Range) {
	defaultBus.AddTrigger(bucket, "", pos)
	for _, u := range defaultBus.Unknown {
		if u.Peers {
			return
		}
	}
	defaultBus.MarkUnknownPeers(pos, "It is the account's default event bus, which rules of other stacks may consume")
}

// SplunkBuffering writes the buffering interval Firehose uses for a Splunk
// destination whose buffering hints do not give one: 60 s, where the
// language's default is the 300 s of an S3 destination. Source:
// docs.aws.amazon.com/firehose/latest/APIReference/API_SplunkBufferingHints.html,
// read 2026-12-02.
func SplunkBuffering(c *Component, at hcl.Range) {
	if c.Get("buffer_interval") != nil {
		return
	}
	c.Set("buffer_interval", Seconds(60), at)
	a := c.Get("buffer_interval")
	a.Assumed = true
	a.Note = "Firehose's default for a Splunk destination"
}

// ProxyNote records on db that its clients reach it through an RDS Proxy
// (id, with its name when given): the proxy pools their connections, so
// many concurrent functions share a few database connections.
func ProxyNote(db *Component, id, name string) {
	note := "reached through RDS Proxy " + id
	if name != "" && name != id {
		note += " (" + name + ")"
	}
	db.Notes = append(db.Notes, note+": it pools connections, so concurrent functions share the database's connections")
}

// FinishDurable turns the calls of a durable function to functions and
// state machines into emits.
func (c *Component) FinishDurable() {
	c.PreferDeclared()
	if !c.Durable {
		return
	}
	for _, d := range c.Deps {
		if d.Rel == "calls" && (d.To.Kind == schema.KindFunction || d.To.Kind == schema.KindStateMachine) && !c.HasDep("emits", d.To) {
			d.Rel = "emits"
		}
	}
	c.Deps = slices.DeleteFunc(c.Deps, func(d *Dep) bool {
		return d.Rel == "calls" && (d.To.Kind == schema.KindFunction || d.To.Kind == schema.KindStateMachine)
	})
}

// Duration writes seconds as the language writes a duration.
func Duration(sec float64) string {
	return schema.FormatDuration(time.Duration(math.Round(sec*1000)) * time.Millisecond)
}

// Unknown is one link the importer could not follow.
type Unknown struct {
	Pos  hcl.Range
	What string
	// Peers: the link says only what else may feed or consume the
	// component (its reference is published for other stacks), nothing of
	// its own configuration, such as its failure handling.
	Peers bool
}

// MarkUnknown records a link of c the importer could not follow.
func (c *Component) MarkUnknown(pos hcl.Range, what string) {
	c.Unknown = append(c.Unknown, Unknown{Pos: pos, What: what})
}

// MarkUnknownPeers records that what feeds or consumes c may be outside
// the imported sources (see Unknown.Peers).
func (c *Component) MarkUnknownPeers(pos hcl.Range, what string) {
	c.Unknown = append(c.Unknown, Unknown{Pos: pos, What: what, Peers: true})
}

// Set sets an attribute, replacing an earlier value.
func (c *Component) Set(name string, v any, pos hcl.Range) {
	c.Attrs = setAttr(c.Attrs, name, v, pos)
}

// SetDefault sets an attribute only if it has no value yet.
func (c *Component) SetDefault(name string, v any, pos hcl.Range) {
	if c.Get(name) == nil {
		c.Set(name, v, pos)
	}
}

// Get returns an attribute or nil.
func (c *Component) Get(name string) *Attr { return getAttr(c.Attrs, name) }

// Unset removes an attribute.
func (c *Component) Unset(name string) {
	for i, a := range c.Attrs {
		if a.Name == name {
			c.Attrs = append(c.Attrs[:i], c.Attrs[i+1:]...)
			return
		}
	}
}

// AddDep records a dependency once per relation and target.
func (c *Component) AddDep(rel string, to *Component, pos hcl.Range, source, why string) {
	if to == nil || to == c && rel != "calls" {
		return
	}
	for _, d := range c.Deps {
		if d.Rel == rel && d.To == to {
			return
		}
	}
	c.Deps = append(c.Deps, &Dep{Rel: rel, To: to, Pos: pos, Why: why, Source: source})
}

// HasDep reports whether c already depends on to through rel.
func (c *Component) HasDep(rel string, to *Component) bool {
	for _, d := range c.Deps {
		if d.Rel == rel && d.To == to {
			return true
		}
	}
	return false
}

// NamedTrigger returns c's trigger from a named source ("firehose",
// "iot"...), or nil.
func (c *Component) NamedTrigger(named string) *Trigger {
	for _, t := range c.Triggers {
		if t.Source == nil && t.Named == named {
			return t
		}
	}
	return nil
}

// AddTrigger appends a trigger and returns it.
func (c *Component) AddTrigger(src *Component, named string, pos hcl.Range) *Trigger {
	t := &Trigger{Source: src, Named: named, Pos: pos}
	c.Triggers = append(c.Triggers, t)
	return t
}

func setAttr(attrs []*Attr, name string, v any, pos hcl.Range) []*Attr {
	for _, a := range attrs {
		if a.Name == name {
			a.Value, a.Pos = v, pos
			return attrs
		}
	}
	return append(attrs, &Attr{Name: name, Value: v, Pos: pos})
}

func getAttr(attrs []*Attr, name string) *Attr {
	for _, a := range attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Doc is one generated file: a stack, template or service.
type Doc struct {
	File       string // output file name, e.g. "orders.arch.hcl"
	Source     string // the source as shown to people
	Format     string // "AWS SAM", "CloudFormation", "Terraform", "Serverless Framework"
	Service    string // the service block the components go in; "" for top level
	Components []*Component
}

// Unsupported counts resources of one type in one file that the importer
// left out.
type Unsupported struct {
	Type   string
	File   string
	Count  int
	First  hcl.Range
	Reason string
}

// Result is what an importer produced.
type Result struct {
	Docs  []*Doc
	Diags hcl.Diagnostics // warnings (and errors) at positions in the sources
	// Unsupported lists what was left out, sorted by file and type.
	Unsupported []Unsupported
	// Ignored counts resources that have no place in an architecture (IAM
	// roles, log groups, deployments), by type.
	Ignored map[string]int
	// Sources holds every source file read, by the name positions show.
	Sources map[string][]byte
}

// NewResult returns an empty result.
func NewResult() *Result {
	return &Result{Ignored: map[string]int{}, Sources: map[string][]byte{}}
}

// Warn records a warning at a source position.
func (r *Result) Warn(pos hcl.Range, summary, format string, args ...any) {
	d := &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: fmt.Sprintf(format, args...)}
	if pos.Filename != "" {
		p := pos
		d.Subject = &p
	}
	r.Diags = append(r.Diags, d)
}

// Error records an error at a source position.
func (r *Result) Error(pos hcl.Range, summary, format string, args ...any) {
	d := &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...)}
	if pos.Filename != "" {
		p := pos
		d.Subject = &p
	}
	r.Diags = append(r.Diags, d)
}

// Unsupport records a resource the importer does not understand.
func (r *Result) Unsupport(typ string, pos hcl.Range, reason string) {
	for i := range r.Unsupported {
		u := &r.Unsupported[i]
		if u.Type == typ && u.File == pos.Filename {
			u.Count++
			return
		}
	}
	r.Unsupported = append(r.Unsupported, Unsupported{Type: typ, File: pos.Filename, Count: 1, First: pos, Reason: reason})
}

// Ignore counts a resource with no architecture meaning.
func (r *Result) Ignore(typ string) { r.Ignored[typ]++ }

// Sort puts unsupported entries and diagnostics in a stable order.
func (r *Result) Sort() {
	sort.SliceStable(r.Unsupported, func(i, j int) bool {
		a, b := r.Unsupported[i], r.Unsupported[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Type < b.Type
	})
	sort.SliceStable(r.Diags, func(i, j int) bool {
		a, b := r.Diags[i].Subject, r.Diags[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Start.Line != b.Start.Line:
			return a.Start.Line < b.Start.Line
		}
		return a.Start.Column < b.Start.Column
	})
}

// Names hands out component names unique per kind across a result.
type Names struct{ u uniquer }

// NewNames returns an empty name table.
func NewNames() *Names { return &Names{} }

// Take returns name made valid and unique for kind.
func (n *Names) Take(kind schema.Kind, name string) string {
	name = Identifier(name)
	return strings.TrimPrefix(n.u.take(string(kind)+"."+name, func(i int) string {
		return fmt.Sprintf("%s.%s_%d", kind, name, i)
	}), string(kind)+".")
}

// uniquer hands out unique strings: a base the first time, then the base
// with a suffix. It remembers, per base, the suffix to try next, so n
// copies of a base cost n steps, not n².
type uniquer struct {
	used map[string]bool
	next map[string]int
}

// take returns base when it is free, else suffixed(i) for the first free
// i from 2 on.
func (u *uniquer) take(base string, suffixed func(i int) string) string {
	if u.used == nil {
		u.used, u.next = map[string]bool{}, map[string]int{}
	}
	out := base
	if u.used[base] {
		i := max(u.next[base], 2)
		for out = suffixed(i); u.used[out]; out = suffixed(i) {
			i++
		}
		u.next[base] = i + 1
	}
	u.used[out] = true
	return out
}

// Has reports whether name is already taken for kind.
func (n *Names) Has(kind schema.Kind, name string) bool {
	return n.u.used[string(kind)+"."+Identifier(name)]
}

// Identifier turns s into a valid HCL identifier: letters, digits, '_'
// and '-', starting with a letter or '_'.
func Identifier(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" {
		return "unnamed"
	}
	if c := out[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		out = "r_" + out
	}
	return out
}

// SnakeCase turns a CloudFormation logical ID into snake_case:
// "OrdersTable" -> "orders_table", "SQSQueue1" -> "sqs_queue1".
func SnakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	isUpper := func(r rune) bool { return r >= 'A' && r <= 'Z' }
	isLower := func(r rune) bool { return r >= 'a' && r <= 'z' }
	isDigit := func(r rune) bool { return r >= '0' && r <= '9' }
	for i, r := range rs {
		if isUpper(r) && i > 0 {
			prev := rs[i-1]
			next := rune(0)
			if i+1 < len(rs) {
				next = rs[i+1]
			}
			if isLower(prev) || isDigit(prev) || isUpper(prev) && isLower(next) {
				b.WriteByte('_')
			}
		}
		switch {
		case isUpper(r):
			b.WriteRune(r + 'a' - 'A')
		case isLower(r) || isDigit(r):
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.Trim(b.String(), "_")
}

// S3EventKind maps an S3 event type ("s3:ObjectCreated:Put") to the
// language's bucket trigger event, or "" for one it has no name for.
func S3EventKind(e string) string {
	switch {
	case strings.HasPrefix(e, "s3:ObjectCreated"):
		return "created"
	case strings.HasPrefix(e, "s3:ObjectRemoved"):
		return "removed"
	case strings.HasPrefix(e, "s3:ObjectRestore"):
		return "restored"
	case strings.HasPrefix(e, "s3:Replication"):
		return "replicated"
	case strings.HasPrefix(e, "s3:ObjectTagging"):
		return "tagged"
	case strings.HasPrefix(e, "s3:LifecycleExpiration"), strings.HasPrefix(e, "s3:LifecycleTransition"):
		return "lifecycle"
	}
	return ""
}

// Absorb moves what o imported into r, so that several stacks, Terraform
// configurations or services read on their own become one architecture.
// A component whose name r already holds for its kind is renamed after its
// service ("orders" in service "billing" becomes "billing_orders"), with
// a number if that is taken too.
func (r *Result) Absorb(o *Result) {
	names := NewNames()
	for _, d := range r.Docs {
		for _, c := range d.Components {
			names.Take(c.Kind, c.Name)
		}
	}
	for _, d := range o.Docs {
		for _, c := range d.Components {
			name := c.Name
			if names.Has(c.Kind, name) && d.Service != "" && !strings.HasPrefix(name, d.Service+"_") {
				name = d.Service + "_" + name
			}
			c.Name = names.Take(c.Kind, name)
		}
	}
	r.Docs = append(r.Docs, o.Docs...)
	r.Diags = append(r.Diags, o.Diags...)
	for _, u := range o.Unsupported {
		merged := false
		for i := range r.Unsupported {
			if r.Unsupported[i].Type == u.Type && r.Unsupported[i].File == u.File {
				r.Unsupported[i].Count += u.Count
				merged = true
			}
		}
		if !merged {
			r.Unsupported = append(r.Unsupported, u)
		}
	}
	for t, n := range o.Ignored {
		r.Ignored[t] += n
	}
	for name, src := range o.Sources {
		r.Sources[name] = src
	}
}

// StackName returns the name for a component of kind declared in a stack
// whose service is service: name when it is free, else name prefixed with
// the service, so that stacks imported together keep telling their
// components apart.
func (n *Names) StackName(kind schema.Kind, service, name string) string {
	name = Identifier(name)
	if service != "" && n.Has(kind, name) && !strings.HasPrefix(name, service+"_") {
		name = service + "_" + name
	}
	return n.Take(kind, name)
}
