package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// yamlScopes parses a YAML source and describes each suppression as
// "rules@line:col what start-end", or the problem found.
func yamlScopes(t *testing.T, name, src string) []string {
	t.Helper()
	sups, problems := ParseSuppressions(&hcl.File{Bytes: []byte(src)}, name)
	var out []string
	for _, s := range sups {
		var ids []string
		for _, r := range s.Rules {
			ids = append(ids, fmt.Sprintf("%s@%d:%d", r.ID, r.Range.Start.Line, r.Range.Start.Column))
		}
		out = append(out, fmt.Sprintf("%s %s %d-%d %q", strings.Join(ids, ","), s.what, s.Scope.Start.Line, s.Scope.End.Line, s.Reason))
	}
	for _, p := range problems {
		out = append(out, fmt.Sprintf("problem@%d:%d %s", p.Range.Start.Line, p.Range.Start.Column, p.Message))
	}
	return out
}

func TestYAMLSuppressionPlacement(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"above one of two resources", `Resources:
  # archie-ignore: missing-dlq -- telemetry
  Telemetry:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 60

  Orders:
    Type: AWS::SQS::Queue
`, []string{`missing-dlq@2:20 entry 3-6 "telemetry"`}},
		{"above a property", `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      # archie-ignore: implicit-defaults -- the default is fine
      # (a second comment line)
      MemorySize: 128
      Timeout: 3
`, []string{`implicit-defaults@5:24 entry 7-7 "the default is fine"`}},
		{"at the end of a line", `Resources:
  Fn: # archie-ignore: a, b -- r
    Type: X
  Other:
    Type: Y
`, []string{`a@2:24,b@2:27 entry 2-3 "r"`}},
		{"a list at the key's indent", `functions:
  f:
    # archie-ignore: a -- r
    events:
    - sqs: arn
    - sqs: other
    timeout: 3
`, []string{`a@3:22 entry 4-6 "r"`}},
		{"blank line in between", `Resources:
  # archie-ignore: a -- r

  Fn:
    Type: X
`, []string{"problem@2:3 archie-ignore is neither on the line above an entry nor at the end of one; this one suppresses nothing"}},
		{"inside a block scalar or a string", `Resources:
  Fn:
    Properties:
      InlineCode: |
        # archie-ignore: a -- this is Python
        def handler(e, c): pass
      Description: "# archie-ignore: b -- a string"
`, nil},
		{"file wide", `# archie-ignore-file: implicit-defaults -- generated
Resources:
  Fn:
    Type: X # archie-ignore-file: b -- too late
`, []string{`implicit-defaults@1:23 file 1-5 "generated"`, "problem@4:13 archie-ignore-file must be among the comments at the top of the file, before any entry; this one suppresses nothing"}},
		{"malformed", `Resources:
  # archie-ignore missing-dlq
  Q:
    Type: X
`, []string{"problem@2:3 archie-ignore needs a colon: # archie-ignore: RULE, RULE -- reason; this comment suppresses nothing"}},
		{"metadata", `Resources:
  Q:
    Type: AWS::SQS::Queue
    Metadata:
      archie:
        ignore:
          - rule: missing-dlq
            reason: replayed from the source
          - rule: [a, b]
          - reason: no rule
  R:
    Type: AWS::SQS::Queue
`, []string{`missing-dlq@7:19 resource 2-10 "replayed from the source"`, `a@9:20,b@9:23 resource 2-10 ""`,
			"problem@10:13 an entry of Metadata archie ignore of Q needs a rule: {rule: RULE, reason: why}; it suppresses nothing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := yamlScopes(t, "template.yaml", c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestJSONMetadataSuppression: a JSON template can only use Metadata, and
// the suppression covers its resource alone, also on one line.
func TestJSONMetadataSuppression(t *testing.T) {
	src := `{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Metadata": {"archie": {"ignore": [{"rule": "missing-dlq", "reason": "r"}]}}}, "R": {"Type": "AWS::SQS::Queue"}}}`
	sups, problems := ParseSuppressions(&hcl.File{Bytes: []byte(src)}, "t.json")
	if len(sups) != 1 || len(problems) != 0 {
		t.Fatalf("sups %+v problems %+v", sups, problems)
	}
	s := sups[0]
	q := Finding{Rule: "missing-dlq", Range: hcl.Range{Filename: "t.json", Start: hcl.Pos{Line: 1, Column: 16}}}
	r := Finding{Rule: "missing-dlq", Range: hcl.Range{Filename: "t.json", Start: hcl.Pos{Line: 1, Column: strings.Index(src, `"R"`) + 1}}}
	if !s.covers(q) || s.covers(r) {
		t.Errorf("scope %v: covers Q %v, R %v", s.Scope, s.covers(q), s.covers(r))
	}
}
