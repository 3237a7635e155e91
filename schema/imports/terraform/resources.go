package terraform

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var componentKinds = map[string]schema.Kind{
	"aws_lambda_function":                  schema.KindFunction,
	"aws_sqs_queue":                        schema.KindQueue,
	"aws_sns_topic":                        schema.KindTopic,
	"aws_dynamodb_table":                   schema.KindDatabase,
	"aws_rds_cluster":                      schema.KindDatabase,
	"aws_db_instance":                      schema.KindDatabase,
	"aws_elasticache_cluster":              schema.KindDatabase,
	"aws_elasticache_replication_group":    schema.KindDatabase,
	"aws_elasticache_serverless_cache":     schema.KindDatabase,
	"aws_memorydb_cluster":                 schema.KindDatabase,
	"aws_opensearch_domain":                schema.KindDatabase,
	"aws_elasticsearch_domain":             schema.KindDatabase,
	"aws_neptune_cluster":                  schema.KindDatabase,
	"aws_s3_bucket":                        schema.KindBucket,
	"aws_kinesis_stream":                   schema.KindStream,
	"aws_msk_cluster":                      schema.KindStream,
	"aws_msk_serverless_cluster":           schema.KindStream,
	"aws_mq_broker":                        schema.KindQueue,
	"aws_docdb_cluster":                    schema.KindDatabase,
	"aws_cloudwatch_event_bus":             schema.KindBus,
	"aws_kinesis_firehose_delivery_stream": schema.KindFirehose,
	"aws_apigatewayv2_api":                 schema.KindAPI,
	"aws_api_gateway_rest_api":             schema.KindAPI,
	"aws_appsync_graphql_api":              schema.KindAPI,
	"aws_lb":                               schema.KindAPI,
	"aws_alb":                              schema.KindAPI,
	"aws_sfn_state_machine":                schema.KindStateMachine,
	"aws_ecs_service":                      schema.KindContainer,
}

var wiringTypes = []string{
	"aws_lambda_event_source_mapping", "aws_lambda_function_event_invoke_config", "aws_sns_topic_subscription",
	"aws_s3_bucket_notification", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_scheduler_schedule",
	"aws_dynamodb_kinesis_streaming_destination",
	"aws_apigatewayv2_route", "aws_apigatewayv2_integration", "aws_apigatewayv2_stage", "aws_api_gateway_resource",
	"aws_api_gateway_method", "aws_api_gateway_integration", "aws_api_gateway_method_settings", "aws_iam_role",
	"aws_iam_role_policy", "aws_iam_policy", "aws_iam_role_policy_attachment", "aws_iam_policy_document",
	"aws_sqs_queue_redrive_policy", "aws_lambda_alias", "aws_pipes_pipe", "aws_lambda_function_url", "aws_iot_topic_rule",
	"aws_api_gateway_authorizer", "aws_apigatewayv2_authorizer",
	"aws_db_proxy", "aws_db_proxy_default_target_group", "aws_db_proxy_target", "aws_db_proxy_endpoint",
}

// ignoredPrefixes have no place in an architecture model.
var ignoredPrefixes = []string{
	"aws_iam_", "aws_cloudwatch_log_", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard", "aws_lambda_permission",
	"aws_lambda_layer_version", "aws_lambda_provisioned_concurrency_config", "aws_s3_bucket_",
	"aws_s3_object", "aws_api_gateway_deployment", "aws_api_gateway_stage", "aws_api_gateway_account",
	"aws_api_gateway_method_response", "aws_api_gateway_integration_response", "aws_api_gateway_model", "aws_api_gateway_usage_plan",
	"aws_api_gateway_api_key", "aws_api_gateway_domain_name", "aws_api_gateway_base_path_mapping", "aws_api_gateway_gateway_response",
	"aws_api_gateway_request_validator", "aws_api_gateway_vpc_link", "aws_apigatewayv2_deployment",
	"aws_apigatewayv2_domain_name", "aws_apigatewayv2_api_mapping", "aws_apigatewayv2_vpc_link", "aws_kms_", "aws_ssm_",
	"aws_secretsmanager_", "aws_vpc", "aws_subnet", "aws_security_group", "aws_route", "aws_internet_gateway", "aws_nat_gateway",
	"aws_eip", "aws_network_", "aws_acm_", "aws_route53_", "aws_cloudfront_", "aws_wafv2_", "aws_appautoscaling_", "aws_ecr_",
	"aws_ecs_cluster", "aws_ecs_task_definition", "aws_ecs_capacity_provider", "aws_cognito_", "aws_sqs_queue_policy",
	"aws_sns_topic_policy", "aws_db_subnet_group", "aws_db_parameter_group", "aws_rds_cluster_instance", "aws_rds_cluster_parameter_group",
	"aws_elasticache_subnet_group", "aws_elasticache_parameter_group", "aws_memorydb_subnet_group",
	"aws_memorydb_parameter_group", "aws_memorydb_acl", "aws_memorydb_user", "aws_lb_listener_certificate", "aws_lb_ssl_negotiation_policy", "aws_cloudwatch_event_archive",
	"aws_cloudwatch_event_connection", "aws_cloudwatch_event_api_destination", "aws_scheduler_schedule_group", "aws_xray_",
	"aws_codedeploy_", "aws_codebuild_", "aws_codepipeline", "aws_caller_identity", "aws_region", "aws_partition",
	"aws_availability_zones", "aws_appsync_", "aws_dynamodb_table_item", "aws_kinesis_stream_consumer", "aws_sfn_activity",
	"aws_ses_", "aws_glue_", "aws_athena_", "aws_sns_platform_application", "aws_sns_sms_preferences", "aws_lambda_invocation",
	"aws_ami", "aws_instance", "aws_launch_template", "aws_autoscaling_", "aws_efs_", "aws_backup_", "aws_sqs_queue_redrive_allow_policy",
}

