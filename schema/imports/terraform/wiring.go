package terraform

import (
	"encoding/json"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// routeTo adds a trigger from api to the first component the values name
// and returns it (nil when none is named). access is what the integration
// does to a table or a bucket (cfn.DirectAccess).
func (im *importer) routeTo(m *module, api *ir.Component, route string, at hcl.Range, access string, exprs ...hcl.Expression) *ir.Trigger {
	for _, e := range exprs {
		for _, dst := range im.resolveAll(m, e) {
			if dst == api {
				continue
			}
			return addRoute(dst, api, route, access, at)
		}
	}
	return nil
}

// queueRead records a route whose integration takes messages from the
// queue its values name (cfn.QueueRead).
func (im *importer) queueRead(m *module, route string, at hcl.Range, action string, exprs ...hcl.Expression) {
	cfn.QueueRead(im.res, im.resolveKind(m, schema.KindQueue, exprs...), route, at, action)
}

// resolveKind is the first component of kind that the expressions name,
// in order, or nil.
func (im *importer) resolveKind(m *module, kind schema.Kind, exprs ...hcl.Expression) *ir.Component {
	for _, e := range exprs {
		for _, x := range im.resolveAll(m, e) {
			if x.Kind == kind {
				return x
			}
		}
	}
	return nil
}

// addRoute adds a trigger from api on dst with its route and access.
func addRoute(dst, api *ir.Component, route, access string, at hcl.Range) *ir.Trigger {
	tr := dst.AddTrigger(api, "", at)
	if route != "" {
		tr.Set("route", route, at)
	}
	cfn.SetAccess(tr, dst, route, access, at)
	return tr
}

// directTarget finds the target of a direct integration that names none
// the configuration declares: the default bus for an EventBridge
// PutEvents without an event bus; the table a DynamoDB request template
// names literally ("TableName": "Pets"); or the one resource of the
// integration's service that its role may use, marked as inferred. It
// adds the trigger and returns it, or nil.
func (im *importer) directTarget(m *module, api *ir.Component, route string, at hcl.Range, access, service, action string, params map[string]string, templates cfn.Node, roles []*resource) *ir.Trigger {
	if cfn.DefaultBusPut(service, action, params, templates) {
		bus := im.busOf(m, nil, at)
		tr := addRoute(bus, api, route, "", at)
		tr.Notes = append(tr.Notes, "PutEvents names no event bus: the account's default bus")
		cfn.DefaultBusPeers(bus, at)
		return tr
	}
	kind, ok := map[string]schema.Kind{"dynamodb": schema.KindDatabase, "s3": schema.KindBucket, "events": schema.KindBus,
		"eventbridge": schema.KindBus, "sns": schema.KindTopic}[strings.ToLower(service)]
	if !ok {
		return nil
	}
	if kind == schema.KindDatabase {
		var found *ir.Component
		for _, kv := range templates.Pairs() {
			text, _ := kv.Value.Scalar()
			for _, name := range cfn.TableNames(text) {
				c := im.byPhysicalName(name)
				if c == nil || c.Kind != schema.KindDatabase || found != nil && found != c {
					return nil
				}
				found = c
			}
		}
		if found != nil {
			return addRoute(found, api, route, access, at)
		}
	}
	var found *ir.Component
	for _, role := range roles {
		if role.typ != "aws_iam_role" {
			continue
		}
		for _, st := range im.roles[role] {
			for _, res := range st.resources {
				c := im.componentOf(res, 0)
				if c == nil || c.Kind != kind || c == found {
					continue
				}
				if found != nil {
					return nil // several: the request decides
				}
				found = c
			}
		}
	}
	if found == nil {
		return nil
	}
	tr := addRoute(found, api, route, access, at)
	tr.Learned = schema.SourcePermission
	tr.Notes = append(tr.Notes, "inferred from the integration's role, which allows only this "+string(kind))
	return tr
}

// lenientText is an expression's text, for reading its shape (an
// integration URI's service and action): its value with references
// written as their addresses or, when it cannot be evaluated, its literal
// parts with "*" for the rest.
func (m *module) lenientText(e hcl.Expression) string {
	if v, ok := m.eval(e); ok && v.IsWhollyKnown() && !v.IsNull() && v.Type() == cty.String {
		return cleanMarkers(v.AsString())
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok {
		var b strings.Builder
		for _, p := range t.Parts {
			if l, ok := p.(*hclsyntax.LiteralValueExpr); ok && l.Val.Type() == cty.String {
				b.WriteString(l.Val.AsString())
			} else {
				b.WriteString("*")
			}
		}
		return b.String()
	}
	return ""
}

// textMap is a map expression's entries that evaluate to text; nil when
// the expression is absent.
func (m *module) textMap(e hcl.Expression) map[string]string {
	if e == nil {
		return nil
	}
	out := map[string]string{}
	if v, ok := m.eval(e); ok && v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
		for k, x := range v.AsValueMap() {
			if x.IsKnown() && !x.IsNull() && x.Type() == cty.String {
				out[k] = cleanMarkers(x.AsString())
			}
		}
	}
	return out
}

// templatesNode is a request_templates map as a document node.
func (m *module) templatesNode(e hcl.Expression) cfn.Node {
	tm := m.textMap(e)
	if len(tm) == 0 {
		return cfn.Node{}
	}
	b, err := json.Marshal(tm)
	if err != nil {
		return cfn.Node{}
	}
	n, d := cfn.Parse("request_templates.json", b)
	if d != nil {
		return cfn.Node{}
	}
	return n
}

// httpRoute wires an aws_apigatewayv2_route through its integration.
func (im *importer) httpRoute(m *module, r *resource) {
	b := r.body
	api := im.need(m, attr(b, "api_id"), r.block.DefRange(), "Route "+r.addr())
	if api == nil {
		return
	}
	route, _ := m.str(attr(b, "route_key"))
	for _, x := range m.refs(im, attr(b, "target")) {
		if x.typ != "aws_apigatewayv2_integration" {
			continue
		}
		// A WebSocket API's AWS integration names its target in the
		// request templates.
		at := r.block.DefRange()
		uri := x.mod.lenientText(attr(x.body, "integration_uri"))
		method, _ := x.mod.str(attr(x.body, "integration_method"))
		subtype, _ := x.mod.str(attr(x.body, "integration_subtype"))
		service, action, _ := strings.Cut(subtype, "-")
		if service == "" {
			service, action = cfn.URIService(uri), cfn.URIAction(uri)
		}
		text := x.mod.textMap(attr(x.body, "request_parameters"))
		templates := x.mod.templatesNode(attr(x.body, "request_templates"))
		if a := cfn.SQSReadAction(service, action, text, templates); a != "" {
			im.queueRead(x.mod, route, at, a, attr(x.body, "integration_uri"), attr(x.body, "request_parameters"), attr(x.body, "request_templates"))
			return
		}
		access := cfn.DirectAccess(uri, method)
		if im.routeTo(x.mod, api, route, at, access, attr(x.body, "integration_uri"), attr(x.body, "request_parameters"), attr(x.body, "request_templates")) != nil {
			return
		}
		var params map[string]string
		if subtype != "" {
			params = text
			if params == nil {
				params = map[string]string{}
			}
		}
		im.directTarget(x.mod, api, route, at, access, service, action, params, templates, x.mod.refs(im, attr(x.body, "credentials_arn")))
		return
	}
}

// restIntegration wires an aws_api_gateway_integration: its method's route
// to the backend its uri or request templates name.
func (im *importer) restIntegration(m *module, r *resource) {
	b := r.body
	typ, _ := m.str(attr(b, "type"))
	if typ == "MOCK" || typ == "HTTP" || typ == "HTTP_PROXY" {
		return
	}
	api := im.need(m, attr(b, "rest_api_id"), r.block.DefRange(), "Integration "+r.addr())
	if api == nil {
		return
	}
	method, _ := m.str(attr(b, "http_method"))
	if method == "" {
		for _, x := range m.refs(im, attr(b, "http_method")) {
			if x.typ == "aws_api_gateway_method" {
				method, _ = x.mod.str(attr(x.body, "http_method"))
			}
		}
	}
	route := routeOf(method, im.resourcePath(m, attr(b, "resource_id"), 0))
	at := r.block.DefRange()
	uri := m.lenientText(attr(b, "uri"))
	imethod, _ := m.str(attr(b, "integration_http_method"))
	if a := cfn.SQSReadAction(cfn.URIService(uri), cfn.URIAction(uri), m.textMap(attr(b, "request_parameters")), m.templatesNode(attr(b, "request_templates"))); a != "" {
		im.queueRead(m, route, at, a, attr(b, "uri"), attr(b, "request_templates"), attr(b, "request_parameters"))
		return
	}
	access := cfn.DirectAccess(uri, imethod)
	tr := im.routeTo(m, api, route, at, access, attr(b, "uri"), attr(b, "request_templates"), attr(b, "request_parameters"))
	if tr == nil && typ == "AWS" {
		tr = im.directTarget(m, api, route, at, access, cfn.URIService(uri), cfn.URIAction(uri), nil, m.templatesNode(attr(b, "request_templates")), m.refs(im, attr(b, "credentials")))
	}
	if tr == nil {
		return
	}
	params := map[string]any{}
	if v, ok := m.eval(attr(b, "request_parameters")); ok && v.IsKnown() && !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType()) {
		for k, x := range v.AsValueMap() {
			if x.IsKnown() && !x.IsNull() && x.Type() == cty.String {
				params[k] = x.AsString()
			}
		}
	}
	transfer, _ := m.str(attr(b, "response_transfer_mode"))
	if inv := cfn.Invocation(params, transfer); inv != "" {
		tr.Set("invocation", inv, r.block.DefRange())
	}
}

