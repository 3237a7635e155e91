package lint

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestParseDirective(t *testing.T) {
	cases := []struct {
		text     string
		ok       bool
		fileWide bool
		rules    string // "id@offset id@offset"
		reason   string
		problem  string
	}{
		{text: "# archie-ignore: sync-chain -- checkout answers inline\n", ok: true, rules: "sync-chain@17", reason: "checkout answers inline"},
		{text: "// archie-ignore: sync-chain -- why\n", ok: true, rules: "sync-chain@18", reason: "why"},
		{text: "/* archie-ignore: sync-chain -- why */", ok: true, rules: "sync-chain@18", reason: "why"},
		{text: "#archie-ignore:sync-chain--why\n", ok: true, rules: "sync-chain@15", reason: "why"},
		{text: "#   archie-ignore   :   a ,b,,  c\t-- \t spaced  out \r\n", ok: true, rules: "a@24 b@27 c@32", reason: "spaced  out"},
		{text: "# archie-ignore: a b c -- several, separated by spaces\n", ok: true, rules: "a@17 b@19 c@21", reason: "several, separated by spaces"},
		{text: "# archie-ignore: a, a -- twice\n", ok: true, rules: "a@17", reason: "twice"},
		{text: "# archie-ignore: sync-chain\n", ok: true, rules: "sync-chain@17"},
		{text: "# archie-ignore: sync-chain --   \n", ok: true, rules: "sync-chain@17"},
		{text: "# archie-ignore: a -- the reason -- may hold dashes\n", ok: true, rules: "a@17", reason: "the reason -- may hold dashes"},
		{text: "# archie-ignore-file: implicit-defaults -- generated\n", ok: true, fileWide: true, rules: "implicit-defaults@22", reason: "generated"},
		{text: "# a plain comment mentioning archie-ignore: a\n"},
		{text: "# archie-ignores are explained in the docs\n", ok: true, problem: `"archie-ignores" is not a directive (did you mean "archie-ignore"?)`},
		{text: "# archie-ignore-next-line: a -- x\n", ok: true, problem: `"archie-ignore-next-line" is not a directive`},
		{text: "# archie-ignore sync-chain -- no colon\n", ok: true, problem: "archie-ignore needs a colon"},
		{text: "# archie-ignore\n", ok: true, problem: "archie-ignore needs a colon"},
		{text: "# archie-ignore: -- only a reason\n", ok: true, problem: "archie-ignore names no rule"},
		{text: "# archie-ignore-file:\n", ok: true, problem: "archie-ignore-file names no rule"},
		{text: "#\n"},
		{text: "/**/"},
	}
	for _, c := range cases {
		t.Run(strings.TrimSpace(c.text), func(t *testing.T) {
			d, ok, problem := parseDirective(c.text)
			if ok != c.ok || !strings.Contains(problem, c.problem) || (problem == "") != (c.problem == "") {
				t.Fatalf("ok %v problem %q; want %v %q", ok, problem, c.ok, c.problem)
			}
			if problem != "" || !ok {
				return
			}
			var rules []string
			for _, r := range d.rules {
				rules = append(rules, fmt.Sprintf("%s@%d", r.id, r.offset))
				if c.text[r.offset:r.offset+len(r.id)] != r.id {
					t.Errorf("offset of %s points at %q", r.id, c.text[r.offset:])
				}
			}
			if got := strings.Join(rules, " "); got != c.rules || d.reason != c.reason || d.fileWide != c.fileWide {
				t.Errorf("rules %q reason %q file %v; want %q %q %v", got, d.reason, d.fileWide, c.rules, c.reason, c.fileWide)
			}
		})
	}
}

