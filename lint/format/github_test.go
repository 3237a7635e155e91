package format

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// ghParsed is a workflow command as the Actions runner reads it.
type ghParsed struct {
	Command string
	Props   map[string]string
	Data    string
}

// parseGitHub reads workflow commands the way the runner does: a line
// "::name k=v,k=v::data", split at the first "::" after the name, the
// properties at ',' and '=', then each value unescaped. Other lines are
// plain log output.
func parseGitHub(t *testing.T, out string) (cmds []ghParsed, plain []string) {
	t.Helper()
	unescape := strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",")
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("output does not end with a newline")
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.ContainsRune(line, '\r') {
			t.Errorf("raw carriage return in %q", line)
		}
		rest, ok := strings.CutPrefix(line, "::")
		if !ok {
			plain = append(plain, line)
			continue
		}
		head, data, ok := strings.Cut(rest, "::")
		if !ok {
			t.Errorf("command without '::' before its data: %q", line)
			continue
		}
		name, props, _ := strings.Cut(head, " ")
		c := ghParsed{Command: name, Props: map[string]string{}, Data: unescape.Replace(data)}
		if props != "" {
			for _, kv := range strings.Split(props, ",") {
				k, v, ok := strings.Cut(kv, "=")
				if !ok {
					t.Errorf("property without '=': %q in %q", kv, line)
				}
				c.Props[k] = unescape.Replace(v)
			}
		}
		cmds = append(cmds, c)
	}
	return cmds, plain
}

func TestGitHubCommands(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			cmds, plain := parseGitHub(t, string(writeAll(t, "github", f)))
			if len(cmds) != len(f.report.Findings)+len(f.report.Errors) {
				t.Fatalf("%d commands, want one per finding and error (%d + %d)", len(cmds), len(f.report.Findings), len(f.report.Errors))
			}
			if len(plain) != 1 || !strings.HasPrefix(plain[0], "archie: ") {
				t.Errorf("want one summary line, got %q", plain)
			}
			for i, finding := range f.report.Findings {
				c := cmds[i]
				want := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "notice"}[finding.Severity]
				if c.Command != want || c.Props["title"] != finding.Rule || c.Data != safetext.Text(finding.Message) {
					t.Errorf("finding %d: %+v, want %s titled %s: %q", i, c, want, finding.Rule, finding.Message)
				}
				if file, _ := f.opt.repoPath(finding.Range.Filename); c.Props["file"] != file {
					t.Errorf("file %q, want %q", c.Props["file"], file)
				}
			}
			for _, c := range cmds[len(f.report.Findings):] {
				if c.Command != "error" || c.Props["title"] != "invalid input" {
					t.Errorf("invalid input as %+v", c)
				}
			}
		})
	}
}

func TestGitHubColumnsOnlyOnOneLine(t *testing.T) {
	r := &lint.Report{Findings: []lint.Finding{
		{Rule: "a", Severity: lint.Error, Message: "block", Range: hcl.Range{Filename: "x.arch.hcl", Start: hcl.Pos{Line: 3, Column: 1}, End: hcl.Pos{Line: 9, Column: 2}}},
		{Rule: "b", Severity: lint.Warning, Message: "attr", Range: hcl.Range{Filename: "x.arch.hcl", Start: hcl.Pos{Line: 4, Column: 3}, End: hcl.Pos{Line: 4, Column: 12}}},
		{Rule: "c", Severity: lint.Info, Message: "point", Range: hcl.Range{Filename: "x.arch.hcl", Start: hcl.Pos{Line: 5, Column: 3}, End: hcl.Pos{Line: 5, Column: 3}}},
	}}
	var b strings.Builder
	if err := WriteGitHub(&b, r, FormatOptions{}); err != nil {
		t.Fatal(err)
	}
	want := "::error file=x.arch.hcl,line=3,endLine=9,title=a::block\n" +
		"::warning file=x.arch.hcl,line=4,col=3,endLine=4,endColumn=12,title=b::attr\n" +
		"::notice file=x.arch.hcl,line=5,col=3,title=c::point\n" +
		"archie: 3 problems (1 error, 1 warning, 1 info) in 0 components\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestGitHubEscapes(t *testing.T) {
	if got := ghEscapeData("100%\r\n::a,b:c"); got != "100%25%0D%0A::a,b:c" {
		t.Errorf("data escape %q", got)
	}
	if got := ghEscapeProperty("100%\r\n::a,b:c"); got != "100%25%0D%0A%3A%3Aa%2Cb%3Ac" {
		t.Errorf("property escape %q", got)
	}
	if got := ghEscapeData("%0A"); got != "%250A" {
		t.Errorf("an escape in the input must not survive as one: %q", got)
	}
}