func routeOf(method, path string) string {
	method = strings.ToUpper(strings.TrimSpace(method))
	switch {
	case path == "" && method == "":
		return ""
	case path == "":
		return method
	case method == "":
		return path
	}
	return method + " " + path
}

// resourcePath builds the path of an aws_api_gateway_resource from its
// path_part and parents; the rest API's root_resource_id is "/".
func (im *importer) resourcePath(m *module, e hcl.Expression, depth int) string {
	if depth > 32 || e == nil {
		return "/"
	}
	for _, x := range m.refs(im, e) {
		if x.typ == "aws_api_gateway_method" {
			return im.resourcePath(x.mod, attr(x.body, "resource_id"), depth+1)
		}
		if x.typ != "aws_api_gateway_resource" {
			continue
		}
		for _, t := range e.Variables() {
			if len(t) > 2 {
				if a, ok := t[2].(hcl.TraverseAttr); ok && a.Name == "root_resource_id" {
					return "/"
				}
			}
		}
		parent := im.resourcePath(x.mod, attr(x.body, "parent_id"), depth+1)
		part, _ := x.mod.str(attr(x.body, "path_part"))
		return strings.TrimSuffix(parent, "/") + "/" + part
	}
	return "/"
}

// stageThrottle reads the throttling of a stage or method settings.
func (im *importer) stageThrottle(m *module, r *resource) {
	b := r.body
	apiExpr := attr(b, "api_id")
	if apiExpr == nil {
		apiExpr = attr(b, "rest_api_id")
	}
	api := im.resolve(m, apiExpr)
	if api == nil {
		return
	}
	for _, name := range []string{"default_route_settings", "settings"} {
		if s := block(b, name); s != nil {
			if f, ok := m.num(attr(s, "throttling_rate_limit")); ok {
				api.Set("throttle_rate", f, attr(s, "throttling_rate_limit").Range())
			}
			if f, ok := m.num(attr(s, "throttling_burst_limit")); ok {
				api.Set("throttle_burst", f, attr(s, "throttling_burst_limit").Range())
			}
		}
	}
}