func (im *importer) declare() {
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.data {
				if r.typ != "aws_iam_policy_document" {
					im.res.Ignore("data." + r.typ)
				}
				continue
			}
			kind, ok := componentKinds[r.typ]
			if r.registry != "" {
				kind, ok = im.registryKind(m, r)
				if !ok {
					continue
				}
			}
			if !ok {
				im.classify(r)
				continue
			}
			name := r.name
			switch {
			case m.key != "" && slices.Contains([]string{"this", "main", "default", "self"}, name):
				// The module's convention for its one resource of a type:
				// the module call names it better.
				name = m.name
			case m.key != "" && im.names.Has(kind, name):
				name = m.name + "_" + name
			}
			typ := r.typ
			if r.registry != "" {
				name = strings.ReplaceAll(r.name, ".dlq", "_dlq")
				typ = "module from " + r.mod.callSource(r.block)
			}
			c := &ir.Component{Kind: kind, Name: im.names.Take(kind, name), ID: r.addr(), Type: typ, Pos: r.block.DefRange()}
			if m.key != "" {
				c.ID = "module." + strings.ReplaceAll(m.key, ".", ".module.") + "." + r.addr()
			}
			if r.body.Attributes["count"] != nil || r.body.Attributes["for_each"] != nil {
				c.Notes = append(c.Notes, "count or for_each: its instances are modelled as one component")
			}
			r.comp = c
			m.doc.Components = append(m.doc.Components, c)
		}
		im.res.Docs = append(im.res.Docs, m.doc)
	}
}

func (im *importer) classify(r *resource) {
	if slices.Contains(wiringTypes, r.typ) {
		return
	}
	if !strings.HasPrefix(r.typ, "aws_") {
		im.res.Ignore(r.typ) // other providers: random, null, archive, time...
		return
	}
	for _, p := range ignoredPrefixes {
		if strings.HasPrefix(r.typ, p) {
			im.res.Ignore(r.typ)
			return
		}
	}
	reason := "no architecture construct for this resource type yet"
	if strings.HasPrefix(r.typ, "aws_lb_") || strings.HasPrefix(r.typ, "aws_alb_") {
		reason = "load balancer routing is not followed yet: add trigger { source = api.NAME } to each target"
	}
	im.res.Unsupport(r.typ, r.block.DefRange(), reason)
}

// resolve returns the component an expression refers to (an alias or a
// version stands for its function).
func (im *importer) resolve(m *module, e hcl.Expression) *ir.Component {
	for _, r := range m.refs(im, e) {
		if c := im.componentOf(r, 0); c != nil {
			return c
		}
	}
	return nil
}

