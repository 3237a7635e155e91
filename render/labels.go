package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/archiehq/archie/schema"
)

// detail is the second line of a component's label: its kind and the
// setting that tells instances of the kind apart at a glance.
func detail(c *schema.Component) string {
	kind := nodeStyles[NodeKind(c.Kind)].Legend
	var extra string
	switch c.Kind {
	case schema.KindFunction:
		extra = c.Str("runtime")
	case schema.KindAPI:
		extra = c.Str("type")
	case schema.KindDatabase:
		extra = c.Str("engine")
	case schema.KindContainer:
		tasks, _ := c.Num("tasks")
		maxTasks, _ := c.Num("max_tasks")
		extra = plural(int(tasks), "task", "tasks")
		if maxTasks > tasks {
			extra = fmt.Sprintf("%g..%g tasks", tasks, maxTasks)
		}
	case schema.KindStateMachine:
		extra = c.Str("type")
	case schema.KindQueue, schema.KindTopic:
		if c.Bool("fifo") {
			extra = "fifo"
		}
	case schema.KindStream:
		if n, ok := c.Num("shards"); ok {
			extra = plural(int(n), "shard", "shards")
		} else {
			extra = "on-demand"
		}
	}
	return joinNonEmpty(" · ", kind, extra)
}

// tooltipAttrs are the attributes a component's tooltip shows, per kind,
// in this order; absent attributes are skipped.
var tooltipAttrs = map[schema.Kind][]string{
	schema.KindFunction:     {"runtime", "arch", "memory", "timeout", "duration", "concurrency", "provisioned", "retries", "idempotent", "tracing", "circuit_breaker"},
	schema.KindContainer:    {"cpu", "memory", "tasks", "max_tasks", "timeout", "duration", "concurrency", "idempotent", "tracing", "circuit_breaker"},
	schema.KindStateMachine: {"type", "timeout", "transitions", "idempotent", "tracing"},
	schema.KindAPI:          {"type", "timeout", "throttle_rate", "throttle_burst", "public"},
	schema.KindQueue:        {"fifo", "visibility_timeout", "retention", "max_receive_count", "delay"},
	schema.KindTopic:        {"fifo"},
	schema.KindStream:       {"shards", "retention"},
	schema.KindDatabase:     {"engine", "capacity", "read_capacity", "write_capacity", "max_connections", "consistent_reads", "stream", "item_size"},
	schema.KindExternal:     {"latency", "latency_p99", "error_rate", "max_concurrency", "rate_limit"},
}

// tooltip is the hover text of a component: its address, service,
// description and key attributes, one per line.
func tooltip(c *schema.Component) string {
	lines := []string{c.Address()}
	if c.Service != nil {
		lines[0] += " (service " + c.Service.Name + ")"
	}
	if d := c.Str("description"); d != "" {
		lines = append(lines, d)
	}
	for _, name := range tooltipAttrs[c.Kind] {
		if v := formatAttr(c.Attrs[name]); v != "" {
			lines = append(lines, v)
		}
	}
	return strings.Join(lines, "\n")
}

// formatAttr writes an attribute as "name value unit"; false booleans and
// absent values give "".
func formatAttr(a *schema.Attr) string {
	if a == nil {
		return ""
	}
	name := strings.ReplaceAll(a.Name, "_", " ")
	switch a.Type {
	case schema.TypeBool:
		if !a.Bool {
			return ""
		}
		return name
	case schema.TypeDuration:
		return name + " " + schema.FormatDuration(a.Duration)
	case schema.TypeSize:
		return name + " " + formatSize(a.Size)
	case schema.TypeNumber, schema.TypeInt:
		v := strconv.FormatFloat(a.Num, 'f', -1, 64)
		switch a.Name {
		case "memory":
			v += " MB"
		case "throttle_rate", "rate_limit":
			v += "/s"
		case "cpu":
			v += " vCPU"
		}
		return name + " " + v
	case schema.TypeString:
		if a.Str == "" {
			return ""
		}
		return name + " " + a.Str
	}
	return ""
}

