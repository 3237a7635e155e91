package ir

import (
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
)

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"OrdersTable": "orders_table", "SQSQueue1": "sqs_queue1", "HelloWorldFunction": "hello_world_function",
		"MyAPIGateway": "my_api_gateway", "S3Bucket": "s3_bucket", "already_snake": "already_snake", "DLQ": "dlq",
	} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIdentifierAndNames(t *testing.T) {
	for in, want := range map[string]string{"create-order": "create-order", "1st": "r_1st", "a.b c": "a_b_c", "": "unnamed"} {
		if got := Identifier(in); got != want {
			t.Errorf("Identifier(%q) = %q, want %q", in, got, want)
		}
	}
	n := NewNames()
	if a, b := n.Take(schema.KindQueue, "q"), n.Take(schema.KindQueue, "q"); a != "q" || b != "q_2" {
		t.Errorf("got %s, %s", a, b)
	}
	if c := n.Take(schema.KindTopic, "q"); c != "q" {
		t.Errorf("names are unique per kind: got %s", c)
	}
}

// TestWriteKeepsTheLanguage drops what the language cannot hold, with a
// warning at the source position, and maps every line back.
func TestWriteKeepsTheLanguage(t *testing.T) {
	at := func(line int) hcl.Range {
		return hcl.Range{Filename: "t.yaml", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 2}}
	}
	q := &Component{Kind: schema.KindQueue, Name: "q", ID: "Q", Type: "AWS::SQS::Queue", Pos: at(1)}
	q.Set("visibility_timeout", Seconds(99999), at(2))
	q.Set("dead_letter", q, at(3))
	fn := &Component{Kind: schema.KindFunction, Name: "f", ID: "F", Type: "AWS::Lambda::Function", Pos: at(5)}
	fn.Set("timeout", Seconds(10), at(6))
	fn.AddTrigger(q, "", at(7)).Set("batch_size", 5.0, at(8))
	fn.AddTrigger(q, "", at(9))
	topic := &Component{Kind: schema.KindTopic, Name: "t", ID: "T", Type: "AWS::SNS::Topic", Pos: at(10)}
	fn.AddTrigger(nil, "schedule", at(11))                       // no expression
	topic.AddTrigger(fn, "", at(12))                             // a topic is not triggered by a function
	fn.AddDep("reads", topic, at(13), schema.SourceTemplate, "") // reads takes data only
	res := NewResult()
	res.Docs = []*Doc{{File: "t.arch.hcl", Source: "t.yaml", Format: "test", Service: "svc", Components: []*Component{q, fn, topic}}}
	out := Write(res)
	src := string(out.Files[0].Src)
	var code []string
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			code = append(code, l)
		}
	}
	for _, bad := range []string{"visibility_timeout", "dead_letter", "schedule", "reads", "function.f"} {
		if strings.Contains(strings.Join(code, "\n"), bad) {
			t.Errorf("%s kept:\n%s", bad, src)
		}
	}
	if strings.Count(src, "trigger {") != 1 {
		t.Errorf("want one merged trigger:\n%s", src)
	}
	if len(res.Diags) != 4 {
		t.Errorf("want 4 warnings, got %d: %v", len(res.Diags), res.Diags)
	}
	for _, d := range res.Diags {
		if d.Severity != hcl.DiagWarning || d.Subject == nil || d.Subject.Filename != "t.yaml" {
			t.Errorf("warning without a source position: %v", d)
		}
	}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.Contains(l, "batch_size") {
			if got := out.Remap(hcl.Range{Filename: "t.arch.hcl", Start: hcl.Pos{Line: i + 1}}); got.Start.Line != 8 {
				t.Errorf("batch_size maps to line %d, want 8", got.Start.Line)
			}
		}
	}
	if _, diags := schema.Parse(t.Context(), ".", out.Files); diags.HasErrors() {
		t.Errorf("generated architecture does not load: %v\n%s", diags, src)
	}
}

// AddDep records how a dependency was learned as its importer says; the
// import goldens check each importer's choice edge by edge.
func TestAddDepSource(t *testing.T) {
	c, d := &Component{Kind: schema.KindFunction, Name: "a"}, &Component{Kind: schema.KindQueue, Name: "q"}
	c.AddDep("emits", d, Pos{}, schema.SourceEnvironment, "inferred from environment variable Q")
	if c.Deps[0].Source != schema.SourceEnvironment {
		t.Errorf("AddDep recorded source %q", c.Deps[0].Source)
	}
}

// An api's triggers on a table: a relational database cannot have one
// (the link is left out with a warning); two routes to one table are one
// trigger whose route writes, the reading route a comment.
func TestAPIDataTriggers(t *testing.T) {
	at := func(line int) hcl.Range {
		return hcl.Range{Filename: "t.yaml", Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 2}}
	}
	api := &Component{Kind: schema.KindAPI, Name: "a", ID: "A", Type: "AWS::ApiGateway::RestApi", Pos: at(1)}
	table := &Component{Kind: schema.KindDatabase, Name: "t", ID: "T", Type: "AWS::DynamoDB::Table", Pos: at(2)}
	table.AddTrigger(api, "", at(3)).Set("route", "GET /items", at(3))
	table.AddTrigger(api, "", at(4)).Set("route", "PUT /items", at(4))
	rds := &Component{Kind: schema.KindDatabase, Name: "r", ID: "R", Type: "AWS::RDS::DBInstance", Pos: at(5)}
	rds.Set("engine", "postgres", at(5))
	rds.AddTrigger(api, "", at(6)).Set("route", "GET /x", at(6))
	res := NewResult()
	res.Docs = []*Doc{{File: "t.arch.hcl", Source: "t.yaml", Format: "test", Components: []*Component{api, table, rds}}}
	out := Write(res)
	src := string(out.Files[0].Src)
	if strings.Count(src, "trigger {") != 1 || !strings.Contains(src, `route = "PUT /items"`) || !strings.Contains(src, `# also route "GET /items" (t.yaml:3)`) {
		t.Errorf("want one trigger on the table with the writing route first:\n%s", src)
	}
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Detail, "postgres database, which an api cannot read or write directly") {
		t.Errorf("want the relational database's trigger left out, got %v", res.Diags)
	}
	a, diags := schema.Parse(t.Context(), ".", out.Files)
	if diags.HasErrors() {
		t.Fatalf("generated architecture does not load: %v\n%s", diags, src)
	}
	if e := a.Component("database.t").In; len(e) != 1 || e[0].Mode != schema.ModeWrite {
		t.Errorf("edges into the table: %v, want one write", e)
	}
}