// scopes parses src and describes each suppression as
// "rules@line:col scope-start-end", or the problem found.
func scopes(t *testing.T, src string) []string {
	t.Helper()
	file, diags := hclsyntax.ParseConfig([]byte(src), "main.arch.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	sups, problems := ParseSuppressions(file, "main.arch.hcl")
	var out []string
	for _, s := range sups {
		var ids []string
		for _, r := range s.Rules {
			ids = append(ids, fmt.Sprintf("%s@%d:%d", r.ID, r.Range.Start.Line, r.Range.Start.Column))
		}
		out = append(out, fmt.Sprintf("%s %s %d-%d", strings.Join(ids, ","), s.what, s.Scope.Start.Line, s.Scope.End.Line))
	}
	for _, p := range problems {
		out = append(out, fmt.Sprintf("problem@%d:%d %s", p.Range.Start.Line, p.Range.Start.Column, p.Message))
	}
	return out
}

func TestSuppressionPlacement(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"line above a block", `
# archie-ignore: a -- r
function "f" {
  memory = 512
}
`, []string{"a@2:18 block 3-5"}},
		{"line above an attribute", `
function "f" {
  # archie-ignore: a -- r
  memory = 512
}
`, []string{"a@3:20 attribute 4-4"}},
		{"end of a block's first line", `
function "f" { # archie-ignore: a -- r
  memory = 512
}
`, []string{"a@2:33 block 2-4"}},
		{"end of an attribute's line", `
function "f" {
  memory = 512 // archie-ignore: a, b -- r
}
`, []string{"a@3:34,b@3:37 attribute 3-3"}},
		{"end of a closing brace", `
function "f" {
  trigger {
    source = queue.q
  } # archie-ignore: a -- r
}
`, []string{"a@5:22 block 3-5"}},
		{"inside a multi-line list", `
function "f" {
  calls = [
    function.a, # archie-ignore: a -- r
    function.b,
  ]
}
`, []string{"a@4:34 attribute 3-6"}},
		{"stacked comments reach the block", `
# archie-ignore: a -- r
# a plain comment between
// archie-ignore: b -- r
function "f" {}
`, []string{"a@2:18 block 5-5", "b@4:19 block 5-5"}},
		{"a one-line block is covered whole", `
# archie-ignore: a -- r
function "f" { memory = 512 }
`, []string{"a@2:18 block 3-3"}},
		{"block comment before code on its line", `
function "f" {
  /* archie-ignore: a -- r */ memory = 512
}
`, []string{"a@3:21 attribute 3-3"}},
		{"file-wide among the leading comments", `# header of a generated file

# archie-ignore-file: a, b -- generated
function "f" {}
`, []string{"a@3:23,b@3:26 file 1-5"}},
		{"a blank line detaches", `
# archie-ignore: a -- r

function "f" {}
`, []string{"problem@2:1 archie-ignore is neither on the line above a block or attribute nor at the end of one; this one suppresses nothing"}},
		{"nothing below", `
function "f" {}
# archie-ignore: a -- r
`, []string{"problem@3:1 archie-ignore is neither on the line above a block or attribute nor at the end of one; this one suppresses nothing"}},
		{"file-wide after a block", `
function "f" {}
# archie-ignore-file: a -- r
function "g" {}
`, []string{"problem@3:1 archie-ignore-file must be among the comments at the top of the file, before any block; this one suppresses nothing"}},
		{"malformed", `
# archie-ignore a -- r
function "f" {}
`, []string{"problem@2:1 archie-ignore needs a colon: # archie-ignore: RULE, RULE -- reason; this comment suppresses nothing"}},
		{"ordinary comments are left alone", `
# the ingest function (see archie-ignore docs)
function "f" {} # archie: not a directive
`, nil},
		{"inside a heredoc is not a comment", `
function "f" {
  description = <<EOT
# archie-ignore: a -- r
EOT
}
`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scopes(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// suppressionArch has findings of every-function on both functions and
// of every-queue on the queue.
const suppressionArch = `# archie-ignore-file: every-queue -- the queues are managed elsewhere

function "a" { # archie-ignore: every-function -- a is special
  memory = 512
}

function "b" {
  # archie-ignore: every-function -- never reached: the finding is on the block header
  memory = 512
}

queue "q" {}
`

func TestApplySuppressions(t *testing.T) {
	fsys := project(map[string]string{"x/main.arch.hcl": suppressionArch})
	r := lintProject(t, fsys, Options{}, "x")
	if got := summary(r.Findings); got != "every-function warning function.b\nunused-suppression info \n" {
		t.Errorf("findings:\n%s", got)
	}
	if len(r.Suppressed) != 2 {
		t.Fatalf("suppressed: %+v", r.Suppressed)
	}
	a, q := r.Suppressed[0], r.Suppressed[1]
	if a.Component != "function.a" || a.SuppressedBy != "comment" || a.Justification != "a is special" {
		t.Errorf("function.a: %+v", a)
	}
	if q.Component != "queue.q" || q.Justification != "the queues are managed elsewhere" {
		t.Errorf("queue.q: %+v", q)
	}
	unused := r.Findings[1]
	if unused.Range.Start.Line != 8 || unused.Range.Start.Column != 20 || unused.Range.End.Column != 34 ||
		!strings.Contains(unused.Message, "every-function reports nothing in the attribute this comment covers") {
		t.Errorf("unused: %+v", unused)
	}
	if r.Failed() {
		t.Error("a warning fails the run under fail_on error")
	}
	// An unused suppression is reported only when its rule ran.
	r = lintProject(t, fsys, Options{Flags: Flags{Disable: []string{"every-function"}}}, "x")
	if got := summary(r.Findings); got != "" {
		t.Errorf("with every-function disabled:\n%s", got)
	}
}

func TestSuppressionProblems(t *testing.T) {
	src := `
function "a" { # archie-ignore: every-funtion -- typo
}

function "b" { # archie-ignore: every-function
}

function "c" { # archie-ignore: all -- everything
}

function "d" { # archie-ignore: unused-suppression -- not allowed
}

function "e" { # archie-ignore: every-function --
}
`
	fsys := project(map[string]string{"x/main.arch.hcl": src})
	r := lintProject(t, fsys, Options{}, "x")
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%d:%d %s %s: %s", f.Range.Start.Line, f.Range.Start.Column, f.Severity, f.Rule, f.Message))
	}
	want := []string{
		`2:1 warning every-function: function.a max_hops=2`,
		`2:33 warning invalid-suppression: unknown rule "every-funtion" in archie-ignore (did you mean "every-function"?); it suppresses nothing`,
		`5:16 warning suppression-without-reason: archie-ignore without a reason: say why after "--", e.g. # archie-ignore: every-function -- the reason`,
		`8:1 warning every-function: function.c max_hops=2`,
		`8:33 warning invalid-suppression: archie-ignore names rules one by one, so that a new rule is never silenced unseen; there is no "all"`,
		`11:1 warning every-function: function.d max_hops=2`,
		`11:33 warning invalid-suppression: unused-suppression cannot be suppressed by a comment; turn it off in .archie.hcl: rule "unused-suppression" { enabled = false }`,
		`14:16 warning suppression-without-reason: archie-ignore without a reason: say why after "--", e.g. # archie-ignore: every-function -- the reason`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Suppressed) != 2 || r.Suppressed[0].Justification != "" {
		t.Errorf("a suppression without a reason still suppresses: %+v", r.Suppressed)
	}

	// The engine's checks are configured like rules.
	fsys["x/.archie.hcl"] = fileOf("rule \"invalid-suppression\" { severity = \"error\" }\nrule \"suppression-without-reason\" { enabled = false }\n")
	r = lintProject(t, fsys, Options{}, "x")
	c := Count(r.Findings)
	if c.Errors != 3 || c.Warnings != 3 || !r.Failed() {
		t.Errorf("configured engine checks: %+v\n%s", c, summary(r.Findings))
	}
	r = lintProject(t, fsys, Options{Flags: Flags{Only: []string{"every-function"}}}, "x")
	if got := summary(r.Findings); got != "every-function warning function.a\nevery-function warning function.c\nevery-function warning function.d\n" {
		t.Errorf("--only every-function:\n%s", got)
	}
}

func TestSuppressionCoversFindingsInsideOnly(t *testing.T) {
	// A finding starting inside the suppressed attribute is silenced; one on
	// the next attribute is not.
	file, _ := hclsyntax.ParseConfig([]byte("function \"f\" {\n  memory = 512 # archie-ignore: r -- x\n  timeout = \"3s\"\n}\n"), "m.hcl", hcl.InitialPos)
	sups, _ := ParseSuppressions(file, "m.hcl")
	at := func(line, col int) Finding {
		return Finding{Rule: "r", Range: hcl.Range{Filename: "m.hcl", Start: hcl.Pos{Line: line, Column: col}}}
	}
	for _, c := range []struct {
		f    Finding
		want bool
	}{
		{at(2, 3), true}, {at(2, 12), true}, {at(3, 13), false}, {at(1, 1), false},
		{Finding{Rule: "r", Range: hcl.Range{Filename: "other.hcl", Start: hcl.Pos{Line: 2, Column: 3}}}, false},
	} {
		if got := sups[0].covers(c.f); got != c.want {
			t.Errorf("covers %v = %v", c.f.Range, got)
		}
	}
}

func fileOf(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