func (im *importer) resolveAll(m *module, e hcl.Expression) []*ir.Component {
	var out []*ir.Component
	for _, r := range m.refs(im, e) {
		if c := im.componentOf(r, 0); c != nil && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (im *importer) componentOf(r *resource, depth int) *ir.Component {
	if r.comp != nil || depth > 4 {
		return r.comp
	}
	switch r.typ {
	case "aws_lambda_alias":
		for _, x := range r.mod.refs(im, attr(r.body, "function_name")) {
			if c := im.componentOf(x, depth+1); c != nil {
				return c
			}
		}
	case "aws_db_proxy_endpoint":
		for _, x := range r.mod.refs(im, attr(r.body, "db_proxy_name")) {
			if x.typ == "aws_db_proxy" {
				return im.componentOf(x, depth+1)
			}
		}
	case "aws_db_proxy":
		return im.proxyTarget(r, depth)
	case "aws_kinesis_stream_consumer":
		// An enhanced fan-out consumer reads its stream: a mapping on the
		// consumer's ARN is a trigger from the stream.
		for _, x := range r.mod.refs(im, attr(r.body, "stream_arn")) {
			if c := im.componentOf(x, depth+1); c != nil && c.Kind == schema.KindStream {
				return c
			}
		}
	}
	return nil
}

// proxyTarget is the database an RDS Proxy pools connections to: the
// cluster or instance its aws_db_proxy_target names. A function's link to
// the proxy (its endpoint in an environment variable, rds-db:connect on
// it) is a link to that database.
func (im *importer) proxyTarget(proxy *resource, depth int) *ir.Component {
	for _, r := range proxy.mod.resources {
		if r.typ != "aws_db_proxy_target" || r.data {
			continue
		}
		named := false
		for _, x := range r.mod.refs(im, attr(r.body, "db_proxy_name")) {
			named = named || x == proxy
		}
		if !named {
			continue
		}
		for _, key := range []string{"db_cluster_identifier", "db_instance_identifier"} {
			for _, x := range r.mod.refs(im, attr(r.body, key)) {
				if c := im.componentOf(x, depth+1); c != nil && c.Kind == schema.KindDatabase {
					return c
				}
			}
		}
	}
	return nil
}

// need resolves a reference that must name a component, or warns.
func (im *importer) need(m *module, e hcl.Expression, at hcl.Range, what string) *ir.Component {
	if c := im.resolve(m, e); c != nil {
		return c
	}
	if e == nil {
		return nil
	}
	text := "this value"
	if s, ok := m.str(e); ok {
		text = fmt.Sprintf("%q", s)
	} else if vs := e.Variables(); len(vs) > 0 {
		text = traversalText(vs[0])
	}
	im.res.Warn(rangeOf(e, at), "Unresolved reference",
		"%s refers to %s, which is not a resource of the imported configuration; that link is left out.", what, text)
	im.markUnknown(m, e, what+" refers to "+text)
	return nil
}

// markUnknown marks the component declared by the resource holding e (or,
// for a resource that only wires others, such as an event source mapping
// or a subscription, every component its attributes name) as having a link
// the importer could not follow: a data source, a variable, a module
// output, terraform_remote_state or an ARN from elsewhere. Rules that claim
// an absence (missing-dlq, unconsumed-channel, unused-on-failure) do not
// claim it there.
func (im *importer) markUnknown(m *module, e hcl.Expression, what string) {
	rng := e.Range()
	for _, r := range m.resources {
		if r.block == nil || r.data {
			continue
		}
		br := r.block.Range()
		if br.Filename != rng.Filename || rng.Start.Byte < br.Start.Byte || rng.End.Byte > br.End.Byte {
			continue
		}
		if r.comp != nil {
			r.comp.MarkUnknown(rng, what)
			return
		}
		var marked []*ir.Component
		for _, name := range slices.Sorted(maps.Keys(r.body.Attributes)) {
			for _, c := range im.resolveAll(m, r.body.Attributes[name].Expr) {
				if !slices.Contains(marked, c) {
					marked = append(marked, c)
					c.MarkUnknown(rng, what)
				}
			}
		}
		return
	}
}

func traversalText(t hcl.Traversal) string {
	var b strings.Builder
	for _, s := range t {
		switch x := s.(type) {
		case hcl.TraverseRoot:
			b.WriteString(x.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + x.Name)
		case hcl.TraverseIndex:
			b.WriteString("[...]")
		}
	}
	return b.String()
}

func (im *importer) wire() {
	for _, m := range im.modules {
		for _, r := range m.resources {
			if im.ctx.Err() != nil {
				return
			}
			if r.comp != nil {
				im.attributes(m, r, r.comp)
			}
		}
	}
	for _, m := range im.modules {
		for _, r := range m.resources {
			im.collectPolicy(m, r)
		}
	}
	for _, m := range im.modules {
		for _, r := range m.resources {
			if im.ctx.Err() != nil {
				return
			}
			im.wireResource(m, r)
		}
	}
	im.grants.MarkShared()
	im.usagePlans()
	im.hygiene()
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.comp != nil && r.comp.Kind.IsCompute() {
				im.envDeps(m, r)
				cfn.DropWeakSelfFeeds(r.comp)
			}
		}
	}
}

func (im *importer) setNum(m *module, c *ir.Component, name string, e hcl.Expression) {
	if f, ok := m.num(e); ok {
		c.Set(name, f, e.Range())
	}
}

func (im *importer) setSeconds(m *module, c *ir.Component, name string, e hcl.Expression) {
	if f, ok := m.num(e); ok {
		c.Set(name, ir.Seconds(f), e.Range())
	}
}

func (im *importer) setBool(m *module, c *ir.Component, name string, e hcl.Expression) {
	if b, ok := m.boolean(e); ok {
		c.Set(name, b, e.Range())
	}
}

