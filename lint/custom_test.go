package lint

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

const customArch = `
api "public" {}

service "orders" {
  function "big" {
    memory      = 4096
    timeout     = "30s"
    runtime     = "python3.12"
    concurrency = 10
    calls       = [function.small]
    on_failure  = queue.failed
    trigger {
      source = api.public
      route  = "POST /orders"
    }
  }

  queue "failed" {
    dead_letter = queue.failed_dlq
  }
  queue "failed_dlq" {}
}

function "small" {
  runtime = "nodejs20.x"
  trigger {
    source     = queue.failed
    batch_size = 5
  }
}

database "orders" {
  item_size = "2KB"
}
`

func loadArch(t *testing.T, src string) *schema.Architecture {
	t.Helper()
	arch, diags := schema.Parse(context.Background(), ".", []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(src)}})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return arch
}

// customFindings declares one custom rule from body and runs it over arch.
func customFindings(t *testing.T, arch *schema.Architecture, body string) ([]Finding, hcl.Diagnostics) {
	t.Helper()
	cfg, diags := ParseConfig([]byte("rule \"custom\" {\n"+body+"\n}\n"), ".archie.hcl", nil)
	if diags.HasErrors() {
		return nil, diags
	}
	res, err := runRules(context.Background(), arch, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return res.findings, res.config
}

func TestCustomRuleFindings(t *testing.T) {
	arch := loadArch(t, customArch)
	fs, diags := customFindings(t, arch, `
  kind      = "function"
  condition = self.memory <= 3008
  severity  = "error"
  message   = "${self.address} uses ${self.memory} MB; above 3008 MB needs an exception"`)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(fs) != 1 {
		t.Fatalf("want one finding, got %+v", fs)
	}
	f := fs[0]
	if f.Rule != "custom" || f.Severity != Error || f.Component != "function.big" ||
		f.Message != "function.big uses 4096 MB; above 3008 MB needs an exception" {
		t.Errorf("finding: %+v", f)
	}
	// The condition reads one attribute, written on the component: the
	// finding points at its value.
	if got := fmt.Sprintf("%d:%d-%d:%d", f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column); got != "6:19-6:23" {
		t.Errorf("range %s, want the memory value at 6:19-6:23", got)
	}

	// A default value has no range of its own: the component is named.
	fs, _ = customFindings(t, arch, `
  kind      = "function"
  condition = self.memory > 128`)
	if len(fs) != 1 || fs[0].Component != "function.small" || fs[0].Range != arch.Component("function.small").DeclRange ||
		fs[0].Severity != Warning || fs[0].Message != "custom rule custom: the condition is false" {
		t.Errorf("default-valued attribute: %+v", fs)
	}
}

func TestCustomRuleSelf(t *testing.T) {
	arch := loadArch(t, customArch)
	// Each condition must hold for function.big and be false for
	// function.small, so that a mistake in either value shows.
	holdsForBigOnly := []string{
		`self.name == "big"`,
		`self.service == "orders"`,
		`self.kind == "function" && self.address == "function.big"`,
		`self.timeout == 30`,
		`self.timeout == 30 && self.duration == 0.1 && self.duration_p99 > 0.29 && self.duration_p99 < 0.31`,
		`self.calls == ["function.small"]`,
		`contains(self.calls, "function.small")`,
		`self.on_failure == "queue.failed"`,
		`self.concurrency != null`,
		`self.concurrency != null && self.concurrency < 100`,
		`self.calls != []`,
		`length(self.triggers) == 1 && self.triggers[0].mode == "sync" && self.triggers[0].source == "api.public"`,
		`self.triggers[0].route == "POST /orders" && self.triggers[0].source_kind == "api"`,
		`self.callers == ["api.public"]`,
		`!contains(self.callers, "queue.failed")`,
		`startswith(self.runtime, "python")`,
		`endswith(self.runtime, ".12")`,
		`lower(upper(self.runtime)) == "python3.12"`,
		`can(regex("^python3\\.1[0-9]$", self.runtime))`,
		`try(self.triggers[0].batch_size, 0) == 0`,
		`alltrue([for t in self.triggers : t.mode == "sync"]) && !anytrue([for t in self.triggers : t.mode == "poll"])`,
		`max(self.memory, 1024) == 4096 && min(self.memory, 1024) == 1024`,
		`length(self.emits) == 0 && self.reads == [] && self.on_failure != null`,
	}
	for _, cond := range holdsForBigOnly {
		fs, diags := customFindings(t, arch, "kind = \"function\"\ncondition = "+cond)
		if diags.HasErrors() {
			t.Errorf("%s: %s", cond, diags.Error())
			continue
		}
		if len(fs) != 1 || fs[0].Component != "function.small" {
			t.Errorf("%s: want a finding on function.small only, got %v", cond, components(fs))
		}
	}

	small := SelfValue(arch.Component("function.small"))
	trig := small.GetAttr("triggers").Index(cty.NumberIntVal(0))
	if trig.GetAttr("batch_size").AsBigFloat().String() != "5" || trig.GetAttr("mode").AsString() != "poll" ||
		trig.GetAttr("partial_batch_response").True() {
		t.Errorf("queue trigger: %#v", trig)
	}
	if got := small.GetAttr("callers"); !got.RawEquals(cty.TupleVal([]cty.Value{cty.StringVal("function.big"), cty.StringVal("queue.failed")})) {
		t.Errorf("callers = %#v", got)
	}
	if small.GetAttr("service").AsString() != "" {
		t.Error("a top-level component's service is not empty")
	}
	db := SelfValue(arch.Component("database.orders"))
	if db.GetAttr("item_size").AsBigFloat().String() != "2048" {
		t.Errorf("sizes are not bytes: %#v", db.GetAttr("item_size"))
	}
	q := SelfValue(arch.Component("queue.failed"))
	if q.GetAttr("retention").AsBigFloat().String() != "345600" || q.GetAttr("dead_letter").AsString() != "queue.failed_dlq" {
		t.Errorf("queue: %#v", q)
	}
}

func components(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Component)
	}
	return out
}

