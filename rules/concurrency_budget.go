package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type concurrencyBudget struct{}

func (concurrencyBudget) Meta() lint.Meta {
	return lint.Meta{
		ID:       "concurrency-budget",
		Severity: lint.Error,
		Title:    "Reserved concurrency must fit in the account's limit",
		Why: `Every Lambda function of an account and region shares one concurrency limit,
1,000 by default. Reserving concurrency for a function sets part of it
aside, and Lambda always keeps 100 unreserved for the functions without a
reservation: a reservation that would leave less than that is rejected, so
the deployment that adds it fails. And functions without a reservation share
whatever is left, which can be very little.

The rule adds up the concurrency of every function in the architecture and
fires when the sum is above account_concurrency (on the architecture block,
1000 by default) minus 100. Containers' concurrency is not Lambda's and is
not counted. Other architectures deployed to the same account share the
limit too; set account_concurrency to this architecture's share.`,
		Source: "AWS Lambda Developer Guide: Lambda quotas (1,000 concurrent executions per Region by default) and reserved concurrency (at least 100 must stay unreserved). Checked 2026-11.",
		Ignore: "Never for the account as configured; when the account's limit has been raised, set account_concurrency on the architecture block instead.",
		Failing: `architecture "shop" {
  account_concurrency = 1000
}

function "checkout" {
  concurrency = 600
}

function "search" {
  concurrency = 400
}`,
		Fixed: `architecture "shop" {
  account_concurrency = 1000
}

function "checkout" {
  concurrency = 500
}

function "search" {
  concurrency = 300
}`,
		SeeAlso: []string{"unbounded-concurrency", "trigger-above-reserved"},
	}
}

// unreservedMinimum is the concurrency Lambda keeps for functions without
// a reservation (Lambda Developer Guide, reserved concurrency; checked
// 2026-11).
const unreservedMinimum = 100

func (concurrencyBudget) Check(p *lint.Pass) error {
	type reservation struct {
		c *schema.Component
		n int
	}
	var all []reservation
	sum := 0
	available := p.Arch.AccountConcurrency - unreservedMinimum
	var crossing *schema.Component
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction || !c.IsSet(schema.AttrConcurrency) {
			continue
		}
		n, _ := c.Num(schema.AttrConcurrency)
		all = append(all, reservation{c, int(n)})
		sum += int(n)
		if sum > available && crossing == nil {
			crossing = c
		}
	}
	if crossing == nil {
		return nil
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].n > all[j].n })
	const shown = 3
	var parts []string
	for i, r := range all {
		if i == shown {
			parts = append(parts, fmt.Sprintf("%d more", len(all)-shown))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", r.c.Address(), r.n))
	}
	msg := fmt.Sprintf("reserved concurrency adds up to %d across %d functions (%s), above the %d an account limit of %d can reserve: Lambda keeps %d unreserved and rejects the reservation that crosses the line; lower the reservations, or raise the account limit and account_concurrency",
		sum, len(all), strings.Join(parts, ", "), max(available, 0), p.Arch.AccountConcurrency, unreservedMinimum)
	if p.Arch.DeclRange.Filename != "" {
		p.Report(nil, p.Arch.DeclRange, "%s", msg)
		return nil
	}
	p.Report(crossing, crossing.AttrRange(schema.AttrConcurrency), "%s", msg)
	return nil
}