func (im *importer) attributes(m *module, r *resource, c *ir.Component) {
	b := r.body
	at := r.block.DefRange()
	if d, ok := m.str(attr(b, "description")); ok && d != "" && c.Kind != schema.KindAPI {
		c.Set("description", d, attr(b, "description").Range())
	}
	if r.registry != "" {
		im.registryAttributes(m, r, c)
		return
	}
	switch r.typ {
	case "aws_lambda_function":
		if s, ok := m.str(attr(b, "runtime")); ok {
			c.Set("runtime", s, attr(b, "runtime").Range())
		}
		im.setNum(m, c, "memory", attr(b, "memory_size"))
		im.setSeconds(m, c, "timeout", attr(b, "timeout"))
		if archs := m.strings(attr(b, "architectures")); len(archs) > 0 {
			c.Set("arch", archs[0], attr(b, "architectures").Range())
		}
		if f, ok := m.num(attr(b, "reserved_concurrent_executions")); ok && f >= 0 {
			c.Set("concurrency", f, attr(b, "reserved_concurrent_executions").Range())
		}
		if tc := block(b, "tracing_config"); tc != nil {
			if s, _ := m.str(attr(tc, "mode")); s == "Active" {
				c.Set("tracing", true, attr(tc, "mode").Range())
			}
		}
		if dl := block(b, "dead_letter_config"); dl != nil {
			if q := im.need(m, attr(dl, "target_arn"), at, "The dead-letter queue of "+r.addr()); q != nil {
				c.Set("on_failure", q, attr(dl, "target_arn").Range())
			}
		}
		if dc := block(b, "durable_config"); dc != nil {
			exec := ""
			if f, ok := m.num(attr(dc, "execution_timeout")); ok {
				exec = ir.Duration(f)
			}
			c.MarkDurable(dc.SrcRange, exec)
		}
	case "aws_sqs_queue":
		im.setBool(m, c, "fifo", attr(b, "fifo_queue"))
		im.setSeconds(m, c, "visibility_timeout", attr(b, "visibility_timeout_seconds"))
		im.setSeconds(m, c, "retention", attr(b, "message_retention_seconds"))
		im.setSeconds(m, c, "delay", attr(b, "delay_seconds"))
		im.redrive(m, c, attr(b, "redrive_policy"), r.addr())
	case "aws_sns_topic":
		im.setBool(m, c, "fifo", attr(b, "fifo_topic"))
	case "aws_dynamodb_table":
		c.Set("engine", "dynamodb", at)
		// Terraform's default billing mode is PROVISIONED.
		mode, _ := m.str(attr(b, "billing_mode"))
		if mode == "PAY_PER_REQUEST" {
			c.Set("capacity", "on_demand", attr(b, "billing_mode").Range())
		} else {
			c.Set("capacity", "provisioned", rangeOf(attr(b, "billing_mode"), at))
			im.setNum(m, c, "read_capacity", attr(b, "read_capacity"))
			im.setNum(m, c, "write_capacity", attr(b, "write_capacity"))
		}
		im.setBool(m, c, "stream", attr(b, "stream_enabled"))
	case "aws_rds_cluster", "aws_db_instance", "aws_neptune_cluster":
		engine, _ := m.str(attr(b, "engine"))
		switch {
		case r.typ == "aws_neptune_cluster":
			c.Set("engine", "neptune", at)
		case strings.HasPrefix(engine, "aurora"):
			c.Set("engine", "aurora", rangeOf(attr(b, "engine"), at))
		case strings.Contains(engine, "postgres"):
			c.Set("engine", "postgres", rangeOf(attr(b, "engine"), at))
		case engine != "":
			c.Set("engine", "mysql", rangeOf(attr(b, "engine"), at))
		default:
			c.Set("engine", "aurora", at)
		}
		c.Set("capacity", "provisioned", at)
	case "aws_elasticache_cluster", "aws_elasticache_replication_group", "aws_elasticache_serverless_cache",
		"aws_memorydb_cluster": // MemoryDB speaks the Redis (or Valkey) protocol
		c.Set("engine", "redis", at)
		c.Set("capacity", "provisioned", at)
	case "aws_opensearch_domain", "aws_elasticsearch_domain":
		c.Set("engine", "opensearch", at)
		c.Set("capacity", "provisioned", at)
	case "aws_msk_cluster", "aws_msk_serverless_cluster":
		c.Set("description", "Amazon MSK cluster (Kafka)", at)
	case "aws_mq_broker":
		engine, _ := m.str(attr(b, "engine_type"))
		cfn.MQBroker(c, engine, at)
	case "aws_docdb_cluster":
		c.Set("engine", "documentdb", at)
		c.Set("capacity", "provisioned", at)
	case "aws_kinesis_stream":
		mode := ""
		if smd := block(b, "stream_mode_details"); smd != nil {
			mode, _ = m.str(attr(smd, "stream_mode"))
		}
		if mode != "ON_DEMAND" {
			im.setNum(m, c, "shards", attr(b, "shard_count"))
		}
		if h, ok := m.num(attr(b, "retention_period")); ok {
			c.Set("retention", ir.Seconds(h*3600), attr(b, "retention_period").Range())
		}
	case "aws_apigatewayv2_api":
		if p, _ := m.str(attr(b, "protocol_type")); p == "WEBSOCKET" {
			c.Set("type", "websocket", attr(b, "protocol_type").Range())
		} else {
			c.Set("type", "http", rangeOf(attr(b, "protocol_type"), at))
		}
	case "aws_api_gateway_rest_api":
		c.Set("type", "rest", at)
		if ep := block(b, "endpoint_configuration"); ep != nil && slices.Contains(m.strings(attr(ep, "types")), "PRIVATE") {
			// A private API is reached only from a VPC endpoint.
			c.Set("public", false, attr(ep, "types").Range())
		}
	case "aws_appsync_graphql_api":
		c.Set("type", "appsync", at)
	case "aws_lb", "aws_alb":
		c.Set("type", "alb", at)
		if internal, ok := m.boolean(attr(b, "internal")); ok && internal {
			c.Set("public", false, attr(b, "internal").Range())
		}
	case "aws_sfn_state_machine":
		if t, _ := m.str(attr(b, "type")); t == "EXPRESS" {
			c.Set("type", "express", attr(b, "type").Range())
		}
	case "aws_ecs_service":
		im.setNum(m, c, "tasks", attr(b, "desired_count"))
	}
}

// redrive reads a queue's redrive policy: a JSON string naming the
// dead-letter queue and the receive count.
func (im *importer) redrive(m *module, c *ir.Component, e hcl.Expression, owner string) {
	if e == nil {
		return
	}
	if q := im.need(m, e, e.Range(), "The redrive policy of "+owner); q != nil {
		c.Set("dead_letter", q, e.Range())
	}
	if doc, ok := m.jsonDoc(e).(map[string]any); ok {
		if n, ok := toFloat(doc["maxReceiveCount"]); ok {
			c.Set("max_receive_count", n, e.Range())
		}
	}
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		var f float64
		if _, err := fmt.Sscanf(x, "%g", &f); err == nil {
			return f, true
		}
	}
	return 0, false
}

