package simulate

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

// LintSettings are what the simulator's rules simulate in a lint run,
// set in lint.Options.Settings (or lint.Config.Settings) with Set. A run
// without them simulates nothing: the rules are listed and can be
// configured, but find nothing (archie lint --no-simulate).
//
// With them, the rules simulate the selected workloads of each
// architecture once, shared by the four rules through the pass
// (lint.Pass.Shared), and report what the simulations predict. The
// analytic mode takes milliseconds on the bundled examples
// (docs/simulate.md, "Simulation in lint").
type LintSettings struct {
	// Workloads names the workloads to simulate; none means every
	// workload of each architecture (for an imported architecture, none:
	// its workloads are the importer's placeholders).
	Workloads []string
	// Options are the simulation's; Mode defaults to the analytic mode
	// and Workload is not used.
	Options Options
}

type lintSettingsKey struct{}

// Set records s in settings, which it makes when nil, and returns them.
func (s LintSettings) Set(settings lint.Settings) lint.Settings {
	if settings == nil {
		settings = lint.Settings{}
	}
	s.Workloads = slices.Clone(s.Workloads)
	if s.Options.Mode == "" {
		s.Options.Mode = ModeAnalytic
	}
	s.Options.Workload = ""
	settings[lintSettingsKey{}] = s
	return settings
}

// Rules are the simulator's rules, sorted by ID.
func Rules() []lint.Rule {
	return []lint.Rule{
		simRule{backlogGrowthMeta, checkBacklog},
		simRule{latencyOverTimeoutMeta, checkLatency},
		simRule{predictedThrottlingMeta, checkThrottling},
		simRule{streamCostMeta, checkStreamCost},
	}
}

// CheckWorkloadNames reports a workload named for the simulator's rules
// (LintSettings.Workloads) that no linted architecture declares, listing
// the workloads they do (lint.Report.Workloads).
func CheckWorkloadNames(names, declared []string) error {
	for _, name := range names {
		if slices.Contains(declared, name) {
			continue
		}
		if len(declared) == 0 {
			return &NoWorkloadError{Dir: "the architecture"}
		}
		return &UnknownWorkloadError{Name: name, Names: slices.Compact(slices.Sorted(slices.Values(declared)))}
	}
	return nil
}

type simRun struct {
	m   *model
	res *WorkloadResult
}

// simulationKey identifies the simulations of an architecture that a lint
// run shares among the simulator's rules.
type simulationKey struct{}

// lintPrices is the price table of the simulations in lint runs,
// parsed once.
var lintPrices = sync.OnceValues(func() (*Prices, hcl.Diagnostics) { return LoadPrices(nil, "") })

// lintSimulations simulates the workloads of the pass's architecture that
// the run's settings select. A workload that could not be simulated (the
// discrete-event mode's bound on work, a cancelled run) is an error at
// its workload block, and the others are still checked.
func lintSimulations(p *lint.Pass) ([]*simRun, error) {
	set, ok := p.Setting(lintSettingsKey{}).(LintSettings)
	if !ok {
		return nil, nil
	}
	arch := p.Arch
	var ws []*schema.Workload
	for _, w := range arch.Workloads {
		if arch.Imported && len(set.Workloads) == 0 {
			// An imported architecture's workloads are the importer's
			// placeholders (1 request a second), not traffic anyone
			// measured: simulated only when named with --workload.
			break
		}
		picked := len(set.Workloads) == 0 || slices.Contains(set.Workloads, w.Name)
		if picked && w.Entry != nil {
			ws = append(ws, w)
		}
	}
	opt := set.Options
	if len(ws) > 0 && opt.Prices == nil {
		// On an error Simulate reports it.
		if prices, diags := lintPrices(); !diags.HasErrors() {
			opt.Prices = prices
		}
	}
	var runs []*simRun
	var diags hcl.Diagnostics
	var m *model
	for _, w := range ws {
		opt.Workload = w.Name
		rep, err := Simulate(p.Context(), arch, opt)
		if err != nil {
			rng := w.DeclRange
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Workload not simulated",
				Detail:  fmt.Sprintf("workload %s could not be simulated, so the simulator's rules did not check it: %v", w.Name, err),
				Subject: &rng})
			continue
		}
		if m == nil {
			m = compile(arch)
		}
		runs = append(runs, &simRun{m: m, res: &rep.Workloads[0]})
	}
	if len(diags) > 0 {
		return runs, diags
	}
	return runs, nil
}

