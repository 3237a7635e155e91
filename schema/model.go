// Package schema is the architecture language: its block and attribute
// specification, the decoder that turns a directory of *.arch.hcl files into
// a model, and the graph queries the rules, the renderer and the simulator
// share. Every node and edge of the model keeps its source range.
package schema

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Kind is a component kind: the block type that declares it.
type Kind string

// The component kinds of the language.
const (
	KindAPI          Kind = "api"
	KindFunction     Kind = "function"
	KindContainer    Kind = "container"
	KindStateMachine Kind = "state_machine"
	KindQueue        Kind = "queue"
	KindTopic        Kind = "topic"
	KindStream       Kind = "stream"
	KindBus          Kind = "bus"
	KindFirehose     Kind = "firehose" // an Amazon Data Firehose delivery stream
	KindBucket       Kind = "bucket"
	KindDatabase     Kind = "database"
	KindExternal     Kind = "external"
)

// Kinds lists every component kind in the order used for sorting output.
var Kinds = []Kind{
	KindAPI, KindFunction, KindContainer, KindStateMachine,
	KindQueue, KindTopic, KindStream, KindBus, KindFirehose, KindBucket, KindDatabase, KindExternal,
}

// IsCompute reports whether components of this kind run code of their own.
func (k Kind) IsCompute() bool {
	return k == KindFunction || k == KindContainer || k == KindStateMachine
}

// IsChannel reports whether the kind carries messages between components.
// A firehose is one: it carries records from its producers to the
// destinations it delivers to.
func (k Kind) IsChannel() bool {
	return k == KindQueue || k == KindTopic || k == KindStream || k == KindBus || k == KindFirehose
}

func (k Kind) rank() int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// Mode is how work crosses an edge.
type Mode string

// Invocation and data-access modes.
const (
	ModeSync   Mode = "sync"   // the caller waits for the response
	ModeAsync  Mode = "async"  // fire and forget; the platform queues and retries
	ModePoll   Mode = "poll"   // a poller reads batches from a queue
	ModeStream Mode = "stream" // a poller reads ordered batches per shard
	ModeRead   Mode = "read"   // data read
	ModeWrite  Mode = "write"  // data written
)

// Relation says which construct of the language declared an edge.
type Relation string

// Edge relations.
const (
	RelCalls      Relation = "calls"
	RelEmits      Relation = "emits"
	RelReads      Relation = "reads"
	RelWrites     Relation = "writes"
	RelTrigger    Relation = "trigger"
	RelOnFailure  Relation = "on_failure"  // failed async invocations or stream batches go here
	RelDeadLetter Relation = "dead_letter" // a queue's, subscription's or target's dead-letter queue
)

// Architecture is one loaded architecture: every *.arch.hcl file of a
// directory, merged.
type Architecture struct {
	Name               string
	Description        string
	Region             string
	AccountConcurrency int
	DeclRange          hcl.Range // the architecture block, if any
	// Imported is set for an architecture imported from infrastructure
	// code (lint --from): its edges carry a Source, and what the sources
	// do not say is unknown rather than absent.
	Imported bool

	Dir   string               // the directory as the user named it
	Files map[string]*hcl.File // by file name as it appears in ranges

	Services   []*Service   // sorted by name
	Components []*Component // sorted by kind, then name
	Patterns   []*Pattern   // sorted by name
	Workloads  []*Workload  // sorted by name
	Edges      []*Edge      // sorted by source, then declaration order

	byAddress map[string]*Component
	services  map[string]*Service
}

// Service is a bounded context: one team, one owner.
type Service struct {
	Name        string
	Owner       string
	Description string
	DeclRange   hcl.Range
	Components  []*Component // sorted by kind, then name
}

