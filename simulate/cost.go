package simulate

import (
	"fmt"
	"math"
	"slices"

	"github.com/archiehq/archie/schema"
)

// hoursPerMonth is the month used for cost: 730 hours (2,628,000 s).
const hoursPerMonth = schema.SecondsPerMonth / 3600.0

// nodeUsage is what one component consumes, per arrival of the workload
// (or per month for fixed capacity), in billing units.
type nodeUsage struct {
	requests    float64 // Lambda invocations, API requests, SQS requests, SNS publishes, events, Kinesis PUT units, express executions
	gbs         float64 // Lambda on-demand GB-s of own work and initialisation
	waitGBs     float64 // Lambda on-demand GB-s spent waiting on sync calls
	provGBs     float64 // Lambda GB-s run on provisioned instances
	transitions float64 // Step Functions standard
	expressGBs  float64 // Step Functions express
	readUnits   float64 // DynamoDB read request units
	writeUnits  float64 // DynamoDB write request units
	puts, gets  float64 // S3 requests
	http        float64 // SNS HTTP deliveries
	bytesIn     float64 // Kinesis on-demand ingest, bytes; Firehose ingestion, records rounded up to 5 KB
	bytesOut    float64 // Kinesis on-demand reads, bytes
	meanConc    float64 // mean concurrency (containers: tasks needed)
}

type rawItem struct {
	node  *node // nil for a free-tier line
	item  string
	qty   float64
	unit  string
	key   string // price key; "" when usd is fixed already
	usd   float64
	group string // items priced together through tiers
}

// minutesPerMonth is the 730-hour month in minutes (43,800).
const minutesPerMonth = hoursPerMonth * 60

// gib is the gigabyte of AWS's per-GB prices: 2^30 bytes.
const gib = 1 << 30

