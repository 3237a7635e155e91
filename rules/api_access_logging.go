package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

type apiAccessLogging struct{}

func (apiAccessLogging) Meta() lint.Meta {
	return lint.Meta{
		ID:       "api-access-logging",
		Severity: lint.Warning,
		Preset:   lint.PresetHygiene,
		Title:    "An API Gateway stage should write access logs",
		Why: `Access logs are API Gateway's record of who called which route, when, with
which status and latency, and the request ID that ties a client's report to
the backend's logs. Without them, a 4xx or 5xx the backend never saw (a
throttle, an authorizer's refusal, an integration timeout) leaves no trace
at all, and an incident review cannot say which clients were affected.
Access logging is off on a stage unless it is given a destination.

The rule fires on a REST, HTTP or WebSocket api whose access_logs is false.
Unset is unknown and not reported. Application Load Balancers and AppSync
are not checked: their logs are configured elsewhere.`,
		Source: "Amazon API Gateway Developer Guide, set up CloudWatch logging for REST APIs (access logging is configured per stage with a destination and format): https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html; HTTP APIs: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html. Read 2026-12-02.",
		Ignore: "For a development stage nobody relies on, or when a CDN or WAF in front of the API already logs every request with the same detail.",
		Failing: `api "public" {
  type        = "rest"
  access_logs = false
}`,
		Fixed: `api "public" {
  type        = "rest"
  access_logs = true
}`,
		SeeAlso: []string{"api-tracing", "log-retention"},
		Imported: `Reads AccessLogSetting (REST, SAM Api and Globals), AccessLogSettings (HTTP
and WebSocket, SAM HttpApi) of a stage or API, access_log_settings of
aws_api_gateway_stage and aws_apigatewayv2_stage, and provider.logs.restApi,
httpApi and websocket in serverless.yml. An API SAM creates for a function's
Api event (ServerlessRestApi) has no access logs unless Globals sets them.
An API whose stage the template does not define is unknown.`,
	}
}

func (apiAccessLogging) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindAPI || !c.IsSet(schema.AttrAccessLogs) || c.Bool(schema.AttrAccessLogs) {
			continue
		}
		switch c.Str(schema.AttrType) {
		case "rest", "http", "websocket":
		default:
			continue
		}
		p.Report(c, c.AttrRange(schema.AttrAccessLogs),
			"%s writes no access logs: a request refused before the backend (throttled, unauthorised, timed out) leaves no trace; give its stage an access log destination",
			c.Address())
	}
	return nil
}
