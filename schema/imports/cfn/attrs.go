package cfn

import (
	"math"
	"slices"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
)

// prop reads a property, falling back to SAM's Globals for serverless
// resources.
func (r *Resource) prop(name string) Node {
	if v := r.Props.Get(name); v.Ok() {
		return v
	}
	section := ""
	switch r.Type {
	case "AWS::Serverless::Function":
		section = "Function"
	case "AWS::Serverless::Api":
		section = "Api"
	case "AWS::Serverless::HttpApi":
		section = "HttpApi"
	case "AWS::Serverless::SimpleTable":
		section = "SimpleTable"
	case "AWS::Serverless::StateMachine":
		section = "StateMachine"
	}
	if section != "" {
		return r.T.Globals.Path(section, name)
	}
	return Node{}
}

func (r *Resource) num(c *ir.Component, attr string, v Node) {
	if f, ok := r.T.sc.Num(v); ok {
		c.Set(attr, f, v.Pos())
	}
}

// maxNum sets a number attribute to v unless it holds a larger one
// already. The api has one throttle_rate and throttle_burst while its
// MethodSettings may throttle routes differently: the largest is what
// some route lets through.
func maxNum(c *ir.Component, attr string, t *Template, v Node) {
	f, ok := t.sc.Num(v)
	if !ok {
		return
	}
	if a := c.Get(attr); a != nil {
		if old, isNum := a.Value.(float64); isNum && old >= f {
			return
		}
	}
	c.Set(attr, f, v.Pos())
}

func (r *Resource) seconds(c *ir.Component, attr string, v Node) {
	if f, ok := r.T.sc.Num(v); ok {
		c.Set(attr, ir.Seconds(f), v.Pos())
	}
}

func (r *Resource) boolean(c *ir.Component, attr string, v Node) {
	if b, ok := r.T.sc.Bool(v); ok {
		c.Set(attr, b, v.Pos())
	}
}

