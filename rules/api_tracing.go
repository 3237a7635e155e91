package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type apiTracing struct{}

func (apiTracing) Meta() lint.Meta {
	return lint.Meta{
		ID:       "api-tracing",
		Severity: lint.Info,
		Preset:   lint.PresetHygiene,
		Title:    "REST APIs, AppSync APIs and state machines should be traced",
		Why: `A request's trace starts where it enters. When the REST API or AppSync API
in front of a function does not trace, X-Ray's service map shows the
function as an entry point and the time spent in API Gateway (authorizers,
mapping templates, integration latency) is missing; when a state machine
does not trace, its executions are not tied to the functions and services
its steps call. Tracing is off by default on all three.

The rule fires on a rest or appsync api whose tracing is false (unset is
unknown and not reported; HTTP and WebSocket APIs cannot be traced by
X-Ray and are not checked), and on a state machine without tracing = true
that is not on a synchronous path with other compute: missing-tracing
reports those, once.`,
		Source: "Amazon API Gateway Developer Guide, tracing REST APIs with X-Ray (TracingEnabled per stage; HTTP APIs not supported): https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html; AWS AppSync Developer Guide, tracing with X-Ray: https://docs.aws.amazon.com/appsync/latest/devguide/x-ray-tracing.html; AWS Step Functions Developer Guide, X-Ray tracing: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html. Read 2026-12-02.",
		Ignore: "When another tracing system follows the requests (OpenTelemetry through the functions' own code and headers): set tracing = true on what it covers.",
		Failing: `api "public" {
  type    = "rest"
  tracing = false
}

state_machine "fulfil" {
  type = "standard"
}`,
		Fixed: `api "public" {
  type    = "rest"
  tracing = true
}

state_machine "fulfil" {
  type    = "standard"
  tracing = true
}`,
		SeeAlso: []string{"missing-tracing", "api-access-logging"},
		Imported: `Reads TracingEnabled of a REST API's stage (SAM Api and Globals included),
XrayEnabled of an AppSync API, TracingConfiguration of a state machine (SAM
Tracing), xray_tracing_enabled of aws_api_gateway_stage, xray_enabled of
aws_appsync_graphql_api, tracing_configuration of aws_sfn_state_machine,
and provider.tracing.apiGateway and a state machine's tracingConfig in
serverless.yml.`,
	}
}

func (apiTracing) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		switch {
		case c.Kind == schema.KindAPI:
			if !c.IsSet(schema.AttrTracing) || c.Bool(schema.AttrTracing) {
				continue
			}
			if t := c.Str(schema.AttrType); t != "rest" && t != "appsync" {
				continue
			}
			p.Report(c, c.AttrRange(schema.AttrTracing),
				"%s (%s) is not traced: requests entering here start no trace, so X-Ray cannot show the time spent in the API or tie it to the backend; turn on X-Ray tracing",
				c.Address(), c.Str(schema.AttrType))
		case c.Kind == schema.KindStateMachine:
			if c.Bool(schema.AttrTracing) || onSyncComputePath(c) {
				continue
			}
			rng := c.DeclRange
			if c.IsSet(schema.AttrTracing) {
				rng = c.AttrRange(schema.AttrTracing)
			}
			p.Report(c, rng,
				"%s is not traced: its executions are not tied to the functions and services its steps call; set tracing = true",
				c.Address())
		}
	}
	return nil
}

// onSyncComputePath reports whether c is on a synchronous path with other
// compute, as missing-tracing finds it: then that rule reports c.
func onSyncComputePath(c *schema.Component) bool {
	routesTo := map[*schema.Component][]*schema.Component{}
	calledBy := map[*schema.Component][]*schema.Component{}
	for _, e := range c.In {
		if a := e.From; a.Kind == schema.KindAPI {
			for _, x := range a.In {
				if x.Mode == schema.ModeSync && declared(x) && x.From.Kind.IsCompute() {
					calledBy[a] = addCapped(calledBy[a], x.From, 2)
				}
			}
		}
	}
	for _, e := range c.Out {
		if a := e.To; a.Kind == schema.KindAPI {
			for _, x := range a.Out {
				if x.Mode == schema.ModeSync && declared(x) && x.To.Kind.IsCompute() {
					routesTo[a] = addCapped(routesTo[a], x.To, 2)
				}
			}
		}
	}
	up := syncNeighbour(c, c.In, func(e *schema.Edge) *schema.Component { return e.From }, calledBy)
	down := syncNeighbour(c, c.Out, func(e *schema.Edge) *schema.Component { return e.To }, routesTo)
	return up != nil || down != nil
}