func formatSize(n int64) string {
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

func serviceTooltip(s *schema.Service) string {
	lines := []string{"service " + s.Name}
	if s.Owner != "" {
		lines = append(lines, "owner "+s.Owner)
	}
	if s.Description != "" {
		lines = append(lines, s.Description)
	}
	lines = append(lines, plural(len(s.Components), "component", "components"))
	return strings.Join(lines, "\n")
}

// edgeLabel is the short text on an edge: what a trigger filters or how it
// batches, how many messages an emit sends.
func edgeLabel(e *schema.Edge) string {
	if e.Relation == schema.RelOnFailure || e.Relation == schema.RelDeadLetter {
		return edgeLooks[styleOf(e)].Label
	}
	if e.Relation == schema.RelEmits {
		if n, _ := e.From.Num("messages_per_invocation"); n != 1 {
			return "×" + strconv.FormatFloat(n, 'f', -1, 64)
		}
		return ""
	}
	t := e.Trigger
	if e.Relation != schema.RelTrigger || t == nil {
		return ""
	}
	switch e.From.Kind {
	case schema.KindAPI:
		return t.Str("route")
	case schema.KindQueue, schema.KindStream, schema.KindDatabase:
		n, _ := t.Num("batch_size")
		label := "batch " + strconv.FormatFloat(n, 'f', -1, 64)
		if m, ok := t.Num("max_concurrency"); ok {
			label += " · max " + strconv.FormatFloat(m, 'f', -1, 64)
		}
		return label
	case schema.KindTopic:
		if t.IsSet("filter") {
			return "filtered"
		}
	case schema.KindBucket:
		var parts []string
		if a := t.Attrs["events"]; a != nil && a.Set {
			parts = append(parts, strings.Join(a.Strings, ", "))
		}
		if p := t.Str("prefix"); p != "" {
			parts = append(parts, p+"*")
		}
		if s := t.Str("suffix"); s != "" {
			parts = append(parts, "*"+s)
		}
		return strings.Join(parts, " ")
	case schema.KindBus:
		if t.IsSet("pattern") {
			return "rule"
		}
	}
	return ""
}

// edgeTooltip describes a model edge in words, with the settings that are
// too long for the label.
func edgeTooltip(e *schema.Edge) string {
	verb := map[schema.Relation]string{
		schema.RelCalls: "calls", schema.RelEmits: "emits to", schema.RelReads: "reads", schema.RelWrites: "writes",
		schema.RelTrigger: "triggers", schema.RelOnFailure: "sends failures to", schema.RelDeadLetter: "dead-letters to",
	}[e.Relation]
	s := fmt.Sprintf("%s %s %s (%s)", e.From.Address(), verb, e.To.Address(), e.Mode)
	var extra []string
	if t := e.Trigger; t != nil && e.Relation == schema.RelTrigger {
		for _, name := range []string{"route", "batch_size", "batch_window", "max_concurrency", "parallelization", "max_retries", "max_record_age", "retries", "partial_batch_response", "bisect_on_error", "prefix", "suffix"} {
			if v := formatAttr(t.Attrs[name]); v != "" {
				extra = append(extra, v)
			}
		}
	}
	if e.Relation == schema.RelDeadLetter && e.From.Kind == schema.KindQueue {
		if n, ok := e.From.Num("max_receive_count"); ok {
			extra = append(extra, fmt.Sprintf("after %g receives", n))
		}
	}
	if e.Relation == schema.RelCalls {
		if n, _ := e.From.Num("call_retries"); n > 0 {
			extra = append(extra, fmt.Sprintf("%g retries", n))
		}
		if e.From.Bool("circuit_breaker") {
			extra = append(extra, "circuit breaker")
		}
	}
	if len(extra) > 0 {
		s += "\n" + strings.Join(extra, " · ")
	}
	return s
}