// priceUsage turns per-arrival usage into the monthly bill, without the
// free tier, which applyFreeTier credits once over every workload of a
// report.
func priceUsage(m *model, u []nodeUsage, monthly float64, p *Prices, payload int64) Cost {
	var items []rawItem
	add := func(n *node, item string, qty float64, unit, key string) {
		if qty > 0 {
			items = append(items, rawItem{node: n, item: item, qty: qty, unit: unit, key: key, group: key})
		}
	}
	var notPriced []string
	for _, n := range m.nodes {
		nu := u[n.idx]
		per := func(x float64) float64 { return x * monthly }
		switch n.kind {
		case schema.KindFunction:
			arch := "x86"
			if n.arm {
				arch = "arm"
			}
			add(n, "requests", per(nu.requests), "requests", "lambda_requests_per_million")
			add(n, "duration", per(nu.gbs), "GB-s", "lambda_"+arch+"_gb_second")
			add(n, "sync wait", per(nu.waitGBs), "GB-s", "lambda_"+arch+"_gb_second")
			if n.provisioned > 0 {
				add(n, "provisioned concurrency", float64(n.provisioned)*n.memGB*schema.SecondsPerMonth, "GB-s", "lambda_provisioned_"+arch+"_gb_second")
				add(n, "provisioned duration", per(nu.provGBs), "GB-s", "lambda_provisioned_duration_"+arch+"_gb_second")
			}
		case schema.KindStateMachine:
			if n.express {
				add(n, "executions", per(nu.requests), "requests", "sfn_express_per_million")
				add(n, "duration", per(nu.expressGBs), "GB-s", "sfn_express_gb_second")
			} else {
				add(n, "transitions", per(nu.transitions), "transitions", "sfn_transitions_per_thousand")
			}
		case schema.KindContainer:
			tasks := float64(n.tasks)
			if n.maxTasks > n.tasks && n.limit > 0 {
				perTask := float64(n.limit) / float64(n.maxTasks)
				tasks = math.Min(float64(n.maxTasks), math.Max(tasks, math.Ceil(nu.meanConc/perTask)))
			}
			add(n, "vCPU-hours", tasks*n.cpu*hoursPerMonth, "vCPU-h", "fargate_vcpu_hour")
			add(n, "memory", tasks*n.memGB*hoursPerMonth, "GB-h", "fargate_gb_hour")
		case schema.KindAPI:
			switch n.apiType {
			case "http":
				add(n, "requests", per(nu.requests)*chunks(payload, 512<<10), "requests", "apigw_http_per_million")
			case "rest":
				add(n, "requests", per(nu.requests), "requests", "apigw_rest_per_million")
			case "websocket":
				add(n, "messages", per(nu.requests)*chunks(payload, 32<<10), "messages", "apigw_websocket_messages_per_million")
				// Connection minutes: the clients connected on average
				// for the whole month.
				add(n, "connection minutes", n.connections*minutesPerMonth, "minutes", "apigw_websocket_connection_minutes_per_million")
			case "appsync":
				add(n, "requests", per(nu.requests), "requests", "appsync_per_million")
			case "alb":
				add(n, "load balancer hours", hoursPerMonth, "hours", "alb_hour")
				// LCUs: 25 new connections a second or 1 GB processed an
				// hour, whichever is larger, at the month's mean rate.
				rate := per(nu.requests) / schema.SecondsPerMonth
				gbHour := rate * float64(payload) * 3600 / (1 << 30)
				add(n, "LCU-hours", math.Max(rate/25, gbHour)*hoursPerMonth, "LCU-h", "alb_lcu_hour")
			}
		case schema.KindQueue:
			key := "sqs_standard_per_million"
			if n.fifo {
				key = "sqs_fifo_per_million"
			}
			add(n, "requests", per(nu.requests), "requests", key)
		case schema.KindTopic:
			add(n, "publishes", per(nu.requests), "requests", "sns_publishes_per_million")
			add(n, "HTTP deliveries", per(nu.http), "deliveries", "sns_http_deliveries_per_million")
		case schema.KindBus:
			add(n, "events", per(nu.requests), "events", "eventbridge_events_per_million")
			if n.piped && nu.requests > 0 {
				// EventBridge Pipes bills its own requests, per 64 KB
				// chunk of a batch (aws.amazon.com/eventbridge/pricing/,
				// read 2026-12-02); archie has no price for them.
				notPriced = append(notPriced, n.addr+" (EventBridge Pipes requests)")
			}
		case schema.KindFirehose:
			// Ingestion, each record rounded up to the next 5 KB
			// (bytesIn counts the rounded bytes). The processor, the
			// objects it writes and the calls it makes are billed on
			// their own components.
			add(n, "ingestion", per(nu.bytesIn)/gib, "GB", "firehose_ingestion_gb")
		case schema.KindStream:
			// Data kept beyond a retention threshold, in GB-months: at a
			// steady ingest of G GB a month, the records of the last R
			// seconds are stored, G x R / month of them.
			stored := func(gb, from, to float64) float64 {
				return gb * math.Max(0, math.Min(n.retention, to)-from) / schema.SecondsPerMonth
			}
			const day, week = 24 * 3600.0, 7 * 24 * 3600.0
			if n.shards > 0 {
				gbIn := per(nu.bytesIn) / gib
				add(n, "shard-hours", float64(n.shards)*hoursPerMonth, "shard-h", "kinesis_shard_hour")
				add(n, "PUT units", per(nu.requests), "25 KB units", "kinesis_put_units_per_million")
				if n.retention > day {
					add(n, "extended retention", float64(n.shards)*hoursPerMonth, "shard-h", "kinesis_extended_retention_shard_hour")
				}
				add(n, "long-term retention", stored(gbIn, week, math.Inf(1)), "GB-month", "kinesis_long_term_retention_gb_month")
			} else {
				// On-demand data in counts each record rounded up to
				// the next 1 KB.
				gbIn := per(nu.bytesIn) / gib
				if payload > 0 {
					gbIn = gbIn / float64(payload) * chunks(payload, 1<<10) * (1 << 10)
				}
				add(n, "stream-hours", hoursPerMonth, "hours", "kinesis_on_demand_stream_hour")
				add(n, "data in", gbIn, "GB", "kinesis_on_demand_gb_in")
				add(n, "data out", per(nu.bytesOut)/gib, "GB", "kinesis_on_demand_gb_out")
				add(n, "extended retention", stored(gbIn, day, week), "GB-month", "kinesis_on_demand_extended_retention_gb_month")
				add(n, "long-term retention", stored(gbIn, week, math.Inf(1)), "GB-month", "kinesis_long_term_retention_gb_month")
			}
		case schema.KindDatabase:
			if n.engine != "dynamodb" {
				if nu.reads()+nu.writeUnits > 0 || len(n.c.Writers())+len(n.c.Readers()) > 0 {
					notPriced = append(notPriced, n.addr+" ("+n.engine+": priced by instance, not by request)")
				}
				continue
			}
			if len(n.kinesis) > 0 && nu.writeUnits > 0 {
				// DynamoDB bills the change data capture units of
				// Kinesis Data Streams for DynamoDB on the table:
				// docs.aws.amazon.com/amazondynamodb/latest/developerguide/
				// kds.html (read 2026-12-02); archie has no price for them.
				notPriced = append(notPriced, n.addr+" (change data capture units of Kinesis Data Streams for DynamoDB)")
			}
			if n.onDemand {
				add(n, "write units", per(nu.writeUnits), "WRU", "dynamodb_write_units_per_million")
				add(n, "read units", per(nu.readUnits), "RRU", "dynamodb_read_units_per_million")
			} else {
				add(n, "write capacity", n.writeCap*hoursPerMonth, "WCU-h", "dynamodb_wcu_hour")
				add(n, "read capacity", n.readCap*hoursPerMonth, "RCU-h", "dynamodb_rcu_hour")
			}
		case schema.KindBucket:
			add(n, "PUT requests", per(nu.puts), "requests", "s3_put_per_thousand")
			add(n, "GET requests", per(nu.gets), "requests", "s3_get_per_thousand")
		}
	}

	// Tiers apply to the month's total per price key, shared out by quantity.
	totals := map[string]float64{}
	for _, it := range items {
		totals[it.group] += it.qty
	}
	groupUSD := map[string]float64{}
	for g, q := range totals {
		groupUSD[g] = p.Cost(g, q)
	}
	for i := range items {
		it := &items[i]
		if t := totals[it.group]; t > 0 {
			it.usd = groupUSD[it.group] * it.qty / t
		}
	}
	c := Cost{Requests: monthly, NotPriced: notPriced, groups: totals}
	for _, it := range items {
		name := "free tier"
		if it.node != nil {
			name = it.node.addr
		}
		c.Items = append(c.Items, CostItem{Component: name, Item: it.item, Quantity: round(it.qty, 6), Unit: it.unit, MonthlyUSD: round(it.usd, 4)})
		c.MonthlyUSD += it.usd
	}
	if monthly > 0 {
		c.PerMillionUSD = round(c.MonthlyUSD/monthly*1e6, 4)
	}
	c.exact = c.MonthlyUSD
	c.MonthlyUSD = round(c.MonthlyUSD, 2)
	return c
}

