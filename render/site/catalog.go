package site

// patternInfo explains a pattern kind to a reader of the docs. The text
// is ours, written after the serverless patterns catalog (seed 002) and,
// for orchestration, the function composition article (seed 003).
type patternInfo struct {
	Title string
	For   string // what problem it solves and how
	Watch string // what tends to go wrong
}

var patternCatalog = map[string]patternInfo{
	"simple_web_service": {
		Title: "Simple web service",
		For: "Clients reach the business logic through an API. The API takes each request, " +
			"passes it to the handler registered for its route, and the client waits for " +
			"the handler's answer; a table usually keeps the state the handlers share. " +
			"It is the plainest way to put functions behind HTTP, and it scales with traffic " +
			"without servers to manage.",
		Watch: "Every handler has to answer inside the API's integration timeout (about 30 s), " +
			"well below the function limit of 15 minutes. Handlers should keep no state " +
			"between requests and should reuse their connections to what sits behind them.",
	},
	"decoupled_messaging": {
		Title: "Decoupled messaging",
		For: "Two services exchange work through a messaging channel (a queue, topic, stream " +
			"or event bus) instead of calling each other or sharing a table. The sender hands " +
			"the message over and carries on; the receiver takes it when it can. Neither waits " +
			"on the other's latency or outages, and each keeps its data to itself.",
		Watch: "Each channel has its own guarantees. Plan for the same message arriving twice, " +
			"for messages arriving out of order, for a message that always fails (it needs a " +
			"place to go), and for how long the channel keeps what nobody has consumed yet.",
	},
	"pub_sub": {
		Title: "Publish/subscribe",
		For: "A publisher announces an event once on a channel, and every service interested " +
			"in it receives its own copy. The publisher does not know its audience, so a new " +
			"subscriber joins without a change on the publishing side, and each team builds on " +
			"the events at its own pace.",
		Watch: "Delivery is asynchronous: each subscriber has to cope with duplicates, " +
			"reordering and events that expire, and needs its own failure path. Subscribers " +
			"agree with each other only eventually.",
	},
	"robust_api": {
		Title: "Robust API",
		For: "One front door (API Gateway, a load balancer or AppSync) stands before many " +
			"backends that different teams own and release separately. It routes by path, " +
			"method or client, so clients see a single stable API while the services behind it " +
			"change. It is also called a gateway router.",
		Watch: "The front door is shared by everything: an outage or a slow change there hits " +
			"every client, and every backend must answer within its timeout. Manage its routes " +
			"as code so it does not turn into a queue of cross-team requests.",
	},
	"aggregator": {
		Title: "Aggregator",
		For: "One component takes a client's request, asks several backends for their part, " +
			"and merges the answers into a single response. The client makes one round trip " +
			"instead of many and never learns how the answer is assembled.",
		Watch: "The aggregator sits on every request, so it can take the whole operation down " +
			"with it. It owns the resilience of the calls it makes: retries, circuit breaking, " +
			"caching, and tracing to tell which backend was slow.",
	},
	"strangler": {
		Title: "Strangler",
		For: "A legacy system is replaced piece by piece. A facade receives every request and " +
			"sends the features already rebuilt to the new services and everything else to the " +
			"old system. Clients keep one interface throughout, and the risk of the migration is " +
			"spread over many small steps.",
		Watch: "New services should own their data instead of writing the legacy database, or " +
			"the old schema can never be retired; where the legacy side still needs the data, " +
			"feed it through events. Plan for the end: the facade should shrink to a plain " +
			"gateway once the legacy system is gone.",
	},
	"queue_load_leveling": {
		Title: "Queue-based load leveling",
		For: "A queue sits in front of a consumer, or of whatever the consumer protects, that " +
			"cannot absorb sudden peaks. Bursts pile up in the queue and the consumer drains it " +
			"at a steady pace it can sustain, so a spike in traffic becomes a longer backlog " +
			"instead of an outage downstream.",
		Watch: "It works only when the consumer's concurrency is capped: functions otherwise " +
			"scale out as fast as messages arrive and pass the burst straight on. It suits work " +
			"the caller does not wait for; a caller that needs the result now gets nothing from it.",
	},
	"read_heavy_reporting": {
		Title: "Read-heavy reporting",
		For: "When reads vastly outnumber writes, the data is copied into views shaped for " +
			"each way it is queried (materialised views, index tables, search indexes, caches). " +
			"Projectors keep the views current from the source table's change stream, so the " +
			"source only handles writes.",
		Watch: "Views lag behind the source and are never fully consistent with it. Every copy " +
			"costs storage and code, and a projector that stops leaves its view silently stale.",
	},
	"streams_pipeline": {
		Title: "Streams and pipelines",
		For: "A stream takes in a large, continuous flow of events (clicks, sensor readings, " +
			"changes) and processors read it as it arrives, transform it and deliver it to the " +
			"stores and services that need it. Records are processed in order within a shard.",
		Watch: "One record that keeps failing can hold up its whole shard. Stream processing has " +
			"a fixed cost that small or occasional volumes may not justify.",
	},
	"fan_out_fan_in": {
		Title: "Fan-out and fan-in",
		For: "A large job is split into parts that workers process in parallel (fan-out), each " +
			"storing its share of the result in one place; a collector then notices when all " +
			"parts are done and completes the job (fan-in). Each piece stays well under the " +
			"function time limit.",
		Watch: "Failures must be handled on both sides, or a job waits forever for a part that " +
			"was lost: use retries and dead-letter queues. Work that may run longer than 15 " +
			"minutes belongs in containers.",
	},
	"orchestration": {
		Title: "Orchestration",
		For: "A state machine runs the steps of a workflow in order, with retries, branches " +
			"and waits defined in one place, instead of a function that calls each step and " +
			"waits for it. The steps stay small, independent and replaceable, and no function " +
			"is billed for sitting idle while another one works.",
		Watch: "The workflow definition becomes the place where the process is understood: keep " +
			"it readable, and keep each step's timeout and limits consistent with the state " +
			"machine's.",
	},
}

// patternTitle is a pattern kind's name for people.
func patternTitle(kind string) string {
	if info, ok := patternCatalog[kind]; ok {
		return info.Title
	}
	return kind
}
