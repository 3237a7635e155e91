package site

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

func (b *builder) servicePage(s *schema.Service) {
	p := b.newPage(servicePage(s.Name), "Service "+s.Name, s.Name, "Services")
	p.heading(1, Inline{Text("Service "), Code(s.Name)})
	var facts Inline
	if s.Owner != "" {
		facts = append(facts, Text("Owner: "), Strong(s.Owner), Text(". "))
	}
	facts = append(facts, Text("Declared at "), b.source(s.DeclRange.Filename, s.DeclRange.Start.Line), Text("."))
	if s.Description != "" {
		p.add(Para{T(s.Description)})
	}
	p.add(Para{facts})
	if pats := b.patternsByService()[s]; len(pats) > 0 {
		line := Inline{Text("Takes part in ")}
		for i, pt := range pats {
			if i > 0 {
				line = append(line, Text(", "))
			}
			line = append(line, Text(pt.Name).To(&Link{Page: patternPage(pt.Name)}), Text(" ("+patternTitle(pt.Kind)+")"))
		}
		p.add(Para{append(line, Text("."))})
	}
	if asset := serviceAsset(s.Name); b.hasAsset(asset) {
		p.add(Figure{Asset: asset, Alt: "Service " + s.Name + " and its neighbours"})
	}
	b.componentSections(p, s.Components)
	b.triggerSection(p, s.Components)
	b.dependencySections(p, s.Components, func(c *schema.Component) bool { return c.Service == s })
	b.componentFindings(p, s.Components)
}

// topLevelPage documents the components declared outside any service.
func (b *builder) topLevelPage(cs []*schema.Component) {
	p := b.newPage(topLevelPage, "Components outside services", "Outside services", "Services")
	p.heading(1, T("Components outside services"))
	p.add(Para{T("These components are declared at the top level of the architecture files, not inside a service block, so no team owns them in the model.")})
	b.componentSections(p, cs)
	b.triggerSection(p, cs)
	b.dependencySections(p, cs, func(c *schema.Component) bool { return c.Service == nil })
	b.componentFindings(p, cs)
}

// componentSections writes one table per kind with the attributes that
// matter for that kind.
func (b *builder) componentSections(p *Page, cs []*schema.Component) {
	byKind := map[schema.Kind][]*schema.Component{}
	for _, c := range cs {
		byKind[c.Kind] = append(byKind[c.Kind], c)
	}
	for _, k := range schema.Kinds {
		list := byKind[k]
		if len(list) == 0 {
			continue
		}
		p.heading(2, T(kindTitle(k)))
		cols := kindColumns[k]
		t := Table{Header: []string{kindSingular(k)}, Right: []bool{false}}
		for _, col := range cols {
			t.Header = append(t.Header, col.title)
			t.Right = append(t.Right, col.right)
		}
		t.Header = append(t.Header, "Description")
		t.Prose = make([]bool, len(t.Header))
		t.Prose[len(t.Header)-1] = true
		for _, c := range list {
			row := []Inline{{Code(c.Name).To(b.sourceLink(c.DeclRange.Filename, c.DeclRange.Start.Line))}}
			for _, col := range cols {
				row = append(row, col.value(b, c))
			}
			row = append(row, T(c.Str(schema.AttrDescription)))
			t.Rows = append(t.Rows, row)
		}
		p.add(t)
	}
}

// column is one column of a kind's table.
type column struct {
	title string
	right bool
	value func(b *builder, c *schema.Component) Inline
}

func attrCol(title string, name schema.AttrName, right bool) column {
	return column{title, right, func(_ *builder, c *schema.Component) Inline { return T(attrText(c.Attr(name))) }}
}

func boolCol(title string, name schema.AttrName) column {
	return column{title, false, func(_ *builder, c *schema.Component) Inline { return T(yesNo(c.Bool(name))) }}
}

// capCol shows a limit, or "none" when the attribute is absent.
func capCol(title string, name schema.AttrName) column {
	return column{title, true, func(_ *builder, c *schema.Component) Inline {
		if v := num(c, name); v != "" {
			return T(v)
		}
		return T("none")
	}}
}

func memoryCol() column {
	return column{"Memory", true, func(_ *builder, c *schema.Component) Inline { return T(num(c, schema.AttrMemory) + " MB") }}
}

