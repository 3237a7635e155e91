package rules

import (
	"fmt"
	"math"
	"time"

	"github.com/archiehq/archie/schema"
)

// Time limits of the components on synchronous paths, shared by
// api-timeout, timeout-budget and visibility-timeout.

// limit is the longest a caller waits on a component for one attempt, and
// the attribute that sets it.
type limit struct {
	d    time.Duration
	attr schema.AttrName // AttrTimeout or AttrLatencyP99
	desc string          // "timeout 10s", "p99 latency 3s", ...
}

// hardTimeout is a compute component's timeout, when it has one that
// bounds a synchronous wait. Containers have no timeout unless one is
// written; a standard state machine is started, never waited on.
func hardTimeout(c *schema.Component) (time.Duration, bool) {
	if !c.Kind.IsCompute() || isStandardStateMachine(c) {
		return 0, false
	}
	return c.Dur(schema.AttrTimeout)
}

func isStandardStateMachine(c *schema.Component) bool {
	return c.Kind == schema.KindStateMachine && c.Str(schema.AttrType) != "express"
}

// waitLimit is how long a synchronous caller can wait on c for one call:
// a compute component's timeout, an external's p99 latency (an external
// has no timeout we know of), or for an api the shorter of its integration
// timeout and the longest limit behind its routes (nothing, when every
// route only hands the request on). ok is false when nothing bounds the
// wait (a container without a timeout).
func waitLimit(c *schema.Component) (limit, bool) {
	switch {
	case c.Kind == schema.KindExternal:
		d, _ := c.Dur(schema.AttrLatencyP99)
		return limit{d, schema.AttrLatencyP99, "p99 latency " + fmtDur(d)}, true
	case c.Kind == schema.KindAPI:
		apiLimit, _ := c.Dur(schema.AttrTimeout)
		var longest time.Duration
		bounded := true
		routes := 0
		for _, e := range c.Out {
			if e.Mode != schema.ModeSync || e.Relation != schema.RelTrigger {
				continue
			}
			routes++
			if !waitsOn(e.To) {
				continue
			}
			l, ok := waitLimit(e.To)
			if !ok || e.To.Kind == schema.KindAPI {
				bounded = false
				break
			}
			longest = max(longest, l.d)
		}
		if bounded && longest > 0 && longest < apiLimit {
			return limit{longest, schema.AttrTimeout, fmt.Sprintf("routes that finish within %s", fmtDur(longest))}, true
		}
		if bounded && longest == 0 && routes > 0 {
			// every route hands the request to a queue, stream or standard
			// state machine and answers once it is accepted
			return limit{0, schema.AttrTimeout, "routes that answer once the request is accepted"}, true
		}
		return limit{apiLimit, schema.AttrTimeout, "integration timeout " + fmtDur(apiLimit)}, true
	}
	d, ok := hardTimeout(c)
	if !ok {
		return limit{}, false
	}
	return limit{d, schema.AttrTimeout, timeoutDesc(c, d)}, true
}

// timeoutDesc is "timeout 10s", or "the default timeout 3s" when c does
// not set it: a message must not present an assumed default as a fact.
func timeoutDesc(c *schema.Component, d time.Duration) string {
	if c.IsDefault(schema.AttrTimeout) {
		return "the default timeout " + fmtDur(d)
	}
	return "timeout " + fmtDur(d)
}

// waitsOn reports whether a synchronous edge to c makes the caller wait
// for c's work: not for a queue, stream or firehose behind an api (they
// answer once they have the message) nor a standard state machine
// (started, not awaited).
func waitsOn(c *schema.Component) bool {
	switch c.Kind {
	case schema.KindQueue, schema.KindStream, schema.KindTopic, schema.KindBus, schema.KindFirehose, schema.KindBucket, schema.KindDatabase:
		return false
	}
	return !isStandardStateMachine(c)
}

// attempts is how many times c makes each synchronous call: once, plus its
// call_retries.
func attempts(c *schema.Component) int64 {
	r, _ := c.Num(schema.AttrCallRetries)
	if r < 0 {
		return 1
	}
	return 1 + int64(r)
}

// addDur and mulDur saturate instead of overflowing: year-long state
// machine timeouts multiplied by retries must not wrap around.
func addDur(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func mulDur(d time.Duration, n int64) time.Duration {
	if n <= 0 || d <= 0 {
		return 0
	}
	if d > math.MaxInt64/time.Duration(n) {
		return math.MaxInt64
	}
	return d * time.Duration(n)
}

func fmtDur(d time.Duration) string {
	if d == math.MaxInt64 {
		return "forever"
	}
	if d >= time.Second && d%time.Second != 0 && d < time.Minute {
		// "2.5s" reads better than "2500ms"
		return fmt.Sprintf("%gs", d.Seconds())
	}
	if d > time.Minute && d < 24*time.Hour && d%time.Second == 0 && d%time.Minute != 0 || d > time.Hour && d < 24*time.Hour && d%time.Minute == 0 && d%time.Hour != 0 {
		// "3m5s" and "1h30m" read better than "185s" and "90m"
		out := ""
		for _, u := range []struct {
			unit   time.Duration
			suffix string
		}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
			if n := d / u.unit; n > 0 {
				out += fmt.Sprintf("%d%s", n, u.suffix)
				d -= n * u.unit
			}
		}
		return out
	}
	return schema.FormatDuration(d)
}

// theTimeout is "10s timeout", or "default 3s timeout" when c does not
// set it.
func theTimeout(c *schema.Component, d time.Duration) string {
	if c.IsDefault(schema.AttrTimeout) {
		return "default " + fmtDur(d) + " timeout"
	}
	return fmtDur(d) + " timeout"
}

// defaultNote is " (its default timeout)" when c does not set its timeout.
func defaultNote(c *schema.Component) string {
	if c.IsDefault(schema.AttrTimeout) {
		return " (its default timeout)"
	}
	return ""
}
