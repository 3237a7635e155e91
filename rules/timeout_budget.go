package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type timeoutBudget struct{}

func (timeoutBudget) Meta() lint.Meta {
	return lint.Meta{
		ID:       "timeout-budget",
		Severity: lint.Error,
		Title:    "Timeouts on a synchronous path must nest, and its p99 work must fit in the api's timeout",
		Why: `On a synchronous path every caller waits for its callee. If the callee may run
as long as its caller, or longer, the caller is cut off first: it never sees
the callee's error, cannot retry or fall back, and dies with a timeout of its
own while the callee carries on, billed, with nobody waiting for the answer.
Retries make it worse: a caller with call_retries 2 may wait three times the
callee's timeout. And the api at the front of the path gives up after its
integration timeout (29 s for a REST API, 30 s for an HTTP API) whatever the
functions behind it are still doing.

The rule checks two things. Each synchronous call from compute with a
timeout: the callee's limit times (1 + the caller's call_retries) must be
below the caller's timeout. The limit is a compute component's timeout, an
external's p99 latency (it has no timeout of its own), or for an api the
shorter of its integration timeout and the limits behind its routes.

And each api route: along the slowest path behind it, the p99 work of every
hop (a compute component's duration_p99, an external's latency_p99), with the
calls that lead to it repeated by call_retries, must fit in the api's
integration timeout. A path whose p99 work adds up past the api's timeout
means that the slowest requests end in a 504 while the work goes on behind
it; this also covers containers, which have no timeout of their own.
A route whose first target alone outlasts the api is reported by api-timeout
instead, and a path is not reported again when one of its calls already is.`,
		Source: "Amazon API Gateway quotas (integration timeout 29 s REST, 30 s HTTP); AWS Lambda Developer Guide: synchronous invocation and function timeout; function composition (seed 003: a function waiting on another is billed while it waits). Checked 2026-11.",
		Ignore: "For a call: when the code gives the call a client timeout shorter than the callee's; write that bound in the architecture (a lower timeout on the callee) rather than suppressing. For a path: when its hops cannot all be slow at once and each caller's timeout already covers its own work and its callees'; say why in the suppression reason.",
		Failing: `function "checkout" {
  timeout      = "10s"
  call_retries = 2
  calls        = [function.charge]
}

function "charge" {
  timeout = "5s"
}`,
		Fixed: `function "checkout" {
  timeout      = "10s"
  call_retries = 2
  calls        = [function.charge]
}

function "charge" {
  timeout = "3s"
}`,
		SeeAlso: []string{"api-timeout", "duration-exceeds-timeout", "sync-chain"},
		Imported: `Only declared calls count: API integrations, a state machine's tasks,
calls written in the language. A call the importer inferred from an IAM
permission or an environment variable is left out of both checks: the
permission does not say the caller waits on it.`,
	}
}

func (timeoutBudget) Check(p *lint.Pass) error {
	reported := map[*schema.Edge]bool{}
	// an api's limit looks at all its routes: work it out once per api, not
	// once per caller
	apiLimits := map[*schema.Component]limit{}
	limitOf := func(c *schema.Component) (limit, bool) {
		if c.Kind != schema.KindAPI {
			return waitLimit(c)
		}
		if l, ok := apiLimits[c]; ok {
			return l, true
		}
		l, _ := waitLimit(c)
		apiLimits[c] = l
		return l, true
	}
	for _, caller := range p.Arch.Components {
		callerT, ok := hardTimeout(caller)
		if !ok {
			continue
		}
		n := attempts(caller)
		for _, e := range caller.Out {
			if e.Relation != schema.RelCalls || e.Mode != schema.ModeSync || !declared(e) {
				continue
			}
			l, ok := limitOf(e.To)
			if !ok {
				continue
			}
			worst := mulDur(l.d, n)
			if worst < callerT {
				continue
			}
			reported[e] = true
			if n == 1 {
				p.Report(caller, edgeRange(e),
					"%s (%s) is called synchronously by %s (timeout %s): %s is cut off before the call can end, so it never sees the callee's error and cannot retry or fall back; keep the callee's limit below %s",
					e.To.Address(), l.desc, caller.Address(), fmtDur(callerT), caller.Address(), fmtDur(callerT))
				continue
			}
			p.Report(caller, edgeRange(e),
				"%s (%s) is called synchronously by %s (timeout %s) with call_retries %d: %d attempts can take %s, so %s is cut off before its last retry ends; keep %d x the callee's limit below %s",
				e.To.Address(), l.desc, caller.Address(), fmtDur(callerT), n-1, n, fmtDur(worst), caller.Address(), n, fmtDur(callerT))
		}
	}

	b := newBudgets()
	for _, api := range p.Arch.Components {
		if api.Kind != schema.KindAPI {
			continue
		}
		apiLimit, _ := api.Dur(schema.AttrTimeout)
		for _, e := range api.Out {
			first := e.To
			if e.Relation != schema.RelTrigger || !waitsOn(first) || first.Kind == schema.KindAPI {
				continue
			}
			if l, ok := waitLimit(first); ok && l.d > apiLimit {
				continue // api-timeout
			}
			total := b.of(first).total
			if total <= apiLimit {
				continue
			}
			hops, ok := b.path(first, reported, len(p.Arch.Components))
			if !ok {
				continue
			}
			via := api.Address()
			if r := e.Trigger.Str(schema.AttrRoute); r != "" {
				via += fmt.Sprintf(" route %q", r)
			}
			p.Report(first, edgeRange(e),
				"the slowest path behind %s takes %s at p99, more than its integration timeout of %s: %s -> %s; make the hops faster or move work off the request path",
				via, fmtDur(total), fmtDur(apiLimit), api.Address(), strings.Join(hops, " -> "))
		}
	}
	return nil
}

