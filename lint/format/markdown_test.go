package format

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// renderTables renders Markdown as GitHub does (CommonMark with GFM
// tables, inline HTML allowed) and returns the text of every table row's
// cells, a <br> read as a line break.
func renderTables(t *testing.T, md []byte) [][]string {
	t.Helper()
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.Table), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := gm.Convert(md, &out); err != nil {
		t.Fatal(err)
	}
	// The HTML is well-formed XML once void <br> elements are closed, as
	// long as the Markdown left no stray markup: the decoder fails if a
	// message opened a tag.
	doc := strings.NewReplacer("<br>", "<br/>", "<hr>", "<hr/>").Replace(out.String())
	dec := xml.NewDecoder(strings.NewReader("<root>" + doc + "</root>"))
	dec.Strict = true
	var rows [][]string
	var cell *strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("rendered HTML is not well formed (%v):\n%s", err, out.String())
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "tr":
				rows = append(rows, nil)
			case "td", "th":
				cell = &strings.Builder{}
			case "br":
				if cell != nil {
					cell.WriteString("\n")
				}
			default:
				if cell != nil && tok.Name.Local != "a" {
					t.Errorf("markup <%s> inside a table cell", tok.Name.Local)
				}
			}
		case xml.EndElement:
			if (tok.Name.Local == "td" || tok.Name.Local == "th") && cell != nil {
				rows[len(rows)-1] = append(rows[len(rows)-1], cell.String())
				cell = nil
			}
		case xml.CharData:
			if cell != nil {
				cell.Write(tok)
			}
		}
	}
	return rows
}

func TestMarkdownRendersTheTable(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			rows := renderTables(t, writeAll(t, "markdown", f))
			if len(f.report.Findings) == 0 {
				if len(rows) != 0 {
					t.Errorf("a table without findings: %v", rows)
				}
				return
			}
			if len(rows) != len(f.report.Findings)+1 {
				t.Fatalf("%d rows, want a header and %d findings", len(rows), len(f.report.Findings))
			}
			for i, row := range rows {
				if len(row) != 5 {
					t.Errorf("row %d has %d cells: %q", i, len(row), row)
				}
			}
			// Every finding's message comes back from the rendered cell.
			got := map[string]bool{}
			for _, row := range rows[1:] {
				got[row[4]] = true
			}
			for _, fd := range f.report.Findings {
				want := strings.TrimSpace(strings.ReplaceAll(fd.Message, "\r\n", "\n"))
				if !got[want] {
					t.Errorf("message %q not found among the rendered cells %v", want, got)
				}
			}
		})
	}
}

func TestMarkdownSpecialCharacters(t *testing.T) {
	f := fixtures(t)[3]
	rows := renderTables(t, writeAll(t, "markdown", f))
	row := rows[1]
	wantLoc := specialFile + ":2"
	if row[3] != wantLoc {
		t.Errorf("location cell %q, want %q", row[3], wantLoc)
	}
	if row[1] != "fixture-echo" || row[2] != "function.echo" || row[0] != "warning" {
		t.Errorf("row %q", row)
	}
}

// manyFindings is a report with n findings spread over the severities and
// a few rules, as a large architecture would produce.
func manyFindings(n int) *lint.Report {
	r := &lint.Report{Architectures: 1, Components: n}
	for _, id := range []string{"rule-a", "rule-b", "rule-c"} {
		r.Rules = append(r.Rules, lint.Meta{ID: id, Title: "Title of " + id, Why: "Why " + id + " matters."})
	}
	for i := range n {
		sev := []lint.Severity{lint.Info, lint.Warning, lint.Error}[i%3]
		r.Findings = append(r.Findings, lint.Finding{
			Rule: r.Rules[i%3].ID, Severity: sev, Component: fmt.Sprintf("function.f%03d", i),
			Message: fmt.Sprintf("finding %d | with a pipe and a long tail %s", i, strings.Repeat("x", 50)),
			Range: hcl.Range{Filename: fmt.Sprintf("svc/s%02d.arch.hcl", i/50),
				Start: hcl.Pos{Line: i%50 + 1, Column: 3}, End: hcl.Pos{Line: i%50 + 1, Column: 9}},
		})
	}
	lint.SortFindings(r.Findings)
	return r
}

func TestMarkdownStaysReadableAt500Findings(t *testing.T) {
	r := manyFindings(500)
	var a, b bytes.Buffer
	if err := WriteMarkdown(&a, r, FormatOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&b, r, FormatOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("not deterministic")
	}
	md := a.String()
	rows := renderTables(t, a.Bytes())
	if len(rows) != markdownMaxRows+1 {
		t.Fatalf("%d table rows, want a header and %d", len(rows), markdownMaxRows)
	}
	// Most severe first: 167 errors fill the 100 rows.
	for i, row := range rows[1:] {
		if row[0] != "error" {
			t.Fatalf("row %d is a %s while errors were left out", i+1, row[0])
		}
	}
	c := lint.Count(r.Findings)
	more := fmt.Sprintf("… and 400 more not shown (%d errors, %d warnings, %d infos).", c.Errors-markdownMaxRows, c.Warnings, c.Infos)
	if !strings.Contains(md, more) {
		t.Errorf("missing %q", more)
	}
	if strings.Count(md, "<details>") != 3 {
		t.Errorf("want one details section per rule")
	}
	if len(md) > 65536/2 {
		t.Errorf("comment of %d bytes for 500 findings; GitHub takes 65536 at most", len(md))
	}
}

func TestMarkdownTruncatesLongMessages(t *testing.T) {
	r := &lint.Report{Findings: []lint.Finding{{Rule: "r", Severity: lint.Error, Message: strings.Repeat("é", 1000), Range: hcl.Range{Filename: "a.arch.hcl"}}}}
	var b bytes.Buffer
	if err := WriteMarkdown(&b, r, FormatOptions{}); err != nil {
		t.Fatal(err)
	}
	rows := renderTables(t, b.Bytes())
	if got := []rune(rows[1][4]); len(got) != markdownMaxMessage || got[len(got)-1] != '…' {
		t.Errorf("message cell of %d runes", len(got))
	}
}

func TestMdText(t *testing.T) {
	for in, want := range map[string]string{
		"on_failure and dead_letter": "on_failure and dead_letter",
		"_lead and trail_":           `\_lead and trail\_`,
		"a | b":                      `a \| b`,
		"<script>&":                  "&lt;script>&amp;",
		"line\r\nnext\nthird\rx":     `line<br>next<br>third\\rx`, // a lone CR is a control character
		"# not a heading":            `\# not a heading`,
		"- not a list":               `\- not a list`,
		"a - b # c":                  "a - b # c",
		"`code` *em* [l](u) ~s~ \\":  "\\`code\\` \\*em\\* \\[l\\](u) \\~s\\~ \\\\",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}
