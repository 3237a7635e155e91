package format

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/hashicorp/hcl/v2"
)

// hostile is text a pull request controls: a file name, a description a
// custom rule's message echoes, a component name from an import.
const hostile = "x\n::error file=ci.yml,line=1::owned\n  ::add-mask::s3cr3t ##[set-output name=a]b \x1b[2J\x1b]0;title\x07 nul\x00 bs\x08 cr\roverwrite \u202eevil\u2028sep\x85nel \xff"

// hostileReport has findings and, when invalid, load errors whose every
// input-derived string is s.
func hostileReport(s string, invalid bool) *lint.Report {
	file := "arch/" + s + ".arch.hcl"
	src := "service \"a\" {\n  description = \"" + s + "\"\n}\n"
	rng := hcl.Range{Filename: file, Start: hcl.Pos{Line: 2, Column: 3, Byte: 18}, End: hcl.Pos{Line: 2, Column: 14, Byte: 29}}
	r := &lint.Report{Files: map[string]*hcl.File{file: {Bytes: []byte(src)}}, Components: 1, Architectures: 1}
	if invalid {
		r.Errors = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad " + s, Detail: s + "\nfix: " + s, Subject: &rng}}
		return r
	}
	r.Rules = []lint.Meta{{ID: "echo", Severity: lint.Warning, Title: s}}
	r.Findings = []lint.Finding{{Rule: "echo", Severity: lint.Warning, Message: "echo: " + s, Component: "service." + s, Range: rng}}
	r.Suppressed = []lint.Finding{{Rule: "echo", Severity: lint.Warning, Message: s, Component: s, Range: rng, SuppressedBy: "comment", Justification: s}}
	return r
}

// checkOutput fails when output of a format carries what the input may
// not put there: a control character other than tab and newline, a line
// that a GitHub Actions runner would execute (one that starts with "::"
// once white space is trimmed, or holds "##["), or, in the XML and JSON
// formats, a document that does not parse. commands is the number of
// workflow commands the github format writes on purpose.
func checkOutput(t testing.TB, format string, out []byte, commands int) {
	t.Helper()
	text := string(out)
	if format == "text" && strings.Contains(text, "\x1b[") {
		// colours are off in these tests: an ESC can only come from input
		t.Errorf("%s: ESC in output:\n%q", format, text)
	}
	for i, r := range text {
		if r == '\t' || r == '\n' {
			continue
		}
		if safetext.Unsafe(r) || r == unicode.ReplacementChar && !strings.HasPrefix(text[i:], "\uFFFD") {
			t.Errorf("%s: control character %U at byte %d:\n%q", format, r, i, text)
			break
		}
	}
	n := 0
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "::") {
			n++
		}
		if strings.Contains(line, "##[") {
			t.Errorf("%s: runner command in line %q", format, line)
		}
	}
	if n != commands {
		t.Errorf("%s: %d lines start with \"::\", want %d:\n%s", format, n, commands, text)
	}
	switch format {
	case "junit", "checkstyle":
		d := xml.NewDecoder(bytes.NewReader(out))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: not XML: %v", format, err)
				}
				break
			}
		}
	case "json", "sarif", "codequality":
		if !json.Valid(out) {
			t.Errorf("%s: not JSON", format)
		}
	}
}

func TestNoCommandsFromInput(t *testing.T) {
	for _, invalid := range []bool{false, true} {
		r := hostileReport(hostile, invalid)
		for _, format := range FormatNames() {
			t.Run(fmt.Sprintf("%s/invalid=%v", format, invalid), func(t *testing.T) {
				var b bytes.Buffer
				if err := WriteFormat(format, &b, r, FormatOptions{WorkDir: "/w", RepoRoot: "/w"}); err != nil {
					t.Fatal(err)
				}
				commands := 0
				if format == "github" {
					commands = len(r.Findings) + len(r.Errors)
				}
				if format == "json" {
					return // for machines: the exact strings, JSON-escaped
				}
				checkOutput(t, format, b.Bytes(), commands)
			})
		}
	}
}

