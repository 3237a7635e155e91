package cfn

import (
	"path"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/hashicorp/hcl/v2"
)

// restMethod wires an AWS::ApiGateway::Method to its integration's
// backend: a function (proxy), or a direct service integration (SQS,
// Step Functions, Kinesis...).
func (im *Importer) restMethod(r *Resource) {
	t := r.T
	api, _ := im.Resolve(t, r.Props.Get("RestApiId"))
	if api == nil {
		im.warnUnresolved(t, r.Props.Get("RestApiId"), "Method "+r.ID)
		return
	}
	integ := r.Props.Get("Integration")
	typ := strings.ToUpper(str(t, integ.Get("Type")))
	if typ == "MOCK" || typ == "HTTP" || typ == "HTTP_PROXY" || !integ.Ok() {
		return
	}
	route := routeOf(str(t, r.Props.Get("HttpMethod")), im.resourcePath(t, r.Props.Get("ResourceId"), 0))
	params, _ := integ.Get("RequestParameters").Raw().(map[string]any)
	inv := Invocation(params, str(t, integ.Get("ResponseTransferMode")))
	uri, _ := t.sc.lenient(integ.Get("Uri"))
	if uri == "" {
		uri = str(t, integ.Get("Uri"))
	}
	if a := SQSReadAction(uriService(uri), uriAction(uri), textParams(t, integ.Get("RequestParameters")), integ.Get("RequestTemplates")); a != "" {
		im.queueRead(t, route, r.At, a, integ.Get("Credentials"), integ.Get("Uri"), integ.Get("RequestTemplates"), integ.Get("RequestParameters"))
		return
	}
	access := DirectAccess(uri, str(t, integ.Get("IntegrationHttpMethod")))
	tr := im.routeTo(t, api, route, r.At, access, integ.Get("Uri"), integ.Get("RequestTemplates"), integ.Get("RequestParameters"))
	if tr == nil && typ == "AWS" && DefaultBusPut(uriService(uri), uriAction(uri), nil, integ.Get("RequestTemplates")) {
		tr = im.routeToDefaultBus(t, api, route, r.At)
	}
	if tr == nil {
		tr = im.routeByTableName(t, api, route, r.At, uriService(uri), access, integ.Get("RequestTemplates"))
	}
	if tr == nil {
		tr = im.routeByRole(t, api, route, r.At, uriService(uri), access, integ.Get("Credentials"))
	}
	setInvocation(tr, inv, integ.Pos())
}

// Invocation reads how an API Gateway integration invokes its target,
// from its request parameters and response transfer mode: "async" for a
// Lambda integration with the request header X-Amz-Invocation-Type
// 'Event'; "stream" for a response transfer mode of STREAM; "" for a
// synchronous integration. (A Step Functions StartExecution integration
// stays synchronous: the api waits for StartExecution's answer, and
// api-timeout already knows a standard machine is started, not awaited.) Sources: docs.aws.amazon.com/apigateway/latest/
// developerguide/set-up-lambda-integration-async.html and
// response-transfer-mode.html, checked 2026-12.
func Invocation(params map[string]any, transfer string) string {
	for k, v := range params {
		if strings.EqualFold(k, "integration.request.header.X-Amz-Invocation-Type") {
			if s, _ := v.(string); strings.EqualFold(strings.Trim(s, "'\""), "Event") {
				return "async"
			}
		}
	}
	if strings.EqualFold(transfer, "STREAM") {
		return "stream"
	}
	return ""
}

// setInvocation writes an integration's invocation on its trigger.
func setInvocation(tr *ir.Trigger, inv string, at hcl.Range) {
	if tr != nil && inv != "" {
		tr.Set("invocation", inv, at)
	}
}

// routeTo adds a trigger from api to the first backend found in the
// integration's values, and returns it (nil when none is found). access
// is what the integration does to a table or a bucket (DirectAccess).
func (im *Importer) routeTo(t *Template, api *ir.Component, route string, at ir.Pos, access string, vals ...Node) *ir.Trigger {
	for _, v := range vals {
		for _, dst := range im.ResolveAll(t, v) {
			if dst == api {
				continue
			}
			tr := dst.AddTrigger(api, "", at)
			if route != "" {
				tr.Set("route", route, at)
			}
			SetAccess(tr, dst, route, access, at)
			return tr
		}
	}
	return nil
}

