package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type durationExceedsTimeout struct{}

func (durationExceedsTimeout) Meta() lint.Meta {
	return lint.Meta{
		ID:       "duration-exceeds-timeout",
		Severity: lint.Error,
		Title:    "A compute's own work plus what it waits on must fit in its timeout",
		Why: `Lambda stops an invocation when its timeout is reached and counts it as an
error, whatever the code was doing: a write half done, a payment sent and
its answer never recorded. The caller then sees a failure and often
retries, repeating work that may have partly happened. A timeout is only
safe when it covers the slow case, not the typical one: the function's own
work at its 99th percentile plus everything it waits on synchronously,
each call as many times as the code tries it.

For every compute component with a timeout, the rule adds its
duration_p99 and, for each synchronous call, the longest one attempt can
take (a compute callee's timeout, an external's latency_p99, an api's
integration timeout or the longest route behind it) multiplied by
1 + call_retries. Calls are added up as if made one after the other, since
the model does not say which run in parallel; a container callee without a
timeout counts with its duration_p99. The finding points at the timeout
and shows the sum. Containers without a timeout have nothing to exceed
and are skipped. When the attempts of one call alone already reach the
caller's timeout, timeout-budget reports that call where it is made, and
this rule does not repeat it: it is about time that runs out only once the
work and the calls are added up.`,
		Source: "AWS Lambda Developer Guide: configuring function timeout (the invocation ends with an error at the timeout; 900 s maximum); AWS Step Functions: state machine and task timeouts. Checked 2026-11.",
		Ignore: "When the calls really run in parallel and their sum overstates the wait: raise the timeout to cover the slowest call anyway, or suppress with that reason.",
		Failing: `function "checkout" {
  memory       = 512
  timeout      = "5s"
  duration_p99 = "1500ms"
  call_retries = 1
  calls        = [external.payments]
}

external "payments" {
  latency     = "400ms"
  latency_p99 = "2s"
}`,
		Fixed: `function "checkout" {
  memory       = 512
  timeout      = "8s"
  duration_p99 = "1500ms"
  call_retries = 1
  calls        = [external.payments]
}

external "payments" {
  latency     = "400ms"
  latency_p99 = "2s"
}`,
		SeeAlso: []string{"timeout-budget", "api-timeout", "implicit-defaults"},
	}
}

func (durationExceedsTimeout) Check(p *lint.Pass) error {
	w := waits{}
	for _, c := range p.Arch.Components {
		if !c.Kind.IsCompute() {
			continue
		}
		timeout, ok := c.Dur(schema.AttrTimeout)
		if !ok {
			continue
		}
		if total, _ := w.worstCase(c, false); total <= timeout || w.oneCallReaches(c, timeout) {
			continue
		}
		total, parts := w.worstCase(c, true)
		setBy := "its timeout"
		if !c.IsSet(schema.AttrTimeout) {
			setBy = "its default timeout"
		}
		fix := "raise the timeout or make the work faster"
		if len(parts) > 1 {
			fix = "raise the timeout, make the work faster, or move the slow calls off the request path"
		}
		p.Report(c, c.AttrRange(schema.AttrTimeout),
			"%s can run %s at worst, over %s of %s: %s; %s",
			c.Address(), fmtDur(total), setBy, fmtDur(timeout), strings.Join(parts, " + "), fix)
	}
	return nil
}

// worstCase is the longest c can take: its p99 own work plus every
// synchronous call, each attempt at the callee's limit. With describe it
// also returns the terms of the sum, which only a finding needs.
func (w waits) worstCase(c *schema.Component, describe bool) (time.Duration, []string) {
	own, _ := c.Dur(schema.AttrDurationP99)
	total := own
	var parts []string
	if describe {
		parts = append(parts, "p99 own work "+fmtDur(own))
	}
	n := attempts(c)
	for _, e := range c.Out {
		if e.Relation != schema.RelCalls {
			continue
		}
		wait, desc := w.callWait(e.To, describe)
		total = addDur(total, mulDur(wait, n))
		if !describe {
			continue
		}
		term := fmt.Sprintf("%s (%s)", e.To.Address(), desc)
		if n > 1 {
			term = fmt.Sprintf("%d x %s", n, term)
		}
		parts = append(parts, term)
	}
	return total, parts
}

// oneCallReaches reports whether one synchronous call of c, with its
// retries, alone reaches c's timeout: timeout-budget's finding.
func (w waits) oneCallReaches(c *schema.Component, timeout time.Duration) bool {
	if _, ok := hardTimeout(c); !ok {
		return false
	}
	n := attempts(c)
	for _, e := range c.Out {
		if e.Relation != schema.RelCalls {
			continue
		}
		if l, ok := w.limit(e.To); ok && mulDur(l.d, n) >= timeout {
			return true
		}
	}
	return false
}

// callWait is the longest one synchronous call to c can keep its caller
// waiting, and how that was found.
func (w waits) callWait(c *schema.Component, describe bool) (time.Duration, string) {
	if c.Kind.IsCompute() {
		if t, ok := c.Dur(schema.AttrTimeout); ok {
			if !describe {
				return t, ""
			}
			return t, "timeout " + fmtDur(t)
		}
		d, _ := c.Dur(schema.AttrDurationP99)
		if !describe {
			return d, ""
		}
		return d, "no timeout, p99 work " + fmtDur(d)
	}
	if l, ok := w.limit(c); ok {
		return l.d, l.desc
	}
	return 0, "no limit"
}

// waits memoises waitLimit for one run: an api's limit looks at every
// route behind it, and a thousand callers of a thousand-route api must
// not look a million times.
type waits map[*schema.Component]waitResult

type waitResult struct {
	l  limit
	ok bool
}

func (w waits) limit(c *schema.Component) (limit, bool) {
	if r, ok := w[c]; ok {
		return r.l, r.ok
	}
	l, ok := waitLimit(c)
	w[c] = waitResult{l, ok}
	return l, ok
}