func (im *importer) wireResource(m *module, r *resource) {
	b := r.body
	at := r.block.DefRange()
	what := r.addr()
	if r.registry != "" {
		if r.comp != nil {
			im.registryWiring(m, r, r.comp)
		}
		return
	}
	switch r.typ {
	case "aws_lambda_function", "aws_ecs_service":
		im.roleDeps(m, r, attr(b, "role"))
	case "aws_sfn_state_machine":
		im.stateMachine(m, r)
		im.roleDeps(m, r, attr(b, "role_arn"))
	case "aws_lambda_event_source_mapping":
		fn := im.need(m, attr(b, "function_name"), at, "Event source mapping "+what)
		var src *ir.Component
		if sm := block(b, "self_managed_event_source"); sm != nil {
			src = im.kafka(m, sm, m.strings(attr(b, "topics")), at)
		} else {
			src = im.need(m, attr(b, "event_source_arn"), at, "Event source mapping "+what)
		}
		if fn == nil || src == nil {
			return
		}
		tr := im.pollTrigger(m, fn, src, b, at)
		if topics := m.strings(attr(b, "topics")); len(topics) > 0 {
			tr.Notes = append(tr.Notes, "topics "+strings.Join(topics, ", "))
		}
		if queues := m.strings(attr(b, "queues")); len(queues) > 0 {
			tr.Notes = append(tr.Notes, "queues "+strings.Join(queues, ", "))
		}
		if dc := block(b, "document_db_event_source_config"); dc != nil {
			if coll, ok := m.str(attr(dc, "collection_name")); ok {
				tr.Notes = append(tr.Notes, "collection "+coll)
			}
		}
	case "aws_lambda_function_event_invoke_config":
		fn := im.need(m, attr(b, "function_name"), at, "Event invoke config "+what)
		if fn == nil {
			return
		}
		if f, ok := m.num(attr(b, "maximum_retry_attempts")); ok {
			fn.Set("retries", f, attr(b, "maximum_retry_attempts").Range())
		}
		if f, ok := m.num(attr(b, "maximum_event_age_in_seconds")); ok {
			fn.Set("max_event_age", ir.Seconds(f), attr(b, "maximum_event_age_in_seconds").Range())
		}
		if dc := block(b, "destination_config"); dc != nil {
			if of := block(dc, "on_failure"); of != nil {
				if d := im.need(m, attr(of, "destination"), at, "The on-failure destination of "+what); d != nil {
					fn.Set("on_failure", d, attr(of, "destination").Range())
				}
			}
			if os := block(dc, "on_success"); os != nil {
				if d := im.resolve(m, attr(os, "destination")); d != nil {
					fn.AddDep("emits", d, attr(os, "destination").Range(), schema.SourceTemplate, "on-success destination")
				}
			}
		}
	case "aws_sns_topic_subscription":
		proto, _ := m.str(attr(b, "protocol"))
		if proto != "sqs" && proto != "lambda" && proto != "firehose" {
			if proto != "" {
				im.res.Warn(rangeOf(attr(b, "protocol"), at), "Subscription not mapped",
					"Subscription %s uses protocol %q; only sqs, lambda and firehose subscriptions become triggers.", what, proto)
			}
			return
		}
		topic := im.need(m, attr(b, "topic_arn"), at, "Subscription "+what)
		dst := im.need(m, attr(b, "endpoint"), at, "Subscription "+what)
		if topic == nil || dst == nil {
			return
		}
		tr := dst.AddTrigger(topic, "", at)
		if fp := attr(b, "filter_policy"); fp != nil {
			if doc := m.jsonDoc(fp); doc != nil {
				tr.Set("filter", ir.Raw{V: doc}, fp.Range())
			}
		}
		if rp := attr(b, "redrive_policy"); rp != nil {
			if q := im.need(m, rp, at, "The redrive policy of "+what); q != nil {
				tr.Set("dead_letter", q, rp.Range())
			}
		}
	case "aws_kinesis_firehose_delivery_stream":
		im.deliveryStream(m, r)
	case "aws_cloudwatch_metric_stream":
		// A metric stream puts CloudWatch metrics into its delivery
		// stream; the language has no source for it.
		for _, c := range im.resolveAll(m, attr(b, "firehose_arn")) {
			if c.Kind == schema.KindFirehose {
				c.MarkUnknownPeers(rangeOf(attr(b, "firehose_arn"), at), "CloudWatch metric stream "+what+" puts metrics into it")
			}
		}
	case "aws_cloudwatch_log_subscription_filter":
		// CloudWatch Logs puts the log events that match the filter into
		// the delivery stream it names (docs.aws.amazon.com/AmazonCloudWatch/
		// latest/logs/SubscriptionFilters.html, read 2026-12-02). Other
		// destinations are not read.
		for _, c := range im.resolveAll(m, attr(b, "destination_arn")) {
			if c.Kind != schema.KindFirehose {
				continue
			}
			tr := c.AddTrigger(nil, "cloudwatch_logs", at)
			note := "CloudWatch Logs subscription filter " + what
			if g, ok := m.str(attr(b, "log_group_name")); ok && g != "" {
				note += " on " + g
			}
			tr.Notes = append(tr.Notes, note)
			break
		}
	case "aws_sqs_queue_redrive_policy":
		if q := im.need(m, attr(b, "queue_url"), at, what); q != nil {
			im.redrive(m, q, attr(b, "redrive_policy"), what)
		}
	case "aws_s3_bucket_notification":
		bucket := im.need(m, attr(b, "bucket"), at, "Bucket notification "+what)
		if bucket == nil {
			return
		}
		if on, ok := m.boolean(attr(b, "eventbridge")); ok && on {
			if bus := im.busOf(m, nil, at); bus != nil {
				ir.BucketToEventBridge(bus, bucket, attr(b, "eventbridge").Range())
			}
		}
		for _, sec := range []struct{ block, key string }{{"lambda_function", "lambda_function_arn"}, {"queue", "queue_arn"}, {"topic", "topic_arn"}} {
			for _, nb := range blocks(b, sec.block) {
				dst := im.need(m, attr(nb.Body, sec.key), nb.DefRange(), "A notification of "+what)
				if dst == nil {
					continue
				}
				tr := dst.AddTrigger(bucket, "", nb.DefRange())
				var kinds []string
				for _, e := range m.strings(attr(nb.Body, "events")) {
					if k := ir.S3EventKind(e); k != "" && !slices.Contains(kinds, k) {
						kinds = append(kinds, k)
					}
				}
				if len(kinds) > 0 {
					tr.Set("events", kinds, attr(nb.Body, "events").Range())
				}
				if s, ok := m.str(attr(nb.Body, "filter_prefix")); ok {
					tr.Set("prefix", s, attr(nb.Body, "filter_prefix").Range())
				}
				if s, ok := m.str(attr(nb.Body, "filter_suffix")); ok {
					tr.Set("suffix", s, attr(nb.Body, "filter_suffix").Range())
				}
			}
		}
	case "aws_cloudwatch_event_target":
		im.eventTarget(m, r)
	case "aws_dynamodb_kinesis_streaming_destination":
		// Kinesis Data Streams for DynamoDB: the table writes every item
		// change into the stream, docs.aws.amazon.com/amazondynamodb/
		// latest/developerguide/kds.html (read 2026-12-02).
		table := im.need(m, attr(b, "table_name"), at, "Kinesis streaming destination "+what)
		stream := im.need(m, attr(b, "stream_arn"), at, "Kinesis streaming destination "+what)
		if table == nil || stream == nil {
			return
		}
		stream.AddTrigger(table, "", at)
	case "aws_scheduler_schedule":
		tb := block(b, "target")
		if tb == nil {
			return
		}
		dst := im.need(m, attr(tb, "arn"), at, "Schedule "+what)
		if dst == nil {
			return
		}
		tr := dst.AddTrigger(nil, "schedule", at)
		if s, ok := m.str(attr(b, "schedule_expression")); ok {
			tr.Set("schedule", s, attr(b, "schedule_expression").Range())
		}
		im.targetFailure(m, tr, tb, what)
	case "aws_lambda_function_url":
		fn := im.need(m, attr(b, "function_name"), at, "Function URL "+what)
		if fn == nil {
			return
		}
		api := &ir.Component{Kind: schema.KindAPI, Name: im.names.Take(schema.KindAPI, fn.Name+"_url"), ID: r.addr(), Type: r.typ, Pos: at}
		api.Set("type", "http", at)
		api.Set("timeout", ir.Seconds(900), at) // a URL waits as long as the function runs
		api.Set("description", "function URL of "+fn.Name, at)
		if auth, _ := m.str(attr(b, "authorization_type")); auth == "AWS_IAM" {
			api.Set("public", false, attr(b, "authorization_type").Range())
		}
		m.doc.Components = append(m.doc.Components, api)
		tr := fn.AddTrigger(api, "", at)
		if mode, _ := m.str(attr(b, "invoke_mode")); mode == "RESPONSE_STREAM" {
			tr.Set("invocation", "stream", rangeOf(attr(b, "invoke_mode"), at))
		}
	case "aws_pipes_pipe":
		src := im.need(m, attr(b, "source"), at, "Pipe "+what)
		dst := im.need(m, attr(b, "target"), at, "Pipe "+what)
		if src == nil || dst == nil {
			return
		}
		tr := dst.AddTrigger(src, "", at)
		tr.Notes = append(tr.Notes, "through EventBridge pipe "+what)
		if tp := block(b, "target_parameters"); tp != nil {
			for _, name := range []string{"lambda_function_parameters", "step_function_state_machine_parameters"} {
				if p := block(tp, name); p != nil {
					if it, ok := m.str(attr(p, "invocation_type")); ok && strings.EqualFold(it, "FIRE_AND_FORGET") {
						tr.Notes = append(tr.Notes, "the pipe invokes its target asynchronously (FIRE_AND_FORGET): failures of the target do not return to the pipe")
						if src.Kind == schema.KindQueue || src.Kind == schema.KindStream || src.Kind == schema.KindDatabase {
							tr.Set("invocation", "async", attr(p, "invocation_type").Range())
						}
					}
				}
			}
		}
		if sp := block(b, "source_parameters"); sp != nil {
			for _, name := range []string{"sqs_queue_parameters", "kinesis_stream_parameters", "dynamodb_stream_parameters"} {
				if p := block(sp, name); p != nil {
					if f, ok := m.num(attr(p, "batch_size")); ok {
						tr.Set("batch_size", f, attr(p, "batch_size").Range())
					}
					if f, ok := m.num(attr(p, "maximum_batching_window_in_seconds")); ok {
						tr.Set("batch_window", ir.Seconds(f), attr(p, "maximum_batching_window_in_seconds").Range())
					}
					if name == "sqs_queue_parameters" {
						continue // a queue's failed messages go to its own redrive policy
					}
					pipeStreamParams(m, im, tr, p)
				}
			}
		}
	case "aws_iot_topic_rule":
		// The actions that push a device message into a component:
		// docs.aws.amazon.com/iot/latest/developerguide/iot-rule-actions.html
		// (read 2026-12-02).
		sql, _ := m.str(attr(b, "sql"))
		for _, a := range []struct{ block, key string }{
			{"lambda", "function_arn"}, {"sns", "target_arn"}, {"sqs", "queue_url"}, {"kinesis", "stream_name"},
			{"firehose", "delivery_stream_name"},
		} {
			for _, ab := range blocks(b, a.block) {
				dst := im.need(m, attr(ab.Body, a.key), ab.DefRange(), "The "+a.block+" action of IoT topic rule "+what)
				if dst == nil {
					continue
				}
				tr := dst.AddTrigger(nil, "iot", ab.DefRange())
				note := "IoT topic rule " + what
				if sql != "" {
					note += ": " + sql
				}
				tr.Notes = append(tr.Notes, note)
			}
		}
	case "aws_apigatewayv2_route":
		im.httpRoute(m, r)
	case "aws_db_proxy":
		if db := im.proxyTarget(r, 0); db != nil {
			name, _ := m.str(attr(b, "name"))
			ir.ProxyNote(db, r.addr(), name)
		}
	case "aws_api_gateway_authorizer", "aws_apigatewayv2_authorizer":
		apiExpr := attr(b, "rest_api_id")
		if apiExpr == nil {
			apiExpr = attr(b, "api_id")
		}
		uri := attr(b, "authorizer_uri")
		api := im.resolve(m, apiExpr)
		if api == nil || uri == nil {
			return // a Cognito or JWT authorizer calls no function
		}
		var fn *ir.Component
		for _, c := range im.resolveAll(m, uri) {
			if c.Kind == schema.KindFunction {
				fn = c
				break
			}
		}
		if fn == nil {
			im.need(m, uri, at, "Authorizer "+what)
			return
		}
		ttl, set := m.num(attr(b, "authorizer_result_ttl_in_seconds"))
		ir.AuthorizerTrigger(api, fn, r.name, at, ttl, set)
	case "aws_apigatewayv2_api":
		if t := attr(b, "target"); t != nil {
			if dst := im.resolve(m, t); dst != nil {
				dst.AddTrigger(r.comp, "", at)
			}
		}
		im.apiBody(m, r)
	case "aws_api_gateway_rest_api":
		im.apiBody(m, r)
	case "aws_api_gateway_integration":
		im.restIntegration(m, r)
	case "aws_apigatewayv2_stage", "aws_api_gateway_method_settings":
		im.stageThrottle(m, r)
	}
}

