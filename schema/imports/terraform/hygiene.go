package terraform

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
)

// hygiene reads what the hygiene rules check: each function's log
// retention and the wildcards of its role's policies, each API's access
// logging and tracing, a state machine's and an AppSync API's tracing. A
// value the configuration cannot tell stays unset (unknown).
func (im *importer) hygiene() {
	im.logRetention()
	type stage struct{ logs, tracing *bool }
	apis := map[*ir.Component]*stage{}
	var order []*ir.Component
	note := func(api *ir.Component, logs, tracing *bool) {
		s := apis[api]
		if s == nil {
			s = &stage{}
			apis[api] = s
			order = append(order, api)
		}
		for _, p := range []struct {
			into **bool
			v    *bool
		}{{&s.logs, logs}, {&s.tracing, tracing}} {
			if p.v != nil && (*p.into == nil || *p.v) {
				b := *p.v
				*p.into = &b
			}
		}
	}
	yes, no := true, false
	for _, m := range im.modules {
		for _, r := range m.resources {
			b := r.body
			switch r.typ {
			case "aws_lambda_function":
				if r.comp != nil && r.registry == "" {
					im.policyWildcards(m, r)
				}
			case "aws_api_gateway_stage":
				api := im.apiOf(m, attr(b, "rest_api_id"))
				if api == nil {
					continue
				}
				logs := &no
				if block(b, "access_log_settings") != nil {
					logs = &yes
				}
				var tracing *bool
				if e := attr(b, "xray_tracing_enabled"); e == nil {
					tracing = &no
				} else if v, ok := m.boolean(e); ok {
					tracing = &v
				}
				note(api, logs, tracing)
			case "aws_apigatewayv2_stage":
				if api := im.apiOf(m, attr(b, "api_id")); api != nil {
					logs := &no
					if block(b, "access_log_settings") != nil {
						logs = &yes
					}
					note(api, logs, nil)
				}
			case "aws_apigatewayv2_api":
				if r.comp != nil && attr(b, "target") != nil {
					note(r.comp, &no, nil) // quick create: a $default stage without logs
				}
			case "aws_appsync_graphql_api":
				if r.comp != nil {
					if e := attr(b, "xray_enabled"); e == nil {
						r.comp.Set("tracing", false, r.block.DefRange())
					} else if v, ok := m.boolean(e); ok {
						r.comp.Set("tracing", v, e.Range())
					}
				}
			case "aws_sfn_state_machine":
				if tc := block(b, "tracing_configuration"); tc != nil && r.comp != nil {
					if v, ok := m.boolean(attr(tc, "enabled")); ok && v {
						r.comp.Set("tracing", true, attr(tc, "enabled").Range())
					}
				}
			}
		}
	}
	for _, api := range order {
		s := apis[api]
		if s.logs != nil {
			api.Set("access_logs", *s.logs, api.Pos)
		}
		if t := api.Get("type"); s.tracing != nil && t != nil && t.Value == "rest" {
			api.Set("tracing", *s.tracing, api.Pos)
		}
	}
}

// apiOf is the API component a stage's rest_api_id or api_id names.
func (im *importer) apiOf(m *module, e hcl.Expression) *ir.Component {
	for _, r := range m.refs(im, e) {
		if r.comp != nil && (r.typ == "aws_api_gateway_rest_api" || r.typ == "aws_apigatewayv2_api") {
			return r.comp
		}
	}
	return nil
}

// logRetention gives each aws_lambda_function its log group's retention:
// retention_in_days of the aws_cloudwatch_log_group its logging_config
// names or whose name is /aws/lambda/ plus the function's name (0, never
// expire, when absent or 0), and 0 marked as the platform's default for a
// function without one: Lambda then creates a group that never expires.
// A group whose name cannot be read leaves the functions without a group
// unknown.
func (im *importer) logRetention() {
	groups := map[*resource]*resource{}
	byName := map[string]*resource{}
	unknown := false
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.typ == "aws_lambda_function" && !r.data {
				if n, ok := m.str(attr(r.body, "function_name")); ok {
					byName[n] = r
				}
			}
		}
	}
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.typ != "aws_cloudwatch_log_group" || r.data {
				continue
			}
			name := attr(r.body, "name")
			if name == nil {
				continue // a generated name
			}
			found := false
			for _, x := range m.refs(im, name) {
				if x.typ == "aws_lambda_function" && !x.data {
					groups[x] = r
					found = true
				}
			}
			if found {
				continue
			}
			s, ok := m.str(name)
			if !ok {
				unknown = true
				continue
			}
			if fn, isLambda := strings.CutPrefix(s, "/aws/lambda/"); isLambda && byName[fn] != nil {
				groups[byName[fn]] = r
			}
		}
	}
	for _, m := range im.modules {
		for _, r := range m.resources {
			if r.typ != "aws_lambda_function" || r.data || r.comp == nil || r.registry != "" {
				continue
			}
			if lc := block(r.body, "logging_config"); lc != nil && attr(lc, "log_group") != nil {
				g := (*resource)(nil)
				for _, x := range m.refs(im, attr(lc, "log_group")) {
					if x.typ == "aws_cloudwatch_log_group" {
						g = x
					}
				}
				if g == nil {
					continue // a group declared elsewhere
				}
				groups[r] = g
			}
			g := groups[r]
			switch {
			case g != nil:
				ret := attr(g.body, "retention_in_days")
				if ret == nil {
					r.comp.Set("log_retention_days", 0.0, g.block.DefRange())
				} else if days, ok := g.mod.num(ret); ok {
					r.comp.Set("log_retention_days", days, ret.Range())
				}
			case !unknown:
				r.comp.Set("log_retention_days", 0.0, r.block.DefRange())
				a := r.comp.Get("log_retention_days")
				a.Assumed = true
				a.Note = "no log group in the configuration: Lambda's own never expires"
			}
		}
	}
}

// policyWildcards records the actions and literal resources of the
// statements of a function's role.
func (im *importer) policyWildcards(m *module, r *resource) {
	var sts []statement
	for _, x := range m.refs(im, attr(r.body, "role")) {
		if x.typ == "aws_iam_role" {
			sts = append(sts, im.roles[x]...)
		}
	}
	if len(sts) == 0 {
		return
	}
	var actions, resources []string
	actionsAt, resourcesAt := sts[0].at, sts[0].at
	wildAction, wildResource := false, false
	for _, st := range sts {
		for _, a := range st.actions {
			if !wildAction && (a == "*" || strings.HasSuffix(a, ":*")) {
				wildAction, actionsAt = true, st.at
			}
			if !slices.Contains(actions, a) {
				actions = append(actions, a)
			}
		}
		for _, n := range st.names {
			n = markerRE.ReplaceAllString(n, "$2") // a reference: its address
			if n == "*" && cfn.ResourceStarNeeded(st.actions) {
				continue
			}
			if n == "*" && !wildResource {
				wildResource, resourcesAt = true, st.at
			}
			if !slices.Contains(resources, n) {
				resources = append(resources, n)
			}
		}
	}
	if len(actions) > 0 {
		r.comp.Set("policy_actions", actions, actionsAt)
	}
	if len(resources) > 0 {
		r.comp.Set("policy_resources", resources, resourcesAt)
	}
}
