package cfn

import (
	"fmt"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
)

func (im *Importer) wire(r *Resource) {
	t := r.T
	switch r.Type {
	case "AWS::Serverless::Function":
		for _, ev := range r.Props.Get("Events").Pairs() {
			im.samEvent(r, r.Comp, ev)
		}
		im.computeDeps(r, r.Comp)
	case "AWS::Lambda::Function", "AWS::ECS::Service":
		im.computeDeps(r, r.Comp)
	case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine":
		im.stateMachine(r, r.Comp)
		for _, ev := range r.Props.Get("Events").Pairs() {
			im.samEvent(r, r.Comp, ev)
		}
		im.computeDeps(r, r.Comp)
	case "AWS::Lambda::EventSourceMapping":
		fn, _ := im.Resolve(t, r.Props.Get("FunctionName"))
		if fn == nil {
			im.warnUnresolved(t, r.Props.Get("FunctionName"), "Event source mapping "+r.ID)
			return
		}
		what := "Event source mapping " + r.ID
		var tr *ir.Trigger
		if sm := r.Props.Get("SelfManagedEventSource"); sm.Ok() {
			src := im.Kafka(t, t.sc.Strings(sm.Path("Endpoints", "KafkaBootstrapServers")), t.sc.Strings(r.Props.Get("Topics")), r.At)
			tr = im.pollFrom(t, fn, src, r.Props, what, r.At)
		} else {
			tr = im.pollTrigger(t, fn, r.Props, r.Props.Get("EventSourceArn"), what, r.At)
		}
		topicNote(t, tr, r.Props)
	case "AWS::Lambda::EventInvokeConfig":
		fn, _ := im.Resolve(t, r.Props.Get("FunctionName"))
		if fn == nil {
			im.warnUnresolved(t, r.Props.Get("FunctionName"), "Event invoke config "+r.ID)
			return
		}
		im.invokeConfig(t, fn, r.Props, r.ID, false)
	case "AWS::SNS::Subscription":
		topic, _ := im.Resolve(t, r.Props.Get("TopicArn"))
		if topic == nil {
			im.warnUnresolved(t, r.Props.Get("TopicArn"), "Subscription "+r.ID)
			return
		}
		im.subscription(t, topic, r.Props, r.ID)
	case "AWS::SNS::Topic":
		for _, s := range r.Props.Get("Subscription").Items() {
			im.subscription(t, r.Comp, s, r.ID)
		}
	case "AWS::S3::Bucket":
		im.bucketNotifications(t, r.Comp, r.Props.Get("NotificationConfiguration"))
	case "Custom::S3BucketNotifications":
		// The AWS CDK configures bucket notifications through this custom
		// resource, with the S3 API's key names.
		b, _ := im.Resolve(t, r.Props.Get("BucketName"))
		if b == nil {
			im.warnUnresolved(t, r.Props.Get("BucketName"), "Bucket notifications "+r.ID)
			return
		}
		nc := r.Props.Get("NotificationConfiguration")
		if eb := nc.Get("EventBridgeConfiguration"); eb.Ok() {
			// The S3 API turns EventBridge on with an empty
			// EventBridgeConfiguration.
			im.eventBridgeNotifications(t, b, eb.Pos())
		}
		for _, sec := range []struct{ list, key string }{
			{"LambdaFunctionConfigurations", "LambdaFunctionArn"}, {"QueueConfigurations", "QueueArn"}, {"TopicConfigurations", "TopicArn"},
		} {
			for _, cfg := range nc.Get(sec.list).Items() {
				dst, _ := im.Resolve(t, cfg.Get(sec.key))
				if dst == nil {
					im.warnUnresolved(t, cfg.Get(sec.key), "A notification of bucket "+b.ID)
					continue
				}
				tr := dst.AddTrigger(b, "", cfg.Pos())
				im.s3Filter(t, tr, cfg.Get("Events"), cfg.Path("Filter", "Key", "FilterRules"))
			}
		}
	case "AWS::Events::Rule":
		im.eventRule(r)
	case "AWS::DynamoDB::Table":
		// Kinesis Data Streams for DynamoDB: the table writes every item
		// change into the stream, docs.aws.amazon.com/amazondynamodb/
		// latest/developerguide/kds.html (read 2026-12-02).
		im.kinesisDestination(t, r, r.Props)
	case "AWS::DynamoDB::GlobalTable":
		for _, rep := range r.Props.Get("Replicas").Items() {
			im.kinesisDestination(t, r, rep)
		}
	case "AWS::Scheduler::Schedule":
		target := r.Props.Get("Target")
		dst, _ := im.Resolve(t, target.Get("Arn"))
		if dst == nil {
			im.warnUnresolved(t, target.Get("Arn"), "Schedule "+r.ID)
			return
		}
		tr := dst.AddTrigger(nil, "schedule", r.At)
		if expr, ok := t.sc.Str(r.Props.Get("ScheduleExpression")); ok {
			tr.Set("schedule", expr, r.Props.Get("ScheduleExpression").Pos())
		}
		im.targetFailure(t, tr, target)
	case "AWS::ApiGateway::Method":
		im.restMethod(r)
	case "AWS::ApiGatewayV2::Route":
		im.httpRoute(r)
	case "AWS::ApiGatewayV2::Api":
		im.quickCreate(r)
		im.apiBody(r, r.Props.Get("Body"), r.Props.Get("BodyS3Location"))
	case "AWS::ApiGateway::RestApi":
		im.apiBody(r, r.Props.Get("Body"), r.Props.Get("BodyS3Location"))
	case "AWS::Serverless::Api", "AWS::Serverless::HttpApi":
		im.apiBody(r, r.prop("DefinitionBody"), r.prop("DefinitionUri"))
		for _, kv := range r.prop("Auth").Get("Authorizers").Pairs() {
			if fa := kv.Value.Get("FunctionArn"); fa.Ok() {
				// SAM caches a Lambda authorizer's result for
				// Identity.ReauthorizeEvery seconds (300 by default for a
				// REST API).
				ttl, ok := t.sc.Num(kv.Value.Path("Identity", "ReauthorizeEvery"))
				im.Authorizer(t, r.Comp, fa, kv.Key, kv.KeyAt, ttl, ok)
			}
		}
	case "AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage":
		im.stageThrottle(r)
	case "AWS::Serverless::Connector":
		im.connector(t, r.Props.Get("Source"), r.Props.Get("Destination"), r.Props.Get("Permissions"), r.ID, nil)
	case "AWS::Pipes::Pipe":
		im.pipe(r)
	case "AWS::IoT::TopicRule":
		im.topicRule(r)
	case "AWS::AppSync::Resolver":
		im.appsyncResolver(r)
	case "AWS::KinesisFirehose::DeliveryStream":
		im.deliveryStream(r)
	case "AWS::Logs::SubscriptionFilter":
		im.logSubscription(r)
	case "AWS::CloudWatch::MetricStream":
		// A metric stream puts CloudWatch metrics into its delivery
		// stream; the language has no source for it.
		for _, c := range im.ResolveAll(t, r.Props.Get("FirehoseArn")) {
			if c.Kind == schema.KindFirehose {
				c.MarkUnknownPeers(r.Props.Get("FirehoseArn").Pos(), "CloudWatch metric stream "+r.ID+" puts metrics into it")
			}
		}
	case "AWS::Serverless::GraphQLApi":
		im.samGraphQLAPI(r)
	case "AWS::RDS::DBProxy":
		if db := im.proxyTarget(t, r, 0); db != nil {
			ir.ProxyNote(db, r.ID, str(t, r.Props.Get("DBProxyName")))
		}
	case "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer":
		apiRef := r.Props.Get("RestApiId")
		if !apiRef.Ok() {
			apiRef = r.Props.Get("ApiId")
		}
		api, _ := im.Resolve(t, apiRef)
		if api == nil || !r.Props.Get("AuthorizerUri").Ok() {
			return // a Cognito or JWT authorizer calls no function
		}
		ttl, ok := t.sc.Num(r.Props.Get("AuthorizerResultTtlInSeconds"))
		im.Authorizer(t, api, r.Props.Get("AuthorizerUri"), r.ID, r.At, ttl, ok)
	case "AWS::Lambda::Url":
		fn, _ := im.Resolve(t, r.Props.Get("TargetFunctionArn"))
		if fn == nil {
			im.warnUnresolved(t, r.Props.Get("TargetFunctionArn"), "Function URL "+r.ID)
			return
		}
		im.FunctionURL(t, fn, r.ID, r.At, str(t, r.Props.Get("AuthType")), str(t, r.Props.Get("InvokeMode")))
	}
	if r.Type == "AWS::Serverless::Function" {
		if cfg := r.prop("FunctionUrlConfig"); cfg.Ok() {
			im.FunctionURL(t, r.Comp, r.ID+"Url", cfg.Pos(), str(t, cfg.Get("AuthType")), str(t, cfg.Get("InvokeMode")))
		}
	}
	if r.Type != "AWS::Serverless::Connector" {
		for _, kv := range r.Node.Get("Connectors").Pairs() {
			p := kv.Value.Get("Properties")
			im.connector(t, Node{}, p.Get("Destination"), p.Get("Permissions"), r.ID+"."+kv.Key, r.Comp)
		}
	}
}

