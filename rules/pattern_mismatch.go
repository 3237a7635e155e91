package rules

import (
	"fmt"
	"slices"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type patternMismatch struct{}

func (patternMismatch) Meta() lint.Meta {
	return lint.Meta{
		ID:       "pattern-mismatch",
		Severity: lint.Error,
		Title:    "A declared pattern's roles must be wired the way the pattern works",
		Why: `A pattern block states an intent: "this queue levels the load in front of
that consumer", "these workers are the fan-out of that topic". Reviewers,
the diagrams and the pattern rules (unbounded-concurrency for load
leveling, aggregator-resilience, fan-out-failure, strangler-shared-store)
all trust it. When the graph does not show the wiring the pattern needs, the
intent is false: a consumer named in the pattern but triggered by another
queue gets none of the leveling, a "pub/sub" topic with one subscriber is a
queue in disguise, a strangler facade that does not route to the modern
service migrates nothing. Usually a reference was renamed or a trigger was
forgotten.

Each missing wire is one finding at the role that lacks it, saying which
edge to add:
- simple_web_service: the api routes to each handler (a trigger from the
  api); the database, when given, is read or written by a handler.
- decoupled_messaging and pub_sub: each producer sends to the channel
  (emits, or for an api or bucket a trigger on the channel from it); the
  channel triggers each consumer; pub_sub needs two or more subscribers.
  Other channels may sit in between with no compute among them: a consumer
  fed by an SQS queue subscribed to the topic, a producer whose bus rule
  feeds the topic. An external producer cannot be drawn as an edge and is
  accepted as written.
- robust_api: the api routes to each backend. strangler: the facade routes
  to the legacy side and to each modern one.
- aggregator: the aggregator calls each source. orchestration: the state
  machine calls (or, for a nested standard workflow, starts with emits)
  each step.
- queue_load_leveling: the queue triggers the consumer; the producer, when
  given, sends to the queue.
- read_heavy_reporting: the source table's change stream triggers each
  projector; each view is written by a projector, and each projector
  writes a view.
- streams_pipeline: the stream triggers each processor; each sink is
  written, emitted to or called by a processor, and each processor reaches
  a sink.
- fan_out_fan_in: the source reaches each worker without waiting (emits,
  queue, topic, bus, stream and bucket triggers, writes to a bucket or a
  streamed table, with no other compute in between; a state machine source
  may also call its workers, as a Map or Parallel state does); when a store
  is given the workers (or the collector) write it; the collector is
  triggered by the store, reads it, or is reached from the workers the same
  way.`,
		Source: "The pattern table of the archie language reference (docs/language.md), after the serverless patterns catalog (seed 002) and the Lambda invocation types (seed 001).",
		Ignore: "Rarely: when part of the pattern lives outside the architecture, leave that member out of the role rather than suppressing.",
		Failing: `pattern "queue_load_leveling" "ingest" {
  queue    = queue.readings
  consumer = function.store_reading
}

queue "readings" {
  dead_letter = queue.readings_dlq
}

queue "readings_dlq" {}

function "store_reading" {
  memory      = 256
  timeout     = "10s"
  concurrency = 5
}`,
		Fixed: `pattern "queue_load_leveling" "ingest" {
  queue    = queue.readings
  consumer = function.store_reading
}

queue "readings" {
  dead_letter = queue.readings_dlq
}

queue "readings_dlq" {}

function "store_reading" {
  memory      = 256
  timeout     = "10s"
  concurrency = 5
  trigger {
    source = queue.readings
  }
}`,
		SeeAlso:  []string{"unconsumed-channel", "fan-out-failure", "aggregator-resilience", "strangler-shared-store"},
		Patterns: []string{"*"},
	}
}

// mismatch collects the findings of one pattern.
type mismatch struct {
	p     *lint.Pass
	pat   *schema.Pattern
	reach reachCache
}

func (m mismatch) report(r *schema.Role, format string, args ...any) {
	m.p.Report(r.Component, r.Range, format, args...)
}

// member is "function.x, the consumer of queue_load_leveling "ingest","
func (m mismatch) member(r *schema.Role, what string) string {
	return fmt.Sprintf("%s, %s of %s %q,", r.Component.Address(), what, m.pat.Kind, m.pat.Name)
}

func (patternMismatch) Check(p *lint.Pass) error {
	reach := reachCache{}
	for _, pat := range p.Arch.Patterns {
		m := mismatch{p.With(lint.Context{Pattern: pat.Name}), pat, reach}
		switch pat.Kind {
		case "simple_web_service":
			m.triggered("api", "handlers", "a handler")
			m.touched("database", "handlers", "handler")
		case "decoupled_messaging":
			m.fed("channel", "producers", "a producer")
			m.delivered("channel", "consumers", "a consumer")
		case "pub_sub":
			m.fed("topic", "publishers", "a publisher")
			m.delivered("topic", "subscribers", "a subscriber")
			if subs := pat.Roles["subscribers"]; len(subs) == 1 {
				m.report(subs[0], "pub_sub %q has one subscriber, %s: publish/subscribe delivers each event to several independent subscribers; add the other subscribers or declare the pattern as decoupled_messaging",
					pat.Name, subs[0].Component.Address())
			}
		case "robust_api":
			m.triggered("api", "backends", "a backend")
		case "strangler":
			m.triggered("facade", "legacy", "the legacy side")
			m.triggered("facade", "modern", "a modern side")
		case "aggregator":
			m.called("aggregator", "sources", "a source", schema.RelCalls)
		case "orchestration":
			m.called("orchestrator", "steps", "a step", schema.RelCalls, schema.RelEmits)
		case "queue_load_leveling":
			m.triggered("queue", "consumer", "the consumer")
			m.fed("queue", "producer", "the producer")
		case "read_heavy_reporting":
			m.triggered("source", "projectors", "a projector")
			m.produces("projectors", "views", "projector", "view")
		case "streams_pipeline":
			m.triggered("stream", "processors", "a processor")
			m.produces("processors", "sinks", "processor", "sink")
		case "fan_out_fan_in":
			m.fanOut()
			m.fanIn()
		}
	}
	return nil
}

// triggered checks that the component in role from is a trigger source of
// every member of role to, or of the given members only.
func (m mismatch) triggered(from, to, what string, only ...*schema.Role) {
	src := m.pat.Member(from)
	if src == nil {
		return
	}
	verb := "is not triggered by"
	if src.Kind == schema.KindAPI {
		verb = "gets no route from"
	}
	roles := m.pat.Roles[to]
	if only != nil {
		roles = only
	}
	for _, r := range roles {
		if triggers(src, r.Component) {
			continue
		}
		hint := addTriggerHint(src, r.Component)
		if src.Kind == schema.KindDatabase && r.Component.Kind != schema.KindStream && !src.Bool(schema.AttrStream) {
			hint = fmt.Sprintf("set stream = true on %s and %s", src.Address(), hint)
		}
		m.report(r, "%s %s %s: %s", m.member(r, what), verb, src.Address(), hint)
	}
}

// delivered checks that the channel in role from delivers to every
// member of role to: it triggers it, or a queue, topic or bus it triggers
// does (an SNS topic fanned out to SQS queues).
func (m mismatch) delivered(from, to, what string) {
	ch := m.pat.Member(from)
	if ch == nil {
		return
	}
	reached := m.reach.of(ch, false)
	for _, r := range m.pat.Roles[to] {
		if reached[r.Component] {
			continue
		}
		m.triggered(from, to, what, r)
	}
}

// fed checks that every member of role from sends to the channel in role
// to: directly, or through other channels (emits to a bus whose rule
// feeds the topic).
func (m mismatch) fed(to, from, what string) {
	ch := m.pat.Member(to)
	if ch == nil {
		return
	}
	for _, r := range m.pat.Roles[from] {
		if r.Component.Kind == schema.KindExternal || feeds(r.Component, ch) || m.reach.of(r.Component, false)[ch] {
			continue
		}
		m.report(r, "%s does not send to %s: %s", m.member(r, what), ch.Address(), addFeedHint(r.Component, ch))
	}
}

// called checks that the component in role from calls every member of
// role to with one of rels.
func (m mismatch) called(from, to, what string, rels ...schema.Relation) {
	caller := m.pat.Member(from)
	if caller == nil {
		return
	}
	for _, r := range m.pat.Roles[to] {
		if edgeBetween(caller, r.Component, rels...) != nil {
			continue
		}
		m.report(r, "%s is not called by %s: add calls = [%s] to %s", m.member(r, what), caller.Address(), r.Component.Address(), caller.Address())
	}
}

// touched checks that the data component in role data, when given, is
// read or written by some member of role users.
func (m mismatch) touched(data, users, who string) {
	used := reachedBy(m.pat.Members(users), schema.RelReads, schema.RelWrites)
	for _, r := range m.pat.Roles[data] {
		if !used[r.Component] {
			m.report(r, "%s is read or written by no %s: add reads or writes = [%s] to the %s that uses it",
				m.member(r, "the database"), who, r.Component.Address(), who)
		}
	}
}

// produces checks that every member of role outs is reached by some
// member of role makers (written, emitted to or called), and, when all
// are, that every maker reaches one of them.
func (m mismatch) produces(makers, outs, maker, out string) {
	rels := []schema.Relation{schema.RelWrites, schema.RelEmits, schema.RelCalls}
	fed := reachedBy(m.pat.Members(makers), rels...)
	missing := false
	for _, r := range m.pat.Roles[outs] {
		if !fed[r.Component] {
			missing = true
			m.report(r, "%s is fed by no %s: add %s = [%s] to the %s that produces it",
				m.member(r, "a "+out), maker, sendVerb(r.Component), r.Component.Address(), maker)
		}
	}
	if missing {
		return
	}
	isOut := map[*schema.Component]bool{}
	for _, o := range m.pat.Members(outs) {
		isOut[o] = true
	}
	for _, r := range m.pat.Roles[makers] {
		found := false
		for _, e := range r.Component.Out {
			if isOut[e.To] && slices.Contains(rels, e.Relation) {
				found = true
				break
			}
		}
		if !found {
			m.report(r, "%s produces none of the %ss (%s): have it write, emit to or call one of them, or take it out of the pattern",
				m.member(r, "a "+maker), out, addressesUpTo(m.pat.Members(outs), 5))
		}
	}
}

// reachedBy is the set of components that some member of from has an
// edge to, declared by one of rels: linear in their outgoing edges.
func reachedBy(from []*schema.Component, rels ...schema.Relation) map[*schema.Component]bool {
	out := map[*schema.Component]bool{}
	for _, c := range from {
		for _, e := range c.Out {
			if slices.Contains(rels, e.Relation) {
				out[e.To] = true
			}
		}
	}
	return out
}

// sendVerb is the attribute a compute component uses to reach c.
func sendVerb(c *schema.Component) string {
	switch {
	case c.Kind == schema.KindDatabase || c.Kind == schema.KindBucket:
		return "writes"
	case c.Kind.IsChannel():
		return "emits"
	}
	return "calls"
}

// fanOut checks that the source reaches every worker without waiting.
func (m mismatch) fanOut() {
	src := m.pat.Member("source")
	if src == nil {
		return
	}
	reached := m.reach.of(src, src.Kind == schema.KindStateMachine)
	for _, r := range m.pat.Roles["workers"] {
		if reached[r.Component] {
			continue
		}
		var hint string
		switch {
		case src.Kind.IsCompute():
			hint = fmt.Sprintf("add emits = [%s] to %s, or emit to a topic or queue that triggers it", r.Component.Address(), src.Address())
		default:
			hint = addTriggerHint(src, r.Component)
		}
		m.report(r, "%s is not reached asynchronously from the source %s: %s", m.member(r, "a worker"), src.Address(), hint)
	}
}

// fanIn checks that the workers' results reach the store and the
// collector, when the pattern names them.
func (m mismatch) fanIn() {
	store, collector := m.pat.Member("store"), m.pat.Member("collector")
	workers := m.pat.Roles["workers"]
	if store != nil && edgeBetween(collector, store, schema.RelWrites) == nil {
		for _, r := range workers {
			if edgeBetween(r.Component, store, schema.RelWrites) == nil {
				m.report(r, "%s does not write the store %s: add writes = [%s] to it, or have the collector write the store",
					m.member(r, "a worker"), store.Address(), store.Address())
			}
		}
	}
	if collector == nil {
		return
	}
	if store != nil && (triggers(store, collector) || edgeBetween(collector, store, schema.RelReads) != nil) {
		return
	}
	var unreached []*schema.Role
	for _, r := range workers {
		if !m.reach.of(r.Component, false)[collector] && edgeBetween(r.Component, collector, schema.RelCalls) == nil {
			unreached = append(unreached, r)
		}
	}
	if len(unreached) == len(workers) {
		for _, r := range m.pat.Roles["collector"] {
			hint := "have the workers emit to it, directly or through a queue or topic"
			if store != nil {
				hint = fmt.Sprintf("trigger it from %s or have it read %s", store.Address(), store.Address())
			}
			m.report(r, "%s is reached from none of the workers: %s", m.member(r, "the collector"), hint)
		}
		return
	}
	for _, r := range unreached {
		m.report(r, "%s never reaches the collector %s: its results are not gathered; emit to %s or to the channel that triggers it",
			m.member(r, "a worker"), collector.Address(), collector.Address())
	}
}
