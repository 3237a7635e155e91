package schema

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// AttrSpec describes one attribute of the language: its type, default and
// the values it accepts. The tables below are the language reference in
// data form; docs/language.md describes the same attributes for people.
type AttrSpec struct {
	Name     string
	Type     Type
	Default  any      // as a user would write it: "3s", 128.0, false; nil for none
	Enum     []string // allowed strings
	Min, Max *float64 // bounds; seconds for durations, bytes for sizes
	Hint     string   // how to fix a value out of bounds
	RefKinds []Kind   // kinds a reference may name
	Required bool
	Doc      string
}

func bound(v float64) *float64 { return &v }

// Limits below are AWS service quotas as documented in November 2026:
// Lambda (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html):
// timeout 900 s, memory 128..10240 MB, async retries 0..2, event age
// 60 s..6 h; SQS (docs.aws.amazon.com/AWSSimpleQueueService/latest/
// SQSDeveloperGuide/quotas-messages.html): visibility 0..12 h, retention
// 60 s..14 d, delay 0..15 min, maxReceiveCount 1..1000; event source
// mapping max concurrency 2..1000, batch size up to 10,000; EventBridge
// target retries 0..185; Kinesis retention 24 h..365 d; Fargate task sizes
// 0.25..16 vCPU and 512 MB..120 GB.
//
// Amazon Data Firehose (read 2026-12-02): buffering hints of an S3
// destination are 1..128 MiB and 0..900 s, defaults 5 MiB and 300 s
// (docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html).
const (
	hour = 3600.0
	day  = 24 * hour
)

var computeCalls = []Kind{KindFunction, KindContainer, KindAPI, KindExternal, KindStateMachine}
var computeEmits = []Kind{KindQueue, KindTopic, KindStream, KindBus, KindFirehose, KindFunction, KindStateMachine}
var dataKinds = []Kind{KindDatabase, KindBucket}
var failureTargets = []Kind{KindQueue, KindTopic, KindBus, KindFunction}

var descriptionAttr = AttrSpec{Name: "description", Type: TypeString, Doc: "what the component is for"}

// logRetentionAttr is how long CloudWatch Logs keeps a component's logs.
// CloudWatch Logs keeps a log group's events forever unless it has a
// retention of 1 day to 10 years (3653 days): docs.aws.amazon.com/
// AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html
// (read December 2026). 0 is Terraform's spelling of "never expire".
var logRetentionAttr = AttrSpec{Name: "log_retention_days", Type: TypeInt, Min: bound(0), Max: bound(3653), Hint: "CloudWatch Logs keeps events 1 day to 10 years (3653 days), or forever: 0.", Doc: "days CloudWatch Logs keeps its logs; 0: never expire (unset: unknown)"}

func computeAttrs() []AttrSpec {
	return []AttrSpec{
		descriptionAttr,
		{Name: "calls", Type: TypeRefList, Default: []any{}, RefKinds: computeCalls, Doc: "synchronous request/response dependencies"},
		{Name: "emits", Type: TypeRefList, Default: []any{}, RefKinds: computeEmits, Doc: "asynchronous fire-and-forget dependencies"},
		{Name: "reads", Type: TypeRefList, Default: []any{}, RefKinds: dataKinds, Doc: "data read"},
		{Name: "writes", Type: TypeRefList, Default: []any{}, RefKinds: dataKinds, Doc: "data written"},
		{Name: "timeout", Type: TypeDuration, Min: bound(0.001), Doc: "hard limit per invocation"},
		{Name: "duration", Type: TypeDuration, Default: "100ms", Min: bound(0), Doc: "mean time of its own work, excluding sync calls"},
		{Name: "duration_p99", Type: TypeDuration, Min: bound(0), Doc: "99th percentile of its own work (default 3 x duration)"},
		{Name: "distribution", Type: TypeString, Default: "lognormal", Enum: []string{"lognormal", "exponential", "constant"}, Doc: "shape of its own work time"},
		{Name: "error_rate", Type: TypeNumber, Default: 0.0, Min: bound(0), Max: bound(1), Doc: "fraction of invocations that fail"},
		{Name: "idempotent", Type: TypeBool, Default: false, Doc: "tolerates duplicate delivery"},
		{Name: "tracing", Type: TypeBool, Default: false, Doc: "distributed tracing enabled"},
		{Name: "concurrency", Type: TypeInt, Min: bound(0), Doc: "function: reserved concurrency; container: max concurrent requests across tasks"},
		{Name: "retries", Type: TypeInt, Default: 2.0, Min: bound(0), Doc: "retry attempts for failed asynchronous invocations"},
		{Name: "on_failure", Type: TypeRef, RefKinds: failureTargets, Doc: "destination for failed asynchronous invocations"},
		{Name: "call_retries", Type: TypeInt, Default: 0.0, Min: bound(0), Doc: "retries the code makes on its sync calls"},
		{Name: "circuit_breaker", Type: TypeBool, Default: false, Doc: "sync calls are protected by a circuit breaker"},
		{Name: "messages_per_invocation", Type: TypeNumber, Default: 1.0, Min: bound(0), Max: bound(maxMessagesPerInvocation), Hint: msgsHint, Doc: "messages sent to each emits target per invocation"},
		{Name: "per_message", Type: TypeStringList, Enum: []string{"reads", "writes", "calls", "emits"}, Doc: "edges a batch consumer acts on once per message of its batch, not once per invocation"},
	}
}