// samEvent reads one entry of a SAM function's or state machine's Events.
func (im *Importer) samEvent(r *Resource, c *ir.Component, ev KV) {
	t := r.T
	typ := str(t, ev.Value.Get("Type"))
	p := ev.Value.Get("Properties")
	at := ev.KeyAt
	what := fmt.Sprintf("Event %s of %s", ev.Key, r.ID)
	switch typ {
	case "Api", "HttpApi":
		var api *ir.Component
		idKey := "RestApiId"
		if typ == "HttpApi" {
			idKey = "ApiId"
		}
		if ref := p.Get(idKey); ref.Ok() {
			api, _ = im.Resolve(t, ref)
			if api == nil {
				im.warnUnresolved(t, ref, what)
				return
			}
		} else if typ == "Api" {
			api = im.Implicit(t, "ServerlessRestApi", schema.KindAPI, "serverless_rest_api", "AWS::Serverless::Api", at)
			api.SetDefault("type", "rest", at)
		} else {
			api = im.Implicit(t, "ServerlessHttpApi", schema.KindAPI, "serverless_http_api", "AWS::Serverless::HttpApi", at)
			api.SetDefault("type", "http", at)
		}
		tr := c.AddTrigger(api, "", at)
		method, _ := t.sc.Str(p.Get("Method"))
		pth, _ := t.sc.Str(p.Get("Path"))
		if route := routeOf(method, pth); route != "" {
			tr.Set("route", route, p.Get("Path").Pos())
		}
	case "SelfManagedKafka":
		src := im.Kafka(t, t.sc.Strings(p.Get("KafkaBootstrapServers")), t.sc.Strings(p.Get("Topics")), at)
		im.pollFrom(t, c, src, p, what, at)
	case "MSK":
		// An MSK cluster of the templates, or one named by a literal ARN
		// (outside the templates): a stream of its own.
		if src, _ := im.Resolve(t, p.Get("Stream")); src == nil {
			if arn, ok := t.sc.Str(p.Get("Stream")); ok && strings.HasPrefix(arn, "arn:") {
				topics := t.sc.Strings(p.Get("Topics"))
				name := "msk"
				if len(topics) > 0 {
					name = "msk_" + topics[0]
				}
				src := im.Implicit(t, "msk|"+arn, schema.KindStream, ir.Identifier(name), "AWS::MSK::Cluster", at)
				src.SetDefault("description", "Amazon MSK cluster (Kafka)", at)
				topicNote(t, im.pollFrom(t, c, src, p, what, at), p)
				return
			}
		}
		tr := im.pollTrigger(t, c, p, p.Get("Stream"), what, at)
		topicNote(t, tr, p)
	case "SQS", "Kinesis", "DynamoDB", "MQ", "DocumentDB":
		key := map[string]string{"SQS": "Queue", "Kinesis": "Stream", "DynamoDB": "Stream", "MSK": "Stream", "MQ": "Broker", "DocumentDB": "Cluster"}[typ]
		tr := im.pollTrigger(t, c, p, p.Get(key), what, at)
		topicNote(t, tr, p)
	case "SNS":
		topic, _ := im.Resolve(t, p.Get("Topic"))
		if topic == nil {
			im.warnUnresolved(t, p.Get("Topic"), what)
			return
		}
		if sq := p.Get("SqsSubscription"); sq.Ok() && str(t, sq) != "false" {
			// SAM puts a queue between the topic and the function.
			var q *ir.Component
			if qa := sq.Get("QueueArn"); qa.Ok() {
				q, _ = im.Resolve(t, qa)
			}
			if q == nil {
				q = im.Implicit(t, r.ID+ev.Key+"Queue", schema.KindQueue, ir.SnakeCase(r.ID+ev.Key)+"_queue", "AWS::SQS::Queue", at)
			}
			qt := q.AddTrigger(topic, "", at)
			im.filter(t, qt, p)
			ft := c.AddTrigger(q, "", at)
			if f, ok := t.sc.Num(sq.Get("BatchSize")); ok {
				ft.Set("batch_size", f, sq.Get("BatchSize").Pos())
			}
			return
		}
		tr := c.AddTrigger(topic, "", at)
		im.filter(t, tr, p)
	case "S3":
		b, _ := im.Resolve(t, p.Get("Bucket"))
		if b == nil {
			im.warnUnresolved(t, p.Get("Bucket"), what)
			return
		}
		tr := c.AddTrigger(b, "", at)
		im.s3Filter(t, tr, p.Get("Events"), p.Path("Filter", "S3Key", "Rules"))
	case "Schedule", "ScheduleV2":
		key := "Schedule"
		if typ == "ScheduleV2" {
			key = "ScheduleExpression"
		}
		tr := c.AddTrigger(nil, "schedule", at)
		if expr, ok := t.sc.Str(p.Get(key)); ok {
			tr.Set("schedule", expr, p.Get(key).Pos())
		}
		im.eventFailure(r, tr, p, ev.Key)
	case "EventBridgeRule", "CloudWatchEvent":
		if sched := p.Get("Schedule"); sched.Ok() {
			tr := c.AddTrigger(nil, "schedule", at)
			if expr, ok := t.sc.Str(sched); ok {
				tr.Set("schedule", expr, sched.Pos())
			}
			im.eventFailure(r, tr, p, ev.Key)
			return
		}
		bus := im.busOf(t, p.Get("EventBusName"), at)
		if bus == nil {
			return
		}
		tr := c.AddTrigger(bus, "", at)
		if pat := p.Get("Pattern"); pat.Ok() {
			tr.Set("pattern", ir.Raw{V: pat.Raw()}, pat.Pos())
		}
		im.eventFailure(r, tr, p, ev.Key)
	case "Cognito":
		c.AddTrigger(nil, "cognito", at)
	case "AlexaSkill":
		c.AddTrigger(nil, "alexa", at)
	case "IoTRule":
		c.AddTrigger(nil, "iot", at)
	case "CloudWatchLogs":
		c.AddTrigger(nil, "cloudwatch_logs", at)
	default:
		im.Res.Warn(at, "Event type not supported", "%s is of type %q, which the importer does not map yet; it is left out.", what, typ)
	}
}

