package cfn

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/schema/imports/ir"
)

// hygiene reads what the hygiene rules check: each function's log
// retention and the wildcards of its policies, each API's access logging
// and tracing. A value the template cannot tell (a parameter, a name built
// from one) stays unset, which the rules read as unknown.
func (im *Importer) hygiene() {
	for _, t := range im.tmpls {
		im.logRetention(t)
		im.apiStages(t)
		for _, r := range t.Resources {
			if r.Comp == nil {
				continue
			}
			switch r.Type {
			case "AWS::Serverless::Function", "AWS::Lambda::Function":
				im.policyWildcards(r)
				// A runtime taken from a parameter's default is not what
				// every deployment runs: the rules do not judge it.
				if rt := r.Comp.Get("runtime"); rt != nil {
					if fn, _ := r.prop("Runtime").Fn(); fn != "" {
						rt.Assumed = true
						rt.Note = "from a parameter's default"
					}
				}
			case "AWS::Serverless::Api":
				samAPILogging(r, r.Comp, r.prop("AccessLogSetting"), r.prop("TracingEnabled"))
			case "AWS::Serverless::HttpApi":
				samAPILogging(r, r.Comp, r.prop("AccessLogSettings"), Node{})
			case "AWS::AppSync::GraphQLApi", "AWS::Serverless::GraphQLApi":
				boolOr(r.T, r.Comp, "tracing", r.Props.Get("XrayEnabled"), r.At)
			}
		}
		// The APIs SAM creates for functions' Api and HttpApi events take
		// their settings from Globals.
		if c := im.implicit[t.File+"|ServerlessRestApi"]; c != nil {
			samAPILogging(&Resource{T: t, Type: "AWS::Serverless::Api", At: c.Pos}, c, t.Globals.Path("Api", "AccessLogSetting"), t.Globals.Path("Api", "TracingEnabled"))
		}
		if c := im.implicit[t.File+"|ServerlessHttpApi"]; c != nil {
			samAPILogging(&Resource{T: t, Type: "AWS::Serverless::HttpApi", At: c.Pos}, c, t.Globals.Path("HttpApi", "AccessLogSettings"), Node{})
		}
	}
}

// samAPILogging reads a SAM API's access log setting and tracing: SAM
// creates its stage, so their absence is a fact.
func samAPILogging(r *Resource, c *ir.Component, logs, tracing Node) {
	if logs.Ok() {
		c.Set("access_logs", true, logs.Pos())
	} else {
		c.Set("access_logs", false, r.At)
	}
	if r.Type == "AWS::Serverless::Api" {
		boolOr(r.T, c, "tracing", tracing, r.At)
	}
}

// boolOr sets a bool attribute from v, false where v is absent; a value
// the template cannot resolve leaves it unset.
func boolOr(t *Template, c *ir.Component, name string, v Node, at ir.Pos) {
	if !v.Ok() {
		c.Set(name, false, at)
		return
	}
	if b, ok := t.sc.Bool(v); ok {
		c.Set(name, b, v.Pos())
	}
}