// componentSpecs is the attribute table of every component kind.
var componentSpecs = map[Kind][]AttrSpec{
	KindFunction: append(computeAttrs(),
		AttrSpec{Name: "runtime", Type: TypeString, Doc: `runtime identifier, e.g. "python3.12"`},
		AttrSpec{Name: "memory", Type: TypeInt, Default: 128.0, Min: bound(128), Max: bound(10240), Hint: "Lambda memory is 128 to 10240 MB.", Doc: "memory in MB"},
		AttrSpec{Name: "arch", Type: TypeString, Default: "x86_64", Enum: []string{"x86_64", "arm64"}, Doc: "instruction set"},
		AttrSpec{Name: "provisioned", Type: TypeInt, Default: 0.0, Min: bound(0), Doc: "provisioned concurrency"},
		AttrSpec{Name: "cold_start", Type: TypeDuration, Min: bound(0), Doc: "initialisation time of a new instance (default by runtime)"},
		AttrSpec{Name: "max_event_age", Type: TypeDuration, Default: "6h", Min: bound(60), Max: bound(6 * hour), Hint: "Lambda keeps asynchronous events for 60 s to 6 h.", Doc: "how long an asynchronous event waits for processing"},
		AttrSpec{Name: "durable", Type: TypeBool, Default: false, Doc: "Lambda durable function: a checkpointed orchestrator that suspends on what it invokes (its emits) instead of waiting"},
		logRetentionAttr,
		AttrSpec{Name: "policy_actions", Type: TypeStringList, Doc: `IAM actions its execution role's policies allow, e.g. "dynamodb:GetItem", "s3:*" (unset: unknown)`},
		AttrSpec{Name: "policy_resources", Type: TypeStringList, Doc: `resources those policy statements name, e.g. an ARN or "*" (unset: unknown)`},
	),
	KindContainer: append(computeAttrs(),
		AttrSpec{Name: "cpu", Type: TypeNumber, Default: 0.25, Min: bound(0.25), Max: bound(16), Hint: "Fargate tasks have 0.25 to 16 vCPU.", Doc: "vCPU per task"},
		AttrSpec{Name: "memory", Type: TypeInt, Default: 512.0, Min: bound(512), Max: bound(122880), Hint: "Fargate tasks have 512 MB to 120 GB.", Doc: "memory per task in MB"},
		AttrSpec{Name: "tasks", Type: TypeInt, Default: 1.0, Min: bound(1), Doc: "tasks running"},
		AttrSpec{Name: "max_tasks", Type: TypeInt, Min: bound(1), Doc: "tasks at most when scaling out (default tasks)"},
	),
	KindStateMachine: append(computeAttrs(),
		AttrSpec{Name: "type", Type: TypeString, Default: "standard", Enum: []string{"standard", "express"}, Doc: "workflow type"},
		AttrSpec{Name: "transitions", Type: TypeInt, Min: bound(0), Doc: "state transitions per execution (default steps + 2)"},
		logRetentionAttr,
	),
	KindQueue: {
		descriptionAttr,
		{Name: "fifo", Type: TypeBool, Default: false, Doc: "first-in-first-out queue"},
		{Name: "visibility_timeout", Type: TypeDuration, Default: "30s", Min: bound(0), Max: bound(12 * hour), Hint: "SQS visibility timeouts are 0 s to 12 h.", Doc: "how long a received message stays hidden"},
		{Name: "retention", Type: TypeDuration, Default: "4d", Min: bound(60), Max: bound(14 * day), Hint: "SQS keeps messages 60 s to 14 days.", Doc: "how long messages are kept"},
		{Name: "dead_letter", Type: TypeRef, RefKinds: []Kind{KindQueue}, Doc: "queue for messages received max_receive_count times"},
		{Name: "max_receive_count", Type: TypeInt, Default: 5.0, Min: bound(1), Max: bound(1000), Hint: "SQS redrive allows 1 to 1000 receives.", Doc: "receives before a message moves to the dead-letter queue"},
		{Name: "delay", Type: TypeDuration, Default: "0s", Min: bound(0), Max: bound(900), Hint: "SQS delays are 0 s to 15 minutes.", Doc: "delivery delay"},
		{Name: "broker", Type: TypeString, Enum: []string{"activemq", "rabbitmq"}, Doc: "an Amazon MQ broker rather than an SQS queue: no visibility timeout or partial batch responses; redelivery and dead letters are configured in the broker"},
	},
	KindTopic: {
		descriptionAttr,
		{Name: "fifo", Type: TypeBool, Default: false, Doc: "FIFO topic"},
	},
	KindBus: {descriptionAttr},
	KindFirehose: {
		descriptionAttr,
		{Name: "buffer_interval", Type: TypeDuration, Default: "300s", Min: bound(0), Max: bound(900), Hint: "Firehose buffers records 0 s to 900 s before it delivers them (buffering hints).", Doc: "how long it buffers records before delivering them, unless buffer_size fills first"},
		{Name: "buffer_size", Type: TypeSize, Default: "5MB", Min: bound(1 << 20), Max: bound(128 << 20), Hint: "Firehose buffers 1 MiB to 128 MiB before it delivers (buffering hints).", Doc: "how much it buffers before delivering, unless buffer_interval passes first"},
		{Name: "writes", Type: TypeRefList, Default: []any{}, RefKinds: dataKinds, Doc: "destinations it delivers to: an S3 bucket, a database (OpenSearch, Redshift...)"},
		{Name: "calls", Type: TypeRefList, Default: []any{}, RefKinds: []Kind{KindExternal}, Doc: "destinations it delivers to over HTTP: an HTTP endpoint, Splunk, Snowflake, Datadog..."},
		{Name: "backup", Type: TypeRef, RefKinds: []Kind{KindBucket}, Doc: "the S3 bucket that receives the records it fails to deliver"},
	},
	KindBucket: {descriptionAttr},
	KindStream: {
		descriptionAttr,
		{Name: "shards", Type: TypeInt, Min: bound(1), Doc: "provisioned shards (absent: on-demand)"},
		{Name: "retention", Type: TypeDuration, Default: "24h", Min: bound(24 * hour), Max: bound(365 * day), Hint: "Kinesis keeps records 24 h to 365 days.", Doc: "how long records are kept"},
	},
	KindDatabase: {
		descriptionAttr,
		{Name: "engine", Type: TypeString, Default: "dynamodb", Enum: []string{"dynamodb", "aurora", "postgres", "mysql", "opensearch", "neptune", "redis", "documentdb"}, Doc: "database engine"},
		{Name: "capacity", Type: TypeString, Default: "on_demand", Enum: []string{"on_demand", "provisioned"}, Doc: "capacity mode"},
		{Name: "read_capacity", Type: TypeInt, Min: bound(1), Doc: "provisioned read capacity units"},
		{Name: "write_capacity", Type: TypeInt, Min: bound(1), Doc: "provisioned write capacity units"},
		{Name: "max_connections", Type: TypeInt, Min: bound(1), Doc: "connection limit"},
		{Name: "consistent_reads", Type: TypeBool, Default: false, Doc: "reads are strongly consistent"},
		{Name: "stream", Type: TypeBool, Default: false, Doc: "change stream enabled"},
		{Name: "item_size", Type: TypeSize, Default: "1KB", Min: bound(1), Doc: "size of one item read or written"},
	},
	KindAPI: {
		descriptionAttr,
		{Name: "type", Type: TypeString, Default: "http", Enum: []string{"http", "rest", "websocket", "alb", "appsync"}, Doc: "API flavour"},
		{Name: "timeout", Type: TypeDuration, Min: bound(0.05), Doc: "integration timeout (default by type)"},
		{Name: "throttle_rate", Type: TypeNumber, Min: bound(0), Doc: "steady-state requests per second"},
		{Name: "throttle_burst", Type: TypeInt, Min: bound(0), Doc: "burst capacity"},
		{Name: "public", Type: TypeBool, Default: true, Doc: "reachable from the internet"},
		{Name: "connections", Type: TypeNumber, Min: bound(0), Doc: "WebSocket: clients connected on average, billed as connection minutes"},
		{Name: "access_logs", Type: TypeBool, Doc: "its stage writes access logs (unset: unknown)"},
		{Name: "tracing", Type: TypeBool, Doc: "X-Ray tracing of the stage or AppSync API (unset: unknown)"},
		logRetentionAttr,
	},
	KindExternal: {
		descriptionAttr,
		{Name: "latency", Type: TypeDuration, Default: "100ms", Min: bound(0), Doc: "mean response time"},
		{Name: "latency_p99", Type: TypeDuration, Min: bound(0), Doc: "99th percentile response time (default 3 x latency)"},
		{Name: "distribution", Type: TypeString, Default: "lognormal", Enum: []string{"lognormal", "exponential", "constant"}, Doc: "shape of the response time"},
		{Name: "error_rate", Type: TypeNumber, Default: 0.0, Min: bound(0), Max: bound(1), Doc: "fraction of calls that fail"},
		{Name: "max_concurrency", Type: TypeInt, Min: bound(1), Doc: "concurrent requests it accepts"},
		{Name: "rate_limit", Type: TypeNumber, Min: bound(0), Doc: "requests per second it accepts"},
	},
}