type simRule struct {
	meta  lint.Meta
	check func(p *lint.Pass, r *simRun)
}

func (r simRule) Meta() lint.Meta { return r.meta }

func (r simRule) Check(p *lint.Pass) error {
	v, err := p.Shared(simulationKey{}, func() (any, error) { return lintSimulations(p) })
	runs, _ := v.([]*simRun)
	for _, run := range runs {
		r.check(p.With(lint.Context{Workload: run.res.Name}), run)
	}
	return err
}

func (r *simRun) node(addr string) *node {
	if c := r.m.arch.Component(addr); c != nil {
		return r.m.byC[c]
	}
	return nil
}

// at is where a finding about c points: the attribute that sets the
// limit, if written, else the block.
func at(c *schema.Component, attrs ...schema.AttrName) hcl.Range {
	for _, a := range attrs {
		if c.IsSet(a) {
			return c.AttrRange(a)
		}
	}
	return c.DeclRange
}

const workloadOption = `archie lint simulates every workload the architecture declares (the
analytic mode; --workload NAME picks some, --simulate-mode des runs the
discrete-event mode with seed 1, --no-simulate skips) and reports what the
simulations predict.`

var predictedThrottlingMeta = lint.Meta{
	ID:       "predicted-throttling",
	Severity: lint.Warning,
	Title:    "The workload should not be throttled",
	Why: `Simulating the workload shows a component refusing work: a function at its
reserved concurrency or the account's unreserved pool, or still scaling up
(Lambda adds 1,000 environments at once and then 1,000 every 10 seconds), an
api past its throttle, a container or external at its limit, or a Kinesis
shard past 1,000 records a second. Sync callers get 429s; asynchronous
events wait and retry, queue messages return after their visibility
timeout and count towards the dead-letter queue.

` + workloadOption + ` It fires when more than
min_share_permille (default 1, 0.1%) of the attempts on a component are
throttled.`,
	Source:  "AWS Lambda Developer Guide: Lambda scaling behaviour and concurrency; API Gateway throttling; Kinesis Data Streams quotas. Checked 2026-11.",
	Ignore:  "When the throttling is the intended back-pressure of a sync api that clients retry with backoff.",
	Options: []lint.Option{{Name: "min_share_permille", Default: 1, Min: 0, Doc: "share of throttled attempts, in thousandths, from which the rule fires"}},
	Failing: `api "public" {}

function "create" {
  concurrency = 10
  duration    = "200ms"
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}

workload "peak" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 100
  duration = "2m"
}`,
	Fixed: `api "public" {}

function "create" {
  concurrency = 40
  duration    = "200ms"
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}

workload "peak" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 100
  duration = "2m"
}`,
	SeeAlso: []string{"concurrency-budget", "trigger-above-reserved", "unbounded-concurrency"},
}

func checkThrottling(p *lint.Pass, r *simRun) {
	min := float64(p.Option("min_share_permille")) / 1000
	w := r.res
	for _, c := range w.Components {
		attempts := c.Invocations + c.Throttled
		if c.Throttled == 0 || attempts == 0 || c.Throttled/attempts <= min {
			continue
		}
		n := r.node(c.Component)
		if n == nil {
			continue
		}
		share := c.Throttled / attempts
		var why string
		switch n.kind {
		case schema.KindFunction:
			lim := fmt.Sprintf("the account's unreserved concurrency %d", r.m.accountPool)
			if !n.pooled {
				lim = fmt.Sprintf("its reserved concurrency %d", n.limit)
			}
			why = fmt.Sprintf("peak concurrency %s against %s", FormatCount(c.Concurrency.Peak), lim)
			if c.Concurrency.Limit != nil && c.Concurrency.Peak < *c.Concurrency.Limit {
				if n.pooled {
					why += ", which other functions were using"
				} else {
					why += ", while Lambda was still adding environments"
				}
			}
		case schema.KindAPI:
			why = fmt.Sprintf("throttle_rate %g with a burst of %g", n.throttleRate, n.throttleBurst)
		default:
			why = fmt.Sprintf("peak concurrency %s", FormatCount(c.Concurrency.Peak))
		}
		p.Report(n.c, at(n.c, schema.AttrConcurrency, schema.AttrThrottleRate, schema.AttrMaxConcurrency, schema.AttrRateLimit),
			"workload %s: %s of %s attempts on %s are throttled (%s): raise the limit, or put a queue in front to absorb the peak",
			w.Name, FormatPercent(share), FormatCount(attempts), c.Component, why)
	}
	for _, q := range w.Queues {
		n := r.node(q.Component)
		if n == nil || n.kind != schema.KindStream || q.Throttled == 0 {
			continue
		}
		if share := q.Throttled / (q.Received + q.Throttled); share > min {
			p.Report(n.c, at(n.c, schema.AttrShards), "workload %s: %s of the records written to %s are throttled: %d shards take %s records a second; add shards or use on-demand capacity",
				w.Name, FormatPercent(share), q.Component, n.shards, FormatCount(float64(n.shards)*shardWriteRate))
		}
	}
}