func (im *Importer) attributes(r *Resource) {
	c := r.Comp
	if c == nil {
		return
	}
	t := r.T
	if d, ok := t.sc.Str(r.prop("Description")); ok && d != "" && c.Kind != schema.KindAPI {
		c.Set("description", d, r.prop("Description").Pos())
	}
	switch r.Type {
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		im.functionAttrs(r, c)
	case "AWS::SQS::Queue":
		r.boolean(c, "fifo", r.Props.Get("FifoQueue"))
		r.seconds(c, "visibility_timeout", r.Props.Get("VisibilityTimeout"))
		r.seconds(c, "retention", r.Props.Get("MessageRetentionPeriod"))
		r.seconds(c, "delay", r.Props.Get("DelaySeconds"))
		if strings.HasSuffix(c.Name, "_fifo") || strings.HasSuffix(str(t, r.Props.Get("QueueName")), ".fifo") {
			c.SetDefault("fifo", true, r.At)
		}
		rp := r.Props.Get("RedrivePolicy")
		if rp.Ok() {
			dlq, _ := im.Resolve(t, rp.Get("deadLetterTargetArn"))
			if dlq != nil {
				c.Set("dead_letter", dlq, rp.Get("deadLetterTargetArn").Pos())
			} else {
				im.warnUnresolved(t, rp.Get("deadLetterTargetArn"), "The redrive policy of "+r.ID)
			}
			r.num(c, "max_receive_count", rp.Get("maxReceiveCount"))
		}
	case "AWS::SNS::Topic":
		r.boolean(c, "fifo", r.Props.Get("FifoTopic"))
	case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable":
		c.Set("engine", "dynamodb", r.At)
		mode, _ := t.sc.Str(r.Props.Get("BillingMode"))
		pt := r.Props.Get("ProvisionedThroughput")
		if mode == "PROVISIONED" || mode == "" && pt.Ok() {
			c.Set("capacity", "provisioned", r.Props.Get("BillingMode").Pos())
			r.num(c, "read_capacity", pt.Get("ReadCapacityUnits"))
			r.num(c, "write_capacity", pt.Get("WriteCapacityUnits"))
			if c.Get("capacity").Pos.Filename == "" {
				c.Get("capacity").Pos = pt.Pos()
			}
		} else {
			c.Set("capacity", "on_demand", r.Props.Get("BillingMode").Pos())
			if !r.Props.Get("BillingMode").Ok() {
				c.Get("capacity").Pos = r.At
			}
		}
		if ss := r.Props.Get("StreamSpecification"); ss.Ok() {
			enabled := true
			if b, ok := t.sc.Bool(ss.Get("StreamEnabled")); ok {
				enabled = b
			}
			c.Set("stream", enabled, ss.Pos())
		}
	case "AWS::Serverless::SimpleTable":
		c.Set("engine", "dynamodb", r.At)
		if pt := r.prop("ProvisionedThroughput"); pt.Ok() {
			c.Set("capacity", "provisioned", pt.Pos())
			r.num(c, "read_capacity", pt.Get("ReadCapacityUnits"))
			r.num(c, "write_capacity", pt.Get("WriteCapacityUnits"))
		}
	case "AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::Neptune::DBCluster":
		engine := strings.ToLower(str(t, r.Props.Get("Engine")))
		switch {
		case r.Type == "AWS::Neptune::DBCluster":
			c.Set("engine", "neptune", r.At)
		case strings.HasPrefix(engine, "aurora"):
			c.Set("engine", "aurora", r.Props.Get("Engine").Pos())
		case strings.Contains(engine, "postgres"):
			c.Set("engine", "postgres", r.Props.Get("Engine").Pos())
		case engine != "":
			c.Set("engine", "mysql", r.Props.Get("Engine").Pos())
		default:
			c.Set("engine", "aurora", r.At)
		}
		c.Set("capacity", "provisioned", r.At)
	case "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::ServerlessCache",
		"AWS::MemoryDB::Cluster": // MemoryDB speaks the Redis (or Valkey) protocol
		c.Set("engine", "redis", r.At)
		c.Set("capacity", "provisioned", r.At)
	case "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain":
		c.Set("engine", "opensearch", r.At)
		c.Set("capacity", "provisioned", r.At)
	case "AWS::MSK::Cluster", "AWS::MSK::ServerlessCluster":
		// A Kafka cluster is a stream-like source: ordered partitions read
		// in batches, like a stream's shards.
		c.Set("description", "Amazon MSK cluster (Kafka)", r.At)
	case "AWS::AmazonMQ::Broker":
		MQBroker(c, str(t, r.Props.Get("EngineType")), r.At)
	case "AWS::DocDB::DBCluster":
		c.Set("engine", "documentdb", r.At)
		c.Set("capacity", "provisioned", r.At)
	case "AWS::Kinesis::Stream":
		mode := str(t, r.Props.Path("StreamModeDetails", "StreamMode"))
		if mode != "ON_DEMAND" {
			r.num(c, "shards", r.Props.Get("ShardCount"))
			if !r.Props.Get("ShardCount").Ok() {
				c.Set("shards", 1.0, r.At) // CloudFormation's default is one provisioned shard
			}
		}
		if h, ok := t.sc.Num(r.Props.Get("RetentionPeriodHours")); ok {
			c.Set("retention", ir.Seconds(h*3600), r.Props.Get("RetentionPeriodHours").Pos())
		}
	case "AWS::ApiGateway::RestApi", "AWS::Serverless::Api":
		c.Set("type", "rest", r.At)
		for _, ms := range r.prop("MethodSettings").Items() {
			maxNum(c, "throttle_rate", r.T, ms.Get("ThrottlingRateLimit"))
			maxNum(c, "throttle_burst", r.T, ms.Get("ThrottlingBurstLimit"))
		}
		if r.Type == "AWS::Serverless::Api" && c.Get("throttle_rate") == nil {
			// SAM's Auth.UsagePlan with CreateUsagePlan PER_API or SHARED
			// creates the plan and an API key with it.
			up := r.prop("Auth").Get("UsagePlan")
			if mode := str(t, up.Get("CreateUsagePlan")); mode == "PER_API" || mode == "SHARED" {
				if rate := up.Path("Throttle", "RateLimit"); rate.Ok() {
					r.num(c, "throttle_rate", rate)
					if a := c.Get("throttle_rate"); a != nil {
						a.Note = "per API key, from Auth.UsagePlan"
					}
					r.num(c, "throttle_burst", up.Path("Throttle", "BurstLimit"))
				}
			}
		}
		// A private API is reached only from a VPC endpoint: SAM writes
		// EndpointConfiguration as a string or {Type: PRIVATE}, the
		// RestApi resource as {Types: [PRIVATE]}.
		ep := r.prop("EndpointConfiguration")
		if str(t, ep.Get("Type")) == "PRIVATE" || str(t, ep) == "PRIVATE" || slices.Contains(t.sc.Strings(ep.Get("Types")), "PRIVATE") {
			c.Set("public", false, ep.Pos())
		}
	case "AWS::ApiGatewayV2::Api":
		proto := str(t, r.Props.Get("ProtocolType"))
		if proto == "WEBSOCKET" {
			c.Set("type", "websocket", r.Props.Get("ProtocolType").Pos())
		} else {
			c.Set("type", "http", r.Props.Get("ProtocolType").Pos())
		}
	case "AWS::Serverless::HttpApi":
		c.Set("type", "http", r.At)
		drs := r.prop("DefaultRouteSettings")
		r.num(c, "throttle_rate", drs.Get("ThrottlingRateLimit"))
		r.num(c, "throttle_burst", drs.Get("ThrottlingBurstLimit"))
	case "AWS::AppSync::GraphQLApi", "AWS::Serverless::GraphQLApi":
		c.Set("type", "appsync", r.At)
	case "AWS::ElasticLoadBalancingV2::LoadBalancer":
		c.Set("type", "alb", r.At)
		if str(t, r.Props.Get("Scheme")) == "internal" {
			c.Set("public", false, r.Props.Get("Scheme").Pos())
		}
	case "AWS::StepFunctions::StateMachine":
		if str(t, r.Props.Get("StateMachineType")) == "EXPRESS" {
			c.Set("type", "express", r.Props.Get("StateMachineType").Pos())
		}
		if str(t, r.Props.Path("TracingConfiguration", "Enabled")) == "true" {
			c.Set("tracing", true, r.Props.Get("TracingConfiguration").Pos())
		}
	case "AWS::Serverless::StateMachine":
		if str(t, r.prop("Type")) == "EXPRESS" {
			c.Set("type", "express", r.prop("Type").Pos())
		}
		if str(t, r.prop("Tracing").Get("Enabled")) == "true" {
			c.Set("tracing", true, r.prop("Tracing").Pos())
		}
	case "AWS::ECS::Service":
		r.num(c, "tasks", r.Props.Get("DesiredCount"))
	}
}

