package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type unboundedConcurrency struct{}

func (unboundedConcurrency) Meta() lint.Meta {
	return lint.Meta{
		ID:       "unbounded-concurrency",
		Severity: lint.Error,
		Title:    "Compute that scales without a cap must not hit something that cannot",
		Why: `Lambda scales out quickly (up to 1,000 new execution environments every 10
seconds per function) and stops only at the account limit, 1,000 by default.
A downstream that cannot grow with it (a relational database with a
connection limit, provisioned DynamoDB capacity, a container fleet that does
not scale out, a partner API with a rate limit) is then overwhelmed: the
serverless patterns catalog warns that Lambda and Kinesis can scale quickly
enough to overwhelm less elastic downstream services. Queue-based load
leveling only protects the downstream if the consumer's concurrency is
capped. An uncapped function behind a public api can also take the whole
account's concurrency in a traffic spike and throttle every other function.

It is an error when uncapped compute calls or writes a non-elastic component,
or consumes the queue of a queue_load_leveling pattern; a warning when a
public api triggers an uncapped function. Compute is capped by concurrency
(reserved concurrency for a function), by a fixed number of tasks (a
container that does not scale out), or when every source of its work is a
queue trigger with max_concurrency or a stream trigger (a Kinesis or Kafka
stream, a table's change stream): a stream's pollers run one batch per
shard or partition and parallelization slot, so a burst lengthens the
backlog, not the function's concurrency.

A function behind a public api with no throttle_rate is not reported here:
missing-throttle reports the api once and names the uncapped functions
behind it. Behind a throttled public api, an uncapped function is still a
warning when the throttle lets through enough requests to take the
account's whole concurrency: when throttle_burst + throttle_rate x the
function's timeout (the most executions the throttle can keep running at
once, each lasting its timeout) reaches the account's concurrency. A usage
plan of 10 requests per second in front of a function with a 30-second
timeout keeps at most 300 + burst executions running, and is not
reported.`,
		Source: "AWS Lambda Developer Guide: Lambda scaling behaviour and reserved concurrency; Lambda quotas (1,000 concurrent executions per account by default); serverless patterns catalog (seed 002), queue-based load leveling.",
		Ignore: "When the downstream's limit is far above anything the function can reach (for example a function that only runs on a one-per-day schedule).",
		Failing: `function "record_payment" {
  memory  = 256
  timeout = "10s"
  writes  = [database.ledger]
}

database "ledger" {
  engine          = "postgres"
  max_connections = 100
}`,
		Fixed: `function "record_payment" {
  memory      = 256
  timeout     = "10s"
  concurrency = 50
  writes      = [database.ledger]
}

database "ledger" {
  engine          = "postgres"
  max_connections = 100
}`,
		SeeAlso:  []string{"trigger-above-reserved", "concurrency-budget", "missing-throttle"},
		Patterns: []string{"queue_load_leveling"},
		Imported: `A call or write the importer inferred from an IAM permission or an
environment variable (a DynamoDBCrudPolicy on a provisioned table, a role
allowed to write it) is reported as one declared in the template, an
error, and the message names the inferred edge so that it can be checked
against the code: in a hand-judged sample of public templates, most such
writes were real, and lowering them lost more true findings than it
removed false ones. A call or write inferred from a role that several
functions or state machines share (the provider role of a serverless.yml
service, an AWS::IAM::Role or aws_iam_role given to more than one) is a
warning: the role allows what all of them do together, so a CRUD service
whose list and get functions share the role of its create function would
otherwise be told that every function writes the table.`,
	}
}

func (unboundedConcurrency) Check(p *lint.Pass) error {
	leveled := map[*schema.Component]*schema.Pattern{}
	for _, pat := range p.Arch.Patterns {
		if pat.Kind == "queue_load_leveling" {
			if c := pat.Member("consumer"); c != nil && leveled[c] == nil {
				leveled[c] = pat
			}
		}
	}
	for _, c := range p.Arch.Components {
		if !c.Kind.IsCompute() || isCapped(c) {
			continue
		}
		reported := false
		for _, e := range c.Out {
			if e.Relation != schema.RelCalls && e.Relation != schema.RelWrites {
				continue
			}
			if e.To.IsElastic() {
				continue
			}
			verb := "calls"
			if e.Relation == schema.RelWrites {
				verb = "writes"
			}
			// A call or write the importer inferred from a permission or
			// an environment variable stays an error (on public templates
			// such writes were mostly real), and the message names it;
			// one inferred from a role other components share is a
			// warning: the role allows what all of them do.
			note := inferredNote([]*schema.Edge{e})
			sev := lint.Error
			if e.SharedBy > 1 {
				sev = lint.Warning
			}
			p.ReportAt(sev, c, edgeRange(e),
				"%s has no concurrency cap and %s %s, %s: a burst scales %s out faster than %s can absorb; set concurrency%s",
				c.Address(), verb, e.To.Address(), describeKind(e.To), c.Name, e.To.Address(), note)
			reported = true
		}
		if pat := leveled[c]; pat != nil {
			p.With(lint.Context{Pattern: pat.Name}).Report(c, c.DeclRange,
				"%s consumes %s in queue_load_leveling pattern %q but has no concurrency cap: the queue levels load only if its consumer is capped; set concurrency or the trigger's max_concurrency",
				c.Address(), addressOf(pat.Member("queue")), pat.Name)
			reported = true
		}
		if reported || c.Kind != schema.KindFunction {
			continue
		}
		for _, e := range c.In {
			// Behind a public api without a throttle, missing-throttle
			// reports the api once and names c.
			if e.Relation == schema.RelTrigger && e.From.Kind == schema.KindAPI && e.From.Bool(schema.AttrPublic) && e.From.IsSet(schema.AttrThrottleRate) {
				if peak, ok := throttledPeak(e.From, c); ok && peak < float64(accountConcurrency(p.Arch)) {
					break // the throttle cannot let c take the account's concurrency
				}
				p.ReportAt(lint.Warning, c, c.DeclRange,
					"%s is behind public %s with no reserved concurrency: a traffic spike can take the account's whole concurrency and throttle every other function; set concurrency",
					c.Address(), e.From.Address())
				break
			}
		}
	}
	return nil
}

// throttledPeak is the most executions of c that api's throttle can keep
// running at once: its burst plus its rate times c's timeout, each request
// lasting the timeout at worst (Little's law).
func throttledPeak(api, c *schema.Component) (float64, bool) {
	rate, ok := api.Num(schema.AttrThrottleRate)
	timeout, tok := c.Dur(schema.AttrTimeout)
	if !ok || !tok {
		return 0, false
	}
	burst, _ := api.Num(schema.AttrThrottleBurst)
	return burst + rate*timeout.Seconds(), true
}

// accountConcurrency is the architecture's account concurrency, 1,000 by
// default.
func accountConcurrency(a *schema.Architecture) int {
	if a.AccountConcurrency > 0 {
		return a.AccountConcurrency
	}
	return 1000
}

func addressOf(c *schema.Component) string {
	if c == nil {
		return "its queue"
	}
	return c.Address()
}
