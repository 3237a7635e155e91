package cfn

import (
	"reflect"
	"testing"

	"github.com/archiehq/archie/schema"
)

func TestShortFormTags(t *testing.T) {
	src := `A: !Ref Queue
B: !GetAtt Queue.Arn
C: !GetAtt [Queue, Arn]
D: !Sub "${Queue.Arn}/x"
E: !Sub
  - "${Q}/y"
  - Q: !GetAtt Other.Arn
F: !If [Cond, !Ref Queue, !Ref Other]
G: !Join ["", ["arn:", !Ref Other]]
H: {"Fn::GetAtt": "Queue.Arn"}
I: !ImportValue shared
`
	root, d := Parse("t.yaml", []byte(src))
	if d != nil {
		t.Fatal(d)
	}
	sc := &scope{resources: map[string]bool{"Queue": true, "Other": true}}
	for key, want := range map[string]string{"A": "Queue", "B": "Queue", "C": "Queue", "D": "Queue", "E": "Other", "F": "Queue", "G": "Other", "H": "Queue", "I": ""} {
		tg, _ := sc.Target(root.Get(key))
		if tg.ID != want {
			t.Errorf("%s: target %q, want %q", key, tg.ID, want)
		}
	}
	if tg, _ := sc.Target(root.Get("B")); tg.Attr != "Arn" {
		t.Errorf("B: attribute %q", tg.Attr)
	}
	if got := sc.Targets(root.Get("F")); len(got) != 2 {
		t.Errorf("F: both branches of !If, got %v", got)
	}
}

func TestEvaluation(t *testing.T) {
	src := `Parameters:
  Mem: {Type: Number, Default: 512}
  Stage: {Type: String, Default: dev}
Mappings:
  Env: {dev: {Timeout: 30}}
Values:
  mem: !Ref Mem
  name: !Sub "orders-${Stage}-${!Literal}"
  timeout: !FindInMap [Env, !Ref Stage, Timeout]
  joined: !Join ["-", [a, !Ref Stage]]
  pick: !Select [1, [x, y]]
  unknown: !Ref AWS::AccountId
`
	root, d := Parse("t.yaml", []byte(src))
	if d != nil {
		t.Fatal(d)
	}
	sc := &scope{params: map[string]Node{}, mappings: root.Get("Mappings")}
	for _, kv := range root.Get("Parameters").Pairs() {
		sc.params[kv.Key] = kv.Value
	}
	v := root.Get("Values")
	if f, ok := sc.Num(v.Get("mem")); !ok || f != 512 {
		t.Errorf("mem = %v %v", f, ok)
	}
	for key, want := range map[string]string{"name": "orders-dev-${Literal}", "timeout": "30", "joined": "a-dev", "pick": "y"} {
		if got, ok := sc.Str(v.Get(key)); !ok || got != want {
			t.Errorf("%s = %q (%v), want %q", key, got, ok, want)
		}
	}
	if _, ok := sc.Str(v.Get("unknown")); ok {
		t.Error("a pseudo parameter has no static value")
	}
}

func TestJSONPositions(t *testing.T) {
	src := "{\n  \"Resources\": {\n    \"Q\": {\n      \"Type\": \"AWS::SQS::Queue\",\n      \"Props\": \"a\\/b\"\n    }\n  }\n}\n"
	root, d := Parse("t.json", []byte(src))
	if d != nil {
		t.Fatal(d)
	}
	q := root.Path("Resources", "Q")
	if p := q.Get("Type").Pos(); p.Start.Line != 4 || p.Start.Column != 15 {
		t.Errorf("Type at %d:%d, want 4:15", p.Start.Line, p.Start.Column)
	}
	if s, _ := q.Get("Props").Scalar(); s != "a/b" {
		t.Errorf("escaped slash read as %q", s)
	}
	for _, kv := range root.Get("Resources").Pairs() {
		if kv.KeyAt.Start.Line != 3 || kv.KeyAt.Start.Column != 5 {
			t.Errorf("key %s at %d:%d, want 3:5", kv.Key, kv.KeyAt.Start.Line, kv.KeyAt.Start.Column)
		}
	}
}

func TestSyntaxErrorHasLine(t *testing.T) {
	_, d := Parse("t.yaml", []byte("a: 1\nb: [unclosed\nc: 2\n"))
	if d == nil || d.Subject == nil || d.Subject.Start.Line < 2 {
		t.Fatalf("got %v", d)
	}
}

func TestAliasBombIsBounded(t *testing.T) {
	src := `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
`
	root, d := Parse("t.yaml", []byte(src))
	if d != nil {
		t.Fatal(d)
	}
	sc := &scope{resources: map[string]bool{}}
	_ = sc.Targets(root)
	_ = root.Raw()
}

func TestRelations(t *testing.T) {
	rels := func(actions []string, k schema.Kind) []string {
		var out []string
		for _, r := range Relations(actions, k) {
			out = append(out, r.Rel)
		}
		return out
	}
	for _, c := range []struct {
		actions []string
		kind    schema.Kind
		want    []string
	}{
		{[]string{"sqs:SendMessage"}, schema.KindQueue, []string{"emits"}},
		{[]string{"sqs:ReceiveMessage", "sqs:DeleteMessage"}, schema.KindQueue, nil},
		{[]string{"dynamodb:GetItem", "dynamodb:Query"}, schema.KindDatabase, []string{"reads"}},
		{[]string{"dynamodb:*"}, schema.KindDatabase, []string{"reads", "writes"}},
		{[]string{"dynamodb:Get*"}, schema.KindDatabase, []string{"reads"}},
		{[]string{"s3:PutObject"}, schema.KindBucket, []string{"writes"}},
		{[]string{"lambda:InvokeFunction"}, schema.KindFunction, []string{"calls"}},
		{[]string{"states:StartExecution"}, schema.KindStateMachine, []string{"emits"}},
		{[]string{"states:StartSyncExecution"}, schema.KindStateMachine, []string{"calls"}},
		{[]string{"events:PutEvents"}, schema.KindBus, []string{"emits"}},
		{[]string{"kinesis:GetRecords"}, schema.KindStream, nil},
	} {
		if got := rels(c.actions, c.kind); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v on a %s: %v, want %v", c.actions, c.kind, got, c.want)
		}
	}
}

func TestNameFromARN(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:dynamodb:*:*:table/orders/index/*":     "orders",
		"arn:aws:dynamodb:*:*:table/orders/stream/*":    "orders",
		"arn:aws:s3:::uploads/*":                        "uploads",
		"arn:aws:sqs:us-east-1:1:jobs":                  "jobs",
		"https://sqs.us-east-1.amazonaws.com/1/jobs":    "jobs",
		"arn:aws:lambda:us-east-1:1:function:resize":    "resize",
		"arn:aws:states:us-east-1:1:stateMachine:flows": "flows",
	} {
		if got := NameFromARN(in); got != want {
			t.Errorf("NameFromARN(%q) = %q, want %q", in, got, want)
		}
	}
}
