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
		extra = c.Str(schema.AttrRuntime)
	case schema.KindAPI:
		extra = c.Str(schema.AttrType)
	case schema.KindDatabase:
		extra = c.Str(schema.AttrEngine)
	case schema.KindContainer:
		tasks, _ := c.Num(schema.AttrTasks)
		maxTasks, _ := c.Num(schema.AttrMaxTasks)
		extra = plural(int(tasks), "task", "tasks")
		if maxTasks > tasks {
			extra = fmt.Sprintf("%g..%g tasks", tasks, maxTasks)
		}
	case schema.KindStateMachine:
		extra = c.Str(schema.AttrType)
	case schema.KindQueue, schema.KindTopic:
		if c.Bool(schema.AttrFifo) {
			extra = "fifo"
		}
	case schema.KindStream:
		if n, ok := c.Num(schema.AttrShards); ok {
			extra = plural(int(n), "shard", "shards")
		} else {
			extra = "on-demand"
		}
	case schema.KindFirehose:
		d, _ := c.Dur(schema.AttrBufferInterval)
		n, _ := c.Num(schema.AttrBufferSize)
		extra = "buffer " + schema.FormatDuration(d) + " / " + formatSize(int64(n))
	}
	return joinNonEmpty(" · ", kind, extra)
}

// tooltipAttrs are the attributes a component's tooltip shows, per kind,
// in this order; absent attributes are skipped.
var tooltipAttrs = map[schema.Kind][]schema.AttrName{
	schema.KindFunction:     {schema.AttrRuntime, schema.AttrArch, schema.AttrMemory, schema.AttrTimeout, schema.AttrDuration, schema.AttrConcurrency, schema.AttrProvisioned, schema.AttrRetries, schema.AttrIdempotent, schema.AttrTracing, schema.AttrCircuitBreaker},
	schema.KindContainer:    {schema.AttrCPU, schema.AttrMemory, schema.AttrTasks, schema.AttrMaxTasks, schema.AttrTimeout, schema.AttrDuration, schema.AttrConcurrency, schema.AttrIdempotent, schema.AttrTracing, schema.AttrCircuitBreaker},
	schema.KindStateMachine: {schema.AttrType, schema.AttrTimeout, schema.AttrTransitions, schema.AttrIdempotent, schema.AttrTracing},
	schema.KindAPI:          {schema.AttrType, schema.AttrTimeout, schema.AttrThrottleRate, schema.AttrThrottleBurst, schema.AttrPublic},
	schema.KindQueue:        {schema.AttrFifo, schema.AttrVisibilityTimeout, schema.AttrRetention, schema.AttrMaxReceiveCount, schema.AttrDelay},
	schema.KindTopic:        {schema.AttrFifo},
	schema.KindStream:       {schema.AttrShards, schema.AttrRetention},
	schema.KindFirehose:     {schema.AttrBufferInterval, schema.AttrBufferSize},
	schema.KindDatabase:     {schema.AttrEngine, schema.AttrCapacity, schema.AttrReadCapacity, schema.AttrWriteCapacity, schema.AttrMaxConnections, schema.AttrConsistentReads, schema.AttrStream, schema.AttrItemSize},
	schema.KindExternal:     {schema.AttrLatency, schema.AttrLatencyP99, schema.AttrErrorRate, schema.AttrMaxConcurrency, schema.AttrRateLimit},
}

// tooltip is the hover text of a component: its address, service,
// description and key attributes, one per line.
func tooltip(c *schema.Component) string {
	lines := []string{c.Address()}
	if c.Service != nil {
		lines[0] += " (service " + c.Service.Name + ")"
	}
	if d := c.Str(schema.AttrDescription); d != "" {
		lines = append(lines, d)
	}
	for _, name := range tooltipAttrs[c.Kind] {
		if v := formatAttr(c.Attr(name)); v != "" {
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
		if n, _ := e.From.Num(schema.AttrMessagesPerInvocation); n != 1 {
			return "×" + strconv.FormatFloat(n, 'f', -1, 64)
		}
		return ""
	}
	t := e.Trigger
	if e.Relation != schema.RelTrigger || t == nil {
		return ""
	}
	if e.From.Kind == schema.KindDatabase && e.To.Kind == schema.KindStream {
		return "item changes" // Kinesis Data Streams for DynamoDB: no batches
	}
	if e.From.Kind == schema.KindStream && e.To.Kind == schema.KindFirehose {
		return "" // the delivery stream reads the data stream: no batch setting
	}
	switch e.From.Kind {
	case schema.KindAPI:
		return t.Str(schema.AttrRoute)
	case schema.KindQueue, schema.KindStream, schema.KindDatabase:
		n, _ := t.Num(schema.AttrBatchSize)
		label := "batch " + strconv.FormatFloat(n, 'f', -1, 64)
		if e.To.Kind == schema.KindBus {
			label = "pipe · " + label // an EventBridge pipe polls the source
		}
		if m, ok := t.Num(schema.AttrMaxConcurrency); ok {
			label += " · max " + strconv.FormatFloat(m, 'f', -1, 64)
		}
		return label
	case schema.KindTopic:
		if t.IsSet(schema.AttrFilter) {
			return "filtered"
		}
	case schema.KindBucket:
		var parts []string
		if a := t.Attr(schema.AttrEvents); a != nil && a.Set {
			parts = append(parts, strings.Join(a.Strings, ", "))
		}
		if p := t.Str(schema.AttrPrefix); p != "" {
			parts = append(parts, p+"*")
		}
		if s := t.Str(schema.AttrSuffix); s != "" {
			parts = append(parts, "*"+s)
		}
		return strings.Join(parts, " ")
	case schema.KindBus:
		if t.IsSet(schema.AttrPattern) {
			return "rule"
		}
	case schema.KindFirehose:
		return "transform" // Firehose data transformation
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
		for _, name := range []schema.AttrName{schema.AttrRoute, schema.AttrBatchSize, schema.AttrBatchWindow, schema.AttrMaxConcurrency, schema.AttrParallelization, schema.AttrMaxRetries, schema.AttrMaxRecordAge, schema.AttrRetries, schema.AttrPartialBatchResponse, schema.AttrBisectOnError, schema.AttrPrefix, schema.AttrSuffix} {
			if v := formatAttr(t.Attr(name)); v != "" {
				extra = append(extra, v)
			}
		}
	}
	switch {
	case e.Relation == schema.RelDeadLetter && e.Trigger != nil && e.Trigger.Source != nil:
		// A trigger's dead-letter queue: what the source failed to deliver.
		extra = append(extra, "what "+e.Trigger.Source.Address()+" fails to deliver")
	case e.Relation == schema.RelDeadLetter && e.Trigger != nil:
		extra = append(extra, "what "+e.Trigger.SourceName+" fails to deliver")
	case e.Relation == schema.RelDeadLetter && e.From.Kind == schema.KindQueue:
		if n, ok := e.From.Num(schema.AttrMaxReceiveCount); ok {
			extra = append(extra, fmt.Sprintf("after %g receives", n))
		}
	}
	if e.Relation == schema.RelCalls {
		if n, _ := e.From.Num(schema.AttrCallRetries); n > 0 {
			extra = append(extra, fmt.Sprintf("%g retries", n))
		}
		if e.From.Bool(schema.AttrCircuitBreaker) {
			extra = append(extra, "circuit breaker")
		}
	}
	if len(extra) > 0 {
		s += "\n" + strings.Join(extra, " · ")
	}
	return s
}