// MQBroker describes an Amazon MQ broker, imported as a queue-like
// source. Its dead-letter handling (ActiveMQ's dead-letter queue, a
// RabbitMQ dead-letter exchange) is configured inside the broker, where
// archie does not look: the queue is marked as having links the importer
// could not follow, so missing-dlq says it cannot tell rather than that
// there is none.
func MQBroker(c *ir.Component, engine string, at ir.Pos) {
	switch strings.ToLower(engine) {
	case "activemq":
		c.Set("broker", "activemq", at)
	case "rabbitmq":
		c.Set("broker", "rabbitmq", at)
	}
	c.Set("description", "Amazon MQ broker", at)
	c.MarkUnknown(at, "Its dead-letter handling is configured inside the broker")
}

func str(t *Template, v Node) string {
	s, _ := t.sc.Str(v)
	return s
}

func (im *Importer) functionAttrs(r *Resource, c *ir.Component) {
	t := r.T
	if rt, ok := t.sc.Str(r.prop("Runtime")); ok {
		c.Set("runtime", rt, r.prop("Runtime").Pos())
	}
	r.num(c, "memory", r.prop("MemorySize"))
	r.seconds(c, "timeout", r.prop("Timeout"))
	if archs := t.sc.Strings(r.prop("Architectures")); len(archs) > 0 {
		c.Set("arch", archs[0], r.prop("Architectures").Pos())
	}
	r.num(c, "concurrency", r.prop("ReservedConcurrentExecutions"))
	r.num(c, "provisioned", r.prop("ProvisionedConcurrencyConfig").Get("ProvisionedConcurrentExecutions"))
	if mode := str(t, r.prop("Tracing")); mode == "Active" {
		c.Set("tracing", true, r.prop("Tracing").Pos())
	}
	if mode := str(t, r.prop("TracingConfig").Get("Mode")); mode == "Active" {
		c.Set("tracing", true, r.prop("TracingConfig").Pos())
	}
	// Failed asynchronous invocations: a dead-letter queue, or an
	// on-failure destination (which wins when both are set, as it carries
	// more context).
	dlq := r.prop("DeadLetterQueue").Get("TargetArn")
	if !dlq.Ok() {
		dlq = r.prop("DeadLetterConfig").Get("TargetArn")
	}
	if dlq.Ok() {
		if q, _ := im.Resolve(t, dlq); q != nil {
			c.Set("on_failure", q, dlq.Pos())
		} else {
			im.warnUnresolved(t, dlq, "The dead-letter queue of "+r.ID)
		}
	}
	im.invokeConfig(t, c, r.prop("EventInvokeConfig"), r.ID, r.Type == "AWS::Serverless::Function")
	if dc := r.prop("DurableConfig"); dc.Ok() {
		exec := ""
		if f, ok := t.sc.Num(dc.Get("ExecutionTimeout")); ok {
			exec = ir.Duration(f)
		}
		c.MarkDurable(dc.Pos(), exec)
	}
}