// ComponentAttrs is the attribute table of a kind, in declaration order.
func ComponentAttrs(k Kind) []AttrSpec { return componentSpecs[k] }

// NamedSource is a trigger source outside the architecture, written as a
// string.
type NamedSource struct {
	Name string
	Mode Mode
}

// NamedSources are the sources written as strings, with their mode. The
// named source "firehose" is a delivery stream that is not in the
// architecture; one that is, is the source firehose.NAME.
var NamedSources = []NamedSource{
	{"schedule", ModeAsync},
	{"cognito", ModeSync}, {"alexa", ModeSync}, {"cloudfront", ModeSync}, {"firehose", ModeSync},
	{"s3_batch", ModeSync}, {"connect", ModeSync}, {"lex", ModeSync},
	{"ses", ModeAsync}, {"iot", ModeAsync}, {"cloudwatch_logs", ModeAsync}, {"config", ModeAsync}, {"codecommit", ModeAsync},
}

func namedSource(name string) (NamedSource, bool) {
	for _, s := range NamedSources {
		if s.Name == name {
			return s, true
		}
	}
	return NamedSource{}, false
}

func namedSourceNames() []string {
	var out []string
	for _, s := range NamedSources {
		out = append(out, s.Name)
	}
	return out
}

// sourceMode is the invocation mode a source kind implies.
var sourceMode = map[Kind]Mode{
	KindAPI: ModeSync, KindQueue: ModePoll, KindStream: ModeStream, KindDatabase: ModeStream,
	KindTopic: ModeAsync, KindBucket: ModeAsync, KindBus: ModeAsync,
	// Firehose data transformation invokes its Lambda function
	// synchronously with a batch of records and waits for the transformed
	// records (docs.aws.amazon.com/firehose/latest/dev/
	// data-transformation.html, read 2026-12-02).
	KindFirehose: ModeSync,
}

