package simulate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/archiehq/archie/simulate/internal/pricetable"
)

// Prices worked out by hand from the bundled table (AWS us-east-1 pricing
// pages, read 2026-12): each test states the arithmetic.

func costItem(w WorkloadResult, addr, item string) (CostItem, bool) {
	for _, it := range w.Cost.Items {
		if it.Component == addr && it.Item == item {
			return it, true
		}
	}
	return CostItem{}, false
}

// On-demand Kinesis bills data in per record rounded up to 1 KB
// (aws.amazon.com/kinesis/data-streams/pricing). 1,000,000,000 records
// of 1.5 KB (1,536 bytes) count as 2 KB each: 2,000,000,000 KB =
// 2,048,000,000,000 bytes = 1,907.3486 GB (2^30 bytes) x $0.08 = $152.5879;
// unrounded they would be 1,430.5115 GB, $114.44.
//
// Retention of 30 days keeps 6 days beyond the first 24 hours and 23 days
// beyond 7 days: at a steady 1,907.3486 GB a month (of 2,628,000 s) that is
// 1,907.3486 x 518,400 / 2,628,000 = 376.2441 GB-months at $0.10 = $37.6244
// (extended) and 1,907.3486 x 1,987,200 / 2,628,000 = 1,442.2691
// GB-months at $0.023 = $33.1722 (long-term).
func TestKinesisOnDemandRecordRoundingAndRetention(t *testing.T) {
	const src = `
stream "clicks" {
  retention = "30d"
}
workload "w" {
  entry    = stream.clicks
  rate     = 10
  duration = "1m"
  payload  = "1536B"
  monthly  = 1000000000
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			for _, c := range []struct {
				item     string
				qty, usd float64
			}{
				{"data in", 1907.348633, 152.5879},
				{"extended retention", 376.244114, 37.6244},
				{"long-term retention", 1442.269103, 33.1722},
			} {
				it, ok := costItem(w, "stream.clicks", c.item)
				if !ok {
					t.Fatalf("no %q line in %+v", c.item, w.Cost.Items)
				}
				within(t, c.item+" quantity", it.Quantity, c.qty, 1e-6)
				within(t, c.item+" USD", it.MonthlyUSD, c.usd, 1e-4)
			}
		})
	}
}

// A provisioned stream with 30 days' retention pays the extended
// retention per shard-hour (2 x 730 x $0.02 = $29.20) and the data beyond
// 7 days per GB-month, unrounded: 1e9 x 1,536 bytes = 1,430.5115 GB a
// month, x 1,987,200 / 2,628,000 = 1,081.7018 GB-months x $0.023 = $24.8791.
// A 24-hour stream pays neither.
func TestKinesisProvisionedRetention(t *testing.T) {
	const src = `
stream "clicks" {
  shards    = 2
  retention = "%s"
}
workload "w" {
  entry    = stream.clicks
  rate     = 10
  duration = "1m"
  payload  = "1536B"
  monthly  = 1000000000
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, fmt.Sprintf(src, "30d"), Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "extended retention", costOf(w, "stream.clicks", "extended retention"), 29.20, 1e-6)
			it, ok := costItem(w, "stream.clicks", "long-term retention")
			if !ok {
				t.Fatalf("no long-term retention line in %+v", w.Cost.Items)
			}
			within(t, "long-term GB-months", it.Quantity, 1081.701827, 1e-6)
			within(t, "long-term USD", it.MonthlyUSD, 24.8791, 1e-4)

			w = run(t, fmt.Sprintf(src, "24h"), Options{Mode: mode, Seed: 1}).Workloads[0]
			for _, item := range []string{"extended retention", "long-term retention"} {
				if _, ok := costItem(w, "stream.clicks", item); ok {
					t.Errorf("a 24-hour stream is billed %s", item)
				}
			}
		})
	}
}