// budgets finds, for each component, the synchronous path below it whose
// timeouts add up to the most. Like schema.SyncPaths it memoises across
// start points, so all apis together cost time linear in the call graph;
// a path never visits a component twice.
type budgets struct {
	memo   map[*schema.Component]*budget
	onPath map[*schema.Component]bool
}

type budget struct {
	total  time.Duration // worst case of one call to the component
	next   *schema.Edge  // the call on the worst path, nil at its end
	capped bool          // an api whose integration timeout cuts the path short
}

func newBudgets() *budgets {
	return &budgets{memo: map[*schema.Component]*budget{}, onPath: map[*schema.Component]bool{}}
}

func (b *budgets) of(c *schema.Component) *budget {
	if n, ok := b.memo[c]; ok {
		return n
	}
	b.onPath[c] = true
	var worst *schema.Edge
	var tail time.Duration
	for _, e := range c.Out {
		if e.Mode != schema.ModeSync || !declared(e) || !waitsOn(e.To) || b.onPath[e.To] {
			continue
		}
		if t := b.of(e.To).total; worst == nil || t > tail {
			worst, tail = e, t
		}
	}
	b.onPath[c] = false
	n := &budget{next: worst}
	if c.Kind == schema.KindAPI {
		apiLimit, _ := c.Dur(schema.AttrTimeout)
		n.total = tail
		if tail > apiLimit {
			n.total, n.capped = apiLimit, true
		}
	} else {
		own, _ := ownBudget(c)
		n.total = addDur(own, mulDur(tail, attempts(c)))
	}
	b.memo[c] = n
	return n
}

// path describes the worst path below first, hop by hop, with the
// attempts that multiply each hop. ok is false when one of its calls is in
// skip: the path's problem is already reported there.
func (b *budgets) path(first *schema.Component, skip map[*schema.Edge]bool, limitHops int) ([]string, bool) {
	var hops []string
	times := int64(1)
	for c := first; c != nil && len(hops) <= limitHops; {
		n := b.of(c)
		if c.Kind == schema.KindAPI {
			if n.capped {
				hops = append(hops, fmt.Sprintf("%s (at most %s%s)", c.Address(), fmtDur(n.total), timesSuffix(times)))
				break
			}
			hops = append(hops, c.Address())
		} else {
			own, desc := ownBudget(c)
			hops = append(hops, fmt.Sprintf("%s (%s %s%s)", c.Address(), desc, fmtDur(own), timesSuffix(times)))
			times = satMul(times, attempts(c))
		}
		if n.next == nil {
			break
		}
		if skip[n.next] {
			return nil, false
		}
		c = n.next.To
	}
	return hops, true
}

// ownBudget is a hop's own p99 work on a path: an external's p99 latency,
// or a compute component's p99 duration.
func ownBudget(c *schema.Component) (time.Duration, string) {
	if c.Kind == schema.KindExternal {
		d, _ := c.Dur(schema.AttrLatencyP99)
		return d, "p99 latency"
	}
	if c.Kind.IsCompute() {
		d, _ := c.Dur(schema.AttrDurationP99)
		return d, "p99 duration"
	}
	return 0, ""
}

func timesSuffix(n int64) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" x %d attempts", n)
}

func satMul(a, b int64) int64 {
	if a > 0 && b > 0 && a > (1<<62)/b {
		return 1 << 62
	}
	return a * b
}