// The text format names an unusual file in quotes, so its newline shows.
func TestTextQuotesFileNames(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, hostileReport("a\nb", false), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if want := `--> "arch/a\nb.arch.hcl":2:3 (service.a\nb)`; !strings.Contains(b.String(), want) {
		t.Errorf("want %s in\n%s", want, b.String())
	}
}

// 8,000 bad references on one 127 KB line: the text format shows the line
// once, cut to a window, and at most maxTextErrorsPerFile errors.
func TestTextAmplification(t *testing.T) {
	const n = 8000
	var src strings.Builder
	src.WriteString("service \"a\" { calls = [")
	for i := range n {
		fmt.Fprintf(&src, "function.m%05d, ", i)
	}
	src.WriteString("] }\n")
	r := &lint.Report{Files: map[string]*hcl.File{"big.arch.hcl": {Bytes: []byte(src.String())}}}
	for i := range n {
		col := 25 + i*16
		r.Errors = append(r.Errors, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reference to an undeclared component",
			Detail:  "There is no function named m" + fmt.Sprint(i) + ".",
			Subject: &hcl.Range{Filename: "big.arch.hcl", Start: hcl.Pos{Line: 1, Column: col}, End: hcl.Pos{Line: 1, Column: col + 14}}})
	}
	if src.Len() < 127_000 {
		t.Fatalf("source is %d bytes", src.Len())
	}
	var b bytes.Buffer
	if err := WriteText(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if len(out) > 5000 {
		t.Errorf("%d bytes of text for %d errors", len(out), n)
	}
	if got := strings.Count(out, "1 | "); got != 1 {
		t.Errorf("the source line is shown %d times, want once", got)
	}
	for _, want := range []string{"... and 7,990 more errors in big.arch.hcl", "invalid input: 8000 errors"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
}

// A long line is shown as a window with the carets under the range.
func TestTextLongLineWindow(t *testing.T) {
	line := strings.Repeat("a", 1000) + "TARGET" + strings.Repeat("b", 1000)
	rng := hcl.Range{Filename: "f.arch.hcl", Start: hcl.Pos{Line: 1, Column: 1001}, End: hcl.Pos{Line: 1, Column: 1007}}
	r := &lint.Report{Files: map[string]*hcl.File{"f.arch.hcl": {Bytes: []byte(line)}},
		Findings: []lint.Finding{{Rule: "r", Severity: lint.Warning, Message: "m", Range: rng}}}
	var b bytes.Buffer
	if err := WriteText(&b, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "TARGET") {
			if len([]rune(l)) > maxSnippetRunes+20 {
				t.Errorf("snippet line of %d runes", len([]rune(l)))
			}
			col := len([]rune(l[:strings.Index(l, "TARGET")]))
			if strings.Index(lines[i+1], "^^^^^^") != col || strings.Count(lines[i+1], "^") != 6 {
				t.Errorf("carets not under the range:\n%s\n%s", l, lines[i+1])
			}
			return
		}
	}
	t.Errorf("no snippet:\n%s", b.String())
}

func FuzzFormats(f *testing.F) {
	for _, s := range []string{hostile, "", "::x", "a\r\n::b", "#\n#[", "<&>\"'"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, invalid bool) {
		r := hostileReport(s, invalid)
		for _, format := range FormatNames() {
			var b bytes.Buffer
			if err := WriteFormat(format, &b, r, FormatOptions{WorkDir: "/w", RepoRoot: "/w"}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			commands := 0
			switch format {
			case "github":
				commands = len(r.Findings) + len(r.Errors)
			case "json":
				if !json.Valid(b.Bytes()) {
					t.Fatalf("json: not JSON")
				}
				continue
			}
			checkOutput(t, format, b.Bytes(), commands)
		}
	})
}