// invokeConfig reads asynchronous invocation settings: retries, event age
// and destinations. sam is set for a SAM function's EventInvokeConfig,
// where an SQS or SNS destination without a Destination is a queue or
// topic SAM creates.
func (im *Importer) invokeConfig(t *Template, c *ir.Component, cfg Node, owner string, sam bool) {
	if !cfg.Ok() {
		return
	}
	if f, ok := t.sc.Num(cfg.Get("MaximumRetryAttempts")); ok {
		c.Set("retries", f, cfg.Get("MaximumRetryAttempts").Pos())
	}
	if f, ok := t.sc.Num(cfg.Get("MaximumEventAgeInSeconds")); ok {
		c.Set("max_event_age", ir.Seconds(f), cfg.Get("MaximumEventAgeInSeconds").Pos())
	}
	dc := cfg.Get("DestinationConfig")
	if d := im.samDestination(t, dc.Get("OnFailure"), owner, sam); d != nil {
		c.Set("on_failure", d, dc.Get("OnFailure").Pos())
	} else if of := dc.Path("OnFailure", "Destination"); of.Ok() {
		if d, _ := im.Resolve(t, of); d != nil {
			c.Set("on_failure", d, of.Pos())
		} else {
			im.warnUnresolved(t, of, "The on-failure destination of "+owner)
		}
	}
	if d := im.samDestination(t, dc.Get("OnSuccess"), owner, sam); d != nil {
		c.AddDep("emits", d, dc.Get("OnSuccess").Pos(), schema.SourceTemplate, "on-success destination")
	} else if os := dc.Path("OnSuccess", "Destination"); os.Ok() {
		if d, _ := im.Resolve(t, os); d != nil {
			c.AddDep("emits", d, os.Pos(), schema.SourceTemplate, "on-success destination")
		}
	}
}

// samDestination returns the queue or topic SAM creates for a destination
// of Type SQS or SNS whose Destination is absent or AWS::NoValue; a
// template refers to it as FUNCTION.DestinationQueue or
// FUNCTION.DestinationTopic.
func (im *Importer) samDestination(t *Template, dest Node, owner string, sam bool) *ir.Component {
	if !sam || !dest.Ok() || !isNoValue(dest.Get("Destination")) {
		return nil
	}
	switch str(t, dest.Get("Type")) {
	case "SQS":
		return im.Implicit(t, owner+".DestinationQueue", schema.KindQueue, ir.SnakeCase(owner)+"_destination_queue", "AWS::SQS::Queue", dest.Pos())
	case "SNS":
		return im.Implicit(t, owner+".DestinationTopic", schema.KindTopic, ir.SnakeCase(owner)+"_destination_topic", "AWS::SNS::Topic", dest.Pos())
	}
	return nil
}

// isNoValue reports whether v is absent or evaluates to AWS::NoValue: a
// Ref to it, or an Fn::If whose first branch, the one the importer takes,
// is.
func isNoValue(v Node) bool {
	if !v.Ok() {
		return true
	}
	fn, arg := v.Fn()
	switch fn {
	case "Ref":
		s, _ := arg.Scalar()
		return s == "AWS::NoValue"
	case "Fn::If":
		if items := arg.Items(); len(items) == 3 {
			return isNoValue(items[1]) && items[1].Ok()
		}
	}
	return false
}