// routeOf writes a route as the language does: "POST /orders".
func routeOf(method, path string) string {
	method = strings.ToUpper(strings.TrimSpace(method))
	if method == "X-AMAZON-APIGATEWAY-ANY-METHOD" || method == "*" {
		method = "ANY"
	}
	switch {
	case path == "" && method == "":
		return ""
	case path == "":
		return method
	case method == "":
		return path
	}
	return method + " " + path
}

// busOf resolves an EventBusName: a bus of the template, or the account's
// default bus.
func (im *Importer) busOf(t *Template, name Node, at ir.Pos) *ir.Component {
	if name.Ok() {
		if b, _ := im.Resolve(t, name); b != nil {
			return b
		}
		if s, ok := t.sc.Str(name); ok && s != "default" {
			im.warnUnresolved(t, name, "The event bus name")
			return nil
		}
		if _, ok := t.sc.Str(name); !ok {
			im.warnUnresolved(t, name, "The event bus name")
			return nil
		}
	}
	return im.Implicit(t, "default", schema.KindBus, "default", "AWS::Events::EventBus", at)
}

// eventFailure reads DeadLetterConfig and RetryPolicy of a SAM schedule or
// EventBridge event.
func (im *Importer) eventFailure(r *Resource, tr *ir.Trigger, p Node, evKey string) {
	t := r.T
	dl := p.Get("DeadLetterConfig")
	if dl.Ok() {
		if arn := dl.Get("Arn"); arn.Ok() {
			if q, _ := im.Resolve(t, arn); q != nil {
				tr.Set("dead_letter", q, arn.Pos())
			} else {
				im.warnUnresolved(t, arn, "The dead-letter queue of event "+evKey)
			}
		} else if str(t, dl.Get("Type")) == "SQS" {
			q := im.Implicit(t, r.ID+evKey+"DLQ", schema.KindQueue, ir.SnakeCase(r.ID+evKey)+"_dlq", "AWS::SQS::Queue", dl.Pos())
			tr.Set("dead_letter", q, dl.Pos())
		}
	}
	if f, ok := t.sc.Num(p.Path("RetryPolicy", "MaximumRetryAttempts")); ok {
		tr.Set("retries", f, p.Path("RetryPolicy", "MaximumRetryAttempts").Pos())
	}
}

