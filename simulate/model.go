package simulate

import (
	"math"
	"slices"

	"github.com/archiehq/archie/schema"
)

// model is the architecture compiled for simulation: one node per
// component, with its timing, limits and the edges work follows, resolved
// to indexes so the engines never touch attribute maps on the hot path.
type model struct {
	arch  *schema.Architecture
	nodes []*node
	byC   map[*schema.Component]*node
	// accountPool is the unreserved share of the account's Lambda
	// concurrency, shared by functions without reserved concurrency.
	accountPool int
	// depthLimit bounds how many hops work is followed along a path; see
	// cycleDepthLimit.
	depthLimit int
}

type node struct {
	idx  int
	c    *schema.Component
	kind schema.Kind
	addr string

	// compute and external
	own         Dist
	cold        float64 // cold-start seconds (functions)
	memGB       float64
	arm         bool
	timeout     float64 // +Inf when none
	errRate     float64
	retries     int // async retries of a failed invocation
	callRetries int

	// per_message: these edges act once per message of a batch.
	perMsgReads, perMsgWrites, perMsgCalls, perMsgEmits bool

	mpi         float64 // messages per invocation to each emits target
	calls       []*node
	emits       []*node
	writes      []*node
	reads       []*node
	onFailure   *node
	limit       int  // reserved concurrency / max concurrent requests; -1 none
	pooled      bool // function sharing the account pool
	provisioned int
	rateLimit   float64 // external: requests per second, 0 none
	maxEventAge float64
	// maxThrottles caches asyncMaxThrottles plus one (0: not yet known).
	maxThrottles int
	express      bool // state machine type
	transitions  float64
	cpu          float64 // container vCPU
	tasks        int
	maxTasks     int

	// api
	apiType       string
	throttleRate  float64
	throttleBurst float64
	routes        []route

	// queue
	fifo       bool
	visibility float64
	retention  float64
	delay      float64
	deadLetter *node
	maxReceive int
	consumers  []*consumer // queue, stream and database-stream consumers

	// pollOnly: invoked only by event source mappings, whose pollers never
	// exceed their own concurrency (so the node is not throttled).
	pollOnly bool

	// topic, bus, bucket: every delivery target
	subscribers []*node

	// stream and database
	shards      int     // provisioned shards; 0 on-demand
	connections float64 // WebSocket api: clients connected on average
	engine      string
	onDemand    bool
	itemSize    int64
	consistent  bool
	readCap     float64
	writeCap    float64
	hasStream   bool
	// database: the Kinesis data streams it writes its item changes into
	// (Kinesis Data Streams for DynamoDB)
	kinesis []*node
	// bus: an EventBridge pipe feeds it from a queue or a stream
	piped bool

	// firehose: its buffering hints, the destinations it delivers each
	// buffer to, the bucket that takes what fails, and the function that
	// transforms its records (kept apart from a compute's writes and
	// calls: nothing waits on a delivery stream's deliveries)
	fhInterval  float64 // buffer_interval, seconds
	fhSize      float64 // buffer_size, bytes
	fhWrites    []*node
	fhCalls     []*node
	fhBackup    *node
	fhProcessor *node
	// fhExtraProcessors counts further functions triggered by the same
	// delivery stream; Firehose has one processor, archie simulates the
	// first.
	fhExtraProcessors int
}

type route struct {
	path   string
	target *node
	// access is ModeRead or ModeWrite for a direct integration that reads
	// or writes a table or a bucket, "" for one that invokes or sends.
	access schema.Mode
}

// consumer is an event source mapping: a queue, stream or database stream
// polled by a compute component in batches.
type consumer struct {
	idx          int
	source       *node
	target       *node
	trig         *schema.Trigger
	batch        int
	window       float64
	maxConc      int // queue: max concurrent batches (0: platform maximum)
	partial      bool
	parallel     int // stream: batches per shard
	maxRetries   int // stream: -1 until the record expires
	maxRecordAge float64
	bisect       bool
	onFailure    *node
}

// forwards reports whether the consumer hands each message or record on
// to a channel that takes it at once, rather than invoking compute: an
// EventBridge pipe into a bus, or a delivery stream reading a Kinesis
// stream.
func (c *consumer) forwards() bool {
	return c.target.kind == schema.KindBus || c.target.kind == schema.KindFirehose
}

