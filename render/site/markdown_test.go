package site

import (
	"strings"
	"testing"
)

func TestMarkdownEscaping(t *testing.T) {
	p := &Page{Path: "services/a.md"}
	p.heading(1, Inline{Text("Service "), Code("a|b")})
	p.add(
		Para{T("# not a heading, *not emphasis*, [not a link](x), <b>not html</b>, R&D &amp; co")},
		Para{T("1. not a list")},
		Para{Inline{Strong("Bold"), Text(" then text")}},
		Table{Header: []string{"Name", "Note"}, Rows: [][]Inline{
			{C("x|y"), T("a | b\nnext line")},
			{{Code("has ` tick")}, nil},
		}},
		Para{Inline{Text("see "), Text("the index").To(&Link{Page: "index.md", Anchor: "services"}),
			Text(" and "), Text("line 3").To(&Link{File: "../main.arch.hcl", Line: 3}),
			Text(" and "), Text("here").To(&Link{Page: "services/a.md", Anchor: "functions"})}},
	)
	got := string(writeMarkdownPage(p, ""))
	for _, want := range []string{
		"# Service `a|b`\n",
		`\# not a heading, \*not emphasis\*, \[not a link\](x), &lt;b>not html&lt;/b>, R&amp;D &amp;amp; co`,
		"1\\. not a list",
		"**Bold** then text",
		"| `x\\|y` | a \\| b next line |",
		"| `` has ` tick `` | |",
		"see [the index](../index.md#services) and [line 3](../../main.arch.hcl#L3) and [here](#functions)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestFileLinksNeverReadAsSchemes(t *testing.T) {
	p := &Page{Path: "index.md"}
	p.add(Para{Inline{Text("x").To(&Link{File: "javascript:alert(1).arch.hcl", Line: 2})}})
	md := string(writeMarkdownPage(p, ""))
	if !strings.Contains(md, "[x](./javascript:alert%281%29.arch.hcl#L2)") {
		t.Errorf("Markdown: %s", md)
	}
	s := &Site{Title: "t", Pages: []*Page{p}}
	html, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), `href="./javascript:alert%281%29.arch.hcl#L2"`) {
		t.Errorf("HTML: %s", html)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Functions":              "functions",
		"State machines":         "state-machines",
		"Service `orders`":       "service-orders",
		"Findings of the checks": "findings-of-the-checks",
		"What it is for":         "what-it-is-for",
		"a_b-c":                  "a_b-c",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	p := &Page{}
	if a, b := p.heading(2, T("Inbound")), p.heading(2, T("Inbound")); a != "inbound" || b != "inbound-1" {
		t.Errorf("repeated headings: %q, %q", a, b)
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range []struct{ dir, target, want string }{
		{".", "services/a.md", "services/a.md"},
		{"services", "services/b.md", "b.md"},
		{"services", "index.md", "../index.md"},
		{"services", "../examples/x.arch.hcl", "../../examples/x.arch.hcl"},
		{"render/site/testdata/golden/x", "examples/a/main.arch.hcl", "../../../../../examples/a/main.arch.hcl"},
		{"render/site/testdata/golden/x", "render/site/testdata/arch/p/main.arch.hcl", "../../arch/p/main.arch.hcl"},
	} {
		if got := relPath(tc.dir, tc.target); got != tc.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc.dir, tc.target, got, tc.want)
		}
	}
}