// apiBody wires the routes of an OpenAPI body (jsonencode, file or
// templatefile).
func (im *importer) apiBody(m *module, r *resource) {
	e := attr(r.body, "body")
	if e == nil || r.comp == nil {
		return
	}
	doc := im.document(m, e)
	if !doc.Ok() {
		return
	}
	for _, route := range cfn.OpenAPIRoutes(doc) {
		uri, _ := route.Values[0].Scalar()
		service := route.Subtype
		if service == "" {
			service = cfn.URIService(cleanMarkers(uri))
		}
		if a := cfn.SQSReadAction(service, route.Action, route.Params, route.Templates); a != "" {
			var q *ir.Component
			for _, v := range route.Values {
				if c := im.nodeComponent(v); c != nil && c.Kind == schema.KindQueue {
					q = c
					break
				}
			}
			cfn.QueueRead(im.res, q, route.Route, e.Range(), a)
			continue
		}
		wired := false
		for _, v := range route.Values {
			if dst := im.nodeComponent(v); dst != nil {
				tr := addRoute(dst, r.comp, route.Route, route.Access, e.Range())
				if route.Invocation != "" {
					tr.Set("invocation", route.Invocation, e.Range())
				}
				wired = true
				break
			}
		}
		if !wired {
			var params map[string]string
			if route.Subtype != "" {
				params = route.Params
			}
			tr := im.directTarget(m, r.comp, route.Route, e.Range(), route.Access, service, route.Action, params, route.Templates, im.nodeMarkers(route.Credentials))
			if tr != nil && route.Invocation != "" {
				tr.Set("invocation", route.Invocation, e.Range())
			}
			wired = tr != nil
		}
		if !wired {
			im.res.Warn(e.Range(), "Integration not followed",
				"Route %q of %s integrates with %s, which does not name a component of the imported configuration; the route is left out. Add the trigger to its target by hand.",
				route.Route, r.name, integrationName(route.Subtype))
		}
	}
}