// TriggerMode is the invocation mode of a trigger from a component of kind
// source on a component of kind target. A database on a stream is the
// exception to the source's mode: Kinesis Data Streams for DynamoDB
// replicates the table's item changes into the stream asynchronously, with
// no poller between them. A queue, stream or database on a bus keeps its
// source's mode: an EventBridge pipe polls the source as an event source
// mapping does and puts the batch's events on the bus.
//
// An api on a database or a bucket is an API Gateway AWS service
// integration that reads or writes the table or the bucket itself: its
// mode is the trigger's access, read or write (APIDataMode), which this
// function cannot see; it returns write.
func TriggerMode(target, source Kind) (Mode, bool) {
	m, ok := sourceMode[source]
	if ok && source == KindDatabase && target == KindStream {
		m = ModeAsync
	}
	if ok && source == KindAPI && isAPIData(target) {
		m = ModeWrite
	}
	return m, ok
}

// isAPIData reports whether a trigger from an api on a component of kind
// target is data access (a direct DynamoDB or S3 integration) rather than
// an invocation.
func isAPIData(target Kind) bool { return target == KindDatabase || target == KindBucket }

// APIDataAccess is the access of an api's trigger on a database or a
// bucket: access when written, else from the route's method: GET and HEAD
// read, any other method writes, and a route without a method ("ANY /x",
// "/x") writes, since it may.
func APIDataAccess(route, access string) string {
	if access != "" {
		return access
	}
	method, _, ok := strings.Cut(strings.TrimSpace(route), " ")
	if ok && (strings.EqualFold(method, "GET") || strings.EqualFold(method, "HEAD")) {
		return "read"
	}
	return "write"
}

// APIDataMode is the edge mode of an access: read or write.
func APIDataMode(access string) Mode {
	if access == "read" {
		return ModeRead
	}
	return ModeWrite
}