// targetFailure reads a rule or schedule target's DeadLetterConfig and
// RetryPolicy.
func (im *Importer) targetFailure(t *Template, tr *ir.Trigger, target Node) {
	if arn := target.Path("DeadLetterConfig", "Arn"); arn.Ok() {
		if q, _ := im.Resolve(t, arn); q != nil {
			tr.Set("dead_letter", q, arn.Pos())
		} else {
			im.warnUnresolved(t, arn, "The target's dead-letter queue")
		}
	}
	if f, ok := t.sc.Num(target.Path("RetryPolicy", "MaximumRetryAttempts")); ok {
		tr.Set("retries", f, target.Path("RetryPolicy", "MaximumRetryAttempts").Pos())
	}
}

// Kafka returns the stream standing for a self-managed Kafka cluster,
// named after its first topic (or bootstrap server): there is no resource
// for it in the template.
func (im *Importer) Kafka(t *Template, servers, topics []string, at ir.Pos) *ir.Component {
	name := "kafka"
	switch {
	case len(topics) > 0:
		name = "kafka_" + topics[0]
	case len(servers) > 0:
		host, _, _ := strings.Cut(servers[0], ":")
		name = "kafka_" + host
	}
	c := im.Implicit(t, "kafka|"+strings.Join(servers, ",")+"|"+strings.Join(topics, ","), schema.KindStream, ir.Identifier(name), "SelfManagedKafka", at)
	desc := "self-managed Kafka cluster"
	if len(servers) > 0 {
		desc += " at " + strings.Join(servers, ", ")
	}
	c.SetDefault("description", desc, at)
	return c
}

// topicNote writes the Kafka topics or broker queues an event source
// mapping reads on its trigger.
func topicNote(t *Template, tr *ir.Trigger, p Node) {
	if tr == nil {
		return
	}
	if topics := t.sc.Strings(p.Get("Topics")); len(topics) > 0 {
		tr.Notes = append(tr.Notes, "topics "+strings.Join(topics, ", "))
	}
	if queues := t.sc.Strings(p.Get("Queues")); len(queues) > 0 {
		tr.Notes = append(tr.Notes, "queues "+strings.Join(queues, ", "))
	}
	if coll := p.Path("DocumentDBEventSourceConfig", "CollectionName"); coll.Ok() {
		tr.Notes = append(tr.Notes, "collection "+str(t, coll))
	} else if coll := p.Get("Collection"); coll.Ok() {
		tr.Notes = append(tr.Notes, "collection "+str(t, coll))
	}
}

