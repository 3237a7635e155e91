package cfn

import (
	"fmt"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/hashicorp/hcl/v2"
)

// templateAction finds an SQS action in a request template's form body
// ("Action=ReceiveMessage&MaxNumberOfMessages=5").
var templateAction = lazyregexp.New(`(?:^|[&?"\s])Action=([A-Za-z]+)`)

// SQSReadAction is the action of a direct SQS integration that takes
// messages from a queue, or manages it, rather than sending to it:
// ReceiveMessage, DeleteMessage, PurgeQueue... ("" for SendMessage,
// SendMessageBatch, another service, or no action written). API Gateway's
// SQS integrations name the action in the URI (action/ReceiveMessage), an
// HTTP API's subtype (SQS-ReceiveMessage), a request parameter
// (integration.request.querystring.Action: 'ReceiveMessage') or the
// request template's form body (Action=ReceiveMessage)
// (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html
// and the SQS API reference, read 2026-12-03).
func SQSReadAction(service, action string, params map[string]string, templates Node) string {
	if !strings.EqualFold(service, "sqs") {
		return ""
	}
	if action == "" {
		for k, v := range params {
			if strings.EqualFold(k, "Action") || strings.HasSuffix(strings.ToLower(k), ".action") {
				action = strings.Trim(v, "'\" ")
				break
			}
		}
	}
	if action == "" {
		for _, kv := range templates.Pairs() {
			if s, ok := kv.Value.Scalar(); ok {
				if m := templateAction.FindStringSubmatch(s); m != nil {
					action = m[1]
					break
				}
			}
		}
	}
	if action == "" || strings.HasPrefix(strings.ToLower(action), "send") {
		return ""
	}
	return action
}

// QueueRead records a route whose integration takes messages from queue q
// (or manages it) with SQS action: the language has no relation for an
// api consuming a queue, so no trigger is written, and q is marked as
// consumed outside what archie models, so that no rule claims nothing
// consumes it. q may be nil when the integration names no imported
// queue.
func QueueRead(res *ir.Result, q *ir.Component, route string, at hcl.Range, action string) {
	if q == nil {
		res.Warn(at, "Integration not followed",
			"Route %q takes messages from a queue with SQS %s, and archie could not tell which queue; the route is left out.", route, action)
		return
	}
	q.MarkUnknownPeers(at, fmt.Sprintf("Route %q of an api takes its messages with SQS %s", route, action))
	res.Warn(at, "Integration not followed",
		"Route %q takes messages from %s with SQS %s: an api consuming a queue has no relation in the language, so the route is left out, and no rule claims that nothing consumes the queue.",
		route, q.ID, action)
}

// queueRead finds the queue of a route that reads one: named in the
// integration's values, or the one queue its role allows.
func (im *Importer) queueRead(t *Template, route string, at ir.Pos, action string, role Node, vals ...Node) {
	q := im.resolveKind(t, schema.KindQueue, vals...)
	if q == nil {
		q = im.roleTarget(t, schema.KindQueue, role)
	}
	QueueRead(im.Res, q, route, at, action)
}

// resolveKind is the first component of kind that the values name, in
// order, or nil.
func (im *Importer) resolveKind(t *Template, kind schema.Kind, vals ...Node) *ir.Component {
	for _, v := range vals {
		for _, x := range im.ResolveAll(t, v) {
			if x.Kind == kind {
				return x
			}
		}
	}
	return nil
}

// textParams are the request parameters of an integration that are text.
func textParams(t *Template, v Node) map[string]string {
	out := map[string]string{}
	for _, kv := range v.Pairs() {
		if s, ok := t.sc.Str(kv.Value); ok {
			out[kv.Key] = s
		}
	}
	return out
}