// receivable lists the source kinds a non-compute kind may have triggers
// from; compute receives from any source.
var receivable = map[Kind][]Kind{
	KindQueue:    {KindTopic, KindBucket, KindAPI, KindBus},
	KindTopic:    {KindBucket, KindBus, KindAPI},
	KindStream:   {KindAPI, KindDatabase},
	KindBus:      {KindBucket, KindBus, KindQueue, KindStream, KindDatabase, KindAPI},
	KindExternal: {KindAPI, KindTopic, KindBus},
	// A delivery stream reads a Kinesis data stream (KinesisStreamAsSource),
	// is an SNS subscription (protocol firehose), an EventBridge target, or
	// an API Gateway service integration (PutRecord).
	KindFirehose: {KindStream, KindTopic, KindBus, KindAPI},
	// An API Gateway AWS service integration reads and writes a DynamoDB
	// table or an S3 bucket itself (see TriggerMode).
	KindDatabase: {KindAPI},
	KindBucket:   {KindAPI},
}

// receivableNamed lists the named sources a non-compute kind may have
// triggers from: EventBridge Scheduler targets an event bus; an AWS IoT
// topic rule's Sns, Sqs and Kinesis actions publish to a topic, send to a
// queue and put into a stream
// (docs.aws.amazon.com/iot/latest/developerguide/iot-rule-actions.html,
// read 2026-12-02).
var receivableNamed = map[Kind][]string{
	KindBus:    {"schedule"},
	KindTopic:  {"iot"},
	KindQueue:  {"iot"},
	KindStream: {"iot"},
	// An IoT topic rule's Firehose action and a CloudWatch Logs
	// subscription filter put records into a delivery stream
	// (docs.aws.amazon.com/iot/latest/developerguide/iot-rule-actions.html,
	// docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html,
	// read 2026-12-02).
	KindFirehose: {"iot", "cloudwatch_logs"},
}

var triggerSources = []Kind{KindAPI, KindQueue, KindStream, KindDatabase, KindTopic, KindBucket, KindBus, KindFirehose}

// AcceptedSources lists the source kinds a component of kind k may be
// triggered by, and the named sources ("schedule", ...) it accepts. Only a
// function has a trigger from a firehose: Firehose data transformation
// invokes a Lambda function, nothing else.
func AcceptedSources(k Kind) ([]Kind, []string) {
	if k == KindFunction {
		return triggerSources, namedSourceNames()
	}
	if k.IsCompute() {
		var out []Kind
		for _, s := range triggerSources {
			if s != KindFirehose {
				out = append(out, s)
			}
		}
		return out, namedSourceNames()
	}
	return receivable[k], receivableNamed[k]
}

// apiDataTrigger is the attribute table of an api's trigger on a database
// or a bucket: an API Gateway AWS service integration that reads or
// writes it (DynamoDB GetItem, Query, PutItem...; S3 GetObject,
// PutObject).
var apiDataTrigger = []AttrSpec{
	{Name: "route", Type: TypeString, Doc: `route, e.g. "GET /items/{id}"`},
	{Name: "access", Type: TypeString, Enum: []string{"read", "write"}, Doc: `what the integration does to the data: "read" or "write" (default: read for GET and HEAD routes, write otherwise)`},
}

var deadLetter = AttrSpec{Name: "dead_letter", Type: TypeRef, RefKinds: []Kind{KindQueue}, Doc: "dead-letter queue for deliveries that fail"}