var backlogGrowthMeta = lint.Meta{
	ID:       "backlog-growth",
	Severity: lint.Error,
	Title:    "A queue's or stream's backlog must drain",
	Why: `Simulating the workload shows a queue or stream whose consumers, at full
speed, take fewer messages a second than arrive at the workload's base
rate: the backlog grows for as long as the load lasts, every message waits
longer than the one before, and once the oldest is older than the
retention period messages are deleted unread. A backlog that builds during
a burst and drains afterwards is the point of a queue; one that never
drains is an outage in slow motion.

` + workloadOption + ` It fires when the backlog cannot drain at the base
rate, or when messages expired during the simulation.`,
	Source: "Amazon SQS Developer Guide (retention 60 s to 14 days; messages past it are deleted); Lambda SQS scaling (concurrency x batch / duration bounds throughput). Checked 2026-11.",
	Ignore: "When the workload's base rate is a peak that never lasts as long as the retention, and the drain after it is planned.",
	Failing: `queue "intake" {}

function "consume" {
  duration = "2s"
  timeout  = "30s"
  trigger {
    source          = queue.intake
    batch_size      = 10
    max_concurrency = 5
  }
}

workload "flood" {
  entry    = queue.intake
  rate     = 50
  duration = "5m"
}`,
	Fixed: `queue "intake" {}

function "consume" {
  duration = "2s"
  timeout  = "30s"
  trigger {
    source          = queue.intake
    batch_size      = 10
    max_concurrency = 20
  }
}

workload "flood" {
  entry    = queue.intake
  rate     = 50
  duration = "5m"
}`,
	SeeAlso: []string{"trigger-above-reserved", "poison-message"},
}

func checkBacklog(p *lint.Pass, r *simRun) {
	w := r.res
	for _, q := range w.Queues {
		n := r.node(q.Component)
		if n == nil {
			continue
		}
		switch {
		case q.DrainS == nil && q.Backlog.Final > 0:
			p.Report(n.c, n.c.DeclRange, "workload %s: the backlog of %s never drains: it ends at %s messages, the oldest %s old, because its consumers take fewer messages a second than arrive; raise their concurrency or batch size, or make them faster",
				w.Name, q.Component, FormatCount(q.Backlog.Final), FormatSeconds(q.OldestAgeS))
		case q.Expired > 0:
			p.Report(n.c, at(n.c, schema.AttrRetention), "workload %s: %s messages of %s expired unread (retention %s) while the backlog peaked at %s",
				w.Name, FormatCount(q.Expired), q.Component, FormatSeconds(n.retention), FormatCount(q.Backlog.Peak))
		}
	}
}

var latencyOverTimeoutMeta = lint.Meta{
	ID:       "latency-over-timeout",
	Severity: lint.Error,
	Title:    "Responses must come back within the api's timeout",
	Why: `Simulating the workload shows the p99 of the responses behind an api above
its integration timeout (29 s for REST, 30 s for HTTP APIs): the api answers
504 while the backend keeps running and is billed to the end, and clients
that retry add load exactly when the system is slow. A compute whose
invocations hit their own timeout is reported too.

` + workloadOption,
	Source: "Amazon API Gateway quotas (integration timeout 29 s REST, 30 s HTTP); AWS Lambda timeout behaviour. Checked 2026-11.",
	Ignore: "Never for an api: make the work asynchronous (accept, queue, poll or notify) instead.",
	Failing: `api "public" {
  type = "rest"
}

function "report" {
  duration = "25s"
  timeout  = "5m"
  trigger {
    source = api.public
    route  = "GET /report"
  }
}

workload "monday" {
  entry    = api.public
  route    = "GET /report"
  rate     = 1
  duration = "10m"
}`,
	Fixed: `api "public" {
  type = "rest"
}

function "report" {
  duration = "2s"
  timeout  = "10s"
  trigger {
    source = api.public
    route  = "GET /report"
  }
}

workload "monday" {
  entry    = api.public
  route    = "GET /report"
  rate     = 1
  duration = "10m"
}`,
	SeeAlso: []string{"api-timeout", "duration-exceeds-timeout", "timeout-budget"},
}

