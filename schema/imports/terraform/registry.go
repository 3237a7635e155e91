package terraform

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// Widely used public modules are read from their arguments, without their
// source: a module call becomes the component the module creates. The
// argument names are those of the terraform-aws-modules collection
// (registry.terraform.io/namespaces/terraform-aws-modules, checked
// 2026-11).
var registryModules = []struct {
	match []string // substrings of the source
	name  string
	kind  schema.Kind
}{
	{[]string{"terraform-aws-modules/lambda/aws", "terraform-aws-lambda"}, "lambda", schema.KindFunction},
	{[]string{"terraform-aws-modules/sqs/aws", "terraform-aws-sqs"}, "sqs", schema.KindQueue},
	{[]string{"terraform-aws-modules/sns/aws", "terraform-aws-sns"}, "sns", schema.KindTopic},
	{[]string{"terraform-aws-modules/dynamodb-table/aws", "terraform-aws-dynamodb-table"}, "dynamodb", schema.KindDatabase},
	{[]string{"terraform-aws-modules/s3-bucket/aws", "terraform-aws-s3-bucket"}, "s3", schema.KindBucket},
	{[]string{"terraform-aws-modules/step-functions/aws", "terraform-aws-step-functions"}, "sfn", schema.KindStateMachine},
	{[]string{"terraform-aws-modules/eventbridge/aws", "terraform-aws-eventbridge"}, "eventbridge", schema.KindBus},
	{[]string{"terraform-aws-modules/apigateway-v2/aws", "terraform-aws-apigateway-v2"}, "apigw", schema.KindAPI},
}

func registryModule(source string) (string, schema.Kind) {
	if strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../") {
		// A local module is read from its own files, even when its
		// directory is named like a registry one (./modules/terraform-aws-sqs
		// is the configuration's own module, with its own arguments).
		return "", ""
	}
	for _, m := range registryModules {
		for _, s := range m.match {
			if strings.Contains(source, s) {
				return m.name, m.kind
			}
		}
	}
	return "", ""
}

// Outputs every marker object of a registry module has, besides the
// attributes the configuration refers to.
var registryOutputs = []string{
	"lambda_function_arn", "lambda_function_name", "lambda_function_invoke_arn", "lambda_function_qualified_arn",
	"lambda_function_qualified_invoke_arn", "lambda_role_arn", "queue_arn", "queue_url", "queue_id", "queue_name",
	"dead_letter_queue_arn", "dead_letter_queue_url", "dead_letter_queue_id", "dead_letter_queue_name", "topic_arn",
	"topic_name", "topic_id", "dynamodb_table_arn", "dynamodb_table_id", "dynamodb_table_stream_arn", "s3_bucket_arn",
	"s3_bucket_id", "state_machine_arn", "state_machine_id", "eventbridge_bus_arn", "eventbridge_bus_name",
	"api_id", "api_endpoint", "api_execution_arn",
}

// registryObject is the value of module.NAME for a registry module: every
// output evaluates to the marker of the component (or of its dead-letter
// queue, for the outputs that name it).
func (m *module) registryObject(name string) cty.Value {
	r := m.byAddr["module."+name]
	dlq := m.byAddr["module."+name+".dlq"]
	attrs := map[string]cty.Value{}
	names := slices.Clone(registryOutputs)
	for a := range m.attrNames["module."+name] {
		names = append(names, a)
	}
	for _, a := range names {
		target := r
		if dlq != nil && strings.Contains(a, "dead_letter") {
			target = dlq
		}
		attrs[a] = cty.StringVal(target.marker())
	}
	return cty.ObjectVal(attrs)
}

// value helpers over evaluated arguments

func get(v cty.Value, key string) cty.Value {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() {
		return cty.NilVal
	}
	t := v.Type()
	switch {
	case t.IsObjectType():
		if t.HasAttribute(key) {
			return v.GetAttr(key)
		}
	case t.IsMapType():
		k := cty.StringVal(key)
		if v.HasIndex(k).True() {
			return v.Index(k)
		}
	}
	return cty.NilVal
}

