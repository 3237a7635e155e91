package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/cmd/internal/lsp/lsptest"
	"github.com/archiehq/archie/schema"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// startLSP runs `archie lsp` as the command runs it and connects a
// scripted client, initialized with no workspace root so that file names
// are absolute, as `archie lint ABSOLUTE-DIR` shows them.
func startLSP(t *testing.T) *lsptest.Client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c, wait := lsptest.Start(ctx, func(ctx context.Context, in io.Reader, out io.Writer) error {
		if code := Execute(ctx, []string{"lsp"}, IO{In: in, Out: out, Err: io.Discard}); code != ExitOK {
			return fmt.Errorf("archie lsp: exit %d", code)
		}
		return nil
	})
	if _, err := c.Initialize(""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Shutdown(); err != nil {
			t.Error(err)
		}
		if err := wait(); err != nil {
			t.Error(err)
		}
		cancel()
	})
	return c
}

// exampleDirs are every bundled example and broken example, absolute.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, pattern := range []string{"../examples/*", "../examples/broken/*"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if files, _ := filepath.Glob(filepath.Join(m, "*"+schema.FileSuffix)); len(files) > 0 {
				abs, err := filepath.Abs(m)
				if err != nil {
					t.Fatal(err)
				}
				dirs = append(dirs, abs)
			}
		}
	}
	if len(dirs) < 20 {
		t.Fatalf("found only %d examples", len(dirs))
	}
	return dirs
}

