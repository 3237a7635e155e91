package rules

import (
	"slices"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type missingThrottle struct{}

func (missingThrottle) Meta() lint.Meta {
	return lint.Meta{
		ID:       "missing-throttle",
		Severity: lint.Warning,
		Title:    "A public api needs a throttle of its own",
		Why: `Without a throttle of its own, a public API Gateway api accepts everything up
to the account's regional quota: 10,000 requests per second with a burst of
5,000 by default, shared by every api of the account in that region (2,500
and 1,250 in some newer regions). One noisy client, a retry storm or a
scraper can then use the whole quota, so the account's other apis answer
429, and every request it lets in reaches the functions behind it, whose
concurrency is shared too (1,000 per account by default). A stage or route
throttle sized for what the backends can take turns a flood into fast 429s
at the edge instead of timeouts and throttling further in.

The rule fires on an api with public = true (the default) and no
throttle_rate. An ALB or AppSync api has no API Gateway throttle: set
throttle_rate to the limit enforced in front of it (a WAF rate-based rule,
say) so the model records it.

The functions behind the api that have no reserved concurrency are named in
the same finding: one root cause, one finding (unbounded-concurrency does not
report them again while the api has no throttle).`,
		Source: "Amazon API Gateway quotas (account-level throttle 10,000 RPS and burst 5,000 per Region; 2,500/1,250 in some Regions) and 'Throttle requests to your HTTP API' (stage and route throttling); AWS Lambda quotas (1,000 concurrent executions per account). Checked 2026-11.",
		Ignore: "For an api whose callers are already limited elsewhere (a CloudFront distribution with a WAF rate rule in front of it): write that limit as throttle_rate rather than suppressing, so the simulator sees it.",
		Failing: `api "public" {
  type = "http"
}

function "create_order" {
  memory  = 512
  timeout = "10s"
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}`,
		Fixed: `api "public" {
  type           = "http"
  throttle_rate  = 500
  throttle_burst = 1000
}

function "create_order" {
  memory  = 512
  timeout = "10s"
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}`,
		SeeAlso: []string{"unbounded-concurrency", "concurrency-budget"},
	}
}

func (missingThrottle) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindAPI || !c.Bool(schema.AttrPublic) || c.IsSet(schema.AttrThrottleRate) {
			continue
		}
		var targets, uncapped []*schema.Component
		for _, e := range c.Out {
			if e.Relation == schema.RelTrigger && !slices.Contains(targets, e.To) {
				targets = append(targets, e.To)
				if e.To.Kind == schema.KindFunction && !isCapped(e.To) {
					uncapped = append(uncapped, e.To)
				}
			}
		}
		behind := ""
		if len(targets) > 0 {
			behind = " in front of " + lint.Addresses(targets)
		}
		// One root cause, one finding: the uncapped functions behind the
		// api are named here, not reported again by unbounded-concurrency.
		also := ""
		switch len(uncapped) {
		case 0:
		case 1:
			also = "; " + uncapped[0].Address() + " has no reserved concurrency either, so the flood can take the account's whole concurrency and throttle every other function (or set its concurrency)"
		default:
			also = "; " + lint.Addresses(uncapped) + " have no reserved concurrency either, so the flood can take the account's whole concurrency and throttle every other function (or set their concurrency)"
		}
		if t := c.Str(schema.AttrType); t == "alb" || t == "appsync" {
			// neither has an API Gateway throttle or shares its quota
			p.Report(c, c.DeclRange,
				"%s is public%s with no throttle_rate: %s has no throttle of its own, so one client's flood reaches the backends unchecked; limit it in front (a WAF rate-based rule) and record that limit as throttle_rate%s",
				c.Address(), behind, map[string]string{"alb": "an ALB", "appsync": "an AppSync api"}[t], also)
			continue
		}
		p.Report(c, c.DeclRange,
			"%s is public%s with no throttle_rate: one client can use the account's regional api quota (10,000 requests/s by default, shared by every api) and push all of it to the backends; set throttle_rate and throttle_burst%s",
			c.Address(), behind, also)
	}
	return nil
}