// WebSocket connection minutes: 5,000 clients connected on average for a
// 730-hour month are 5,000 x 43,800 = 219,000,000 minutes x $0.25 per
// million = $54.75 (aws.amazon.com/api-gateway/pricing).
func TestWebSocketConnectionMinutes(t *testing.T) {
	const src = `
api "live" {
  type        = "websocket"
  connections = 5000
}
function "h" {
  duration = "10ms"
  trigger {
    source = api.live
    route  = "$default"
  }
}
workload "w" {
  entry    = api.live
  rate     = 10
  duration = "1m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			it, ok := costItem(w, "api.live", "connection minutes")
			if !ok {
				t.Fatalf("no connection minutes in %+v", w.Cost.Items)
			}
			within(t, "connection minutes", it.Quantity, 219e6, 1e-9)
			within(t, "connection minutes USD", it.MonthlyUSD, 54.75, 1e-9)
		})
	}
}

// SQS volume tiers over the month's requests (aws.amazon.com/sqs/pricing):
// standard $0.40 per million up to 100 billion, $0.30 for the next 100
// billion, $0.24 beyond; FIFO $0.50, $0.40, $0.35. A queue nothing
// consumes is billed one send per message:
//   - 150 billion standard: 100,000 x $0.40 + 50,000 x $0.30 = $55,000;
//   - 250 billion standard: $40,000 + $30,000 + 50,000 x $0.24 = $82,000;
//   - 150 billion FIFO: 100,000 x $0.50 + 50,000 x $0.40 = $70,000.
func TestSQSVolumeTiers(t *testing.T) {
	const src = `
queue "q" {
  fifo = %v
}
workload "w" {
  entry    = queue.q
  rate     = 10
  duration = "1m"
  monthly  = %v
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			for _, c := range []struct {
				fifo    bool
				monthly float64
				usd     float64
			}{{false, 150e9, 55000}, {false, 250e9, 82000}, {true, 150e9, 70000}} {
				w := run(t, fmt.Sprintf(src, c.fifo, c.monthly), Options{Mode: mode, Seed: 1}).Workloads[0]
				within(t, fmt.Sprintf("fifo=%v %g requests", c.fifo, c.monthly), costOf(w, "queue.q", "requests"), c.usd, 1e-9)
			}
		})
	}
}

// The Lambda free tier is the month's first 400,000 GB-s, so it is
// credited at the first tier's price even when the month reaches the
// cheaper tiers: a 1 GB function running 1 s, 7 billion times a month,
// uses 7e9 GB-s = 6e9 x $0.0000166667 + 1e9 x $0.000015 = $115,000.20,
// and the free tier takes 400,000 x $0.0000166667 = $6.67 off (not
// 400,000 x $0.000015 = $6.00), with 1,000,000 requests x $0.20 per
// million = $0.20.
func TestLambdaFreeTierAtFirstTier(t *testing.T) {
	const src = `
function "f" {
  memory       = 1024
  duration     = "1s"
  distribution = "constant"
}
workload "w" {
  entry    = function.f
  rate     = 1
  duration = "10m"
  monthly  = 7000000000
}
`
	w := run(t, src, Options{Mode: ModeAnalytic, FreeTier: true}).Workloads[0]
	// The bill adds the steady-state cold starts' initialisation (0.03%).
	within(t, "duration", costOf(w, "function.f", "duration"), 115000.20, 1e-3)
	it, ok := costItem(w, "free tier", "Lambda duration")
	if !ok {
		t.Fatalf("no free-tier duration line in %+v", w.Cost.Items)
	}
	if it.Quantity != -400000 || it.MonthlyUSD != -6.6667 {
		t.Errorf("free duration %v GB-s, $%v; want -400000 GB-s, $-6.6667", it.Quantity, it.MonthlyUSD)
	}
	within(t, "free requests", costOf(w, "free tier", "Lambda requests"), -0.20, 1e-9)
}

// The free tier is one account's month: two workloads of 600,000
// invocations each (1.2 M requests together) share the 1 M free requests,
// 500,000 each ($0.10 each, not $0.12 each); their 7,500 GB-s each
// (600,000 x 0.125 GB x 0.1 s) fit in the 400,000 GB-s together, so each
// is credited in full ($0.125). Simulated alone, one workload has the
// whole allowance.
func TestFreeTierOncePerArchitecture(t *testing.T) {
	const src = `
function "f" {
  duration     = "100ms"
  distribution = "constant"
}
workload "a" {
  entry    = function.f
  rate     = 1
  duration = "10m"
  monthly  = 600000
}
workload "b" {
  entry    = function.f
  rate     = 1
  duration = "10m"
  monthly  = 600000
}
`
	rep := run(t, src, Options{Mode: ModeAnalytic, FreeTier: true})
	var total float64
	for _, w := range rep.Workloads {
		within(t, w.Name+" free requests", costOf(w, "free tier", "Lambda requests"), -0.10, 1e-9)
		// Cold starts' initialisation adds 0.2% to the GB-s.
		within(t, w.Name+" free duration", costOf(w, "free tier", "Lambda duration"), -0.125, 1e-2)
		total += w.Cost.MonthlyUSD
	}
	// Requests: 1.2 M x $0.20 per million - $0.20 free = $0.04; duration
	// fully free.
	within(t, "both workloads", total, 0.04, 0.01)
	alone := run(t, src, Options{Mode: ModeAnalytic, FreeTier: true, Workload: "a"}).Workloads[0]
	within(t, "alone free requests", costOf(alone, "free tier", "Lambda requests"), -0.12, 1e-9)
}