// usagePlans reads AWS::ApiGateway::UsagePlan throttles as the throttle of
// the APIs the plan covers (ApiStages), when the plan has an API key
// (an AWS::ApiGateway::UsagePlanKey names it): every client then has a
// key, and a key is held to the plan's rate. A throttle the API's stage
// sets itself wins; of several plans, the highest rate is the API's.
func (im *Importer) usagePlans() {
	keyed := map[*Resource]bool{}
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Type != "AWS::ApiGateway::UsagePlanKey" {
				continue
			}
			if tg, ok := t.sc.Target(r.Props.Get("UsagePlanId")); ok {
				pt := t
				if tg.T != nil {
					pt = tg.T
				}
				if p := pt.byID[tg.ID]; p != nil {
					keyed[p] = true
				}
			}
		}
	}
	stageSet := map[*ir.Component]bool{}
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Comp != nil && r.Comp.Kind == schema.KindAPI && r.Comp.Get("throttle_rate") != nil {
				stageSet[r.Comp] = true
			}
		}
	}
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Type != "AWS::ApiGateway::UsagePlan" || !keyed[r] {
				continue
			}
			rate, burst := r.Props.Path("Throttle", "RateLimit"), r.Props.Path("Throttle", "BurstLimit")
			rv, ok := t.sc.Num(rate)
			if !ok {
				continue
			}
			for _, st := range r.Props.Get("ApiStages").Items() {
				api, _ := im.Resolve(t, st.Get("ApiId"))
				if api == nil || api.Kind != schema.KindAPI || stageSet[api] {
					continue
				}
				if old := api.Get("throttle_rate"); old != nil {
					if f, _ := old.Value.(float64); f >= rv {
						continue
					}
				}
				api.Set("throttle_rate", rv, rate.Pos())
				api.Get("throttle_rate").Note = "per API key, from usage plan " + r.ID
				if bv, ok := t.sc.Num(burst); ok {
					api.Set("throttle_burst", bv, burst.Pos())
				} else {
					api.Unset("throttle_burst")
				}
			}
		}
	}
}

// wafEvaluationWindow is the default window of a WAF rate-based rule,
// over which its Limit counts requests: 300 s unless EvaluationWindowSec
// says otherwise (60, 120, 300 or 600). Source:
// https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
// (read 2026-12-02).
const wafEvaluationWindow = 300.0

// wafRateLimits reads a WAFv2 web ACL associated with an API
// (AWS::WAFv2::WebACLAssociation) whose rate-based rule blocks: the
// API's clients are throttled to Limit requests per evaluation window,
// which becomes the API's throttle_rate when nothing else sets one. Of
// several blocking rules the lowest rate counts.
func (im *Importer) wafRateLimits() {
	for _, t := range im.tmpls {
		for _, r := range t.Resources {
			if r.Type != "AWS::WAFv2::WebACLAssociation" {
				continue
			}
			tg, ok := t.sc.Target(r.Props.Get("WebACLArn"))
			if !ok {
				continue
			}
			at := t
			if tg.T != nil {
				at = tg.T
			}
			acl := at.byID[tg.ID]
			if acl == nil || acl.Type != "AWS::WAFv2::WebACL" {
				continue
			}
			rate, name, pos, ok := lowestRate(acl)
			if !ok {
				continue
			}
			for _, api := range im.ResolveAll(t, r.Props.Get("ResourceArn")) {
				if api.Kind != schema.KindAPI || api.Get("throttle_rate") != nil {
					continue
				}
				api.Set("throttle_rate", rate, pos)
				api.Get("throttle_rate").Note = "per client, from WAF rate-based rule " + name
			}
		}
	}
}

// lowestRate is the lowest requests-per-second rate of the blocking
// rate-based rules of a web ACL.
func lowestRate(acl *Resource) (float64, string, ir.Pos, bool) {
	t := acl.T
	best, name, pos, found := 0.0, "", ir.Pos{}, false
	for _, rule := range acl.Props.Get("Rules").Items() {
		rb := rule.Path("Statement", "RateBasedStatement")
		limit, ok := t.sc.Num(rb.Get("Limit"))
		if !ok || limit <= 0 || !rule.Path("Action", "Block").Ok() {
			continue
		}
		window := wafEvaluationWindow
		if w, ok := t.sc.Num(rb.Get("EvaluationWindowSec")); ok && w > 0 {
			window = w
		}
		// Two decimals: a rate of 100 per 5 minutes is 0.33 a second.
		rate := max(math.Round(limit/window*100)/100, 0.01)
		if !found || rate < best {
			best, pos, found = rate, rb.Get("Limit").Pos(), true
			name, _ = t.sc.Str(rule.Get("Name"))
		}
	}
	return best, name, pos, found
}