// pipeStreamParams reads the failure handling of a pipe's Kinesis or
// DynamoDB stream source: its dead_letter_config is the trigger's
// on_failure. A maximum_retry_attempts or maximum_record_age_in_seconds of
// -1 is the default, unbounded, and is left out
// (docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceKinesisStreamParameters.html,
// read 2026-12-02).
func pipeStreamParams(m *module, im *importer, tr *ir.Trigger, p *hclsyntax.Body) {
	if f, ok := m.num(attr(p, "maximum_retry_attempts")); ok && f >= 0 {
		tr.Set("max_retries", f, attr(p, "maximum_retry_attempts").Range())
	}
	if f, ok := m.num(attr(p, "maximum_record_age_in_seconds")); ok && f >= 0 {
		tr.Set("max_record_age", ir.Seconds(f), attr(p, "maximum_record_age_in_seconds").Range())
	}
	if f, ok := m.num(attr(p, "parallelization_factor")); ok {
		tr.Set("parallelization", f, attr(p, "parallelization_factor").Range())
	}
	if v, ok := m.str(attr(p, "on_partial_batch_item_failure")); ok && v == "AUTOMATIC_BISECT" {
		tr.Set("bisect_on_error", true, attr(p, "on_partial_batch_item_failure").Range())
	}
	if dl := block(p, "dead_letter_config"); dl != nil {
		if d := im.resolve(m, attr(dl, "arn")); d != nil {
			tr.Set("on_failure", d, attr(dl, "arn").Range())
		}
	}
}