// Component is one node of the architecture.
type Component struct {
	Kind      Kind
	Name      string
	Service   *Service // nil for a component declared at top level
	DeclRange hcl.Range
	Range     hcl.Range // the whole block

	// Attrs holds every attribute of the kind, with defaults applied.
	// An attribute with no value and no default is absent.
	Attrs    map[string]*Attr
	Triggers []*Trigger

	Out []*Edge // edges leaving this component
	In  []*Edge // edges arriving here

	// Unknown lists, for an imported component, the links the importer
	// could not follow (a nested-stack output, Fn::ImportValue, an SSM
	// parameter): what the sources say about its connections is
	// incomplete, so rules do not claim an absence there.
	Unknown []UnknownLink
}

// UnknownLink is a reference an importer could not follow.
type UnknownLink struct {
	What  string
	Range hcl.Range
	// Peers: the link says only what else may feed or consume the
	// component, nothing of its own configuration (its failure handling).
	Peers bool
}

// Address is the component's reference form, e.g. "queue.orders".
func (c *Component) Address() string { return string(c.Kind) + "." + c.Name }

// ServiceName is the owning service's name, or "" at top level.
func (c *Component) ServiceName() string {
	if c.Service == nil {
		return ""
	}
	return c.Service.Name
}

// Trigger is infrastructure wiring that pushes work into a component.
type Trigger struct {
	Target     *Component
	Source     *Component // nil for a named source such as "schedule"
	SourceName string     // the source's address, or the named source
	Mode       Mode
	Attrs      map[string]*Attr
	DeclRange  hcl.Range // the "trigger" keyword
	Range      hcl.Range // the whole block
	SourceExpr hcl.Range // the source expression
}

// Edge is a dependency between two components.
type Edge struct {
	From, To *Component
	Mode     Mode
	Relation Relation
	Trigger  *Trigger // the trigger that declared it, for RelTrigger and a trigger's own on_failure/dead_letter
	Range    hcl.Range
	// Source is how an imported edge was learned (SourceTemplate,
	// SourcePermission, SourceEnvironment, SourceDefinition); "" for an
	// edge written in the language, which is declared.
	Source string
	// SharedBy is, for an edge inferred from an IAM role that several
	// compute components share, how many share it; 0 otherwise. Such a
	// role allows what all of them need together.
	SharedBy int
}

// How the importer learned an edge.
const (
	SourceTemplate    = "template"    // declared wiring: triggers, event sources, destinations, subscriptions, connectors
	SourcePermission  = "permission"  // an IAM statement or SAM policy template of the caller
	SourceEnvironment = "environment" // an environment variable naming the target
	SourceDefinition  = "definition"  // a state of a state machine's definition
)

// Inferred reports whether the edge is a guess of the importer, from a
// permission or an environment variable, rather than declared wiring: a
// permission to send is not proof of sending.
func (e *Edge) Inferred() bool {
	return e.Source == SourcePermission || e.Source == SourceEnvironment
}

// Pattern is a declared intent: a catalog pattern and the components that
// fill its roles.
type Pattern struct {
	Kind      string
	Name      string
	Roles     map[string][]*Role // by role name
	DeclRange hcl.Range
	Range     hcl.Range
}

// Role is one component named in a pattern role.
type Role struct {
	Name      string
	Component *Component
	Range     hcl.Range
}

// Members returns the components filling a role, in the order written.
func (p *Pattern) Members(role string) []*Component {
	var out []*Component
	for _, r := range p.Roles[role] {
		out = append(out, r.Component)
	}
	return out
}

// Member returns the single component of a role, or nil.
func (p *Pattern) Member(role string) *Component {
	if rs := p.Roles[role]; len(rs) > 0 {
		return rs[0].Component
	}
	return nil
}

// Workload is a load to push through the architecture.
type Workload struct {
	Name      string
	Entry     *Component
	Route     string
	Rate      float64 // mean arrivals per second
	Arrival   string  // "poisson" or "constant"
	Duration  time.Duration
	Monthly   float64 // requests per month for cost
	Payload   int64   // bytes
	Bursts    []Burst
	Attrs     map[string]*Attr
	DeclRange hcl.Range
}

// Burst is a surge of arrivals within a workload.
type Burst struct {
	At    time.Duration
	Rate  float64
	For   time.Duration
	Range hcl.Range
}
