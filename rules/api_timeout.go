package rules

import (
	"time"

	"strconv"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type apiTimeout struct{}

func (apiTimeout) Meta() lint.Meta {
	return lint.Meta{
		ID:       "api-timeout",
		Severity: lint.Error,
		Title:    "What an api waits on must finish within the api's integration timeout",
		Why: `An api stops waiting for its integration after a fixed time: 29 s for an API
Gateway REST or WebSocket API, 30 s for an HTTP API or AppSync, 60 s by
default for an ALB. A Lambda function may run for up to 15 minutes, so nothing
stops a function behind an api from being given a longer timeout than the
api will wait. When that function is slow, the client gets a 504 while the
function carries on, billed, to finish work whose answer nobody reads; a
client that retries then starts the same work a second time.

The rule compares each api's integration timeout (its timeout, or the default
of its type) with the timeout of every compute component its routes
trigger, and with the p99 latency of an external it proxies (more than one
call in a hundred would outlast the api). A timeout equal to the api's is
accepted. A standard state machine behind an api is started, not awaited, and
a queue or stream behind an api answers at once; neither is checked.
Multi-hop paths are the subject of timeout-budget.

A route that streams its response (invocation = "stream", REST API response
streaming) may last up to 15 minutes, and one whose integration is
asynchronous (invocation = "async") does not wait at all.

A timeout less than 5 s over the api's (a function's 30 s behind a REST
api's 29 s) is a warning rather than an error: only requests that run into
those last seconds fail, and the usual cause is a round number, not a
design.`,
		Source: "Amazon API Gateway quotas (integration timeout 29 s for REST and WebSocket APIs, 30 s for HTTP APIs); AWS AppSync quotas (30 s); Elastic Load Balancing (idle timeout 60 s by default); AWS Lambda quotas (function timeout up to 900 s). Checked 2026-11.",
		Ignore: "For a REST API whose integration timeout was raised through a quota increase (Regional and private REST APIs only): write the raised value as the api's timeout instead of suppressing.",
		Failing: `api "public" {
  type = "http"
}

function "export_report" {
  timeout = "2m"
  trigger {
    source = api.public
    route  = "POST /reports"
  }
}`,
		Fixed: `api "public" {
  type = "http"
}

# the route only records the request; the export runs behind the queue
function "request_report" {
  timeout = "10s"
  emits   = [queue.reports]
  trigger {
    source = api.public
    route  = "POST /reports"
  }
}

queue "reports" {
  visibility_timeout = "15m"
}

function "export_report" {
  timeout = "2m"
  trigger {
    source = queue.reports
  }
}`,
		SeeAlso: []string{"timeout-budget", "sync-chain", "duration-exceeds-timeout"},
	}
}

func (apiTimeout) Check(p *lint.Pass) error {
	for _, api := range p.Arch.Components {
		if api.Kind != schema.KindAPI {
			continue
		}
		apiLimit, _ := api.Dur(schema.AttrTimeout)
		for _, e := range api.Out {
			// An asynchronous integration answers at once: nothing waits.
			if e.Relation != schema.RelTrigger || e.Mode != schema.ModeSync || !waitsOn(e.To) || e.To.Kind == schema.KindAPI {
				continue
			}
			apiLimit := apiLimit
			if e.Trigger != nil && e.Trigger.Str(schema.AttrInvocation) == "stream" {
				apiLimit = max(apiLimit, streamLimit)
			}
			target := e.To
			l, ok := waitLimit(target)
			if !ok || l.d <= apiLimit {
				continue
			}
			via := api.Address()
			if r := e.Trigger.Str(schema.AttrRoute); r != "" {
				via += " route " + strconv.Quote(r)
			}
			if target.Kind == schema.KindExternal {
				p.Report(target, target.AttrRange(l.attr),
					"%s (%s) is proxied by %s (%s api, integration timeout %s): more than one call in a hundred outlasts the api and the client gets a 504",
					target.Address(), l.desc, via, api.Str(schema.AttrType), fmtDur(apiLimit))
				continue
			}
			// A timeout a few seconds over the api's (30 s behind a 29 s
			// api, a common round number) fails only the slowest
			// requests: a warning.
			sev := lint.Error
			if l.d-apiLimit < closeMargin {
				sev = lint.Warning
			}
			p.ReportAt(sev, target, target.AttrRange(l.attr),
				"%s (%s) is triggered synchronously by %s (%s api, integration timeout %s): the client gets a 504 after %s while %s keeps running, billed, for up to %s; set its timeout to at most %s or hand the work off asynchronously",
				target.Address(), l.desc, via, api.Str(schema.AttrType), fmtDur(apiLimit), fmtDur(apiLimit), target.Address(), fmtDur(l.d), fmtDur(apiLimit))
		}
	}
	return nil
}

// streamLimit is how long a REST API streams an integration's response:
// up to 15 minutes. Source: docs.aws.amazon.com/apigateway/latest/
// developerguide/response-transfer-mode.html, checked 2026-12.
const streamLimit = 15 * time.Minute

// closeMargin is how far a timeout may exceed the api's integration
// timeout and be reported as a warning rather than an error.
const closeMargin = 5 * time.Second
