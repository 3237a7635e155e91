package rules

import (
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/textfmt"
)

type wildcardPermission struct{}

func (wildcardPermission) Meta() lint.Meta {
	return lint.Meta{
		ID:       "wildcard-permission",
		Severity: lint.Warning,
		Preset:   lint.PresetHygiene,
		Title:    "A function's policy should name its actions and resources",
		Why: `A Lambda function acts with its execution role. A statement that allows
every action of a service ("s3:*", or "*" for all of AWS) or every resource
("*") gives the function, and anyone who finds a way to run code in it (a
vulnerable dependency, an injection), far more than it needs: "s3:*" on a
bucket includes deleting it and changing its policy; "dynamodb:PutItem" on
"*" writes to every table of the account. Least privilege, IAM's first best
practice, is to grant only the actions on the resources a function uses.

The rule fires on a function whose policy_actions hold "*" or a whole
service ("s3:*"), and on one whose policy_resources hold "*". Unset is
unknown and not reported. Action prefixes such as "s3:Get*" are not
reported.`,
		Source: "IAM User Guide, security best practices: apply least-privilege permissions: https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege; AWS Lambda Developer Guide, execution role: https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html. Read 2026-12-02.",
		Ignore: "When the function administers the service by design (a clean-up job that deletes any table it is given) and its role is otherwise fenced, by a permission boundary or a service control policy.",
		Failing: `function "export" {
  runtime          = "python3.13"
  policy_actions   = ["s3:*"]
  policy_resources = ["*"]
}`,
		Fixed: `function "export" {
  runtime          = "python3.13"
  policy_actions   = ["s3:PutObject"]
  policy_resources = ["arn:aws:s3:::exports/*"]
}`,
		SeeAlso: []string{"shared-database"},
		Imported: `Reads the statements of the function's inline policies: Policies of a SAM
function, AWS::IAM::Role and AWS::IAM::Policy statements attached to its
role, aws_iam_role_policy, aws_iam_policy_document and inline JSON policies
in Terraform, iamRoleStatements and iam.role.statements in serverless.yml.
SAM policy templates (DynamoDBCrudPolicy and the like) are scoped by their
parameters and add no wildcard. Resource "*" is not counted for statements
whose actions all take no narrower resource (X-Ray, CloudWatch metrics,
ENI management for a VPC). Managed policies named by ARN are not read.`,
	}
}

func (wildcardPermission) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction {
			continue
		}
		var actions []string
		if a := c.Attr(schema.AttrPolicyActions); a != nil && a.Set {
			for _, s := range a.Strings {
				if wildcardAction(s) && !containsString(actions, s) {
					actions = append(actions, s)
				}
			}
		}
		star := false
		if a := c.Attr(schema.AttrPolicyResources); a != nil && a.Set {
			star = containsString(a.Strings, "*")
		}
		if len(actions) == 0 && !star {
			continue
		}
		quoted := make([]string, len(actions))
		for i, s := range actions {
			quoted[i] = `"` + s + `"`
		}
		var what string
		rng := c.AttrRange(schema.AttrPolicyActions)
		switch {
		case len(actions) > 0 && star:
			what = "wildcard actions " + textfmt.List(quoted, "and") + ` on every resource ("*")`
		case len(actions) > 0:
			what = "wildcard actions " + textfmt.List(quoted, "and")
		default:
			what = `actions on every resource ("*")`
			rng = c.AttrRange(schema.AttrPolicyResources)
		}
		p.Report(c, rng, "%s's policy allows %s: grant only the actions on the resources it uses", c.Address(), what)
	}
	return nil
}

// wildcardAction reports whether an IAM action grants all of AWS ("*") or
// a whole service ("s3:*").
func wildcardAction(s string) bool {
	if s == "*" {
		return true
	}
	_, action, ok := strings.Cut(s, ":")
	return ok && action == "*"
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