func cstr(v cty.Value) (string, bool) {
	if v == cty.NilVal || v.IsNull() || !v.IsWhollyKnown() {
		return "", false
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil || strings.Contains(s.AsString(), "⟦") {
		return "", false
	}
	return s.AsString(), true
}

func cnum(v cty.Value) (float64, bool) {
	if v == cty.NilVal || v.IsNull() || !v.IsWhollyKnown() {
		return 0, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil {
		return 0, false
	}
	f, _ := n.AsBigFloat().Float64()
	return f, true
}

func cbool(v cty.Value) (bool, bool) {
	if v == cty.NilVal || v.IsNull() || !v.IsWhollyKnown() {
		return false, false
	}
	b, err := convert.Convert(v, cty.Bool)
	if err != nil {
		return false, false
	}
	return b.True(), true
}

// entries lists the keys and values of a map or object, sorted by key, or
// the elements of a list (keys are their indexes).
func entries(v cty.Value) ([]string, []cty.Value) {
	if v == cty.NilVal || v.IsNull() || !v.IsKnown() || !v.CanIterateElements() {
		return nil, nil
	}
	type kv struct {
		k string
		v cty.Value
	}
	var out []kv
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		key := ""
		if k.Type() == cty.String {
			key = k.AsString()
		} else if s, ok := cstr(k); ok {
			key = s
		}
		out = append(out, kv{key, ev})
	}
	if v.Type().IsObjectType() || v.Type().IsMapType() {
		sort.SliceStable(out, func(i, j int) bool { return out[i].k < out[j].k })
	}
	keys := make([]string, len(out))
	vals := make([]cty.Value, len(out))
	for i, x := range out {
		keys[i], vals[i] = x.k, x.v
	}
	return keys, vals
}

func cstrings(v cty.Value) []string {
	if s, ok := cstr(v); ok && v.Type() == cty.String {
		return []string{s}
	}
	_, vals := entries(v)
	var out []string
	for _, x := range vals {
		if s, ok := cstr(x); ok {
			out = append(out, s)
		}
	}
	return out
}

// first component a value names.
func (im *importer) componentIn(v cty.Value) *ir.Component {
	if v == cty.NilVal {
		return nil
	}
	for _, r := range im.markers(v) {
		if c := im.componentOf(r, 0); c != nil {
			return c
		}
	}
	return nil
}

// registryAttributes reads the arguments of a registry module call into
// its component.
func (im *importer) registryAttributes(m *module, r *resource, c *ir.Component) {
	b := r.body
	arg := func(name string) (cty.Value, hcl.Range) {
		e := attr(b, name)
		if e == nil {
			return cty.NilVal, r.block.DefRange()
		}
		v, ok := m.eval(e)
		if !ok {
			return cty.NilVal, e.Range()
		}
		return v, e.Range()
	}
	num := func(attrName, argName string, seconds bool) {
		v, at := arg(argName)
		if f, ok := cnum(v); ok {
			if seconds {
				c.Set(attrName, ir.Seconds(f), at)
			} else {
				c.Set(attrName, f, at)
			}
		}
	}
	switch r.registry {
	case "lambda":
		if v, at := arg("runtime"); v != cty.NilVal {
			if s, ok := cstr(v); ok {
				c.Set("runtime", s, at)
			}
		}
		num("memory", "memory_size", false)
		num("timeout", "timeout", true)
		if v, at := arg("architectures"); len(cstrings(v)) > 0 {
			c.Set("arch", cstrings(v)[0], at)
		}
		if v, at := arg("reserved_concurrent_executions"); v != cty.NilVal {
			if f, ok := cnum(v); ok && f >= 0 {
				c.Set("concurrency", f, at)
			}
		}
		if v, at := arg("tracing_mode"); v != cty.NilVal {
			if s, _ := cstr(v); s == "Active" {
				c.Set("tracing", true, at)
			}
		}
		if v, at := arg("dead_letter_target_arn"); v != cty.NilVal {
			if q := im.componentIn(v); q != nil {
				c.Set("on_failure", q, at)
			}
		}
		num("retries", "maximum_retry_attempts", false)
		num("max_event_age", "maximum_event_age_in_seconds", true)
		if v, at := arg("destination_on_failure"); v != cty.NilVal {
			if d := im.componentIn(v); d != nil {
				c.Set("on_failure", d, at)
			}
		}
	case "sqs":
		if v, at := arg("fifo_queue"); v != cty.NilVal {
			if f, ok := cbool(v); ok {
				c.Set("fifo", f, at)
			}
		}
		num("visibility_timeout", "visibility_timeout_seconds", true)
		num("retention", "message_retention_seconds", true)
		num("delay", "delay_seconds", true)
		if dlq := m.byAddr["module."+r.name+".dlq"]; dlq != nil && dlq.comp != nil {
			c.Set("dead_letter", dlq.comp, r.block.DefRange())
		}
		if v, at := arg("redrive_policy"); v != cty.NilVal {
			doc := v
			if s, ok := cstr(v); ok && v.Type() == cty.String {
				doc = cty.NilVal
				if d := m.jsonDoc(attr(b, "redrive_policy")); d != nil {
					if mm, ok := d.(map[string]any); ok {
						if n, ok := toFloat(mm["maxReceiveCount"]); ok {
							c.Set("max_receive_count", n, at)
						}
					}
				}
				_ = s
			}
			if f, ok := cnum(get(doc, "maxReceiveCount")); ok {
				c.Set("max_receive_count", f, at)
			}
			if q := im.componentIn(v); q != nil && q != c {
				c.Set("dead_letter", q, at)
			}
		}
	case "sns":
		if v, at := arg("fifo_topic"); v != cty.NilVal {
			if f, ok := cbool(v); ok {
				c.Set("fifo", f, at)
			}
		}
	case "dynamodb":
		c.Set("engine", "dynamodb", r.block.DefRange())
		// The module's default billing mode is PAY_PER_REQUEST.
		mode, at := arg("billing_mode")
		if s, _ := cstr(mode); s == "PROVISIONED" {
			c.Set("capacity", "provisioned", at)
			num("read_capacity", "read_capacity", false)
			num("write_capacity", "write_capacity", false)
		} else {
			c.Set("capacity", "on_demand", at)
		}
		if v, at := arg("stream_enabled"); v != cty.NilVal {
			if f, ok := cbool(v); ok {
				c.Set("stream", f, at)
			}
		}
	case "sfn":
		if v, at := arg("type"); v != cty.NilVal {
			if s, _ := cstr(v); strings.EqualFold(s, "EXPRESS") {
				c.Set("type", "express", at)
			}
		}
	case "apigw":
		if v, at := arg("protocol_type"); v != cty.NilVal {
			if s, _ := cstr(v); s == "WEBSOCKET" {
				c.Set("type", "websocket", at)
			} else {
				c.Set("type", "http", at)
			}
		} else {
			c.Set("type", "http", at)
		}
	}
}

// registryWiring reads the triggers and dependencies a registry module
// call declares in its arguments.
func (im *importer) registryWiring(m *module, r *resource, c *ir.Component) {
	b := r.body
	at := r.block.DefRange()
	arg := func(name string) (cty.Value, hcl.Range) {
		e := attr(b, name)
		if e == nil {
			return cty.NilVal, at
		}
		v, _ := m.eval(e)
		return v, e.Range()
	}
	switch r.registry {
	case "lambda":
		esm, esmAt := arg("event_source_mapping")
		_, mappings := entries(esm)
		for _, e := range mappings {
			src := im.componentIn(get(e, "event_source_arn"))
			if src == nil {
				im.res.Warn(esmAt, "Unresolved reference", "An event_source_mapping of module %s names no resource of the imported configuration; that trigger is left out.", r.name)
				continue
			}
			tr := c.AddTrigger(src, "", esmAt)
			if f, ok := cnum(get(e, "batch_size")); ok {
				tr.Set("batch_size", f, esmAt)
			}
			if f, ok := cnum(get(e, "maximum_batching_window_in_seconds")); ok {
				tr.Set("batch_window", ir.Seconds(f), esmAt)
			}
			if slices.Contains(cstrings(get(e, "function_response_types")), "ReportBatchItemFailures") {
				tr.Set("partial_batch_response", true, esmAt)
			}
			if src.Kind == schema.KindQueue {
				if f, ok := cnum(get(get(e, "scaling_config"), "maximum_concurrency")); ok {
					tr.Set("max_concurrency", f, esmAt)
				}
				continue
			}
			if f, ok := cbool(get(e, "bisect_batch_on_function_error")); ok {
				tr.Set("bisect_on_error", f, esmAt)
			}
			if f, ok := cnum(get(e, "maximum_retry_attempts")); ok {
				tr.Set("max_retries", f, esmAt)
			}
			if f, ok := cnum(get(e, "parallelization_factor")); ok {
				tr.Set("parallelization", f, esmAt)
			}
			if d := im.componentIn(get(e, "destination_arn_on_failure")); d != nil {
				tr.Set("on_failure", d, esmAt)
			}
		}
		pol, polAt := arg("policy_statements")
		_, sts := entries(pol)
		for _, st := range sts {
			if s, _ := cstr(get(st, "effect")); s == "Deny" {
				continue
			}
			actions := cstrings(get(st, "actions"))
			for _, res := range im.markers(get(st, "resources")) {
				dst := im.componentOf(res, 0)
				if dst == nil {
					continue
				}
				for _, rel := range cfn.Relations(actions, dst.Kind) {
					c.AddDep(rel.Rel, dst, polAt, schema.SourcePermission, "inferred from IAM "+rel.Action)
				}
			}
		}
		if env, envAt := arg("environment_variables"); env != cty.NilVal {
			keys, vals := entries(env)
			for i, v := range vals {
				for _, x := range im.markers(v) {
					dst := im.componentOf(x, 0)
					if dst == nil || dst == c || hasDep(c, dst) || isSourceOf(dst, c) {
						continue
					}
					rel := map[bool]string{true: "emits", false: "reads"}[dst.Kind.IsChannel() || dst.Kind == schema.KindStateMachine]
					if dst.Kind == schema.KindFunction {
						rel = "calls"
					}
					c.AddDep(rel, dst, envAt, schema.SourceEnvironment, "inferred from environment variable "+keys[i])
					c.Deps[len(c.Deps)-1].Weak = true
				}
			}
		}
	case "sns":
		subs, subAt := arg("subscriptions")
		_, list := entries(subs)
		for _, s := range list {
			proto, _ := cstr(get(s, "protocol"))
			if proto != "sqs" && proto != "lambda" {
				continue
			}
			dst := im.componentIn(get(s, "endpoint"))
			if dst == nil {
				continue
			}
			tr := dst.AddTrigger(c, "", subAt)
			if fp := get(s, "filter_policy"); fp != cty.NilVal {
				if str, ok := cstr(fp); ok {
					tr.Set("filter", ir.Raw{V: decodeJSON(str)}, subAt)
				}
			}
		}
	case "sfn":
		if e := attr(b, "definition"); e != nil {
			if doc := im.document(m, e); doc.Ok() {
				im.steps(m, c, doc)
			}
		}
	case "eventbridge":
		rules, rulesAt := arg("rules")
		targets, _ := arg("targets")
		keys, rvals := entries(rules)
		for i, rule := range rvals {
			_, tlist := entries(get(targets, keys[i]))
			for _, tg := range tlist {
				dst := im.componentIn(get(tg, "arn"))
				if dst == nil {
					continue
				}
				var tr *ir.Trigger
				if sched, ok := cstr(get(rule, "schedule_expression")); ok {
					tr = dst.AddTrigger(nil, "schedule", rulesAt)
					tr.Set("schedule", sched, rulesAt)
				} else {
					tr = dst.AddTrigger(c, "", rulesAt)
					if p, ok := cstr(get(rule, "event_pattern")); ok {
						tr.Set("pattern", ir.Raw{V: decodeJSON(p)}, rulesAt)
					}
				}
				if q := im.componentIn(get(tg, "dead_letter_arn")); q != nil {
					tr.Set("dead_letter", q, rulesAt)
				}
				if f, ok := cnum(get(get(tg, "retry_policy"), "maximum_retry_attempts")); ok {
					tr.Set("retries", f, rulesAt)
				}
			}
		}
	case "apigw":
		for _, argName := range []string{"routes", "integrations"} {
			routes, routesAt := arg(argName)
			keys, vals := entries(routes)
			for i, rt := range vals {
				integ := get(rt, "integration")
				if integ == cty.NilVal {
					integ = rt
				}
				var dst *ir.Component
				for _, k := range []string{"uri", "lambda_arn", "integration_uri"} {
					if dst = im.componentIn(get(integ, k)); dst != nil {
						break
					}
				}
				if dst == nil {
					dst = im.componentIn(get(integ, "request_parameters"))
				}
				if dst == nil {
					continue
				}
				tr := dst.AddTrigger(c, "", routesAt)
				if keys[i] != "" {
					tr.Set("route", keys[i], routesAt)
				}
			}
		}
	}
}

func decodeJSON(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err == nil {
		return v
	}
	return s
}