// invalidDirs are architectures with load and configuration errors.
func invalidDirs(t *testing.T) []string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := map[string]map[string]string{
		"syntax": {"main.arch.hcl": "queue \"a\" {\n  retention = \n"},
		"schema": {
			"a.arch.hcl": "queue \"a\" {\n  visiblity_timeout = \"3m\"\n}\n",
			"b.arch.hcl": "function \"f\" {\n  emits = [queue.missing]\n  memory = 64\n}\n\nqueue \"a\" {}\n",
		},
		"config": {
			"main.arch.hcl": "queue \"a\" {}\n",
			".archie.hcl":   "rule \"misisng-dlq\" {\n  enabled = false\n}\n",
		},
	}
	var dirs []string
	for name, files := range cases {
		dir := filepath.Join(root, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for file, text := range files {
			if err := os.WriteFile(filepath.Join(dir, file), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	return dirs
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// lintDiag is a finding or load error of `archie lint --format json`, as
// the editor shows it.
type lintDiag struct {
	File     string
	Rule     string
	Severity string
	Message  string
	Range    [4]int // start line, start column, end line, end column; 1-based
}

func (d lintDiag) String() string {
	return fmt.Sprintf("%s %d:%d-%d:%d %s %s: %s", filepath.Base(d.File), d.Range[0], d.Range[1], d.Range[2], d.Range[3], d.Severity, d.Rule, d.Message)
}

// lintJSON runs `archie lint --format json` on dir.
func lintJSON(t *testing.T, dir string) []lintDiag {
	t.Helper()
	out, errOut, code := run(t, "", "lint", "--format", "json", dir)
	if code == ExitInvalid && out == "" {
		t.Fatalf("lint %s: %s", dir, errOut)
	}
	type pos struct{ Line, Column int }
	type rng struct {
		Filename   string
		Start, End pos
	}
	var report struct {
		Findings []struct {
			Rule, Severity, Message string
			Range                   rng
		}
		Errors []struct {
			Severity, Summary, Detail string
			Range                     *rng
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	var diags []lintDiag
	for _, e := range report.Errors {
		msg := e.Summary
		if e.Detail != "" {
			msg += "\n" + e.Detail
		}
		d := lintDiag{Severity: e.Severity, Message: msg}
		if e.Range != nil {
			d.File = e.Range.Filename
			d.Range = [4]int{e.Range.Start.Line, e.Range.Start.Column, e.Range.End.Line, e.Range.End.Column}
		}
		diags = append(diags, d)
	}
	for _, f := range report.Findings {
		diags = append(diags, lintDiag{File: f.Range.Filename, Rule: f.Rule, Severity: f.Severity, Message: f.Message,
			Range: [4]int{f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column}})
	}
	return diags
}

var lspSeverities = map[protocol.DiagnosticSeverity]string{
	protocol.DiagnosticSeverityError: "error", protocol.DiagnosticSeverityWarning: "warning", protocol.DiagnosticSeverityInformation: "info",
}

// fromLSP converts what the server published for file.
func fromLSP(file string, ds []protocol.Diagnostic) []lintDiag {
	var out []lintDiag
	for _, d := range ds {
		ld := lintDiag{File: file, Message: d.Message, Severity: lspSeverities[*d.Severity],
			Range: [4]int{int(d.Range.Start.Line) + 1, int(d.Range.Start.Character) + 1, int(d.Range.End.Line) + 1, int(d.Range.End.Character) + 1}}
		if d.Code != nil {
			ld.Rule = fmt.Sprint(d.Code.Value)
		}
		out = append(out, ld)
	}
	return out
}

func sortDiags(ds []lintDiag) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	slices.Sort(out)
	return out
}

func archFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"+schema.FileSuffix))
	if err != nil || len(files) == 0 {
		t.Fatalf("no architecture files in %s", dir)
	}
	return files
}

func uri(p string) string { return "file://" + filepath.ToSlash(p) }

// sync makes sure the client has read every notification sent before: the
// server answers requests in order, after the notifications it sent.
func syncBuffer(t *testing.T, c *lsptest.Client, file string) {
	t.Helper()
	var symbols []protocol.DocumentSymbol
	if err := c.Call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri(file)}}, &symbols); err != nil {
		t.Fatal(err)
	}
}

// The diagnostics of every file of every example equal archie lint's
// findings and load errors on the same files: rule, severity, message and
// range, the simulator's findings on the examples' workloads included.
func TestLSPDiagnosticsEqualLint(t *testing.T) {
	c := startLSP(t)
	simulated := 0
	for _, dir := range append(exampleDirs(t), invalidDirs(t)...) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := lintJSON(t, dir)
			for _, d := range sortDiags(want) {
				if strings.Contains(d, "predicted-throttling") {
					simulated++
				}
			}
			files := archFiles(t, dir)
			src, err := os.ReadFile(files[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Open(uri(files[0]), string(src)); err != nil {
				t.Fatal(err)
			}
			syncBuffer(t, c, files[0])
			if cfg := filepath.Join(dir, ".archie.hcl"); fileExists(cfg) {
				files = append(files, cfg)
			}
			var got []lintDiag
			for _, f := range files {
				ds, ok := c.Diagnostics(uri(f))
				if !ok {
					t.Errorf("no diagnostics published for %s", f)
				}
				got = append(got, fromLSP(f, ds)...)
			}
			if g, w := sortDiags(got), sortDiags(want); !slices.Equal(g, w) {
				t.Errorf("diagnostics differ from archie lint\ngot:\n  %s\nwant:\n  %s", strings.Join(g, "\n  "), strings.Join(w, "\n  "))
			}
		})
	}
	if simulated == 0 {
		t.Error("no example has a finding of the simulator's rules: the comparison does not cover them")
	}
}

