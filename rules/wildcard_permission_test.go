package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestWildcardPermission(t *testing.T) {
	cases := map[string]string{
		"a whole service": `
function "a" {
  policy_actions   = ["s3:GetObject", "s3:*"] # want "wildcard-permission"
  policy_resources = ["arn:aws:s3:::b/*"]
}
`,
		"all of AWS": `
function "a" {
  policy_actions = ["*"] # want "wildcard-permission"
}
`,
		"every resource": `
function "a" {
  policy_actions   = ["dynamodb:PutItem"]
  policy_resources = ["*"] # want "wildcard-permission"
}
`,
		"scoped, prefixes, or unknown": `
function "a" {
  policy_actions   = ["s3:Get*", "dynamodb:GetItem"]
  policy_resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"]
}
function "b" {}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, wildcardPermission{}) })
	}
	f := onlyFinding(t, "function \"a\" {\n  policy_actions   = [\"s3:*\", \"*\"] # want \"wildcard-permission\"\n  policy_resources = [\"*\"]\n}\n", wildcardPermission{})
	if want := `function.a's policy allows wildcard actions "s3:*" and "*" on every resource ("*"): grant only the actions on the resources it uses`; f.Message != want {
		t.Errorf("message %q", f.Message)
	}
}