// apiStages reads access logging and tracing from the stages of REST,
// HTTP and WebSocket APIs declared as AWS::ApiGateway::RestApi and
// AWS::ApiGatewayV2::Api: logged (or traced) when one of its stages is,
// not when the template declares stages and none is. An API without a
// declared stage stays unknown, unless it is an HTTP API quick-created
// with a Target, whose $default stage has no access logs.
func (im *Importer) apiStages(t *Template) {
	type state struct{ logs, tracing *bool }
	seen := map[*ir.Component]*state{}
	var order []*ir.Component
	note := func(api *ir.Component, logs, tracing *bool) {
		s := seen[api]
		if s == nil {
			s = &state{}
			seen[api] = s
			order = append(order, api)
		}
		or := func(into **bool, v *bool) {
			if v == nil {
				return
			}
			if *into == nil || *v {
				b := *v
				*into = &b
			}
		}
		or(&s.logs, logs)
		or(&s.tracing, tracing)
	}
	present := func(v Node) *bool { b := v.Ok(); return &b }
	traced := func(v Node) *bool {
		if !v.Ok() {
			b := false
			return &b
		}
		if b, ok := t.sc.Bool(v); ok {
			return &b
		}
		return nil
	}
	for _, r := range t.Resources {
		switch r.Type {
		case "AWS::ApiGateway::Stage":
			if api := im.declaredAPI(t, r.Props.Get("RestApiId")); api != nil {
				note(api, present(r.Props.Get("AccessLogSetting")), traced(r.Props.Get("TracingEnabled")))
			}
		case "AWS::ApiGateway::Deployment":
			sd := r.Props.Get("StageDescription")
			if !sd.Ok() && !r.Props.Get("StageName").Ok() {
				continue // a deployment without a stage of its own
			}
			if api := im.declaredAPI(t, r.Props.Get("RestApiId")); api != nil {
				note(api, present(sd.Get("AccessLogSetting")), traced(sd.Get("TracingEnabled")))
			}
		case "AWS::ApiGatewayV2::Stage":
			if api := im.declaredAPI(t, r.Props.Get("ApiId")); api != nil {
				note(api, present(r.Props.Get("AccessLogSettings")), nil)
			}
		case "AWS::ApiGatewayV2::Api":
			if r.Comp != nil && r.Props.Get("Target").Ok() {
				f := false
				note(r.Comp, &f, nil)
			}
		}
	}
	for _, api := range order {
		s := seen[api]
		if s.logs != nil {
			api.Set("access_logs", *s.logs, api.Pos)
		}
		if s.tracing != nil && api.Get("type") != nil && api.Get("type").Value == "rest" {
			api.Set("tracing", *s.tracing, api.Pos)
		}
	}
}

// declaredAPI is the API component of a stage's RestApiId or ApiId, when
// it is declared with AWS::ApiGateway::RestApi or AWS::ApiGatewayV2::Api
// (a SAM API's stages are SAM's).
func (im *Importer) declaredAPI(t *Template, ref Node) *ir.Component {
	tg, ok := t.sc.Target(ref)
	if !ok {
		return nil
	}
	r := t.byID[tg.ID]
	if r == nil || r.Comp == nil || (r.Type != "AWS::ApiGateway::RestApi" && r.Type != "AWS::ApiGatewayV2::Api") {
		return nil
	}
	return r.Comp
}

// logRetention gives each function of t its log group's retention: the
// RetentionInDays of the AWS::Logs::LogGroup its LoggingConfig names or
// whose name is /aws/lambda/ plus the function's name, 0 (never expire)
// for a group without one, and 0, marked as the platform's default, for a
// function with no group in the template: Lambda then creates one that
// never expires. When a group's name cannot be read, or a function's
// LoggingConfig names a group the template does not declare, the
// functions it may belong to stay unknown.
func (im *Importer) logRetention(t *Template) {
	groups := map[*Resource]*Resource{} // function -> its log group
	unknownGroup := false
	fnByName := map[string]*Resource{}
	for _, r := range t.Resources {
		if isFunction(r) {
			if name, ok := t.sc.Str(r.Props.Get("FunctionName")); ok {
				fnByName[name] = r
			} else if name, ok := t.sc.lenient(r.Props.Get("FunctionName")); ok {
				fnByName[name] = r
			}
		}
	}
	for _, r := range t.Resources {
		if r.Type != "AWS::Logs::LogGroup" {
			continue
		}
		name := r.Props.Get("LogGroupName")
		if !name.Ok() {
			continue // a generated name: no function's group
		}
		found := false
		for _, tg := range t.sc.Targets(name) {
			if fn := t.byID[tg.ID]; fn != nil && isFunction(fn) && tg.Attr == "" {
				groups[fn] = r
				found = true
			}
		}
		if found {
			continue
		}
		s, ok := t.sc.Str(name)
		if !ok {
			s, ok = t.sc.lenient(name)
		}
		if !ok {
			unknownGroup = true
			continue
		}
		if fnName, isLambda := strings.CutPrefix(s, "/aws/lambda/"); isLambda {
			if fn := fnByName[fnName]; fn != nil {
				groups[fn] = r
			} else if strings.Contains(fnName, "*") {
				unknownGroup = true
			}
		}
	}
	for _, r := range t.Resources {
		if !isFunction(r) || r.Comp == nil {
			continue
		}
		lc := r.prop("LoggingConfig").Get("LogGroup")
		if lc.Ok() {
			if tg, ok := t.sc.Target(lc); ok && t.byID[tg.ID] != nil && t.byID[tg.ID].Type == "AWS::Logs::LogGroup" {
				groups[r] = t.byID[tg.ID]
			} else {
				continue // a group declared elsewhere
			}
		}
		g := groups[r]
		switch {
		case g != nil:
			ret := g.Props.Get("RetentionInDays")
			if !ret.Ok() {
				r.Comp.Set("log_retention_days", 0.0, g.At)
			} else if days, ok := t.sc.Num(ret); ok {
				r.Comp.Set("log_retention_days", days, ret.Pos())
			}
		case !unknownGroup:
			r.Comp.Set("log_retention_days", 0.0, r.At)
			a := r.Comp.Get("log_retention_days")
			a.Assumed = true
			a.Note = "no log group in the template: Lambda's own never expires"
		}
	}
}