// lambdaESMMax is the most batches an SQS event source mapping processes
// at once (docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html,
// checked 2026-11).
const lambdaESMMax = 1000

func secs(c *schema.Component, name schema.AttrName) float64 {
	d, ok := c.Dur(name)
	if !ok {
		return math.Inf(1)
	}
	return d.Seconds()
}

func num(c *schema.Component, name schema.AttrName, def float64) float64 {
	if v, ok := c.Num(name); ok {
		return v
	}
	return def
}

func compile(arch *schema.Architecture) *model {
	m := &model{arch: arch, byC: map[*schema.Component]*node{}, depthLimit: cycleDepthLimit(arch)}
	for i, c := range arch.Components {
		n := &node{idx: i, c: c, kind: c.Kind, addr: c.Address(), limit: -1, timeout: math.Inf(1)}
		m.nodes = append(m.nodes, n)
		m.byC[c] = n
	}
	reserved := 0
	for _, n := range m.nodes {
		c := n.c
		switch {
		case c.Kind.IsCompute():
			mean, _ := c.Dur(schema.AttrDuration)
			p99, _ := c.Dur(schema.AttrDurationP99)
			n.own = NewDist(c.Str(schema.AttrDistribution), mean, p99)
			n.timeout = secs(c, schema.AttrTimeout)
			n.errRate = num(c, schema.AttrErrorRate, 0)
			n.retries = int(num(c, schema.AttrRetries, 2))
			n.callRetries = int(num(c, schema.AttrCallRetries, 0))
			n.mpi = num(c, schema.AttrMessagesPerInvocation, 1)
			var perMsg []string
			if a := c.Attr(schema.AttrPerMessage); a != nil {
				perMsg = a.Strings
			}
			for _, e := range perMsg {
				switch e {
				case "reads":
					n.perMsgReads = true
				case "writes":
					n.perMsgWrites = true
				case "calls":
					n.perMsgCalls = true
				case "emits":
					n.perMsgEmits = true
				}
			}
			if v, ok := c.Num(schema.AttrConcurrency); ok {
				n.limit = int(v)
			}
			switch c.Kind {
			case schema.KindFunction:
				cs, _ := c.Dur(schema.AttrColdStart)
				n.cold = cs.Seconds()
				n.memGB = num(c, schema.AttrMemory, 128) / 1024
				n.arm = c.Str(schema.AttrArch) == "arm64"
				n.provisioned = int(num(c, schema.AttrProvisioned, 0))
				n.maxEventAge = secs(c, schema.AttrMaxEventAge)
				if n.limit >= 0 {
					reserved += n.limit
				} else {
					n.pooled = true
				}
			case schema.KindContainer:
				n.cpu = num(c, schema.AttrCPU, 0.25)
				n.memGB = num(c, schema.AttrMemory, 512) / 1024
				n.tasks = int(num(c, schema.AttrTasks, 1))
				n.maxTasks = int(num(c, schema.AttrMaxTasks, float64(n.tasks)))
			case schema.KindStateMachine:
				n.express = c.Str(schema.AttrType) == "express"
				n.transitions = num(c, schema.AttrTransitions, 2)
				n.memGB = 64.0 / 1024 // express workflows bill memory in 64 MB chunks
			}
		case c.Kind == schema.KindExternal:
			mean, _ := c.Dur(schema.AttrLatency)
			p99, _ := c.Dur(schema.AttrLatencyP99)
			n.own = NewDist(c.Str(schema.AttrDistribution), mean, p99)
			n.errRate = num(c, schema.AttrErrorRate, 0)
			if v, ok := c.Num(schema.AttrMaxConcurrency); ok {
				n.limit = int(v)
			}
			n.rateLimit = num(c, schema.AttrRateLimit, 0)
		case c.Kind == schema.KindAPI:
			n.apiType = c.Str(schema.AttrType)
			n.timeout = secs(c, schema.AttrTimeout)
			n.throttleRate = num(c, schema.AttrThrottleRate, 0)
			n.throttleBurst = num(c, schema.AttrThrottleBurst, n.throttleRate)
			n.connections = num(c, schema.AttrConnections, 0)
			if !c.IsSet(schema.AttrThrottleRate) && n.apiType != "alb" && n.apiType != "appsync" {
				// API Gateway's account-level throttle in us-east-1: 10,000
				// requests per second with a burst of 5,000
				// (docs.aws.amazon.com/apigateway/latest/developerguide/limits.html,
				// checked 2026-11).
				n.throttleRate, n.throttleBurst = 10000, 5000
			}
			if n.throttleRate > 0 && n.throttleBurst <= 0 {
				n.throttleBurst = n.throttleRate
			}
		case c.Kind == schema.KindQueue:
			n.fifo = c.Bool(schema.AttrFifo)
			n.visibility = secs(c, schema.AttrVisibilityTimeout)
			n.retention = secs(c, schema.AttrRetention)
			n.delay = secs(c, schema.AttrDelay)
			if math.IsInf(n.delay, 1) {
				n.delay = 0
			}
			n.maxReceive = int(num(c, schema.AttrMaxReceiveCount, 5))
			if r := c.Refs(schema.AttrDeadLetter); len(r) == 1 {
				n.deadLetter = m.byC[r[0].Component]
			}
		case c.Kind == schema.KindFirehose:
			// Defaults as Firehose's for S3, 300 s and 5 MiB
			// (docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html,
			// read 2026-12-02); the schema fills them in.
			n.fhInterval = 300
			if d, ok := c.Dur(schema.AttrBufferInterval); ok {
				n.fhInterval = d.Seconds()
			}
			n.fhSize = 5 << 20
			if a := c.Attr(schema.AttrBufferSize); a != nil && a.Size > 0 {
				n.fhSize = float64(a.Size)
			}
		case c.Kind == schema.KindStream:
			n.shards = int(num(c, schema.AttrShards, 0))
			n.retention = secs(c, schema.AttrRetention)
		case c.Kind == schema.KindDatabase:
			n.engine = c.Str(schema.AttrEngine)
			n.onDemand = c.Str(schema.AttrCapacity) != "provisioned"
			if a := c.Attr(schema.AttrItemSize); a != nil {
				n.itemSize = a.Size
			}
			n.consistent = c.Bool(schema.AttrConsistentReads)
			n.readCap = num(c, schema.AttrReadCapacity, 0)
			n.writeCap = num(c, schema.AttrWriteCapacity, 0)
			n.hasStream = c.Bool(schema.AttrStream)
			n.retention = 24 * 3600 // DynamoDB Streams keep records 24 hours
		}
	}
	m.accountPool = max(0, arch.AccountConcurrency-reserved)
	if arch.AccountConcurrency == 0 {
		m.accountPool = max(0, 1000-reserved)
	}
	for _, n := range m.nodes {
		for _, e := range n.c.Out {
			to := m.byC[e.To]
			if n.kind == schema.KindFirehose {
				m.wireFirehose(n, to, e)
				continue
			}
			switch e.Relation {
			case schema.RelCalls:
				n.calls = append(n.calls, to)
			case schema.RelEmits:
				n.emits = append(n.emits, to)
			case schema.RelWrites:
				n.writes = append(n.writes, to)
			case schema.RelReads:
				n.reads = append(n.reads, to)
			case schema.RelOnFailure:
				if e.Trigger == nil {
					n.onFailure = to
				}
			case schema.RelTrigger:
				m.wireTrigger(n, to, e.Trigger)
			}
		}
	}
	for _, n := range m.nodes {
		n.pollOnly = isConsumer(n)
	}
	return m
}

