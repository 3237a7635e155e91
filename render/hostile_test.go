package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/safetext"
)

// hostileText is a description and a finding message a pull request
// controls: terminal escapes, NUL, BS, a lone CR, a bidirectional
// override, invalid UTF-8 (as HCL's \u escapes can write all but the
// last) and workflow commands.
const hostileText = "a\n::error file=x::owned \x1b[2J nul\x00 bs\x08 cr\r del\x7f \u202eevil \x85 ##[add-mask]s"

// hostileArch is an architecture whose descriptions and finding carry s.
func hostileArch(t testing.TB, s string) (*schema.Architecture, Options) {
	t.Helper()
	lit := hclString(s)
	src := `architecture "a" { description = ` + lit + ` }
service "svc" {
  description = ` + lit + `
  function "f" {
    description = ` + lit + `
    calls       = [function.g]
  }
  function "g" {}
}
`
	arch := parse(t, []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(src)}})
	f := arch.Component("function.f")
	if f == nil {
		t.Fatal("no function.f")
	}
	return arch, Options{Findings: []lint.Finding{{Rule: "echo", Severity: lint.Warning, Component: "function.f", Message: "echo: " + s, Range: f.DeclRange}}}
}

var diagramWriters = map[string]func(io.Writer, *Diagram) error{"dot": WriteDOT, "mermaid": WriteMermaid, "d2": WriteD2}

// hclString writes s as an HCL string literal: every character that is
// not printable ASCII as a \u escape, and ${ and %{ doubled so they do
// not start a template. Invalid UTF-8 becomes U+FFFD.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s) {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// checkDiagramText fails when a text format carries a control character
// or a line a CI runner would run.
func checkDiagramText(t testing.TB, format string, out []byte) {
	t.Helper()
	for i, r := range string(out) {
		if r != '\t' && r != '\n' && (safetext.Unsafe(r) || r == unicode.ReplacementChar && !bytes.HasPrefix(out[i:], []byte("\uFFFD"))) {
			t.Fatalf("%s: control character %U at byte %d:\n%s", format, r, i, out)
		}
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") || strings.Contains(line, "##[") {
			t.Fatalf("%s: a runner would execute %q", format, line)
		}
	}
}

func TestHostileTextInDiagrams(t *testing.T) {
	arch, opt := hostileArch(t, hostileText)
	for _, view := range []string{"", "context", "service:svc"} {
		opt.View = view
		d, err := Build(arch, opt)
		if err != nil {
			t.Fatal(err)
		}
		for name, write := range diagramWriters {
			var b bytes.Buffer
			if err := write(&b, d); err != nil {
				t.Fatal(err)
			}
			checkDiagramText(t, name+" "+view, b.Bytes())
		}
		if view != "" {
			continue
		}
		svg, err := SVG(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svgIDs(svg); err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		checkDiagramText(t, "svg", svg)
		if !bytes.Contains(svg, []byte(`\x1b[2J`)) {
			t.Error("the SVG does not show the escaped text")
		}
	}
}

func FuzzDiagramText(f *testing.F) {
	for _, s := range []string{hostileText, "", "<&>\"'", "#\n#[", "\\", "`x`", "a]b[c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lit := hclString(s)
		files := []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(`service "s" {
  description = ` + lit + `
  function "f" { description = ` + lit + ` }
}
`)}}
		arch, diags := schema.Parse(context.Background(), "fuzz", files)
		if diags.HasErrors() {
			t.Skip()
		}
		opt := Options{Findings: []lint.Finding{{Rule: "echo", Severity: lint.Warning, Component: "function.f", Message: s, Range: arch.Component("function.f").DeclRange}}}
		d, err := Build(arch, opt)
		if err != nil {
			t.Fatal(err)
		}
		for name, write := range diagramWriters {
			var b bytes.Buffer
			if err := write(&b, d); err != nil {
				t.Fatal(err)
			}
			checkDiagramText(t, name, b.Bytes())
		}
	})
}