// tableNamed finds a literal table name in a DynamoDB request template.
var tableNamed = lazyregexp.New(`"TableName"\s*:\s*"([^"$]+)"`)

// TableNames lists the literal table names a DynamoDB request template
// names ("TableName": "Music").
func TableNames(text string) []string {
	var out []string
	for _, m := range tableNamed.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return out
}

// URIService is the service of an integration URI
// (arn:aws:apigateway:REGION:SERVICE:...).
func URIService(uri string) string { return uriService(uri) }

// URIAction is the action of an integration URI
// (arn:aws:apigateway:REGION:SERVICE:action/ACTION), "" for a path URI.
func URIAction(uri string) string { return uriAction(uri) }

// routeByTableName adds the trigger of a DynamoDB integration whose
// request templates name its table literally ("TableName": "Music"): the
// table of that physical name, when every template names the same one
// and it is imported.
func (im *Importer) routeByTableName(t *Template, api *ir.Component, route string, at ir.Pos, service, access string, templates Node) *ir.Trigger {
	if !strings.EqualFold(service, "dynamodb") {
		return nil
	}
	var found *ir.Component
	for _, kv := range templates.Pairs() {
		text, ok := t.sc.lenient(kv.Value)
		if !ok {
			text, ok = kv.Value.Scalar()
		}
		if !ok {
			continue
		}
		for _, name := range TableNames(text) {
			c := im.byName(name)
			if c == nil || c.Kind != schema.KindDatabase || found != nil && found != c {
				return nil
			}
			found = c
		}
	}
	if found == nil {
		return nil
	}
	tr := found.AddTrigger(api, "", at)
	if route != "" {
		tr.Set("route", route, at)
	}
	SetAccess(tr, found, route, access, at)
	return tr
}

// routeToDefaultBus adds the trigger of an EventBridge PutEvents
// integration that names no event bus: PutEvents puts an entry without
// EventBusName on the account's default event bus
// (docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html,
// read 2026-12-02).
func (im *Importer) routeToDefaultBus(t *Template, api *ir.Component, route string, at ir.Pos) *ir.Trigger {
	bus := im.busOf(t, Node{}, at)
	if bus == nil {
		return nil
	}
	tr := bus.AddTrigger(api, "", at)
	if route != "" {
		tr.Set("route", route, at)
	}
	tr.Notes = append(tr.Notes, "PutEvents names no event bus: the account's default bus")
	DefaultBusPeers(bus, at)
	return tr
}

// DefaultBusPeers marks the account's default event bus as shared: rules
// of other stacks may consume what is put on it, as ir.BucketToEventBridge
// does for a bucket's events.
func DefaultBusPeers(bus *ir.Component, at hcl.Range) {
	for _, u := range bus.Unknown {
		if u.Peers {
			return
		}
	}
	bus.MarkUnknownPeers(at, "It is the account's default event bus, which rules of other stacks may consume")
}

// DefaultBusPut reports whether a direct integration puts events on the
// account's default bus: an EventBridge PutEvents (service "events" with
// action PutEvents, or an HTTP API subtype EventBridge-PutEvents) whose
// request parameters name no EventBusName (or "default"), or whose
// request templates build entries without one. A REST integration without
// request templates passes the client's body through, which may name any
// bus, so it is not one.
func DefaultBusPut(service, action string, params map[string]string, templates Node) bool {
	switch {
	case strings.EqualFold(service, "eventbridge") && strings.EqualFold(action, "PutEvents"),
		strings.EqualFold(service, "events") && strings.EqualFold(action, "PutEvents"):
	default:
		return false
	}
	if params != nil {
		for k, v := range params {
			if strings.EqualFold(k, "EventBusName") {
				return strings.Trim(v, "'\" ") == "default"
			}
		}
		return true
	}
	texts := templates.Pairs()
	if len(texts) == 0 {
		return false
	}
	for _, kv := range texts {
		s, ok := kv.Value.Scalar()
		if !ok || strings.Contains(s, "EventBusName") {
			return false
		}
	}
	return true
}

