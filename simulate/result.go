package simulate

// Report is what Simulate returns: one result per workload. Its JSON form
// is the stable machine interface of `archie simulate --format json`.
type Report struct {
	Architecture string `json:"architecture,omitempty"`
	Mode         string `json:"mode"`
	Seed         uint64 `json:"seed"`
	// Replications is the number of seeded runs each figure averages
	// (omitted for one); Seeds are their seeds, the first is Seed.
	Replications int              `json:"replications,omitempty"`
	Seeds        []uint64         `json:"seeds,omitempty"`
	Prices       PriceInfo        `json:"prices"`
	Workloads    []WorkloadResult `json:"workloads"`
}

// PriceInfo says which price table the costs use.
type PriceInfo struct {
	Region string `json:"region"`
	Date   string `json:"date"`
	Source string `json:"source"`
}

// WorkloadResult is the outcome of one workload.
type WorkloadResult struct {
	Name       string            `json:"name"`
	Entry      string            `json:"entry"`
	Rate       float64           `json:"rate"`
	Arrivals   float64           `json:"arrivals"`
	SimulatedS float64           `json:"simulated_s"`
	Entries    []EntryResult     `json:"entries"`
	Components []ComponentResult `json:"components"`
	Queues     []QueueResult     `json:"queues"`
	Edges      []EdgeResult      `json:"edges"`
	Cost       Cost              `json:"cost"`
	Notes      []string          `json:"notes,omitempty"`
	// Warnings say why the figures may not hold beyond the simulated
	// window: too few arrivals, a component so busy that the window is
	// shorter than its time to settle, a backlog still growing.
	Warnings []string `json:"warnings,omitempty"`

	// For plots; not part of the JSON.
	Latency *Histogram `json:"-"`
	Series  *Series    `json:"-"`
}

// Latency in milliseconds.
type Latency struct {
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
	// CI95 holds the 95% confidence intervals of the replicated figures
	// (--replications above 1).
	CI95 *LatencyCI `json:"ci95,omitempty"`
}

// LatencyCI is the 95% confidence interval of each latency figure over
// the replications, in milliseconds.
type LatencyCI struct {
	Mean *Interval `json:"mean"`
	P50  *Interval `json:"p50"`
	P95  *Interval `json:"p95"`
	P99  *Interval `json:"p99"`
}

// OutcomeCI is the 95% confidence interval of each outcome count of an
// entry over the replications.
type OutcomeCI struct {
	Succeeded    *Interval `json:"succeeded"`
	Throttled    *Interval `json:"throttled"`
	Failed       *Interval `json:"failed"`
	DeadLettered *Interval `json:"dead_lettered"`
	InFlight     *Interval `json:"in_flight"`
}

// CostCI is the 95% confidence interval of the monthly cost over the
// replications.
type CostCI struct {
	MonthlyUSD *Interval `json:"monthly_usd"`
}

// EntryResult is the end-to-end outcome of the workload's arrivals: for
// a sync entry the response, for an asynchronous entry the completion of
// all the work an arrival causes.
type EntryResult struct {
	Component string  `json:"component"`
	Route     string  `json:"route"`
	Sync      bool    `json:"sync"`
	Latency   Latency `json:"latency_ms"`
	// BackendP99Ms is the p99 of a sync entry's responses before an api's
	// integration timeout cuts them off.
	BackendP99Ms float64 `json:"backend_p99_ms,omitempty"`
	Succeeded    float64 `json:"succeeded"`
	Throttled    float64 `json:"throttled"`
	Failed       float64 `json:"failed"`
	DeadLettered float64 `json:"dead_lettered"`
	InFlight     float64 `json:"in_flight"`
	// CI95 holds the 95% confidence intervals of the counts above over
	// the replications (--replications above 1).
	CI95 *OutcomeCI `json:"ci95,omitempty"`
}

// Concurrency of a component: time-weighted mean, peak, and its limit
// (null when unbounded).
type Concurrency struct {
	Mean  float64  `json:"mean"`
	Peak  float64  `json:"peak"`
	Limit *float64 `json:"limit"`
}

// ComponentResult describes one compute, external or api component.
type ComponentResult struct {
	Component      string      `json:"component"`
	Invocations    float64     `json:"invocations"`
	Throttled      float64     `json:"throttled"`
	Errors         float64     `json:"errors"`
	Timeouts       float64     `json:"timeouts"`
	ColdStarts     float64     `json:"cold_starts"`
	ColdStartShare float64     `json:"cold_start_share"`
	DeadLettered   float64     `json:"dead_lettered"`
	Concurrency    Concurrency `json:"concurrency"`
	Utilisation    float64     `json:"utilisation"` // mean concurrency / limit; 0 when unbounded
	DurationMs     float64     `json:"duration_ms"` // mean billed duration, waits included
}

// QueueResult describes a queue or stream: what waits in it.
type QueueResult struct {
	Component    string   `json:"component"`
	Received     float64  `json:"received"`
	Backlog      Backlog  `json:"backlog"`
	OldestAgeS   float64  `json:"oldest_age_s"`
	DrainS       *float64 `json:"drain_s"` // time to drain the final backlog at full consumer speed; null: never
	DeadLettered float64  `json:"dead_lettered"`
	Expired      float64  `json:"expired"`
	Throttled    float64  `json:"throttled"`
}

// Backlog in messages.
type Backlog struct {
	Peak  float64 `json:"peak"`
	Final float64 `json:"final"`
}

// EdgeResult is the work an edge carries, per second at the workload's
// base rate (offered load).
type EdgeResult struct {
	From     string  `json:"from"`
	To       string  `json:"to"`
	Relation string  `json:"relation"`
	PerS     float64 `json:"per_s"`
}

// Cost is the monthly bill for the workload's monthly volume.
type Cost struct {
	MonthlyUSD    float64    `json:"monthly_usd"`
	PerMillionUSD float64    `json:"per_million_usd"`
	Requests      float64    `json:"requests"` // per month
	FreeTier      bool       `json:"free_tier"`
	Items         []CostItem `json:"items"`
	NotPriced     []string   `json:"not_priced,omitempty"`
	// CI95 is the 95% confidence interval of MonthlyUSD over the
	// replications (--replications above 1).
	CI95 *CostCI `json:"ci95,omitempty"`

	groups map[string]float64 // monthly quantity per price key, for the free tier
	exact  float64            // MonthlyUSD before rounding
}

// CostItem is one line of the bill.
type CostItem struct {
	Component  string  `json:"component"`
	Item       string  `json:"item"`
	Quantity   float64 `json:"quantity"`
	Unit       string  `json:"unit"`
	MonthlyUSD float64 `json:"monthly_usd"`
}