func TestSelfExtrasDoNotShadowAttributes(t *testing.T) {
	for _, k := range schema.Kinds {
		for _, s := range schema.ComponentAttrs(k) {
			if slices.Contains(selfExtras, s.Name) {
				t.Errorf("%s has an attribute %q, which self uses for something else", k, s.Name)
			}
		}
	}
}

func TestCustomRuleKinds(t *testing.T) {
	arch := loadArch(t, customArch)
	fs, diags := customFindings(t, arch, `
  kind      = ["function", "queue"]
  condition = startswith(self.name, "big") || self.kind == "queue" && self.name != "failed_dlq"`)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if got := strings.Join(components(fs), " "); got != "queue.failed_dlq function.small" {
		t.Errorf("findings on %s", got)
	}
}

func TestCustomRuleLoadErrors(t *testing.T) {
	cases := []configError{
		{"unknown attribute of self", "kind = \"function\"\ncondition = self.memroy <= 3008", "3:17",
			`self is a function, which has no attribute "memroy" (did you mean "memory"?)`},
		{"attribute not on every kind", "kind = [\"function\", \"queue\"]\ncondition = self.memory <= 3008", "3:17",
			`self is function and queue components, which has no attribute "memory"`},
		{"unknown variable", "kind = \"function\"\ncondition = this.memory <= 3008", "3:13",
			`can use self, the component being checked, not "this"`},
		{"unknown function", "kind = \"function\"\ncondition = startwith(self.runtime, \"py\")", "3:13",
			`no function "startwith" (did you mean "startswith"?)`},
		{"type error", "kind = \"function\"\ncondition = self.memory && true", "3:13",
			"Unsuitable value for left operand"},
		{"not a bool", "kind = \"function\"\ncondition = self.memory", "3:13",
			"condition must be a bool; this one is number"},
		{"message not a string", "kind = \"function\"\ncondition = true\nmessage = [self.name]", "4:11",
			"message must be a string; this one is tuple"},
		{"unknown attribute in the message", "kind = \"function\"\ncondition = true\nmessage = \"${self.nmae} is big\"", "4:18",
			`no attribute "nmae" (did you mean "name"?)`},
		{"missing kind", "condition = true", "1:6", "needs kind"},
		{"missing condition", "kind = \"function\"", "1:6", "needs condition"},
		{"unknown kind", "kind = \"fucntion\"\ncondition = true", "2:8", `"fucntion" is not a component kind (did you mean "function"?)`},
		{"kind not a string", "kind = 3\ncondition = true", "2:8", "kind takes a component kind or a list of them"},
		{"unknown attribute of the rule", "kind = \"function\"\ncondition = true\nmesage = \"x\"", "4:1",
			`no attribute "mesage" (did you mean "message"?)`},
		{"expression as kind", "kind = self.kind\ncondition = true", "2:8", "takes a literal value"},
		{"wrong argument type", "kind = \"function\"\ncondition = length(self.memory) > 0", "3:13", `Call to function "length" failed`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := ParseConfig([]byte("rule \"custom\" {\n"+c.src+"\n}\n"), ".archie.hcl", nil)
			assertDiag(t, diags, c.at, c.want)
		})
	}
	_, diags := ParseConfig([]byte("rule \"Memory Cap\" {\n  kind = \"function\"\n  condition = true\n}\n"), ".archie.hcl", nil)
	assertDiag(t, diags, "1:6", "Invalid rule name")
}