// pollTrigger wires an event source mapping (SAM SQS, Kinesis, DynamoDB,
// MSK, MQ or DocumentDB event, or AWS::Lambda::EventSourceMapping) into c
// and returns the trigger (nil when its source is not found).
func (im *Importer) pollTrigger(t *Template, c *ir.Component, p Node, source Node, what string, at ir.Pos) *ir.Trigger {
	src, _ := im.Resolve(t, source)
	if src == nil {
		im.warnUnresolved(t, source, what)
		return nil
	}
	return im.pollFrom(t, c, src, p, what, at)
}

// pollFrom wires an event source mapping from src into c.
func (im *Importer) pollFrom(t *Template, c *ir.Component, src *ir.Component, p Node, what string, at ir.Pos) *ir.Trigger {
	tr := c.AddTrigger(src, "", at)
	set := func(attr, key string) {
		if f, ok := t.sc.Num(p.Get(key)); ok {
			tr.Set(attr, f, p.Get(key).Pos())
		}
	}
	set("batch_size", "BatchSize")
	if f, ok := t.sc.Num(p.Get("MaximumBatchingWindowInSeconds")); ok {
		tr.Set("batch_window", ir.Seconds(f), p.Get("MaximumBatchingWindowInSeconds").Pos())
	}
	if slices.Contains(t.sc.Strings(p.Get("FunctionResponseTypes")), "ReportBatchItemFailures") {
		tr.Set("partial_batch_response", true, p.Get("FunctionResponseTypes").Pos())
	}
	if src.Kind == schema.KindQueue {
		if f, ok := t.sc.Num(p.Path("ScalingConfig", "MaximumConcurrency")); ok {
			tr.Set("max_concurrency", f, p.Path("ScalingConfig", "MaximumConcurrency").Pos())
		}
		return tr
	}
	if b, ok := t.sc.Bool(p.Get("BisectBatchOnFunctionError")); ok {
		tr.Set("bisect_on_error", b, p.Get("BisectBatchOnFunctionError").Pos())
	}
	set("max_retries", "MaximumRetryAttempts")
	if f, ok := t.sc.Num(p.Get("MaximumRecordAgeInSeconds")); ok && f >= 0 {
		tr.Set("max_record_age", ir.Seconds(f), p.Get("MaximumRecordAgeInSeconds").Pos())
	}
	set("parallelization", "ParallelizationFactor")
	if of := p.Path("DestinationConfig", "OnFailure", "Destination"); of.Ok() {
		if d, _ := im.Resolve(t, of); d != nil {
			tr.Set("on_failure", d, of.Pos())
		} else {
			im.warnUnresolved(t, of, "The on-failure destination of "+strings.ToLower(what[:1])+what[1:])
		}
	}
	tr.KafkaRetries()
	return tr
}

// subscription wires an SNS subscription (a resource, an inline
// Subscription of a topic, or a SAM SNS event).
func (im *Importer) subscription(t *Template, topic *ir.Component, p Node, owner string) {
	proto := strings.ToLower(str(t, p.Get("Protocol")))
	if proto != "sqs" && proto != "lambda" && proto != "firehose" {
		if proto != "" {
			im.Res.Warn(p.Get("Protocol").Pos(), "Subscription not mapped",
				"Subscription of %s uses protocol %q; only sqs, lambda and firehose subscriptions become triggers.", owner, proto)
		}
		return
	}
	dst, _ := im.Resolve(t, p.Get("Endpoint"))
	if dst == nil {
		im.warnUnresolved(t, p.Get("Endpoint"), "Subscription of "+owner)
		return
	}
	tr := dst.AddTrigger(topic, "", p.Pos())
	im.filter(t, tr, p)
}

// filter reads FilterPolicy and RedrivePolicy of a subscription.
func (im *Importer) filter(t *Template, tr *ir.Trigger, p Node) {
	if fp := p.Get("FilterPolicy"); fp.Ok() {
		v := fp.Raw()
		if s, ok := v.(string); ok {
			v = decodeJSONString(s)
		}
		tr.Set("filter", ir.Raw{V: v}, fp.Pos())
	}
	if dl := p.Path("RedrivePolicy", "deadLetterTargetArn"); dl.Ok() {
		if q, _ := im.Resolve(t, dl); q != nil {
			tr.Set("dead_letter", q, dl.Pos())
		} else {
			im.warnUnresolved(t, dl, "The subscription's dead-letter queue")
		}
	}
}

// s3Filter maps S3 event names and key filter rules.
func (im *Importer) s3Filter(t *Template, tr *ir.Trigger, events Node, rules Node) {
	var kinds []string
	for _, e := range t.sc.Strings(events) {
		k := ir.S3EventKind(e)
		if k != "" && !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) > 0 {
		tr.Set("events", kinds, events.Pos())
	}
	for _, rule := range rules.Items() {
		name := strings.ToLower(str(t, rule.Get("Name")))
		if name == "prefix" || name == "suffix" {
			if v, ok := t.sc.Str(rule.Get("Value")); ok {
				tr.Set(name, v, rule.Get("Value").Pos())
			}
		}
	}
}