func integrationName(subtype string) string {
	if subtype == "" {
		return "a backend"
	}
	return subtype
}

// document evaluates an attribute holding a JSON or YAML document and
// parses it; every value points at the attribute.
func (im *importer) document(m *module, e hcl.Expression) cfn.Node {
	v, ok := m.eval(e)
	if !ok || v.IsNull() || !v.IsKnown() {
		return cfn.Node{}
	}
	var src []byte
	if v.Type() == cty.String {
		src = []byte(v.AsString())
	} else if b, err := ctyJSON(v); err == nil {
		src = b
	}
	rng := e.Range()
	n, d := cfn.Parse(rng.Filename, src)
	if d != nil {
		return cfn.Node{}
	}
	return cfn.Relocate(n, rng.Filename, rng.Start.Line, rng.Start.Column)
}

// nodeComponent finds the component a document value names through the
// markers in it.
func (im *importer) nodeComponent(v cfn.Node) *ir.Component {
	for _, r := range im.nodeMarkers(v) {
		if c := im.componentOf(r, 0); c != nil {
			return c
		}
	}
	return nil
}

func (im *importer) nodeMarkers(v cfn.Node) []*resource {
	raw := v.Raw()
	b, err := json.Marshal(raw)
	if err != nil {
		return nil
	}
	return im.markers(cty.StringVal(string(b)))
}

// stateMachine turns the Task states of a definition into dependencies.
func (im *importer) stateMachine(m *module, r *resource) {
	e := attr(r.body, "definition")
	if e == nil || r.comp == nil {
		return
	}
	doc := im.document(m, e)
	if !doc.Ok() {
		im.res.Warn(e.Range(), "Definition not read", "The definition of %s could not be evaluated; its steps are not imported.", r.addr())
		return
	}
	im.steps(m, r.comp, doc)
}

// steps turns the Task states of a definition into dependencies of c.
func (im *importer) steps(m *module, c *ir.Component, doc cfn.Node) {
	cfn.Steps(doc, c, cfn.StepResolver{
		Str: func(v cfn.Node) (string, bool) { return v.Scalar() },
		Resolve: func(v cfn.Node) *ir.Component {
			if c := im.nodeComponent(v); c != nil {
				return c
			}
			s, _ := v.Scalar()
			return im.byPhysicalName(s)
		},
		Warn: func(v cfn.Node, what string) {
			s, _ := v.Scalar()
			if strings.Contains(s, "$") && !strings.Contains(s, "⟦") {
				return // a JSONPath or runtime value, nothing to follow
			}
			im.res.Warn(v.Pos(), "Unresolved reference", "%s refers to %q, which is not a resource of the imported configuration; that link is left out.", what, cleanMarkers(s))
		},
		DefaultBus: func(at hcl.Range) *ir.Component { return im.busOf(m, nil, at) },
	})
}

func cleanMarkers(s string) string {
	return markerRE.ReplaceAllString(s, "$2")
}

// byPhysicalName finds a component by the name its resource declares
// (an ARN's last segment or a plain name).
func (im *importer) byPhysicalName(s string) *ir.Component {
	if s == "" || strings.Contains(s, "${") {
		return nil
	}
	s = cfn.NameFromARN(s)
	if im.physical == nil {
		// Built once, after every component is declared.
		im.physical = map[string]*ir.Component{}
		for _, mm := range im.modules {
			for _, r := range mm.resources {
				if r.comp == nil {
					continue
				}
				for _, key := range []string{"name", "function_name", "bucket"} {
					if n, ok := mm.str(attr(r.body, key)); ok {
						if _, taken := im.physical[n]; !taken {
							im.physical[n] = r.comp
						}
					}
				}
			}
		}
	}
	return im.physical[s]
}

// statement is one IAM statement that allows something.
type statement struct {
	actions   []string
	resources []*resource
	names     []string // the resources as written, where they are literal ("*", an ARN)
	at        hcl.Range
}