// wireFirehose connects a delivery stream to its destinations, its
// backup bucket and its processor.
func (m *model) wireFirehose(n, to *node, e *schema.Edge) {
	switch e.Relation {
	case schema.RelWrites:
		n.fhWrites = append(n.fhWrites, to)
	case schema.RelCalls:
		n.fhCalls = append(n.fhCalls, to)
	case schema.RelOnFailure:
		n.fhBackup = to
	case schema.RelTrigger:
		if to.kind.IsCompute() {
			if n.fhProcessor == nil {
				n.fhProcessor = to
			} else if to != n.fhProcessor {
				n.fhExtraProcessors++
			}
		}
	}
}

// wireTrigger connects a trigger source to its target.
func (m *model) wireTrigger(src, dst *node, t *schema.Trigger) {
	if src.kind == schema.KindDatabase && dst.kind == schema.KindStream {
		// The table replicates its changes into the stream: no poller.
		src.kinesis = append(src.kinesis, dst)
		return
	}
	switch src.kind {
	case schema.KindAPI:
		r := route{path: t.Str(schema.AttrRoute), target: dst}
		if t.Mode == schema.ModeRead || t.Mode == schema.ModeWrite {
			r.access = t.Mode
		}
		src.routes = append(src.routes, r)
	case schema.KindQueue, schema.KindStream, schema.KindDatabase:
		if dst.kind == schema.KindBus {
			dst.piped = true
		}
		k := &consumer{idx: len(src.consumers), source: src, target: dst, trig: t, parallel: 1, maxRetries: -1, maxRecordAge: math.Inf(1)}
		def := 10.0
		if src.kind != schema.KindQueue {
			def = 100
		}
		k.batch = max(1, int(numT(t, schema.AttrBatchSize, def)))
		if d, ok := t.Dur(schema.AttrBatchWindow); ok {
			k.window = d.Seconds()
		}
		k.maxConc = int(numT(t, schema.AttrMaxConcurrency, 0))
		k.partial = t.Bool(schema.AttrPartialBatchResponse)
		k.parallel = max(1, int(numT(t, schema.AttrParallelization, 1)))
		k.maxRetries = int(numT(t, schema.AttrMaxRetries, -1))
		if d, ok := t.Dur(schema.AttrMaxRecordAge); ok {
			k.maxRecordAge = d.Seconds()
		}
		k.bisect = t.Bool(schema.AttrBisectOnError)
		if r := t.Refs(schema.AttrOnFailure); len(r) == 1 {
			k.onFailure = m.byC[r[0].Component]
		}
		src.consumers = append(src.consumers, k)
	default: // topic, bus, bucket
		if !slices.Contains(src.subscribers, dst) {
			src.subscribers = append(src.subscribers, dst)
		}
	}
}