// kafka returns the stream standing for a self-managed Kafka cluster (a
// self_managed_event_source), named after its first topic: no resource
// declares it.
func (im *importer) kafka(m *module, sm *hclsyntax.Body, topics []string, at hcl.Range) *ir.Component {
	servers := ""
	if v, ok := m.eval(attr(sm, "endpoints")); ok && v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
		if x, has := v.AsValueMap()["KAFKA_BOOTSTRAP_SERVERS"]; has && x.IsKnown() && x.Type() == cty.String {
			servers = x.AsString()
		}
	}
	name := "kafka"
	if len(topics) > 0 {
		name = "kafka_" + topics[0]
	}
	key := "kafka|" + servers + "|" + strings.Join(topics, ",")
	for _, d := range im.res.Docs {
		for _, x := range d.Components {
			if x.Implicit && x.ID == key {
				return x
			}
		}
	}
	c := &ir.Component{Kind: schema.KindStream, Name: im.names.Take(schema.KindStream, name), ID: key, Type: "self_managed_event_source", Pos: at, Implicit: true}
	desc := "self-managed Kafka cluster"
	if servers != "" {
		desc += " at " + servers
	}
	c.Set("description", desc, at)
	m.doc.Components = append(m.doc.Components, c)
	return c
}

func (im *importer) pollTrigger(m *module, fn, src *ir.Component, b *hclsyntax.Body, at hcl.Range) *ir.Trigger {
	tr := fn.AddTrigger(src, "", at)
	set := func(name, key string) {
		if f, ok := m.num(attr(b, key)); ok {
			tr.Set(name, f, attr(b, key).Range())
		}
	}
	set("batch_size", "batch_size")
	if f, ok := m.num(attr(b, "maximum_batching_window_in_seconds")); ok {
		tr.Set("batch_window", ir.Seconds(f), attr(b, "maximum_batching_window_in_seconds").Range())
	}
	if slices.Contains(m.strings(attr(b, "function_response_types")), "ReportBatchItemFailures") {
		tr.Set("partial_batch_response", true, attr(b, "function_response_types").Range())
	}
	if src.Kind == schema.KindQueue {
		if sc := block(b, "scaling_config"); sc != nil {
			if f, ok := m.num(attr(sc, "maximum_concurrency")); ok {
				tr.Set("max_concurrency", f, attr(sc, "maximum_concurrency").Range())
			}
		}
		return tr
	}
	if v, ok := m.boolean(attr(b, "bisect_batch_on_function_error")); ok {
		tr.Set("bisect_on_error", v, attr(b, "bisect_batch_on_function_error").Range())
	}
	set("max_retries", "maximum_retry_attempts")
	if f, ok := m.num(attr(b, "maximum_record_age_in_seconds")); ok && f >= 0 {
		tr.Set("max_record_age", ir.Seconds(f), attr(b, "maximum_record_age_in_seconds").Range())
	}
	set("parallelization", "parallelization_factor")
	if dc := block(b, "destination_config"); dc != nil {
		if of := block(dc, "on_failure"); of != nil {
			if d := im.need(m, attr(of, "destination_arn"), at, "The on-failure destination of an event source mapping"); d != nil {
				tr.Set("on_failure", d, attr(of, "destination_arn").Range())
			}
		}
	}
	tr.KafkaRetries()
	return tr
}