// DirectAccess reads what a direct integration does to a table or a
// bucket from its URI and its HTTP method: "read" or "write", or "" when
// it cannot tell (the route's method then decides). DynamoDB actions:
// GetItem, Query, Scan, BatchGetItem and TransactGetItems read; PutItem,
// UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems write
// (docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html,
// read 2026-12-02). S3 by action (GetObject reads, PutObject writes) or,
// for a path URI (arn:aws:apigateway:REGION:s3:path/BUCKET/KEY), by the
// HTTP method of the integration's request to S3: GET and HEAD read, PUT,
// POST and DELETE write.
func DirectAccess(uri, httpMethod string) string {
	service := strings.ToLower(uriService(uri))
	action := strings.ToLower(uriAction(uri))
	switch service {
	case "dynamodb":
		switch action {
		case "getitem", "query", "scan", "batchgetitem", "transactgetitems":
			return "read"
		case "putitem", "updateitem", "deleteitem", "batchwriteitem", "transactwriteitems":
			return "write"
		}
	case "s3":
		switch {
		case strings.HasPrefix(action, "get"), strings.HasPrefix(action, "head"), strings.HasPrefix(action, "list"):
			return "read"
		case strings.HasPrefix(action, "put"), strings.HasPrefix(action, "delete"), strings.HasPrefix(action, "copy"):
			return "write"
		case action == "":
			switch strings.ToUpper(strings.TrimSpace(httpMethod)) {
			case "GET", "HEAD":
				return "read"
			case "PUT", "POST", "DELETE", "PATCH":
				return "write"
			}
		}
	}
	return ""
}

// SetAccess writes the access of an api's trigger on a table or a bucket
// when it differs from what the route's method implies.
func SetAccess(tr *ir.Trigger, dst *ir.Component, route, access string, at hcl.Range) {
	if tr == nil || dst == nil || access == "" || dst.Kind != schema.KindDatabase && dst.Kind != schema.KindBucket {
		return
	}
	if access != schema.APIDataAccess(route, "") {
		tr.Set("access", access, at)
	}
}

// integrationServices maps the service of a direct integration (in its
// URI or subtype) to the kind of component it reaches.
var integrationServices = map[string]schema.Kind{
	"sqs": schema.KindQueue, "kinesis": schema.KindStream, "states": schema.KindStateMachine,
	"stepfunctions": schema.KindStateMachine, "sns": schema.KindTopic, "events": schema.KindBus,
	"eventbridge": schema.KindBus, "lambda": schema.KindFunction, "dynamodb": schema.KindDatabase,
	"s3": schema.KindBucket, "firehose": schema.KindFirehose,
}

// routeByRole wires a direct service integration whose target is chosen
// at request time (a stream name from the path, a queue URL from a
// header): the integration's role names what it may reach, and the one
// resource of the integration's service it allows is the backend.
func (im *Importer) routeByRole(t *Template, api *ir.Component, route string, at ir.Pos, service, access string, role Node) *ir.Trigger {
	tr := im.wireByRole(t, api, route, at, service, access, role)
	if tr == nil && service != "" && !strings.EqualFold(service, "lambda") {
		im.Res.Warn(at, "Integration not followed",
			"Route %q integrates directly with %s, and archie could not tell which component it reaches; the route is left out. Add the trigger to its target by hand.",
			route, service)
	}
	return tr
}

// wireByRole adds the trigger of a direct integration whose backend is
// the one resource of its kind that the integration's role may use, and
// returns it (nil when it found none). A table, a bucket, a bus or a topic
// found so is marked as learned from the permission: the request may name
// it, or something the role does not cover.
func (im *Importer) wireByRole(t *Template, api *ir.Component, route string, at ir.Pos, service, access string, role Node) *ir.Trigger {
	kind, ok := integrationServices[strings.ToLower(service)]
	if !ok {
		return nil
	}
	found := im.roleTarget(t, kind, role)
	if found == nil {
		return nil
	}
	tr := found.AddTrigger(api, "", at)
	if route != "" {
		tr.Set("route", route, at)
	}
	SetAccess(tr, found, route, access, at)
	if InferredByRole(found.Kind) {
		tr.Learned = schema.SourcePermission
		tr.Notes = append(tr.Notes, "inferred from the integration's role, which allows only this "+string(found.Kind))
	}
	return tr
}