// bucketNotifications wires a bucket's NotificationConfiguration.
func (im *Importer) bucketNotifications(t *Template, b *ir.Component, nc Node) {
	if on := nc.Path("EventBridgeConfiguration", "EventBridgeEnabled"); on.Ok() {
		if v, ok := t.sc.Bool(on); ok && v {
			im.eventBridgeNotifications(t, b, on.Pos())
		}
	}
	for _, sec := range []struct{ list, key string }{
		{"LambdaConfigurations", "Function"}, {"QueueConfigurations", "Queue"}, {"TopicConfigurations", "Topic"},
	} {
		for _, cfg := range nc.Get(sec.list).Items() {
			dst, _ := im.Resolve(t, cfg.Get(sec.key))
			if dst == nil {
				im.warnUnresolved(t, cfg.Get(sec.key), "A notification of bucket "+b.ID)
				continue
			}
			tr := dst.AddTrigger(b, "", cfg.Pos())
			im.s3Filter(t, tr, cfg.Get("Event"), cfg.Path("Filter", "S3Key", "Rules"))
		}
	}
}

// kinesisDestination wires the Kinesis data stream a table (or one replica
// of a global table) writes its item changes into.
func (im *Importer) kinesisDestination(t *Template, r *Resource, p Node) {
	arn := p.Path("KinesisStreamSpecification", "StreamArn")
	if !arn.Ok() {
		return
	}
	if s, _ := im.Resolve(t, arn); s != nil {
		s.AddTrigger(r.Comp, "", arn.Pos())
	} else {
		im.warnUnresolved(t, arn, "The Kinesis stream of table "+r.ID)
	}
}

// eventBridgeNotifications wires a bucket that sends its events to
// EventBridge, to the account's default bus.
func (im *Importer) eventBridgeNotifications(t *Template, b *ir.Component, at ir.Pos) {
	if bus := im.busOf(t, Node{}, at); bus != nil {
		ir.BucketToEventBridge(bus, b, at)
	}
}

// eventRule wires an EventBridge rule: its bus (or schedule) to each
// target.
func (im *Importer) eventRule(r *Resource) {
	t := r.T
	sched := r.Props.Get("ScheduleExpression")
	var bus *ir.Component
	if !sched.Ok() {
		bus = im.busOf(t, r.Props.Get("EventBusName"), r.At)
		if bus == nil {
			return
		}
	}
	for _, target := range r.Props.Get("Targets").Items() {
		dst, _ := im.Resolve(t, target.Get("Arn"))
		if dst == nil {
			im.warnUnresolved(t, target.Get("Arn"), "A target of rule "+r.ID)
			if bus != nil && target.Get("Arn").Ok() {
				// The bus is consumed by what the target names (an API
				// destination, another account's bus...): rules do not
				// claim that nothing consumes it.
				bus.MarkUnknown(target.Get("Arn").Pos(), "A target of rule "+r.ID+" refers to "+t.sc.Text(target.Get("Arn")))
			}
			continue
		}
		var tr *ir.Trigger
		if sched.Ok() {
			tr = dst.AddTrigger(nil, "schedule", target.Pos())
			if expr, ok := t.sc.Str(sched); ok {
				tr.Set("schedule", expr, sched.Pos())
			}
		} else {
			tr = dst.AddTrigger(bus, "", target.Pos())
			if pat := r.Props.Get("EventPattern"); pat.Ok() {
				v := pat.Raw()
				if s, ok := v.(string); ok {
					v = decodeJSONString(s)
				}
				tr.Set("pattern", ir.Raw{V: v}, pat.Pos())
			}
		}
		im.targetFailure(t, tr, target)
	}
}

// connector maps a SAM connector to dependencies of its source: writes to
// a channel are emits, to a function or express workflow calls, to data
// writes; reads of data are reads.
func (im *Importer) connector(t *Template, source, dest, perms Node, id string, src *ir.Component) {
	if src == nil {
		src = im.connectorEnd(t, source)
	}
	if src == nil {
		im.warnUnresolved(t, source, "Connector "+id)
		return
	}
	var dsts []*ir.Component
	for _, d := range dest.List() {
		c := im.connectorEnd(t, d)
		if c == nil {
			im.warnUnresolved(t, d, "Connector "+id)
			continue
		}
		dsts = append(dsts, c)
	}
	ps := t.sc.Strings(perms)
	why := "from connector " + id
	for _, d := range dsts {
		for _, p := range ps {
			switch {
			case p == "Read" && (d.Kind == schema.KindDatabase || d.Kind == schema.KindBucket):
				src.AddDep("reads", d, dest.Pos(), schema.SourceTemplate, why)
			case p == "Write" && (d.Kind == schema.KindDatabase || d.Kind == schema.KindBucket):
				src.AddDep("writes", d, dest.Pos(), schema.SourceTemplate, why)
			case p == "Write" && d.Kind.IsChannel():
				src.AddDep("emits", d, dest.Pos(), schema.SourceTemplate, why)
			case p == "Write" && d.Kind == schema.KindFunction:
				src.AddDep("calls", d, dest.Pos(), schema.SourceTemplate, why)
			case p == "Write" && d.Kind == schema.KindStateMachine:
				src.AddDep("emits", d, dest.Pos(), schema.SourceTemplate, why)
			}
		}
	}
}