// collectPolicy records IAM statements by role: inline policies, role
// policies, and policies attached to roles.
func (im *importer) collectPolicy(m *module, r *resource) {
	b := r.body
	switch r.typ {
	case "aws_iam_role":
		for _, ip := range blocks(b, "inline_policy") {
			im.roles[r] = append(im.roles[r], im.policyStatements(m, attr(ip.Body, "policy"))...)
		}
	case "aws_iam_role_policy":
		for _, role := range m.refs(im, attr(b, "role")) {
			if role.typ == "aws_iam_role" {
				im.roles[role] = append(im.roles[role], im.policyStatements(m, attr(b, "policy"))...)
			}
		}
	case "aws_iam_role_policy_attachment":
		for _, pol := range m.refs(im, attr(b, "policy_arn")) {
			if pol.typ != "aws_iam_policy" {
				continue
			}
			sts := im.policyStatements(pol.mod, attr(pol.body, "policy"))
			for _, role := range m.refs(im, attr(b, "role")) {
				if role.typ == "aws_iam_role" {
					im.roles[role] = append(im.roles[role], sts...)
				}
			}
		}
	}
}

// policyStatements reads a policy: a JSON document, or a reference to an
// aws_iam_policy_document data source.
func (im *importer) policyStatements(m *module, e hcl.Expression) []statement {
	if e == nil {
		return nil
	}
	for _, r := range m.refs(im, e) {
		if r.data && r.typ == "aws_iam_policy_document" {
			return im.policyDocument(r)
		}
	}
	doc, ok := m.jsonDoc(e).(map[string]any)
	if !ok {
		return nil
	}
	var out []statement
	sts, _ := doc["Statement"].([]any)
	if st, ok := doc["Statement"].(map[string]any); ok {
		sts = []any{st}
	}
	for _, s := range sts {
		st, ok := s.(map[string]any)
		if !ok || st["Effect"] == "Deny" {
			continue
		}
		x := statement{actions: anyStrings(st["Action"]), names: anyStrings(st["Resource"]), at: e.Range()}
		for _, res := range anyStrings(st["Resource"]) {
			found := im.markers(cty.StringVal(res))
			if len(found) == 0 {
				found = m.byARNName(res)
			}
			x.resources = append(x.resources, found...)
		}
		out = append(out, x)
	}
	return out
}

func (im *importer) policyDocument(r *resource) []statement {
	var out []statement
	for _, sb := range blocks(r.body, "statement") {
		if eff, _ := r.mod.str(attr(sb.Body, "effect")); eff == "Deny" {
			continue
		}
		out = append(out, statement{actions: r.mod.strings(attr(sb.Body, "actions")), resources: r.mod.refs(im, attr(sb.Body, "resources")), names: r.mod.strings(attr(sb.Body, "resources")), at: rangeOf(attr(sb.Body, "resources"), sb.DefRange())})
	}
	return out
}

func anyStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// roleDeps infers dependencies of a function or state machine from the
// statements of its role.
func (im *importer) roleDeps(m *module, r *resource, role hcl.Expression) {
	if r.comp == nil || role == nil {
		return
	}
	for _, x := range m.refs(im, role) {
		if x.typ != "aws_iam_role" {
			continue
		}
		n := len(r.comp.Deps)
		for _, st := range im.roles[x] {
			for _, res := range st.resources {
				dst := im.componentOf(res, 0)
				if dst == nil {
					continue
				}
				for _, rel := range cfn.Relations(st.actions, dst.Kind) {
					d := len(r.comp.Deps)
					r.comp.AddDep(rel.Rel, dst, st.at, schema.SourcePermission, "inferred from IAM "+rel.Action)
					if len(r.comp.Deps) > d {
						r.comp.Deps[d].Weak = rel.Wildcard
					}
				}
			}
		}
		im.grants.Add(x, r.comp, r.comp.Deps[n:])
	}
}

// envDeps infers dependencies from environment variables naming
// resources; known dependencies win.
func (im *importer) envDeps(m *module, r *resource) {
	env := block(r.body, "environment")
	if env == nil {
		return
	}
	e := attr(env, "variables")
	if e == nil {
		return
	}
	c := r.comp
	v, ok := m.eval(e)
	if !ok || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return
	}
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		for _, x := range im.markers(ev) {
			dst := im.componentOf(x, 0)
			if dst == nil || dst == c || hasDep(c, dst) || isSourceOf(dst, c) {
				continue
			}
			why := "inferred from environment variable " + k.AsString()
			rel := ""
			switch {
			case dst.Kind.IsChannel(), dst.Kind == schema.KindStateMachine:
				rel = "emits"
			case dst.Kind == schema.KindFunction:
				rel = "calls"
			case dst.Kind == schema.KindDatabase || dst.Kind == schema.KindBucket:
				rel = "reads"
			default:
				continue
			}
			c.AddDep(rel, dst, e.Range(), schema.SourceEnvironment, why)
			c.Deps[len(c.Deps)-1].Weak = true
		}
	}
}