// Every quick fix offered for a finding of a broken example removes that
// finding and leaves the file as archie fmt writes it.
func TestLSPQuickFixesFixBrokenExamples(t *testing.T) {
	c := startLSP(t)
	fixes := 0
	titles := map[string]bool{}
	for _, dir := range exampleDirs(t) {
		if filepath.Base(filepath.Dir(dir)) != "broken" {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, file := range archFiles(t, dir) {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				u := uri(file)
				if err := c.Open(u, string(src)); err != nil {
					t.Fatal(err)
				}
				syncBuffer(t, c, file)
				before, _ := c.Diagnostics(u)
				version := int32(1)
				for _, d := range before {
					if d.Code == nil {
						continue
					}
					var actions []protocol.CodeAction
					if err := c.Call(protocol.MethodTextDocumentCodeAction, protocol.CodeActionParams{
						TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: d.Range,
						Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}},
					}, &actions); err != nil {
						t.Fatal(err)
					}
					for _, a := range actions {
						if len(a.Diagnostics) == 0 || a.Diagnostics[0].Message != d.Message {
							continue
						}
						fixes++
						titles[strings.Fields(a.Title)[0]+" "+strings.Fields(a.Title)[1]] = true
						edits := a.Edit.Changes[u]
						if len(edits) == 0 {
							t.Errorf("%q: no edit of %s", a.Title, file)
							continue
						}
						fixed := lsptest.Apply(string(src), edits)
						if out, diags := schema.Format(file, []byte(fixed)); diags.HasErrors() || string(out) != fixed {
							t.Errorf("%q leaves %s unformatted:\n%s", a.Title, filepath.Base(file), fixed)
						}
						version++
						if err := c.Replace(u, version, fixed); err != nil {
							t.Fatal(err)
						}
						after, err := c.WaitVersion(u, version, 10*time.Second)
						if err != nil {
							t.Fatal(err)
						}
						if n, m := countRule(before, d), countRule(after, d); slices.ContainsFunc(after, func(x protocol.Diagnostic) bool {
							return x.Message == d.Message
						}) || m >= n {
							t.Errorf("%q did not remove %v: %s\n%s", a.Title, d.Code.Value, d.Message, fixed)
						}
						version++
						if err := c.Replace(u, version, string(src)); err != nil {
							t.Fatal(err)
						}
						if _, err := c.WaitVersion(u, version, 10*time.Second); err != nil {
							t.Fatal(err)
						}
					}
				}
				if err := c.Notify(protocol.MethodTextDocumentDidClose, protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if fixes < 30 {
		t.Errorf("only %d quick fixes were offered over the broken examples", fixes)
	}
	for _, want := range []string{"Add dead-letter", "Send failures", "Set partial_batch_response", "Raise visibility_timeout", "Declare idempotent", "Ignore missing-dlq"} {
		if !titles[want] {
			t.Errorf("no quick fix %q was offered; offered: %v", want, titles)
		}
	}
}

func countRule(ds []protocol.Diagnostic, of protocol.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Code != nil && of.Code != nil && d.Code.Value == of.Code.Value {
			n++
		}
	}
	return n
}

var referenceRE = regexp.MustCompile(`\b(api|function|container|state_machine|queue|topic|stream|bus|firehose|bucket|database|external)\.([a-z][\w-]*)`)

// Over every example, every reference goes to its declaration and explains
// itself on hover, each file has an outline and is left as formatted,
// each workload has its lens, and renaming a component and back gives
// the same findings.
func TestLSPEveryExample(t *testing.T) {
	c := startLSP(t)
	for _, dir := range exampleDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			texts := map[string]string{}
			versions := map[string]int32{}
			for _, f := range archFiles(t, dir) {
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				texts[uri(f)] = string(src)
				versions[uri(f)] = 1
				if err := c.Open(uri(f), string(src)); err != nil {
					t.Fatal(err)
				}
			}
			var first struct {
				uri, name string
				pos       protocol.Position
			}
			for _, f := range archFiles(t, dir) {
				u, text := uri(f), texts[uri(f)]
				td := protocol.TextDocumentIdentifier{URI: u}
				var edits []protocol.TextEdit
				if err := c.Call(protocol.MethodTextDocumentFormatting, protocol.DocumentFormattingParams{TextDocument: td}, &edits); err != nil {
					t.Fatal(err)
				}
				if len(edits) != 0 {
					t.Errorf("%s: formatting edits a file archie fmt leaves alone: %+v", filepath.Base(f), edits)
				}
				var symbols []protocol.DocumentSymbol
				if err := c.Call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: td}, &symbols); err != nil {
					t.Fatal(err)
				}
				if len(symbols) == 0 {
					t.Errorf("%s: no symbols", filepath.Base(f))
				}
				var lenses []protocol.CodeLens
				if err := c.Call(protocol.MethodTextDocumentCodeLens, protocol.CodeLensParams{TextDocument: td}, &lenses); err != nil {
					t.Fatal(err)
				}
				if n := strings.Count(text, "\nworkload \""); n > 0 && len(lenses) < n {
					t.Errorf("%s: %d lenses for %d workloads", filepath.Base(f), len(lenses), n)
				}
				for _, l := range lenses {
					if l.Command == nil || !strings.Contains(l.Command.Title, "/month") {
						t.Errorf("%s: lens %+v", filepath.Base(f), l)
					}
				}
				for i, line := range strings.Split(text, "\n") {
					code, _, _ := strings.Cut(line, "#")
					for _, m := range referenceRE.FindAllStringSubmatchIndex(code, -1) {
						pos := protocol.Position{Line: uint32(i), Character: uint32(m[4])}
						if first.uri == "" {
							first.uri, first.pos, first.name = u, pos, code[m[4]:m[5]]
						}
						address := code[m[0]:m[1]]
						params := protocol.TextDocumentPositionParams{TextDocument: td, Position: pos}
						var defs []protocol.Location
						if err := c.Call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: params}, &defs); err != nil {
							t.Fatal(err)
						}
						if len(defs) != 1 {
							t.Errorf("%s:%d: %s has %d definitions", filepath.Base(f), i+1, address, len(defs))
							continue
						}
						declText := texts[defs[0].URI]
						if got := lsptestText(declText, defs[0].Range); got != `"`+code[m[4]:m[5]]+`"` {
							t.Errorf("%s:%d: %s goes to %q", filepath.Base(f), i+1, address, got)
						}
						var h struct {
							Contents protocol.MarkupContent `json:"contents"`
						}
						if err := c.Call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: params}, &h); err != nil {
							t.Fatal(err)
						}
						if !strings.Contains(h.Contents.Value, "**"+address+"**") {
							t.Errorf("%s:%d: hover on %s: %q", filepath.Base(f), i+1, address, h.Contents.Value)
						}
					}
				}
			}
			if first.uri == "" {
				return
			}
			// rename there and back
			rulesBefore := publishedRules(c, texts)
			rename := func(name string) {
				var edit protocol.WorkspaceEdit
				if err := c.Call(protocol.MethodTextDocumentRename, protocol.RenameParams{
					TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: first.uri}, Position: first.pos},
					NewName:                    name,
				}, &edit); err != nil {
					t.Fatal(err)
				}
				for u, edits := range edit.Changes {
					texts[u] = lsptest.Apply(texts[u], edits)
					versions[u]++
					if err := c.Replace(u, versions[u], texts[u]); err != nil {
						t.Fatal(err)
					}
					if _, err := c.WaitVersion(u, versions[u], 10*time.Second); err != nil {
						t.Fatal(err)
					}
				}
				// the other files' diagnostics of the last lint
				syncBuffer(t, c, strings.TrimPrefix(first.uri, "file://"))
			}
			original := first.name
			rename("renamed_component")
			if got := publishedRules(c, texts); !slices.Equal(got, rulesBefore) {
				t.Errorf("findings after renaming %s: %v, before: %v", original, got, rulesBefore)
			}
			rename(original)
			if got := publishedRules(c, texts); !slices.Equal(got, rulesBefore) {
				t.Errorf("findings after renaming back: %v, before: %v", got, rulesBefore)
			}
			for u := range texts {
				if err := c.Notify(protocol.MethodTextDocumentDidClose, protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// lsptestText is the text of a range.
func lsptestText(text string, r protocol.Range) string {
	full := lsptest.Apply(text, []protocol.TextEdit{{Range: r, NewText: "\x00"}})
	i := strings.IndexByte(full, 0)
	return text[i : i+len(text)-len(full)+1]
}

// publishedRules are the rules and severities of every file's
// diagnostics, sorted.
func publishedRules(c *lsptest.Client, texts map[string]string) []string {
	var out []string
	for u := range texts {
		ds, _ := c.Diagnostics(u)
		for _, d := range ds {
			code := "error"
			if d.Code != nil {
				code = fmt.Sprint(d.Code.Value)
			}
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}