func (im *Importer) connectorEnd(t *Template, v Node) *ir.Component {
	if id, ok := t.sc.Str(v.Get("Id")); ok {
		if r := t.byID[id]; r != nil {
			return im.component(t, Target{ID: id})
		}
		if c := im.aliases[t][id]; c != nil {
			return c
		}
		return nil
	}
	if arn := v.Get("Arn"); arn.Ok() {
		c, _ := im.Resolve(t, arn)
		return c
	}
	return nil
}

// pipe wires an EventBridge pipe: its target is fed by its source, which
// the pipe polls like an event source mapping.
func (im *Importer) pipe(r *Resource) {
	t := r.T
	src, _ := im.Resolve(t, r.Props.Get("Source"))
	if src == nil {
		im.warnUnresolved(t, r.Props.Get("Source"), "Pipe "+r.ID)
		return
	}
	dst, _ := im.Resolve(t, r.Props.Get("Target"))
	if dst == nil {
		im.warnUnresolved(t, r.Props.Get("Target"), "Pipe "+r.ID)
		return
	}
	sp := r.Props.Get("SourceParameters")
	params := sp.Get("SqsQueueParameters")
	if !params.Ok() {
		params = sp.Get("KinesisStreamParameters")
	}
	if !params.Ok() {
		params = sp.Get("DynamoDBStreamParameters")
	}
	tr := dst.AddTrigger(src, "", r.At)
	tr.Notes = append(tr.Notes, "through EventBridge pipe "+r.ID)
	tp := r.Props.Get("TargetParameters")
	for _, k := range []string{"LambdaFunctionParameters", "StepFunctionStateMachineParameters"} {
		if strings.EqualFold(str(t, tp.Path(k, "InvocationType")), "FIRE_AND_FORGET") {
			tr.Notes = append(tr.Notes, "the pipe invokes its target asynchronously (FIRE_AND_FORGET): failures of the target do not return to the pipe")
			if src.Kind == schema.KindQueue || src.Kind == schema.KindStream || src.Kind == schema.KindDatabase {
				tr.Set("invocation", "async", tp.Path(k, "InvocationType").Pos())
			}
		}
	}
	if f, ok := t.sc.Num(params.Get("BatchSize")); ok {
		tr.Set("batch_size", f, params.Get("BatchSize").Pos())
	}
	if f, ok := t.sc.Num(params.Get("MaximumBatchingWindowInSeconds")); ok {
		tr.Set("batch_window", ir.Seconds(f), params.Get("MaximumBatchingWindowInSeconds").Pos())
	}
	if src.Kind != schema.KindQueue {
		// A MaximumRetryAttempts or MaximumRecordAgeInSeconds of -1 is the
		// default, unbounded
		// (docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceKinesisStreamParameters.html,
		// read 2026-12-02).
		if f, ok := t.sc.Num(params.Get("MaximumRetryAttempts")); ok {
			tr.Set("max_retries", f, params.Get("MaximumRetryAttempts").Pos())
		}
		if f, ok := t.sc.Num(params.Get("MaximumRecordAgeInSeconds")); ok && f >= 0 {
			tr.Set("max_record_age", ir.Seconds(f), params.Get("MaximumRecordAgeInSeconds").Pos())
		}
		if f, ok := t.sc.Num(params.Get("ParallelizationFactor")); ok {
			tr.Set("parallelization", f, params.Get("ParallelizationFactor").Pos())
		}
		if v, ok := t.sc.Str(params.Get("OnPartialBatchItemFailure")); ok && v == "AUTOMATIC_BISECT" {
			tr.Set("bisect_on_error", true, params.Get("OnPartialBatchItemFailure").Pos())
		}
		if of := params.Path("DeadLetterConfig", "Arn"); of.Ok() {
			if d, _ := im.Resolve(t, of); d != nil {
				tr.Set("on_failure", d, of.Pos())
			}
		}
	}
}

// iotActions are the AWS IoT topic rule actions that push a device
// message into a component, with the property naming it: Lambda invokes a
// function asynchronously, Sns publishes to a topic, Sqs sends to a queue,
// Kinesis puts into a stream, Firehose into a delivery stream
// (docs.aws.amazon.com/iot/latest/developerguide/iot-rule-actions.html,
// read 2026-12-02).
var iotActions = []struct{ action, key string }{
	{"Lambda", "FunctionArn"}, {"Sns", "TargetArn"}, {"Sqs", "QueueUrl"}, {"Kinesis", "StreamName"},
	{"Firehose", "DeliveryStreamName"},
}