var triggerSpecs = map[string][]AttrSpec{
	"api": {
		{Name: "route", Type: TypeString, Doc: `route, e.g. "POST /orders" or "/legacy/*"`},
		{Name: "invocation", Type: TypeString, Default: "sync", Enum: []string{"sync", "async", "stream"}, Doc: `how the integration invokes its target: "sync" waits for the response; "async" answers at once (X-Amz-Invocation-Type Event, a standard StartExecution); "stream" streams the response, up to 15 minutes`},
	},
	"queue": {
		{Name: "batch_size", Type: TypeInt, Default: 10.0, Min: bound(1), Max: bound(10000), Hint: "SQS batches hold 1 to 10,000 messages.", Doc: "messages per invocation"},
		{Name: "batch_window", Type: TypeDuration, Min: bound(0), Max: bound(300), Hint: "The batching window is at most 5 minutes.", Doc: "how long to gather a batch"},
		{Name: "max_concurrency", Type: TypeInt, Min: bound(2), Max: bound(1000), Hint: "SQS event source mappings take a maximum concurrency of 2 to 1000.", Doc: "concurrent invocations at most"},
		{Name: "partial_batch_response", Type: TypeBool, Default: false, Doc: "the consumer reports failed items only"},
		{Name: "invocation", Type: TypeString, Default: "sync", Enum: []string{"sync", "async"}, Doc: `how the poller hands a batch to its target: "sync" waits for the target and deletes the messages when it succeeds (a Lambda event source mapping, a pipe's REQUEST_RESPONSE); "async" deletes them once the target accepts the batch (an EventBridge pipe's FIRE_AND_FORGET)`},
	},
	"stream": {
		{Name: "batch_size", Type: TypeInt, Default: 100.0, Min: bound(1), Max: bound(10000), Hint: "Stream batches hold 1 to 10,000 records.", Doc: "records per invocation"},
		{Name: "batch_window", Type: TypeDuration, Min: bound(0), Max: bound(300), Hint: "The batching window is at most 5 minutes.", Doc: "how long to gather a batch"},
		{Name: "bisect_on_error", Type: TypeBool, Default: false, Doc: "split a failing batch to isolate the bad record"},
		{Name: "max_retries", Type: TypeInt, Default: -1.0, Min: bound(-1), Max: bound(10000), Hint: "Use -1 (until the record expires) or 0 to 10,000.", Doc: "retries of a failing batch (-1: until the record expires)"},
		{Name: "max_record_age", Type: TypeDuration, Min: bound(60), Max: bound(7 * day), Hint: "The maximum record age is 60 s to 7 days (absent: until it expires).", Doc: "discard records older than this"},
		{Name: "on_failure", Type: TypeRef, RefKinds: []Kind{KindQueue, KindTopic, KindBucket}, Doc: "destination for records that failed"},
		{Name: "parallelization", Type: TypeInt, Default: 1.0, Min: bound(1), Max: bound(10), Hint: "Parallelization factor is 1 to 10.", Doc: "concurrent batches per shard"},
		{Name: "partial_batch_response", Type: TypeBool, Default: false, Doc: "the consumer reports the first failed record only"},
		{Name: "invocation", Type: TypeString, Default: "sync", Enum: []string{"sync", "async"}, Doc: `how the poller hands a batch to its target: "sync" waits for the target, and a failure retries the batch (a Lambda event source mapping, a pipe's REQUEST_RESPONSE); "async" moves on once the target accepts the batch (an EventBridge pipe's FIRE_AND_FORGET), so the target's failures do not hold the shard`},
	},
	"topic": {
		{Name: "filter", Type: TypeAny, Doc: "subscription filter policy"},
		deadLetter,
	},
	"bucket": {
		{Name: "events", Type: TypeStringList, Default: []any{"created"}, Enum: []string{"created", "removed", "restored", "replicated", "tagged", "lifecycle"}, Doc: "event types"},
		{Name: "prefix", Type: TypeString, Doc: "key prefix"},
		{Name: "suffix", Type: TypeString, Doc: "key suffix"},
	},
	"bus": {
		{Name: "pattern", Type: TypeAny, Doc: "event pattern"},
		deadLetter,
		{Name: "retries", Type: TypeInt, Default: 185.0, Min: bound(0), Max: bound(185), Hint: "EventBridge retries a target 0 to 185 times.", Doc: "delivery retries"},
	},
	"schedule": {
		{Name: "schedule", Type: TypeString, Required: true, Doc: `"rate(5 minutes)" or "cron(...)"`},
		deadLetter,
		{Name: "retries", Type: TypeInt, Default: 185.0, Min: bound(0), Max: bound(185), Hint: "EventBridge retries a target 0 to 185 times.", Doc: "delivery retries"},
	},
}

// TriggerAttrs is the attribute table of a trigger on a component of kind
// target from the given source: a component kind ("queue") or a named
// source ("schedule"). Named sources other than "schedule" take no
// attributes, nor do the triggers no consumer configures: a database
// writing into a stream (Kinesis Data Streams for DynamoDB has no batch,
// retry or filter setting) and a bucket sending its events to a bus (S3
// sends every event to EventBridge; the bus's rules filter them).
//
// An api on a database or a bucket takes route and access (see
// TriggerMode).
//
// A queue, stream or database on a bus is an EventBridge pipe, which takes
// the attributes of the source's event source mapping that a pipe has
// too: not partial_batch_response (a bus reports no failed batch items),
// invocation (a pipe's InvocationType is for Lambda and Step Functions
// targets only) nor max_concurrency (a pipe's SQS source has no maximum
// concurrency). The pipe's source parameters:
// docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceParameters.html
// (read 2026-12-02).
//
// On a firehose, a trigger from a stream (the delivery stream reads the
// Kinesis data stream itself, with no batch or retry setting of a
// consumer's) takes none, and one from an api takes its route only: the
// integration is a PutRecord call the api waits for.
func TriggerAttrs(target Kind, source string) []AttrSpec {
	switch {
	case source == string(KindDatabase) && target == KindStream,
		source == string(KindBucket) && target == KindBus,
		source == string(KindStream) && target == KindFirehose:
		return nil
	case source == string(KindAPI) && target == KindFirehose:
		var out []AttrSpec
		for _, s := range triggerSpecs[source] {
			if s.Name == "route" {
				out = append(out, s)
			}
		}
		return out
	case source == string(KindDatabase):
		source = string(KindStream)
	case source == string(KindAPI) && isAPIData(target):
		return apiDataTrigger
	}
	specs := triggerSpecs[source]
	if target == KindBus && (source == string(KindQueue) || source == string(KindStream)) {
		var out []AttrSpec
		for _, s := range specs {
			if s.Name != "partial_batch_response" && s.Name != "invocation" && s.Name != "max_concurrency" {
				out = append(out, s)
			}
		}
		return out
	}
	return specs
}

