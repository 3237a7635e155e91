package site

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/hashicorp/hcl/v2"
)

// A description and a finding message with terminal escapes, NUL, BS, a
// lone CR, a bidirectional override and workflow commands reach neither
// the Markdown pages nor the HTML file as they are.
func TestHostileTextInDocs(t *testing.T) {
	desc := `a\n::error file=x::owned \u001b[2J nul\u0000 bs\u0008 cr\r del\u007f \u202eevil ##[add-mask]s`
	src := `architecture "a" { description = "` + desc + `" }
service "svc" {
  description = "` + desc + `"
  function "f" { description = "` + desc + `" }
}
`
	arch, diags := schema.Parse(context.Background(), "arch", []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(src)}})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	f := arch.Component("function.f")
	report := &lint.Report{Files: map[string]*hcl.File{}, Architectures: 1, Components: len(arch.Components),
		Findings: []lint.Finding{{Rule: "echo", Severity: lint.Warning, Component: "function.f", Message: "echo\x1b[31m \n::warning::x", Range: f.DeclRange}}}
	s, err := Build(context.Background(), Input{Arch: arch, Lint: report, Rules: rules.All()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, out []byte) {
		t.Helper()
		for i, r := range string(out) {
			if r != '\t' && r != '\n' && (safetext.Unsafe(r) || r == unicode.ReplacementChar && !bytes.HasPrefix(out[i:], []byte("\uFFFD"))) {
				t.Fatalf("%s: control character %U at byte %d:\n%s", name, r, i, out)
			}
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") || strings.Contains(line, "##[") {
				t.Fatalf("%s: a runner would execute %q", name, line)
			}
		}
	}
	for _, f := range s.Markdown() {
		if strings.HasSuffix(f.Path, ".md") {
			check(f.Path, f.Data)
		}
	}
	html, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	check("html", html)

	// the sections docs --inject writes into a README
	sections, err := NewSections(context.Background(), Input{Arch: arch, Lint: report, Rules: rules.All()}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"services", "findings"} {
		text, err := sections.Render(name)
		if err != nil {
			t.Fatal(err)
		}
		check("section "+name, []byte(text))
	}
}