func TestCustomRuleEvaluationError(t *testing.T) {
	arch := loadArch(t, customArch+`
function "third" {}
`)
	// function.small and function.third have no concurrency: the
	// comparison fails on both, and is reported once.
	fs, diags := customFindings(t, arch, `
  kind      = "function"
  condition = self.concurrency <= 100`)
	if len(fs) != 0 {
		t.Errorf("findings despite the error: %+v", fs)
	}
	assertDiag(t, diags, "4:15", "Evaluating it for function.small (main.arch.hcl:24:1) (and 1 other component)")
	if !strings.Contains(diags[0].Summary, "Custom rule custom") || diags[0].Subject.Filename != ".archie.hcl" {
		t.Errorf("summary %q at %s", diags[0].Summary, diags[0].Subject.Filename)
	}
	if _, err := Run(context.Background(), arch, nil, mustConfig(t, "rule \"custom\" {\n  kind = \"function\"\n  condition = self.concurrency <= 100\n}\n")); err == nil {
		t.Error("Run hides the evaluation error")
	}

	// The same mistake in a whole run: a configuration error, exit 2.
	fsys := project(map[string]string{
		"r/.git/HEAD":       "",
		"r/.archie.hcl":     "rule \"custom\" {\n  kind = \"function\"\n  condition = self.concurrency <= 100\n}\n",
		"r/x/main.arch.hcl": "function \"f\" {}\n",
	})
	r := lintProject(t, fsys, Options{}, "r/x")
	if !r.Invalid() || r.Files["r/.archie.hcl"] == nil {
		t.Fatalf("not invalid, or the configuration's source is missing: %v", r.Errors)
	}
	assertDiag(t, r.Errors, "3:15", "Evaluating it for function.f (r/x/main.arch.hcl:1:1)")
}

func mustConfig(t *testing.T, src string) Config {
	t.Helper()
	cfg, diags := ParseConfig([]byte(src), ".archie.hcl", nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return cfg
}

func TestCustomRuleDisabledAndSelected(t *testing.T) {
	arch := loadArch(t, customArch)
	cfg := mustConfig(t, "rule \"custom\" {\n  kind = \"function\"\n  condition = false\n  enabled = false\n}\n")
	if fs, _ := Run(context.Background(), arch, nil, cfg); len(fs) != 0 {
		t.Errorf("a disabled custom rule ran: %+v", fs)
	}
	fs, _ := Run(context.Background(), arch, nil, cfg.WithFlags(Flags{Enable: []string{"custom"}}))
	if len(fs) != 2 {
		t.Errorf("--enable custom: %+v", fs)
	}
}