// RoleSpec is one role of a pattern kind.
type RoleSpec struct {
	Name     string
	Kinds    []Kind
	List     bool
	Optional bool
}

var compute = []Kind{KindFunction, KindContainer, KindStateMachine}
var producers = []Kind{KindFunction, KindContainer, KindStateMachine, KindAPI, KindExternal, KindBucket}

// PatternRoles is the role table of every pattern kind.
var PatternRoles = map[string][]RoleSpec{
	"simple_web_service": {
		{Name: "api", Kinds: []Kind{KindAPI}},
		{Name: "handlers", Kinds: compute, List: true},
		{Name: "database", Kinds: []Kind{KindDatabase}, Optional: true},
	},
	"decoupled_messaging": {
		{Name: "channel", Kinds: []Kind{KindQueue, KindTopic, KindStream, KindBus}},
		{Name: "producers", Kinds: producers, List: true},
		{Name: "consumers", Kinds: append(slices.Clone(compute), KindQueue, KindExternal), List: true},
	},
	"pub_sub": {
		{Name: "topic", Kinds: []Kind{KindTopic, KindBus, KindStream}},
		{Name: "publishers", Kinds: producers, List: true},
		{Name: "subscribers", Kinds: append(slices.Clone(compute), KindQueue, KindExternal), List: true},
	},
	"robust_api": {
		{Name: "api", Kinds: []Kind{KindAPI}},
		{Name: "backends", Kinds: append(slices.Clone(compute), KindQueue, KindStream, KindExternal), List: true},
	},
	"aggregator": {
		{Name: "aggregator", Kinds: compute},
		{Name: "sources", Kinds: computeCalls, List: true},
	},
	"strangler": {
		{Name: "facade", Kinds: []Kind{KindAPI}},
		{Name: "legacy", Kinds: append(slices.Clone(compute), KindExternal)},
		{Name: "modern", Kinds: append(slices.Clone(compute), KindExternal), List: true},
	},
	"queue_load_leveling": {
		{Name: "queue", Kinds: []Kind{KindQueue}},
		{Name: "consumer", Kinds: compute},
		{Name: "producer", Kinds: producers, Optional: true},
	},
	"read_heavy_reporting": {
		{Name: "source", Kinds: []Kind{KindDatabase}},
		{Name: "projectors", Kinds: compute, List: true},
		{Name: "views", Kinds: dataKinds, List: true},
	},
	"streams_pipeline": {
		{Name: "stream", Kinds: []Kind{KindStream, KindDatabase}},
		// A Firehose stream reading the Kinesis stream is a processor that
		// runs no code (KinesisStreamAsSource).
		{Name: "processors", Kinds: append(slices.Clone(compute), KindFirehose), List: true},
		{Name: "sinks", Kinds: []Kind{KindDatabase, KindBucket, KindStream, KindQueue, KindTopic, KindBus, KindExternal}, List: true},
	},
	"fan_out_fan_in": {
		{Name: "source", Kinds: append(slices.Clone(compute), KindTopic, KindQueue, KindBus, KindStream, KindBucket)},
		{Name: "workers", Kinds: compute, List: true},
		{Name: "collector", Kinds: compute, Optional: true},
		{Name: "store", Kinds: dataKinds, Optional: true},
	},
	"orchestration": {
		{Name: "orchestrator", Kinds: []Kind{KindStateMachine}},
		{Name: "steps", Kinds: computeCalls, List: true},
	},
}