func (u nodeUsage) reads() float64 { return u.readUnits }

// freeAllowance is one always-free monthly allowance: a quantity shared
// by the prices it names, in that order.
type freeAllowance struct {
	item, unit string
	keys       []string
	qty        func(p *Prices) float64
}

// freeAllowances are the always-free monthly allowances: Lambda (1 M
// requests, 400,000 GB-s shared by both architectures), SQS (1 M
// requests), SNS (1 M publishes, 100,000 HTTP deliveries), Step Functions
// (4,000 transitions) and DynamoDB (25 WCU and 25 RCU of provisioned
// capacity). Twelve-month offers for new accounts (API Gateway, S3) are
// not applied.
var freeAllowances = []freeAllowance{
	{"Lambda requests", "requests", []string{"lambda_requests_per_million"}, func(p *Prices) float64 { return p.Unit("lambda_free_requests") }},
	{"Lambda duration", "GB-s", []string{"lambda_x86_gb_second", "lambda_arm_gb_second"}, func(p *Prices) float64 { return p.Unit("lambda_free_gb_seconds") }},
	{"SQS requests", "requests", []string{"sqs_standard_per_million", "sqs_fifo_per_million"}, func(p *Prices) float64 { return p.Unit("sqs_free_requests") }},
	{"SNS publishes", "requests", []string{"sns_publishes_per_million"}, func(p *Prices) float64 { return p.Unit("sns_free_publishes") }},
	{"SNS HTTP deliveries", "deliveries", []string{"sns_http_deliveries_per_million"}, func(p *Prices) float64 { return p.Unit("sns_free_http_deliveries") }},
	{"Step Functions transitions", "transitions", []string{"sfn_transitions_per_thousand"}, func(p *Prices) float64 { return p.Unit("sfn_free_transitions") }},
	{"DynamoDB write capacity", "WCU-h", []string{"dynamodb_wcu_hour"}, func(p *Prices) float64 { return p.Unit("dynamodb_free_wcu") * hoursPerMonth }},
	{"DynamoDB read capacity", "RCU-h", []string{"dynamodb_rcu_hour"}, func(p *Prices) float64 { return p.Unit("dynamodb_free_rcu") * hoursPerMonth }},
}