// topicRule reads an AWS::IoT::TopicRule: each of its Lambda, Sns, Sqs,
// Kinesis and Firehose actions is an "iot" trigger on the component it
// names.
func (im *Importer) topicRule(r *Resource) {
	t := r.T
	payload := r.Props.Get("TopicRulePayload")
	for _, action := range payload.Get("Actions").Items() {
		for _, a := range iotActions {
			ref := action.Path(a.action, a.key)
			if !ref.Ok() {
				continue
			}
			dst, _ := im.Resolve(t, ref)
			if dst == nil {
				im.warnUnresolved(t, ref, "The "+a.action+" action of IoT topic rule "+r.ID)
				continue
			}
			tr := dst.AddTrigger(nil, "iot", action.Pos())
			note := "IoT topic rule " + r.ID
			if sql, ok := t.sc.Str(payload.Get("Sql")); ok {
				note += ": " + sql
			}
			tr.Notes = append(tr.Notes, note)
		}
	}
}

// logSubscription reads an AWS::Logs::SubscriptionFilter whose
// destination is a delivery stream: CloudWatch Logs puts the log events
// that match its filter into the stream (a "cloudwatch_logs" trigger).
// docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html,
// read 2026-12-02. Other destinations (a function, a Kinesis stream, a
// cross-account destination) are not read.
func (im *Importer) logSubscription(r *Resource) {
	t := r.T
	dst := r.Props.Get("DestinationArn")
	fh := im.resolveKind(t, schema.KindFirehose, dst)
	if fh == nil {
		if c, _ := im.Resolve(t, dst); c != nil && c.Kind == schema.KindFirehose {
			fh = c
		}
	}
	if fh == nil {
		return
	}
	tr := fh.AddTrigger(nil, "cloudwatch_logs", r.At)
	note := "CloudWatch Logs subscription filter " + r.ID
	if g, ok := t.sc.Str(r.Props.Get("LogGroupName")); ok && g != "" {
		note += " on " + g
	}
	tr.Notes = append(tr.Notes, note)
}

// Authorizer wires a Lambda authorizer: the api calls the function
// synchronously before the requests it authorizes, so it is a trigger from
// the api (without a route), with a comment saying how long its result is
// cached (ttl, when set is true).
func (im *Importer) Authorizer(t *Template, api *ir.Component, fnRef Node, name string, at ir.Pos, ttl float64, set bool) {
	var fn *ir.Component
	for _, c := range im.ResolveAll(t, fnRef) {
		if c.Kind == schema.KindFunction {
			fn = c
			break
		}
	}
	if fn == nil {
		im.warnUnresolved(t, fnRef, "Authorizer "+name)
		return
	}
	ir.AuthorizerTrigger(api, fn, name, at, ttl, set)
}

// FunctionURL gives a function its function URL: an HTTP endpoint of its
// own, modelled as an api whose integration timeout is the function's
// (a URL waits up to 15 minutes, not an API Gateway's 30 s). Lambda
// function URLs: docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html,
// checked 2026-11.
//
// With InvokeMode RESPONSE_STREAM the trigger is invocation = "stream".
func (im *Importer) FunctionURL(t *Template, fn *ir.Component, id string, at ir.Pos, auth, mode string) {
	api := im.Implicit(t, id, schema.KindAPI, fn.Name+"_url", "AWS::Lambda::Url", at)
	api.SetDefault("type", "http", at)
	api.SetDefault("timeout", ir.Seconds(900), at)
	api.SetDefault("description", "function URL of "+fn.Name, at)
	if auth == "AWS_IAM" {
		api.SetDefault("public", false, at)
	}
	tr := fn.AddTrigger(api, "", at)
	if mode == "RESPONSE_STREAM" {
		tr.Set("invocation", "stream", at)
	}
}

// permission reads an AWS::Lambda::Permission for what no other resource
// of the templates says: an API, bucket or topic allowed to invoke a
// function that has no trigger from it yet (its integration or
// notification is configured elsewhere, in an S3 definition or by
// another tool) gets one, marked as inferred.
func (im *Importer) permission(r *Resource) {
	t := r.T
	fn, _ := im.Resolve(t, r.Props.Get("FunctionName"))
	if fn == nil || fn.Kind != schema.KindFunction {
		return
	}
	principal := str(t, r.Props.Get("Principal"))
	var want schema.Kind
	switch principal {
	case "apigateway.amazonaws.com":
		want = schema.KindAPI
	case "s3.amazonaws.com":
		want = schema.KindBucket
	case "sns.amazonaws.com":
		want = schema.KindTopic
	default:
		return
	}
	srcArn := r.Props.Get("SourceArn")
	var src *ir.Component
	for _, c := range im.ResolveAll(t, srcArn) {
		if c.Kind == want {
			src = c
			break
		}
	}
	if src == nil {
		src = im.byPhysicalName(srcArn, t)
		if src != nil && src.Kind != want {
			src = nil
		}
	}
	if src == nil || isSourceOf(src, fn) {
		return
	}
	tr := fn.AddTrigger(src, "", r.At)
	tr.Notes = append(tr.Notes, "inferred from permission "+r.ID)
	if want == schema.KindAPI {
		if text, ok := t.sc.lenient(srcArn); ok {
			// arn:...:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH
			parts := strings.SplitN(text, "/", 4)
			if len(parts) == 4 && parts[2] != "*" && !strings.Contains(parts[3], "*") {
				tr.Set("route", routeOf(parts[2], "/"+parts[3]), srcArn.Pos())
			}
		}
	}
}