// eventTarget wires an EventBridge target through its rule: the rule's
// bus (or schedule) triggers the target.
func (im *importer) eventTarget(m *module, r *resource) {
	b := r.body
	at := r.block.DefRange()
	var rule *resource
	for _, x := range m.refs(im, attr(b, "rule")) {
		if x.typ == "aws_cloudwatch_event_rule" {
			rule = x
		}
	}
	if rule == nil {
		name, _ := m.str(attr(b, "rule"))
		for _, x := range m.resources {
			if x.typ == "aws_cloudwatch_event_rule" {
				if n, _ := x.mod.str(attr(x.body, "name")); n != "" && n == name {
					rule = x
				}
			}
		}
	}
	if rule == nil {
		im.need(m, attr(b, "rule"), at, "Event target "+r.addr())
		return
	}
	dst := im.need(m, attr(b, "arn"), at, "Event target "+r.addr())
	if dst == nil {
		return
	}
	rm, rb := rule.mod, rule.body
	var tr *ir.Trigger
	if sched := attr(rb, "schedule_expression"); sched != nil {
		tr = dst.AddTrigger(nil, "schedule", at)
		if s, ok := rm.str(sched); ok {
			tr.Set("schedule", s, sched.Range())
		}
	} else {
		bus := im.busOf(rm, attr(rb, "event_bus_name"), rule.block.DefRange())
		if bus == nil {
			return
		}
		tr = dst.AddTrigger(bus, "", at)
		if p := attr(rb, "event_pattern"); p != nil {
			if doc := rm.jsonDoc(p); doc != nil {
				tr.Set("pattern", ir.Raw{V: doc}, p.Range())
			}
		}
	}
	im.targetFailure(m, tr, b, r.addr())
}

// busOf resolves an event bus name: a bus of the configuration, or the
// account's default bus.
func (im *importer) busOf(m *module, e hcl.Expression, at hcl.Range) *ir.Component {
	if e != nil {
		if b := im.resolve(m, e); b != nil {
			return b
		}
		if name, ok := m.str(e); ok && name != "default" {
			if c := im.byPhysicalName(name); c != nil && c.Kind == schema.KindBus {
				return c
			}
			im.need(m, e, at, "The event bus name")
			return nil
		}
	}
	key := "default"
	for _, c := range im.res.Docs {
		for _, x := range c.Components {
			if x.Implicit && x.ID == key && x.Kind == schema.KindBus {
				return x
			}
		}
	}
	c := &ir.Component{Kind: schema.KindBus, Name: im.names.Take(schema.KindBus, "default"), ID: key, Type: "aws_cloudwatch_event_bus", Pos: at, Implicit: true}
	m.doc.Components = append(m.doc.Components, c)
	return c
}

func (im *importer) targetFailure(m *module, tr *ir.Trigger, b *hclsyntax.Body, what string) {
	if dl := block(b, "dead_letter_config"); dl != nil {
		if q := im.need(m, attr(dl, "arn"), tr.Pos, "The dead-letter queue of "+what); q != nil {
			tr.Set("dead_letter", q, attr(dl, "arn").Range())
		}
	}
	if rp := block(b, "retry_policy"); rp != nil {
		if f, ok := m.num(attr(rp, "maximum_retry_attempts")); ok {
			tr.Set("retries", f, attr(rp, "maximum_retry_attempts").Range())
		}
	}
}

// registryKind is the kind of component a registry module call creates;
// the dead-letter queue of the SQS module exists only with create_dlq.
func (im *importer) registryKind(m *module, r *resource) (schema.Kind, bool) {
	if r.registry == "sqs-dlq" {
		if create, ok := m.boolean(attr(r.body, "create_dlq")); ok && create {
			return schema.KindQueue, true
		}
		return "", false
	}
	for _, x := range registryModules {
		if x.name == r.registry {
			return x.kind, true
		}
	}
	return "", false
}

func (m *module) callSource(b *hclsyntax.Block) string {
	for _, c := range m.calls {
		if c.block == b {
			return c.source
		}
	}
	return ""
}