func isFunction(r *Resource) bool {
	return r.Type == "AWS::Serverless::Function" || r.Type == "AWS::Lambda::Function"
}

// policyWildcards records the actions and resources of a function's
// inline policy statements (SAM Policies, and its role's policies). SAM
// policy templates are scoped by their parameters and add nothing; managed
// policies are not read. A function with no statement read stays unknown.
func (im *Importer) policyWildcards(r *Resource) {
	t := r.T
	var sts []statement
	for _, p := range r.prop("Policies").List() {
		if p.IsMap() && p.Get("Statement").Ok() {
			sts = append(sts, statements(t, p)...)
		}
	}
	if role := r.Props.Get("Role"); role.Ok() {
		if tg, ok := t.sc.Target(role); ok {
			if rr := t.byID[tg.ID]; rr != nil {
				sts = append(sts, im.roles[rr]...)
			}
		}
	}
	if len(sts) == 0 {
		return
	}
	var actions, resources []string
	actionsAt, resourcesAt := r.Comp.Pos, r.Comp.Pos
	wildAction, wildResource := false, false
	for i, st := range sts {
		if i == 0 && st.action.Ok() {
			actionsAt = st.action.Pos()
		}
		for _, a := range st.actions {
			if !wildAction && (a == "*" || strings.HasSuffix(a, ":*")) && st.action.Ok() {
				wildAction, actionsAt = true, st.action.Pos()
			}
			if !slices.Contains(actions, a) {
				actions = append(actions, a)
			}
		}
		for j, res := range st.resources.List() {
			if i == 0 && j == 0 {
				resourcesAt = res.Pos()
			}
			s, ok := st.t.sc.Str(res)
			if !ok {
				s = st.t.sc.Text(res)
			}
			if s == "*" && ResourceStarNeeded(st.actions) {
				continue
			}
			if s == "*" && !wildResource {
				wildResource, resourcesAt = true, res.Pos()
			}
			if !slices.Contains(resources, s) {
				resources = append(resources, s)
			}
		}
	}
	if len(actions) > 0 {
		r.Comp.Set("policy_actions", actions, actionsAt)
	}
	if len(resources) > 0 {
		r.Comp.Set("policy_resources", resources, resourcesAt)
	}
}

// ResourceStarNeeded reports whether every action takes no narrower
// resource than "*": X-Ray, CloudWatch metrics, the network interfaces of
// a function in a VPC, services without resource-level permissions
// (Translate, Comprehend, Textract, Rekognition's detection, Polly's
// synthesis), and List and Describe calls, most of which take "*" only.
// Service authorization reference: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// (read 2026-12-02).
func ResourceStarNeeded(actions []string) bool {
	if len(actions) == 0 {
		return false
	}
	for _, a := range actions {
		if !starOnly(a) {
			return false
		}
	}
	return true
}

func starOnly(action string) bool {
	service, name, ok := strings.Cut(strings.ToLower(action), ":")
	if !ok || name == "*" {
		return false
	}
	switch service {
	case "xray", "translate", "comprehend", "textract":
		return true
	case "cloudwatch":
		return name == "putmetricdata"
	case "ec2":
		return strings.Contains(name, "networkinterface") || strings.HasPrefix(name, "describe") ||
			name == "assignprivateipaddresses" || name == "unassignprivateipaddresses"
	case "rekognition":
		return strings.HasPrefix(name, "detect") || strings.HasPrefix(name, "recognize") || strings.HasPrefix(name, "compare")
	case "polly":
		return name == "synthesizespeech"
	case "sts":
		return name == "getcalleridentity"
	case "ecr":
		return name == "getauthorizationtoken"
	}
	return strings.HasPrefix(name, "list") || strings.HasPrefix(name, "describe")
}