// roleTarget is the one component of kind that the statements of role
// allow, or nil when they allow none or several (the request decides).
func (im *Importer) roleTarget(t *Template, kind schema.Kind, role Node) *ir.Component {
	if !role.Ok() {
		return nil
	}
	tg, ok := t.sc.Target(role)
	if !ok {
		return nil
	}
	rr := t.byID[tg.ID]
	if rr == nil {
		return nil
	}
	var found *ir.Component
	for _, st := range im.roles[rr] {
		for _, res := range st.resources.List() {
			for _, c := range im.ResolveAll(st.t, res) {
				if c.Kind != kind || c == found {
					continue
				}
				if found != nil {
					return nil
				}
				found = c
			}
		}
	}
	return found
}

// InferredByRole reports whether a direct integration's target of kind k
// found through its role's permissions is written as inferred: tables,
// buckets, buses and topics are.
func InferredByRole(k schema.Kind) bool {
	return k == schema.KindDatabase || k == schema.KindBucket || k == schema.KindBus || k == schema.KindTopic
}

// uriService reads the service of an integration URI:
// arn:aws:apigateway:REGION:SERVICE:action/... or :path/... A region
// written as ${AWS::Region} (a Sub, or the text of an included OpenAPI
// file) is one field, not three.
func uriService(uri string) string {
	uri = subVar.ReplaceAllString(uri, "*")
	parts := strings.Split(uri, ":")
	if len(parts) >= 5 && parts[2] == "apigateway" {
		return parts[4]
	}
	return ""
}

// uriAction reads the action of an integration URI
// (arn:aws:apigateway:REGION:SERVICE:action/ACTION), "" for a path URI or
// none.
func uriAction(uri string) string {
	uri = subVar.ReplaceAllString(uri, "*")
	parts := strings.SplitN(uri, ":", 6)
	if len(parts) < 6 || parts[2] != "apigateway" {
		return ""
	}
	a, ok := strings.CutPrefix(parts[5], "action/")
	if !ok {
		return ""
	}
	a, _, _ = strings.Cut(a, "&")
	a, _, _ = strings.Cut(a, "?")
	return a
}

// resourcePath builds the path of an AWS::ApiGateway::Resource from its
// PathPart and parents.
func (im *Importer) resourcePath(t *Template, v Node, depth int) string {
	tg, ok := t.sc.Target(v)
	if !ok || depth > 32 {
		return "/"
	}
	if tg.Attr == "RootResourceId" {
		return "/"
	}
	res := t.byID[tg.ID]
	if res == nil || res.Type != "AWS::ApiGateway::Resource" {
		return "/"
	}
	parent := im.resourcePath(t, res.Props.Get("ParentId"), depth+1)
	part := str(t, res.Props.Get("PathPart"))
	return strings.TrimSuffix(parent, "/") + "/" + part
}