// workCol is the mean and p99 of a compute's own work.
func workCol() column {
	return column{"Work (mean / p99)", true, func(_ *builder, c *schema.Component) Inline {
		return T(dur(c, schema.AttrDuration) + " / " + dur(c, schema.AttrDurationP99))
	}}
}

func triggersCol() column {
	return column{"Triggered by", false, func(b *builder, c *schema.Component) Inline { return b.triggerSources(c) }}
}

// refsCol lists the components a reference attribute names, linked.
func refsCol(title string, name schema.AttrName) column {
	return column{title, false, func(b *builder, c *schema.Component) Inline {
		var in Inline
		for i, r := range c.Refs(name) {
			if i > 0 {
				in = append(in, Text(", "))
			}
			in = append(in, b.compByAddress(r.Address()))
		}
		return in
	}}
}

// consumersCol lists what a channel or store triggers.
func consumersCol(title string) column {
	return column{title, false, func(b *builder, c *schema.Component) Inline {
		var in Inline
		for _, e := range c.Out {
			if e.Relation != schema.RelTrigger {
				continue
			}
			if len(in) > 0 {
				in = append(in, Text(", "))
			}
			in = append(in, b.comp(e.To))
		}
		return in
	}}
}

var kindColumns = map[schema.Kind][]column{
	schema.KindAPI: {
		attrCol("Type", schema.AttrType, false),
		attrCol("Timeout", schema.AttrTimeout, true),
		column{"Throttle (rate / burst)", true, func(_ *builder, c *schema.Component) Inline {
			rate, burst := num(c, schema.AttrThrottleRate), num(c, schema.AttrThrottleBurst)
			switch {
			case rate == "" && burst == "":
				return T("none")
			case burst == "":
				return T(rate + "/s")
			case rate == "":
				return T("burst " + burst)
			}
			return T(rate + "/s / " + burst)
		}},
		boolCol("Public", schema.AttrPublic),
		column{"Routes", false, func(b *builder, c *schema.Component) Inline {
			var in Inline
			for _, e := range c.Out {
				if e.Relation != schema.RelTrigger {
					continue
				}
				if len(in) > 0 {
					in = append(in, Text(", "))
				}
				if r := e.Trigger.Str(schema.AttrRoute); r != "" {
					in = append(in, Code(r), Text(" → "))
				}
				in = append(in, b.comp(e.To))
			}
			return in
		}},
	},
	schema.KindFunction: {
		attrCol("Runtime", schema.AttrRuntime, false),
		memoryCol(),
		attrCol("Timeout", schema.AttrTimeout, true),
		capCol("Concurrency", schema.AttrConcurrency),
		workCol(),
		triggersCol(),
	},
	schema.KindContainer: {
		attrCol("vCPU", schema.AttrCPU, true),
		memoryCol(),
		column{"Tasks", true, func(_ *builder, c *schema.Component) Inline {
			tasks, max := num(c, schema.AttrTasks), num(c, schema.AttrMaxTasks)
			if tasks == max {
				return T(tasks)
			}
			return T(tasks + "–" + max)
		}},
		capCol("Concurrency", schema.AttrConcurrency),
		attrCol("Timeout", schema.AttrTimeout, true),
		workCol(),
		triggersCol(),
	},
	schema.KindStateMachine: {
		attrCol("Type", schema.AttrType, false),
		attrCol("Timeout", schema.AttrTimeout, true),
		refsCol("Steps", schema.AttrCalls),
		triggersCol(),
	},
	schema.KindQueue: {
		boolCol("FIFO", schema.AttrFifo),
		attrCol("Visibility", schema.AttrVisibilityTimeout, true),
		attrCol("Retention", schema.AttrRetention, true),
		refsCol("DLQ", schema.AttrDeadLetter),
		attrCol("Max receives", schema.AttrMaxReceiveCount, true),
		consumersCol("Consumers"),
	},
	schema.KindTopic: {
		boolCol("FIFO", schema.AttrFifo),
		consumersCol("Subscribers"),
	},
	schema.KindStream: {
		column{"Shards", true, func(_ *builder, c *schema.Component) Inline {
			if v := num(c, schema.AttrShards); v != "" {
				return T(v)
			}
			return T("on demand")
		}},
		attrCol("Retention", schema.AttrRetention, true),
		consumersCol("Consumers"),
	},
	schema.KindBus: {
		consumersCol("Targets"),
	},
	schema.KindFirehose: {
		attrCol("Buffer interval", schema.AttrBufferInterval, true),
		attrCol("Buffer size", schema.AttrBufferSize, true),
		column{"Delivers to", false, func(b *builder, c *schema.Component) Inline {
			var in Inline
			for _, name := range []schema.AttrName{schema.AttrWrites, schema.AttrCalls} {
				for _, r := range c.Refs(name) {
					if len(in) > 0 {
						in = append(in, Text(", "))
					}
					in = append(in, b.compByAddress(r.Address()))
				}
			}
			return in
		}},
		refsCol("Backup", schema.AttrBackup),
		consumersCol("Transform"),
		triggersCol(),
	},
	schema.KindBucket: {
		consumersCol("Notifies"),
	},
	schema.KindDatabase: {
		attrCol("Engine", schema.AttrEngine, false),
		column{"Capacity", false, func(_ *builder, c *schema.Component) Inline {
			if c.Str(schema.AttrCapacity) != "provisioned" {
				return T(strings.ReplaceAll(c.Str(schema.AttrCapacity), "_", "-"))
			}
			return T(fmt.Sprintf("provisioned (%s read / %s write)", orDash(num(c, schema.AttrReadCapacity)), orDash(num(c, schema.AttrWriteCapacity))))
		}},
		capCol("Max connections", schema.AttrMaxConnections),
		boolCol("Change stream", schema.AttrStream),
		boolCol("Consistent reads", schema.AttrConsistentReads),
		attrCol("Item size", schema.AttrItemSize, true),
	},
	schema.KindExternal: {
		column{"Latency (mean / p99)", true, func(_ *builder, c *schema.Component) Inline {
			return T(dur(c, schema.AttrLatency) + " / " + dur(c, schema.AttrLatencyP99))
		}},
		capCol("Max concurrency", schema.AttrMaxConcurrency),
		column{"Rate limit", true, func(_ *builder, c *schema.Component) Inline {
			if v := num(c, schema.AttrRateLimit); v != "" {
				return T(v + "/s")
			}
			return T("none")
		}},
	},
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// triggerSources lists a component's trigger sources, linked.
func (b *builder) triggerSources(c *schema.Component) Inline {
	var in Inline
	for i, t := range c.Triggers {
		if i > 0 {
			in = append(in, Text(", "))
		}
		in = append(in, b.triggerSource(t))
	}
	return in
}

func (b *builder) triggerSource(t *schema.Trigger) Span {
	if t.Source != nil {
		return b.comp(t.Source)
	}
	return Code(t.SourceName)
}

// triggerSection lists the triggers of the components with their
// settings.
func (b *builder) triggerSection(p *Page, cs []*schema.Component) {
	t := Table{Header: []string{"Component", "Source", "Mode", "Settings"}}
	for _, c := range cs {
		for _, tr := range c.Triggers {
			t.Rows = append(t.Rows, []Inline{
				{b.comp(c)},
				{b.triggerSource(tr)},
				T(string(tr.Mode)),
				b.triggerSettings(tr),
			})
		}
	}
	if len(t.Rows) == 0 {
		return
	}
	p.heading(2, T("Triggers"))
	p.add(Para{T("What pushes work into the components: the source, how it invokes (sync: the caller waits; async: queued and retried by the platform; poll and stream: a poller reads batches), and the settings written on the trigger.")})
	p.add(t)
}

// triggerSettings writes the attributes set on a trigger, in the order
// of the language reference, linking references.
func (b *builder) triggerSettings(t *schema.Trigger) Inline {
	source := t.SourceName
	if t.Source != nil {
		source = string(t.Source.Kind)
	}
	var in Inline
	for _, spec := range schema.TriggerAttrs(t.Target.Kind, source) {
		a := t.Attrs[spec.Name]
		if a == nil || !a.Set {
			continue
		}
		if len(in) > 0 {
			in = append(in, Text(", "))
		}
		if a.Type == schema.TypeRef || a.Type == schema.TypeRefList {
			in = append(in, Text(spec.Name+" "))
			for i, r := range a.Refs {
				if i > 0 {
					in = append(in, Text(", "))
				}
				in = append(in, b.compByAddress(r.Address()))
			}
			continue
		}
		value := attrText(a)
		if a.Type == schema.TypeString {
			value = strconv.Quote(value)
		}
		in = append(in, Code(spec.Name+" = "+value))
	}
	if len(in) == 0 {
		return T("defaults")
	}
	return in
}

// relationText says what an edge does, read from its source to its
// target.
func relationText(e *schema.Edge) string {
	switch e.Relation {
	case schema.RelCalls:
		return "calls"
	case schema.RelEmits:
		return "emits to"
	case schema.RelReads:
		return "reads"
	case schema.RelWrites:
		return "writes"
	case schema.RelTrigger:
		return "triggers"
	case schema.RelOnFailure:
		return "sends failures to"
	case schema.RelDeadLetter:
		return "dead-letters to"
	}
	return string(e.Relation)
}

// dependencySections lists the edges that cross the boundary of the
// components, both ways, and those inside it.
func (b *builder) dependencySections(p *Page, cs []*schema.Component, inside func(*schema.Component) bool) {
	var in, out, internal []*schema.Edge
	for _, c := range cs {
		for _, e := range c.In {
			if !inside(e.From) {
				in = append(in, e)
			}
		}
		for _, e := range c.Out {
			if inside(e.To) {
				internal = append(internal, e)
			} else {
				out = append(out, e)
			}
		}
	}
	if len(in)+len(out)+len(internal) == 0 {
		return
	}
	p.heading(2, T("Dependencies"))
	section := func(title, intro string, edges []*schema.Edge, serviceOf func(*schema.Edge) *schema.Component) {
		p.heading(3, T(title))
		if len(edges) == 0 {
			p.add(Para{T("None.")})
			return
		}
		p.add(Para{T(intro)})
		t := Table{Header: []string{"From", "Relation", "To", "Mode", "Other service"}}
		if serviceOf == nil {
			t.Header = t.Header[:4]
		}
		for _, e := range edges {
			row := []Inline{{b.comp(e.From)}, T(relationText(e)), {b.comp(e.To)}, T(string(e.Mode))}
			if serviceOf != nil {
				row = append(row, Inline{b.serviceSpan(serviceOf(e))})
			}
			t.Rows = append(t.Rows, row)
		}
		p.add(t)
	}
	section("Inbound", "Who calls, emits to, triggers or fails over into these components from outside.", in,
		func(e *schema.Edge) *schema.Component { return e.From })
	section("Outbound", "Whom these components call, emit to, read, write or send failures to outside.", out,
		func(e *schema.Edge) *schema.Component { return e.To })
	section("Internal", "Edges between these components.", internal, nil)
}

// componentFindings lists the findings about the components.
func (b *builder) componentFindings(p *Page, cs []*schema.Component) {
	var fs []lint.Finding
	for _, c := range cs {
		fs = append(fs, b.byComp[c.Address()]...)
	}
	lint.SortFindings(fs)
	p.heading(2, T("Findings"))
	if len(fs) == 0 {
		p.add(Para{T("No findings about these components.")})
		return
	}
	p.add(Para{T(countsText(lint.Count(fs)) + ".")})
	p.add(b.findingsTable(fs, false))
}

// findingsTable lists findings; withComponent adds the component column's
// link to its service page.
func (b *builder) findingsTable(fs []lint.Finding, withService bool) Table {
	t := Table{Header: []string{"Severity", "Rule", "Component", "Message", "Source"}, Prose: []bool{false, false, false, true}}
	if withService {
		t.Header = []string{"Severity", "Rule", "Component", "Service", "Message", "Source"}
		t.Prose = []bool{false, false, false, false, true}
	}
	for _, f := range fs {
		comp := Inline{}
		var svc Inline
		if f.Component != "" {
			comp = Inline{b.compByAddress(f.Component)}
			if c := b.in.Arch.Component(f.Component); c != nil {
				svc = Inline{b.serviceSpan(c)}
			}
		}
		row := []Inline{T(f.Severity.String()), {b.rule(f.Rule)}, comp}
		if withService {
			row = append(row, svc)
		}
		row = append(row, T(f.Message), Inline{b.source(f.Range.Filename, f.Range.Start.Line)})
		t.Rows = append(t.Rows, row)
	}
	return t
}