func checkLatency(p *lint.Pass, r *simRun) {
	w := r.res
	for _, e := range w.Entries {
		n := r.node(e.Component)
		if n == nil || n.kind != schema.KindAPI || math.IsInf(n.timeout, 1) {
			continue
		}
		if e.BackendP99Ms/1000 > n.timeout {
			p.Report(n.c, at(n.c, schema.AttrTimeout), "workload %s: the p99 response behind %s takes %s, over its %s integration timeout: clients get 504s while the backend runs on",
				w.Name, e.Component, FormatLatency(e.BackendP99Ms), FormatSeconds(n.timeout))
		}
	}
	for _, c := range w.Components {
		n := r.node(c.Component)
		if n == nil || c.Timeouts == 0 || !n.kind.IsCompute() {
			continue
		}
		share := c.Timeouts / math.Max(1, c.Invocations)
		if share <= 0.001 {
			continue
		}
		p.ReportAt(lint.Warning, n.c, at(n.c, schema.AttrTimeout), "workload %s: %s of the invocations of %s reach its %s timeout",
			w.Name, FormatPercent(share), c.Component, FormatSeconds(n.timeout))
	}
}

var streamCostMeta = lint.Meta{
	ID:       "stream-cost",
	Severity: lint.Warning,
	Title:    "A stream's fixed cost should fit its volume",
	Why: `A Kinesis data stream is paid by the hour for its capacity (shard-hours, or
the stream-hour of on-demand mode) whatever flows through it. Simulating
the workload shows a stream whose capacity costs many times what carrying
the same records through SQS would (about 1.2 requests a message at $0.40
per million): the stream is idle capacity, and its ordering and replay are
being paid for far above their use.

` + workloadOption + ` It fires when the stream's monthly capacity cost is
more than ratio (default 10) times that SQS figure.`,
	Source:  "Amazon Kinesis Data Streams pricing and Amazon SQS pricing (us-east-1). Checked 2026-11.",
	Ignore:  "When the stream's ordering per key, replay window or fan-out to several readers is what the design needs.",
	Options: []lint.Option{{Name: "ratio", Default: 10, Min: 1, Doc: "how many times the SQS cost of the same records the stream's capacity may cost"}},
	Failing: `stream "events" {
  shards = 10
}

function "process" {
  duration = "50ms"
  trigger {
    source = stream.events
  }
}

workload "trickle" {
  entry    = stream.events
  rate     = 1
  duration = "10m"
}`,
	Fixed: `queue "events" {}

function "process" {
  duration = "50ms"
  trigger {
    source = queue.events
  }
}

workload "trickle" {
  entry    = queue.events
  rate     = 1
  duration = "10m"
}`,
	SeeAlso: []string{"backlog-growth"},
}

func checkStreamCost(p *lint.Pass, r *simRun) {
	w := r.res
	ratio := float64(p.Option("ratio"))
	for _, q := range w.Queues {
		n := r.node(q.Component)
		if n == nil || n.kind != schema.KindStream || w.Arrivals == 0 {
			continue
		}
		var fixed float64
		for _, it := range w.Cost.Items {
			if it.Component == q.Component && (strings.Contains(it.Unit, "shard-h") || it.Item == "stream-hours") {
				fixed += it.MonthlyUSD
			}
		}
		records := q.Received / w.Arrivals * w.Cost.Requests
		sqs := records * 1.2 * 0.40 / 1e6
		if fixed <= 0 || fixed <= ratio*sqs {
			continue
		}
		perMillion := math.Inf(1)
		if records > 0 {
			perMillion = fixed / records * 1e6
		}
		p.Report(n.c, at(n.c, schema.AttrShards), "workload %s: %s costs %s a month in capacity for %s records (%s per million); SQS would carry them for about %s: use fewer shards, on-demand mode, or a queue",
			w.Name, q.Component, usd(fixed), FormatCount(records), usd(perMillion), usd(sqs))
	}
}