func numT(t *schema.Trigger, name schema.AttrName, def float64) float64 {
	if v, ok := t.Num(name); ok {
		return v
	}
	return def
}

// entryRoutes are the api routes a workload's arrivals are spread over:
// the workload's route, or every route when it names none.
func entryRoutes(entry *node, path string) []route {
	if path == "" {
		return entry.routes
	}
	var out []route
	for _, r := range entry.routes {
		if r.path == path {
			out = append(out, r)
		}
	}
	return out
}

// maxDepth is how many hops work is followed through an acyclic graph, or
// around a cycle that does not branch.
const maxDepth = 64

// cycleDepthLimit bounds the hops followed when work can go round a cycle
// that branches: every lap then multiplies the work (two loops through one
// function double it each time round), so following 64 hops would mean
// 2^64 invocations for one arrival. The limit keeps the work one arrival
// can cause to about a thousand invocations; such an architecture is a
// recursive loop (the recursive-loop rule), and the output says where
// deliveries were stopped. Lambda itself stops some loops after about 16
// invocations (AWS Lambda Developer Guide, recursive loop detection).
func cycleDepthLimit(arch *schema.Architecture) int {
	carries := func(e *schema.Edge) bool {
		switch e.Relation {
		case schema.RelCalls, schema.RelEmits, schema.RelTrigger, schema.RelOnFailure:
			return true
		case schema.RelWrites:
			return e.To.IsConsumed()
		}
		return false
	}
	branching := 1.0
	for _, scc := range arch.Cycles(carries) {
		in := make(map[*schema.Component]bool, len(scc))
		for _, c := range scc {
			in[c] = true
		}
		for _, c := range scc {
			n := 0.0
			for _, e := range c.Out {
				if carries(e) && in[e.To] {
					n += lapGain(e)
				}
			}
			branching = max(branching, n)
		}
	}
	if branching < 1.5 {
		return maxDepth
	}
	return max(4, min(maxDepth, int(math.Log(1000)/math.Log(branching))))
}

// lapGain is how many deliveries one invocation sends along an edge:
// messages_per_invocation for emits, one otherwise.
func lapGain(e *schema.Edge) float64 {
	if e.Relation == schema.RelEmits {
		if v, ok := e.From.Num(schema.AttrMessagesPerInvocation); ok && v > 1 {
			return v
		}
	}
	return 1
}