// applyFreeTier credits the always-free allowances once over the
// workloads of a report, as one account's month: each allowance covers
// the workloads' summed use of its prices, is credited at the first
// tier's price (the free units are the month's first), and is shared out
// between the workloads in proportion to their use. A workload's
// free-tier lines are its share, and its total falls by them.
func applyFreeTier(ws []WorkloadResult, p *Prices) {
	credits := make([][]rawItem, len(ws))
	for _, fa := range freeAllowances {
		left := fa.qty(p)
		qty := make([]float64, len(ws))
		usd := make([]float64, len(ws))
		for _, k := range fa.keys {
			var t float64
			for i := range ws {
				t += ws[i].Cost.groups[k]
			}
			if t <= 0 || left <= 0 {
				continue
			}
			f := math.Min(t, left)
			left -= f
			for i := range ws {
				share := f * ws[i].Cost.groups[k] / t
				qty[i] += share
				usd[i] += share * p.Unit(k)
			}
		}
		for i := range ws {
			if qty[i] > 0 {
				credits[i] = append(credits[i], rawItem{item: fa.item, qty: -qty[i], unit: fa.unit, usd: -usd[i]})
			}
		}
	}
	for i := range ws {
		c := &ws[i].Cost
		c.FreeTier = true
		var credit float64
		for _, it := range credits[i] {
			c.Items = append(c.Items, CostItem{Component: "free tier", Item: it.item, Quantity: round(it.qty, 6), Unit: it.unit, MonthlyUSD: round(it.usd, 4)})
			credit += it.usd
		}
		c.MonthlyUSD = round(c.exact+credit, 2)
		if c.CI95 != nil && c.CI95.MonthlyUSD != nil {
			// The credit is the same in every run of a replicated
			// workload (it is computed on their mean use), so it moves
			// the interval as it moves the mean.
			iv := c.CI95.MonthlyUSD
			c.CI95.MonthlyUSD = &Interval{round(math.Max(0, iv[0]+credit), 6), round(math.Max(0, iv[1]+credit), 6)}
		}
		if c.Requests > 0 {
			c.PerMillionUSD = round((c.exact+credit)/c.Requests*1e6, 4)
		}
	}
	if len(ws) > 1 {
		for i := range ws {
			ws[i].Notes = append(ws[i].Notes, fmt.Sprintf("the free tier is shared by the report's %d workloads in proportion to their use, as one account's month; this workload's lines are its share", len(ws)))
		}
	}
}