// httpRoute wires an AWS::ApiGatewayV2::Route through its integration.
func (im *Importer) httpRoute(r *Resource) {
	t := r.T
	api, _ := im.Resolve(t, r.Props.Get("ApiId"))
	if api == nil {
		im.warnUnresolved(t, r.Props.Get("ApiId"), "Route "+r.ID)
		return
	}
	route := str(t, r.Props.Get("RouteKey"))
	for _, tg := range t.sc.Targets(r.Props.Get("Target")) {
		integ := t.byID[tg.ID]
		if integ == nil || integ.Type != "AWS::ApiGatewayV2::Integration" {
			continue
		}
		p := integ.Props
		uri, _ := t.sc.lenient(p.Get("IntegrationUri"))
		if uri == "" {
			uri = str(t, p.Get("IntegrationUri"))
		}
		service, action, _ := strings.Cut(str(t, p.Get("IntegrationSubtype")), "-")
		text := textParams(t, p.Get("RequestParameters"))
		var params map[string]string
		if service == "" {
			service, action = uriService(uri), uriAction(uri)
		} else {
			params = text
		}
		if a := SQSReadAction(service, action, text, p.Get("RequestTemplates")); a != "" {
			im.queueRead(t, route, r.At, a, p.Get("CredentialsArn"), p.Get("IntegrationUri"), p.Get("RequestParameters"), p.Get("RequestTemplates"))
			return
		}
		access := DirectAccess(uri, str(t, p.Get("IntegrationMethod")))
		// A WebSocket API's AWS integration names its target in the
		// request templates, like a REST API's.
		if im.routeTo(t, api, route, r.At, access, p.Get("IntegrationUri"), p.Get("RequestParameters"), p.Get("RequestTemplates")) == nil {
			if DefaultBusPut(service, action, params, p.Get("RequestTemplates")) {
				im.routeToDefaultBus(t, api, route, r.At)
				return
			}
			if im.routeByTableName(t, api, route, r.At, service, access, p.Get("RequestTemplates")) != nil {
				return
			}
			im.routeByRole(t, api, route, r.At, service, access, p.Get("CredentialsArn"))
		}
		return
	}
}

// quickCreate wires the Target of an HTTP API created in one resource.
func (im *Importer) quickCreate(r *Resource) {
	if tgt := r.Props.Get("Target"); tgt.Ok() {
		im.routeTo(r.T, r.Comp, str(r.T, r.Props.Get("RouteKey")), r.At, "", tgt)
	}
}

// stageThrottle reads a stage's throttling into its api.
func (im *Importer) stageThrottle(r *Resource) {
	t := r.T
	apiRef := r.Props.Get("RestApiId")
	if !apiRef.Ok() {
		apiRef = r.Props.Get("ApiId")
	}
	api, _ := im.Resolve(t, apiRef)
	if api == nil {
		return
	}
	settings := r.Props.Get("MethodSettings").Items()
	if drs := r.Props.Get("DefaultRouteSettings"); drs.Ok() {
		settings = append(settings, drs)
	}
	for _, ms := range settings {
		maxNum(api, "throttle_rate", t, ms.Get("ThrottlingRateLimit"))
		maxNum(api, "throttle_burst", t, ms.Get("ThrottlingBurstLimit"))
	}
}

// apiBody reads the routes of an OpenAPI definition: inline, pulled in
// with AWS::Include, or a local file named by DefinitionUri.
func (im *Importer) apiBody(r *Resource, body, uri Node) {
	t := r.T
	doc := body
	if fn, arg := body.Fn(); fn == "Fn::Transform" {
		doc = Node{}
		if str(t, arg.Get("Name")) == "AWS::Include" {
			doc = im.include(t, arg.Path("Parameters", "Location"), "AWS::Include of "+r.ID)
		}
	}
	if !doc.Ok() && uri.Ok() {
		if _, isText := uri.Scalar(); isText {
			doc = im.include(t, uri, "DefinitionUri of "+r.ID)
		} else {
			im.Res.Warn(uri.Pos(), "Definition not read", "The definition of %s is in S3; routes from it are not imported. Use a local definition file to import them.", r.ID)
		}
	}
	if !doc.Ok() {
		return
	}
	im.openAPI(t, r.Comp, doc)
}

