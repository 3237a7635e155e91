package serverless

import (
	"slices"
	"strings"

	"github.com/archiehq/archie/schema/imports/cfn"
)

// hygiene reads what the hygiene rules check: each function's log
// retention and policy wildcards, and the access logging and tracing of
// the APIs the framework creates. A value the service cannot tell (a
// variable the importer does not resolve) stays unset: unknown.
func (s *service) hygiene(provider cfn.Node) {
	for _, fn := range s.fns {
		c := fn.comp
		if off, ok := s.boolean(s.resolve(fn.node.Get("disableLogs"))); ok && off {
			continue
		}
		if v := s.prop(fn, "logRetentionInDays"); v.Ok() {
			if days, ok := s.num(v); ok {
				c.Set("log_retention_days", days, v.Pos())
			}
		} else {
			// The framework creates /aws/lambda/NAME for each function,
			// with no retention unless logRetentionInDays says one.
			c.Set("log_retention_days", 0.0, fn.at)
			a := c.Get("log_retention_days")
			a.Assumed = true
			a.Note = "no logRetentionInDays: the log group never expires"
		}
		s.policyWildcards(fn, provider)
	}
	logs := s.resolve(provider.Get("logs"))
	for _, c := range s.doc.Components {
		if !c.Implicit {
			continue
		}
		var key string
		switch c.ID {
		case "ApiGatewayRestApi":
			key = "restApi"
			tracing := s.resolve(provider.Path("tracing", "apiGateway"))
			if !tracing.Ok() {
				c.Set("tracing", false, c.Pos)
			} else if b, ok := s.boolean(tracing); ok {
				c.Set("tracing", b, tracing.Pos())
			}
		case "HttpApi":
			key = "httpApi"
		case "WebsocketsApi":
			key = "websocket"
		default:
			continue
		}
		v := s.resolve(logs.Get(key))
		switch {
		case !v.Ok():
			c.Set("access_logs", false, c.Pos)
		case v.IsMap():
			c.Set("access_logs", true, v.Pos())
		default:
			if b, ok := s.boolean(v); ok {
				c.Set("access_logs", b, v.Pos())
			}
		}
	}
}

// policyWildcards records the actions and resources of the IAM statements
// a function gets: its own (iamRoleStatements of the per-function roles
// plugin, iam.role.statements) and the provider's shared role.
func (s *service) policyWildcards(fn *function, provider cfn.Node) {
	var actions, resources []string
	at, resAt := fn.at, fn.at
	first, wildAction, wildResource := true, false, false
	lists := []cfn.Node{fn.node.Get("iamRoleStatements"), fn.node.Path("iam", "role", "statements"), provider.Path("iam", "role", "statements"), provider.Get("iamRoleStatements")}
	for _, list := range lists {
		for _, st := range s.resolve(list).Items() {
			st = s.resolve(st)
			if e, _ := s.text(st.Get("Effect")); e == "Deny" {
				continue
			}
			acts := s.strings(st.Get("Action"))
			if a, ok := s.text(st.Get("Action")); ok && len(acts) == 0 {
				acts = []string{a}
			}
			actionNode := st.Get("Action")
			if first && actionNode.Ok() {
				at, first = actionNode.Pos(), false
			}
			for _, a := range acts {
				if !wildAction && (a == "*" || strings.HasSuffix(a, ":*")) {
					wildAction, at = true, actionNode.Pos()
				}
				if !slices.Contains(actions, a) {
					actions = append(actions, a)
				}
			}
			res := s.strings(st.Get("Resource"))
			if r, ok := s.text(st.Get("Resource")); ok && len(res) == 0 {
				res = []string{r}
			}
			for _, r := range res {
				if r == "*" && cfn.ResourceStarNeeded(acts) {
					continue
				}
				if r == "*" && !wildResource {
					wildResource, resAt = true, st.Get("Resource").Pos()
				}
				if !slices.Contains(resources, r) {
					resources = append(resources, r)
				}
			}
		}
	}
	if len(actions) > 0 {
		fn.comp.Set("policy_actions", actions, at)
	}
	if len(resources) > 0 {
		fn.comp.Set("policy_resources", resources, resAt)
	}
}