// chunks is how many billing units of size unit a payload takes (at
// least one).
func chunks(payload, unit int64) float64 {
	if payload <= unit {
		return 1
	}
	return math.Ceil(float64(payload) / float64(unit))
}

// dynamoUnits are the request units of one item operation: writes per
// 1 KB, reads per 4 KB, eventually consistent reads at half.
func dynamoWriteUnits(item int64) float64 { return chunks(item, 1<<10) }

func dynamoReadUnits(item int64, consistent bool) float64 {
	u := chunks(item, 4<<10)
	if !consistent {
		u /= 2
	}
	return u
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

// billBacklog makes the bill follow the month's arrivals rather than the
// window's completions: the messages a queue or stream still holds when
// the window closes are worked off later, so the work behind it is billed
// for them too. A queue whose consumers took C messages and left B
// behind scales the work of its consumers by (C + B) / C; every component
// further on takes the scaling of the work that reaches it, weighted by
// the rate of each edge in. Expired messages were dropped and are not
// billed. It returns a note per queue whose backlog adds 0.1% or more.
func billBacklog(m *model, res *WorkloadResult, entry *node, u []nodeUsage) []string {
	k := make([]float64, len(m.nodes))
	for i := range k {
		k[i] = 1
	}
	var notes []string
	for _, q := range res.Queues {
		i := m.byAddr(q.Component)
		if i < 0 || q.Backlog.Final <= 0 || len(m.nodes[i].consumers) == 0 {
			continue
		}
		done := q.Received - q.Backlog.Final - q.Expired
		if done <= 0 {
			continue
		}
		k[i] = (done + q.Backlog.Final) / done
		if k[i] < 1.001 {
			continue // billed, but too little to note
		}
		notes = append(notes, fmt.Sprintf("%s: the %s messages left in it when the window closed are billed as processed (the work behind it x %.4g), since the month's arrivals are worked off in the end; messages that would outlive the retention are not removed from the bill", q.Component, fmtCount(q.Backlog.Final), k[i]))
	}
	if !slices.ContainsFunc(k, func(x float64) bool { return x != 1 }) {
		return nil
	}
	c := make([]float64, len(m.nodes))
	for i := range c {
		c[i] = 1
	}
	// Relax in edge order until the factors settle; cycles converge
	// because the weights of each node's edges in sum to one.
	for range len(m.nodes) + 1 {
		num := make([]float64, len(m.nodes))
		den := make([]float64, len(m.nodes))
		for _, e := range res.Edges {
			from, to := m.byAddr(e.From), m.byAddr(e.To)
			if from < 0 || to < 0 || e.PerS <= 0 {
				continue
			}
			f := c[from]
			if e.Relation == "trigger" {
				f *= k[from]
			}
			num[to] += e.PerS * f
			den[to] += e.PerS
		}
		changed := false
		for i := range c {
			v := 1.0
			if den[i] > 0 && m.nodes[i] != entry {
				v = num[i] / den[i]
			}
			if math.Abs(v-c[i]) > 1e-12 {
				changed = true
			}
			c[i] = v
		}
		if !changed {
			break
		}
	}
	for i := range u {
		if c[i] != 1 {
			u[i].scale(c[i])
		}
	}
	return notes
}

// scale multiplies the per-request quantities (not capacity).
func (u *nodeUsage) scale(f float64) {
	u.requests *= f
	u.gbs *= f
	u.waitGBs *= f
	u.provGBs *= f
	u.transitions *= f
	u.expressGBs *= f
	u.readUnits *= f
	u.writeUnits *= f
	u.puts *= f
	u.gets *= f
	u.http *= f
	u.bytesIn *= f
	u.bytesOut *= f
}