// PatternKinds lists the pattern kinds, sorted.
func PatternKinds() []string {
	out := make([]string, 0, len(PatternRoles))
	for k := range PatternRoles {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Limits of a workload and of a function's fan-out, chosen so that a
// simulation stays meaningful and finishes (docs/language.md, "Limits").
const (
	// maxRate is a million arrivals a second at one entry point, 2.6e12 a
	// month: above AWS's default quotas for every entry kind (API Gateway
	// 10,000 requests a second, Lambda 1,000 concurrent executions a
	// region, as documented in November 2026) by orders of magnitude.
	maxRate  = 1e6
	rateHint = "Rates are arrivals per second, zero to 1,000,000."
	// maxWindow is the longest simulated window: a day holds a daily
	// cycle of bursts; monthly figures come from monthly, not the window.
	maxWindow  = 24 * hour
	windowHint = "A simulated window is at most 24 hours; cost per month comes from monthly, not from the window."
	maxMonthly = 1e15
	// maxMessagesPerInvocation bounds a function's fan-out per target:
	// 10,000 messages in one invocation is already 11 a millisecond for
	// the longest Lambda run (15 minutes).
	maxMessagesPerInvocation = 1e4
	msgsHint                 = "A function sends at most 10,000 messages to one target per invocation; model larger fan-out with a topic or more targets."
)

var workloadSpec = []AttrSpec{
	descriptionAttr,
	{Name: "entry", Type: TypeRef, Required: true, RefKinds: []Kind{KindAPI, KindFunction, KindContainer, KindStateMachine, KindQueue, KindTopic, KindStream, KindBus, KindBucket}, Doc: "where the work enters"},
	{Name: "route", Type: TypeString, Doc: "route of an api entry"},
	{Name: "rate", Type: TypeNumber, Required: true, Min: bound(0), Max: bound(maxRate), Hint: rateHint, Doc: "mean arrivals per second"},
	{Name: "arrival", Type: TypeString, Default: "poisson", Enum: []string{"poisson", "constant"}, Doc: "arrival process"},
	{Name: "duration", Type: TypeDuration, Default: "10m", Min: bound(0.001), Max: bound(maxWindow), Hint: windowHint, Doc: "simulated window"},
	{Name: "monthly", Type: TypeNumber, Min: bound(0), Max: bound(maxMonthly), Hint: "A month of more than 1e15 requests (380 million a second) is beyond what archie models.", Doc: "requests per month for cost (default rate x 2,628,000)"},
	{Name: "payload", Type: TypeSize, Default: "1KB", Min: bound(0), Doc: "request size"},
}

var burstSpec = []AttrSpec{
	{Name: "at", Type: TypeDuration, Required: true, Min: bound(0), Max: bound(maxWindow), Hint: windowHint, Doc: "when the burst starts"},
	{Name: "rate", Type: TypeNumber, Required: true, Min: bound(0), Max: bound(maxRate), Hint: rateHint, Doc: "arrivals per second during the burst"},
	{Name: "for", Type: TypeDuration, Required: true, Min: bound(0.001), Max: bound(maxWindow), Hint: windowHint, Doc: "how long the burst lasts"},
}

var architectureSpec = []AttrSpec{
	descriptionAttr,
	{Name: "region", Type: TypeString, Default: "us-east-1", Doc: "pricing region"},
	{Name: "account_concurrency", Type: TypeInt, Default: 1000.0, Min: bound(1), Doc: "Lambda concurrency limit of the account"},
}

var serviceSpec = []AttrSpec{
	descriptionAttr,
	{Name: "owner", Type: TypeString, Doc: "owning team"},
}

// WorkloadAttrs is the attribute table of a workload block.
func WorkloadAttrs() []AttrSpec { return workloadSpec }

func init() {
	for i := range componentSpecs[KindFunction] {
		s := &componentSpecs[KindFunction][i]
		switch s.Name {
		case "timeout":
			s.Max = bound(900)
			s.Hint = "Lambda functions run for at most 15 minutes: use a container or a state machine for longer work."
		case "retries":
			s.Max = bound(2)
			s.Hint = "Lambda retries a failed asynchronous invocation 0 to 2 times."
		}
	}
}

// ArchitectureAttrs is the attribute table of the architecture block.
func ArchitectureAttrs() []AttrSpec { return architectureSpec }

// ServiceAttrs is the attribute table of a service block.
func ServiceAttrs() []AttrSpec { return serviceSpec }

// BurstAttrs is the attribute table of a workload's burst block.
func BurstAttrs() []AttrSpec { return burstSpec }

// TopBlocks are the block types of the top level besides components.
func TopBlocks() []string { return slices.Clone(topBlocks) }

// triggerSourceAttr is the trigger's source, which load.go decodes itself
// (a reference or a named source) before the table of that source.
const triggerSourceAttr = "source"

// AttrNames lists, sorted and once each, the name of every attribute of
// every table above: components, triggers, workloads, bursts, the
// architecture and services. internal/attrgen writes the AttrName
// constants from it.
func AttrNames() []string {
	seen := map[string]bool{triggerSourceAttr: true}
	add := func(specs []AttrSpec) {
		for _, s := range specs {
			seen[s.Name] = true
		}
	}
	for _, specs := range componentSpecs {
		add(specs)
	}
	for _, specs := range triggerSpecs {
		add(specs)
	}
	add(apiDataTrigger)
	add(workloadSpec)
	add(burstSpec)
	add(architectureSpec)
	add(serviceSpec)
	return slices.Sorted(maps.Keys(seen))
}