func hasDep(c, dst *ir.Component) bool {
	for _, d := range c.Deps {
		if d.To == dst {
			return true
		}
	}
	return false
}

func isSourceOf(src, c *ir.Component) bool {
	for _, t := range c.Triggers {
		if t.Source == src {
			return true
		}
	}
	return false
}

// usagePlans reads the throttle_settings of an aws_api_gateway_usage_plan
// that an aws_api_gateway_usage_plan_key gives a key as the throttle of
// the APIs in its api_stages: every client then holds a key, and a key is
// held to the plan's rate. A throttle the stage's method settings give
// wins; of several plans, the highest rate is the API's.
func (im *importer) usagePlans() {
	keyed := map[*resource]bool{}
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.typ != "aws_api_gateway_usage_plan_key" {
				continue
			}
			for _, p := range m.refs(im, attr(r.body, "usage_plan_id")) {
				if p.typ == "aws_api_gateway_usage_plan" {
					keyed[p] = true
				}
			}
		}
	}
	fromPlan := map[*ir.Component]bool{}
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.typ != "aws_api_gateway_usage_plan" || !keyed[r] {
				continue
			}
			ts := block(r.body, "throttle_settings")
			if ts == nil {
				continue
			}
			rate := attr(ts, "rate_limit")
			rv, ok := m.num(rate)
			if !ok {
				continue
			}
			for _, st := range blocks(r.body, "api_stages") {
				api := im.resolve(m, attr(st.Body, "api_id"))
				if api == nil || api.Kind != schema.KindAPI {
					continue
				}
				if old := api.Get("throttle_rate"); old != nil {
					if f, _ := old.Value.(float64); !fromPlan[api] || f >= rv {
						continue
					}
				}
				fromPlan[api] = true
				api.Set("throttle_rate", rv, rate.Range())
				api.Get("throttle_rate").Note = "per API key, from usage plan " + r.name
				if bv, ok := m.num(attr(ts, "burst_limit")); ok {
					api.Set("throttle_burst", bv, attr(ts, "burst_limit").Range())
				} else {
					api.Unset("throttle_burst")
				}
			}
		}
	}
}

// arnNames are the resource types whose ARN ends in their name, with what
// comes before the name and the attribute that sets it.
var arnNames = []struct{ typ, service, attr, before string }{
	{"aws_dynamodb_table", "dynamodb", "name", ":table/"},
	{"aws_s3_bucket", "s3", "bucket", ":::"},
	{"aws_sqs_queue", "sqs", "name", ":"},
	{"aws_sns_topic", "sns", "name", ":"},
	{"aws_lambda_function", "lambda", "function_name", ":function:"},
	{"aws_kinesis_firehose_delivery_stream", "firehose", "name", ":deliverystream/"},
}

// byARNName finds the resource of m that an ARN written out with its
// name stands for: a policy Resource of
// "arn:aws:dynamodb:*:*:table/${var.dynamodb_table}" names the table whose
// name is var.dynamodb_table, though it holds no reference to it. Only a
// name known when importing (a literal or a variable's default) and only
// one resource matching count.
func (m *module) byARNName(arn string) []*resource {
	if !strings.HasPrefix(arn, "arn:") {
		return nil
	}
	var found *resource
	for _, r := range m.resources {
		if r.data || r.registry != "" {
			continue
		}
		for _, a := range arnNames {
			if r.typ != a.typ || !strings.Contains(arn, ":"+a.service+":") {
				continue
			}
			name, ok := m.str(attr(r.body, a.attr))
			if !ok || name == "" || strings.ContainsAny(name, "*?") {
				continue
			}
			rest := strings.TrimSuffix(strings.TrimSuffix(arn, "/*"), "/")
			if a.typ == "aws_dynamodb_table" {
				rest, _, _ = strings.Cut(rest, "/index/")
				rest, _, _ = strings.Cut(rest, "/stream/")
			}
			if strings.HasSuffix(rest, a.before+name) {
				if found != nil && found != r {
					return nil
				}
				found = r
			}
		}
	}
	if found == nil {
		return nil
	}
	return []*resource{found}
}