// A consumer too slow for its queue does not make the month cheaper: 4
// messages a second reach a worker that takes 2 (two pollers, 1 s per
// message), so half the window's messages are still queued when it
// closes. They are worked off in the end, so the month bills them all:
// 4 x 2,628,000 = 10,512,000 invocations x $0.20 per million = $2.10 and
// as many 1 KB writes x $0.625 per million = $6.57
// (aws.amazon.com/dynamodb/pricing, 2026-11), not half of each.
func TestSlowConsumerBillsItsBacklog(t *testing.T) {
	const src = `
queue "jobs" {
  visibility_timeout = "30s"
}
database "t" {}
function "worker" {
  concurrency  = 2
  duration     = "1s"
  distribution = "constant"
  writes       = [database.t]
  trigger {
    source          = queue.jobs
    batch_size      = 1
    max_concurrency = 2
  }
}
workload "w" {
  entry    = queue.jobs
  rate     = 4
  duration = "30m"
}
`
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			if q := queue(t, w, "queue.jobs"); q.Backlog.Final < 0.4*w.Arrivals {
				t.Fatalf("final backlog %v of %v arrivals: the consumer should fall behind", q.Backlog.Final, w.Arrivals)
			}
			within(t, "Lambda requests", costOf(w, "function.worker", "requests"), 2.1024, 0.03)
			within(t, "DynamoDB writes", costOf(w, "database.t", "write units"), 6.57, 0.03)
		})
	}
}

// Per-request lines fall with throttling: an api sends 10 requests a
// second to a function with reserved concurrency 5 taking 1 s, which
// refuses B(5, 10) = 56.4% of them (Erlang B); only the rest write to the
// table: 26,280,000 x 0.436 = 11,460,000 writes x $0.625 per million =
// $7.16 (not $16.43).
func TestThrottledRequestsAreNotBilledDownstream(t *testing.T) {
	const src = `
api "a" {
  throttle_rate  = 1000
  throttle_burst = 1000
}
database "t" {}
function "f" {
  concurrency  = 5
  duration     = "1s"
  distribution = "constant"
  writes       = [database.t]
  trigger {
    source = api.a
    route  = "POST /x"
  }
}
workload "w" {
  entry    = api.a
  route    = "POST /x"
  rate     = 10
  duration = "30m"
}
`
	want := 26.28e6 * (1 - 0.5640) * 0.625e-6
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			w := run(t, src, Options{Mode: mode, Seed: 1}).Workloads[0]
			within(t, "DynamoDB writes", costOf(w, "database.t", "write units"), want, 0.03)
		})
	}
}

// The compiled-in table is prices.hcl, price for price: parsing the
// embedded file gives the same region, date and tiers as LoadPrices.
func TestBundledTableMatchesPricesHCL(t *testing.T) {
	want, diags := pricetable.Parse(bundledPrices, "prices.hcl", nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got, diags := LoadPrices(nil, "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got.Region != want.Region || got.Date != want.Date || !reflect.DeepEqual(got.items, want.Items) {
		t.Fatalf("prices_gen.go differs from prices.hcl: run go generate ./simulate\ngot  %s %s %v\nwant %s %s %v",
			got.Region, got.Date, got.items, want.Region, want.Date, want.Items)
	}
}

// An override replaces only the prices it sets, leaves the bundled table
// as it was, and refuses names the table does not know, with the position.
func TestPricesOverride(t *testing.T) {
	p, diags := LoadPrices([]byte("date = \"2027-01\"\nlambda_requests_per_million = 0.25\n"), "mine.hcl")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if p.Source != "mine.hcl" || p.Date != "2027-01" || p.Region != "us-east-1" {
		t.Fatalf("got %s %s %s", p.Source, p.Region, p.Date)
	}
	if got := p.Unit("lambda_requests_per_million"); got != 0.25e-6 {
		t.Fatalf("lambda requests: got %g, want 2.5e-7", got)
	}
	if got := p.Unit("sqs_free_requests"); got != 1e6 {
		t.Fatalf("sqs free requests: got %g, want the bundled 1e6", got)
	}
	b, _ := LoadPrices(nil, "")
	if got := b.Unit("lambda_requests_per_million"); got != 0.2e-6 {
		t.Fatalf("bundled lambda requests changed to %g", got)
	}
	_, diags = LoadPrices([]byte("lambda_request_per_million = 1\n"), "typo.hcl")
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "typo.hcl:1,") || !strings.Contains(diags.Error(), "lambda_requests_per_million") {
		t.Fatalf("got %v, want an unknown-price error at typo.hcl:1 suggesting lambda_requests_per_million", diags)
	}
}