// include reads a local YAML or JSON file a template names; S3 locations
// cannot be read and are reported.
func (im *Importer) include(t *Template, loc Node, what string) Node {
	p, ok := t.sc.Str(loc)
	if !ok || p == "" {
		return Node{}
	}
	if strings.HasPrefix(p, "s3://") || strings.HasPrefix(p, "https://") {
		im.Res.Warn(loc.Pos(), "Definition not read", "%s is in S3 (%s); routes from it are not imported. Use a local file to import them.", what, p)
		return Node{}
	}
	shown := path.Clean(path.Join(t.Display, p))
	_, src, err := ir.ReadLocal(im.FS, t.Dir, p)
	if err != nil {
		im.Res.Warn(loc.Pos(), "File not read", "%s names %s, which is not read: %s; its routes are not imported.", what, p, ir.Unreadable(err))
		return Node{}
	}
	im.Res.Sources[shown] = src
	n, d := Parse(shown, src)
	if d != nil {
		im.Res.Diags = append(im.Res.Diags, d)
		return Node{}
	}
	return n
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"}

// Route is one operation of an OpenAPI document with an API Gateway
// integration: the route, where it is written, and the integration values
// that name its backend.
type Route struct {
	Route       string
	At          hcl.Range
	Values      []Node // uri, requestParameters, requestTemplates
	Credentials Node   // the integration's role
	Subtype     string // the service of an HTTP API integration subtype
	// Action is the subtype's action ("PutEvents"), or the URI's when
	// its text names one.
	Action string
	// Params are the integration's request parameters that are text.
	Params map[string]string
	// Templates are the integration's request templates.
	Templates Node
	// HTTPMethod is the method of the integration's request to its
	// backend.
	HTTPMethod string
	// Access is what the integration does to a table or a bucket, as far
	// as the URI's text tells (DirectAccess).
	Access string
	// Invocation is "async" or "stream" when the integration does not
	// wait for a whole response (see Invocation), "" otherwise.
	Invocation string
}

// OpenAPIRoutes lists the operations of an OpenAPI document that have an
// x-amazon-apigateway-integration.
func OpenAPIRoutes(doc Node) []Route {
	var out []Route
	for _, p := range doc.Get("paths").Pairs() {
		for _, op := range p.Value.Pairs() {
			if !contains(httpMethods, strings.ToLower(op.Key)) {
				continue
			}
			integ := op.Value.Get("x-amazon-apigateway-integration")
			if !integ.Ok() {
				continue
			}
			subtype, _ := integ.Get("integrationSubtype").Scalar()
			service, action, _ := strings.Cut(subtype, "-")
			transfer, _ := integ.Get("responseTransferMode").Scalar()
			params := map[string]any{}
			text := map[string]string{}
			for _, kv := range integ.Get("requestParameters").Pairs() {
				if s, ok := kv.Value.Scalar(); ok {
					params[kv.Key] = s
					text[kv.Key] = s
				}
			}
			uri, _ := integ.Get("uri").Scalar()
			method, _ := integ.Get("httpMethod").Scalar()
			if action == "" {
				action = uriAction(uri)
			}
			out = append(out, Route{Route: routeOf(op.Key, p.Key), At: op.KeyAt,
				Values:      []Node{integ.Get("uri"), integ.Get("requestParameters"), integ.Get("requestTemplates")},
				Credentials: integ.Get("credentials"), Subtype: service, Action: action, Params: text,
				Templates: integ.Get("requestTemplates"), HTTPMethod: method, Access: DirectAccess(uri, method),
				Invocation: Invocation(params, transfer)})
		}
	}
	return out
}

// openAPI wires the routes of an OpenAPI document with API Gateway
// integrations.
func (im *Importer) openAPI(t *Template, api *ir.Component, doc Node) {
	for _, r := range OpenAPIRoutes(doc) {
		uri, _ := t.sc.lenient(r.Values[0])
		if uri == "" {
			uri = str(t, r.Values[0])
		}
		access, action := r.Access, r.Action
		if access == "" {
			access = DirectAccess(uri, r.HTTPMethod)
		}
		if action == "" {
			action = uriAction(uri)
		}
		service := r.Subtype
		if service == "" {
			service = uriService(uri)
		}
		if a := SQSReadAction(service, action, r.Params, r.Templates); a != "" {
			im.queueRead(t, r.Route, r.At, a, r.Credentials, r.Values...)
			continue
		}
		tr := im.routeTo(t, api, r.Route, r.At, access, r.Values...)
		var params map[string]string
		if r.Subtype != "" {
			params = r.Params
		}
		if tr == nil && DefaultBusPut(service, action, params, r.Templates) {
			tr = im.routeToDefaultBus(t, api, r.Route, r.At)
		}
		if tr == nil {
			tr = im.routeByTableName(t, api, r.Route, r.At, service, access, r.Templates)
		}
		if tr == nil && r.Credentials.Ok() {
			tr = im.routeByRole(t, api, r.Route, r.At, service, access, r.Credentials)
		}
		setInvocation(tr, r.Invocation, r.At)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
