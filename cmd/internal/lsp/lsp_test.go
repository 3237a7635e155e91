package lsp

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/cmd/internal/lsp/lsptest"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// workspace copies the files of examples/NAME, plus extra files, into a
// scratch directory and starts a server on it, with a client initialized
// with that directory as the workspace root.
func workspace(t *testing.T, example string, extra map[string]string) (*lsptest.Client, string) {
	t.Helper()
	dir := t.TempDir()
	if example != "" {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "examples", example, "*"+schema.FileSuffix))
		if len(files) == 0 {
			t.Fatalf("no example %s", example)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			extra[filepath.Base(f)] = string(src)
		}
	}
	for name, text := range extra {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A repository root, so that no .archie.hcl above the scratch
	// directory applies.
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return start(t, uriOf(filepath.ToSlash(dir))), filepath.ToSlash(dir)
}

func start(t *testing.T, root string) *lsptest.Client {
	t.Helper()
	s := New(Options{FS: os.DirFS("/"), Rules: rules.All(), Debounce: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	c, wait := lsptest.Start(ctx, s.Serve)
	if _, err := c.Initialize(root); err != nil {
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

// open opens dir/name with its text on disk and returns its URI and text.
func open(t *testing.T, c *lsptest.Client, dir, name string) (string, string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	u := uriOf(dir + "/" + name)
	if err := c.Open(u, string(src)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, c, u)
	return u, string(src)
}

// waitFor answers once every notification sent before has been read.
func waitFor(t *testing.T, c *lsptest.Client, u string) {
	t.Helper()
	var symbols []protocol.DocumentSymbol
	if err := c.Call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, &symbols); err != nil {
		t.Fatal(err)
	}
}

// at is the position of the first "|" in text, and text without it.
func at(t *testing.T, text string) (string, protocol.Position) {
	t.Helper()
	i := strings.Index(text, "|")
	if i < 0 {
		t.Fatal("no | in the text")
	}
	return text[:i] + text[i+1:], newLines([]byte(text)).position(i)
}

// posOf is the position of the n-th byte of the first occurrence of
// needle in text.
func posOf(t *testing.T, text, needle string, n int) protocol.Position {
	t.Helper()
	i := strings.Index(text, needle)
	if i < 0 {
		t.Fatalf("%q not in the text", needle)
	}
	return newLines([]byte(text)).position(i + n)
}

func doc(u string) protocol.TextDocumentIdentifier { return protocol.TextDocumentIdentifier{URI: u} }

func labels(items []protocol.CompletionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

func complete(t *testing.T, c *lsptest.Client, u string, version int32, text string) []protocol.CompletionItem {
	t.Helper()
	text, pos := at(t, text)
	if err := c.Replace(u, version, text); err != nil {
		t.Fatal(err)
	}
	var list protocol.CompletionList
	if err := c.Call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{
		TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: doc(u), Position: pos},
	}, &list); err != nil {
		t.Fatal(err)
	}
	return list.Items
}

func TestCompletion(t *testing.T) {
	c, dir := workspace(t, "queue-load-leveling", map[string]string{".archie.hcl": "\n"})
	u, records := open(t, c, dir, "records.arch.hcl")
	version := int32(1)
	next := func() int32 { version++; return version }

	cases := []struct {
		name, text string
		want       []string
		not        []string
	}{
		{"top level", "|\n" + records, []string{"service", "workload", "pattern", "architecture", "queue", "function"}, []string{"memory"}},
		{"in a service", strings.Replace(records, "  queue \"results_intake\" {", "  |\n  queue \"results_intake\" {", 1), []string{"owner", "description", "queue", "database"}, []string{"memory"}},
		{"in a function", strings.Replace(records, "    runtime      = \"java21\"", "    |\n    runtime      = \"java21\"", 1), []string{"memory", "timeout", "idempotent", "trigger"}, []string{"visibility_timeout", "owner"}},
		{"in a queue trigger", strings.Replace(records, "      batch_size             = 10", "      |\n      batch_size             = 10", 1), []string{"source", "batch_size", "partial_batch_response", "max_concurrency"}, []string{"bisect_on_error"}},
		{"after queue.", strings.Replace(records, "emits        = [topic.results_filed]", "emits        = [topic.results_filed, queue.|]", 1), []string{"results_intake", "results_intake_dlq"}, []string{"file_result", "results_filed"}},
		{"a reference attribute", strings.Replace(records, "    description  = \"Matches", "    on_failure = |\n    description  = \"Matches", 1), []string{"queue.results_intake_dlq", "topic.results_filed"}, []string{"database.clinical_records"}},
		{"a trigger source", strings.Replace(records, "      source                 = queue.results_intake", "      source                 = |", 1), []string{"queue.results_intake", "topic.results_filed", "schedule"}, []string{"function.file_result"}},
		{"a bus trigger source", records + "\nbucket \"uploads\" {}\nbus \"b\" {\n  trigger {\n    source = |\n  }\n}\n", []string{"bucket.uploads", "queue.results_intake", "schedule"}, []string{"topic.results_filed", "iot", "cognito"}},
		{"a topic trigger source", records + "\nbucket \"uploads\" {}\ntopic \"t\" {\n  trigger {\n    source = |\n  }\n}\n", []string{"bucket.uploads", "iot"}, []string{"queue.results_intake", "schedule", "cognito"}},
		{"in a pipe from a queue into a bus", records + "\nbus \"b\" {\n  trigger {\n    source = queue.results_intake\n    |\n  }\n}\n", []string{"batch_size", "batch_window"}, []string{"partial_batch_response", "invocation", "max_concurrency"}},
		{"in a stream trigger from a table", records + "\nstream \"s\" {\n  trigger {\n    source = database.clinical_records\n    |\n  }\n}\n", []string{"source"}, []string{"batch_size", "on_failure"}},
		{"in an api trigger on a table", records + "\napi \"front\" {}\ndatabase \"t\" {\n  trigger {\n    source = api.front\n    |\n  }\n}\n", []string{"route", "access"}, []string{"invocation", "batch_size"}},
		{"a table trigger source", records + "\napi \"front\" {}\ndatabase \"t\" {\n  trigger {\n    source = |\n  }\n}\n", []string{"api.front"}, []string{"queue.results_intake", "schedule"}},
		{"an enum in quotes", strings.Replace(records, "engine          = \"aurora\"", "engine          = \"|\"", 1), []string{"aurora", "dynamodb", "postgres"}, []string{"on_demand"}},
		{"a bool", strings.Replace(records, "idempotent   = true", "idempotent   = |", 1), []string{"true", "false"}, nil},
		{"rule IDs in a comment", strings.Replace(records, "  # The consumer's caps", "  # archie-ignore: sync-chain, |\n  # The consumer's caps", 1), []string{"missing-dlq", "visibility-timeout"}, []string{"unused-suppression"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := labels(complete(t, c, u, next(), tc.text))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("no %q among %v", w, got)
				}
			}
			for _, n := range tc.not {
				if slices.Contains(got, n) {
					t.Errorf("%q offered: %v", n, got)
				}
			}
		})
	}

	// Attributes say their type and default.
	items := complete(t, c, u, next(), strings.Replace(records, "    runtime      = \"java21\"", "    |\n    runtime      = \"java21\"", 1))
	for _, it := range items {
		if it.Label == "memory" && (it.Detail == nil || *it.Detail != "whole number, default 128") {
			t.Errorf("memory's detail is %v, want its type and default", it.Detail)
		}
	}

	cfg, _ := open(t, c, dir, ".archie.hcl")
	cfgVersion := int32(1)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"top level", "|\n", []string{"config", "rule"}},
		{"rule IDs", "rule \"|\n", []string{"sync-chain", "missing-dlq", "unused-suppression"}},
		{"rule options", "rule \"sync-chain\" {\n  |\n}\n", []string{"enabled", "severity", "max_hops"}},
		{"severities", "rule \"sync-chain\" {\n  severity = \"|\"\n}\n", []string{"error", "warning", "info"}},
	} {
		t.Run("config "+tc.name, func(t *testing.T) {
			cfgVersion++
			got := labels(complete(t, c, cfg, cfgVersion, tc.text))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("no %q among %v", w, got)
				}
			}
		})
	}
}

func TestNavigation(t *testing.T) {
	c, dir := workspace(t, "queue-load-leveling", map[string]string{})
	intake, intakeText := open(t, c, dir, "intake.arch.hcl")
	recordsText, _ := os.ReadFile(dir + "/records.arch.hcl")
	ref := protocol.TextDocumentPositionParams{TextDocument: doc(intake), Position: posOf(t, intakeText, "queue.results_intake", 8)}

	var defs []protocol.Location
	if err := c.Call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: ref}, &defs); err != nil {
		t.Fatal(err)
	}
	wantDecl := protocol.Range{Start: posOf(t, string(recordsText), `"results_intake"`, 0), End: posOf(t, string(recordsText), `"results_intake"`, len(`"results_intake"`))}
	if len(defs) != 1 || defs[0].URI != uriOf(dir+"/records.arch.hcl") || defs[0].Range != wantDecl {
		t.Errorf("definition = %+v, want records.arch.hcl %+v", defs, wantDecl)
	}

	var refs []protocol.Location
	if err := c.Call(protocol.MethodTextDocumentReferences, protocol.ReferenceParams{TextDocumentPositionParams: ref, Context: protocol.ReferenceContext{IncludeDeclaration: true}}, &refs); err != nil {
		t.Fatal(err)
	}
	files := map[string]int{}
	for _, r := range refs {
		files[filepath.Base(r.URI)]++
	}
	// declared and used as the trigger's source in records, emitted in
	// intake, named by the pattern in main
	if want := map[string]int{"records.arch.hcl": 2, "intake.arch.hcl": 1, "main.arch.hcl": 1}; !mapsEqual(files, want) {
		t.Errorf("references by file = %v, want %v", files, want)
	}

	var edit protocol.WorkspaceEdit
	if err := c.Call(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: ref, NewName: "lab_results"}, &edit); err != nil {
		t.Fatal(err)
	}
	n := 0
	for u, edits := range edit.Changes {
		p, _ := pathOf(u)
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		renamed := lsptest.Apply(string(src), edits)
		n += len(edits)
		if strings.Contains(renamed, "queue \"results_intake\"") || strings.Contains(renamed, "queue.results_intake\n") || strings.Contains(renamed, "queue.results_intake]") {
			t.Errorf("%s still names results_intake:\n%s", p, renamed)
		}
		if err := os.WriteFile(p, []byte(renamed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n != 4 {
		t.Errorf("rename made %d edits, want 4", n)
	}
	// The renamed files on disk load without error: save, then lint.
	if err := c.Replace(intake, 2, mustRead(t, dir+"/intake.arch.hcl")); err != nil {
		t.Fatal(err)
	}
	ds, err := c.WaitVersion(intake, 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Code == nil {
			t.Errorf("load error after the rename: %s", d.Message)
		}
	}

	// A name that is taken, or not a name, is refused.
	for _, bad := range []string{"results_intake_dlq", "not a name"} {
		if err := c.Call(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: doc(intake), Position: posOf(t, mustRead(t, dir+"/intake.arch.hcl"), "queue.lab_results", 8)}, NewName: bad}, &edit); err == nil {
			t.Errorf("renaming to %q was accepted", bad)
		}
	}
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSymbols(t *testing.T) {
	c, dir := workspace(t, "queue-load-leveling", map[string]string{})
	u, _ := open(t, c, dir, "records.arch.hcl")
	var symbols []protocol.DocumentSymbol
	if err := c.Call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: doc(u)}, &symbols); err != nil {
		t.Fatal(err)
	}
	if len(symbols) != 2 || symbols[0].Name != "records" || symbols[1].Name != "care-alerts" {
		t.Fatalf("symbols = %+v, want the services records and care-alerts", symbols)
	}
	var children []string
	for _, s := range symbols[0].Children {
		children = append(children, s.Name)
	}
	if want := []string{"queue.results_intake", "queue.results_intake_dlq", "function.file_result", "database.clinical_records", "topic.results_filed"}; !slices.Equal(children, want) {
		t.Errorf("children = %v, want %v", children, want)
	}
	var found []protocol.SymbolInformation
	if err := c.Call(protocol.MethodWorkspaceSymbol, protocol.WorkspaceSymbolParams{Query: "results"}, &found); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range found {
		names = append(names, s.Name)
	}
	if want := []string{"queue.results_intake", "queue.results_intake_dlq", "topic.results_filed"}; !slices.Equal(names, want) {
		t.Errorf("workspace symbols = %v, want %v", names, want)
	}
}

func hoverAt(t *testing.T, c *lsptest.Client, u string, pos protocol.Position) string {
	t.Helper()
	var h *struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	if err := c.Call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: doc(u), Position: pos}}, &h); err != nil {
		t.Fatal(err)
	}
	if h == nil {
		return ""
	}
	return h.Contents.Value
}

func TestHover(t *testing.T) {
	c, dir := workspace(t, "queue-load-leveling", map[string]string{})
	u, text := open(t, c, dir, "intake.arch.hcl")
	got := hoverAt(t, c, u, posOf(t, text, "queue.results_intake", 10))
	for _, want := range []string{"**queue.results_intake** in service **records**, owner team-clinical-data", `visibility_timeout = "6m"`, "fifo               = false # default"} {
		if !strings.Contains(got, want) {
			t.Errorf("hover on a reference lacks %q:\n%s", want, got)
		}
	}
	got = hoverAt(t, c, u, posOf(t, text, "throttle_burst", 3))
	if !strings.Contains(got, "**throttle_burst**: whole number") || !strings.Contains(got, "burst capacity") {
		t.Errorf("hover on an attribute:\n%s", got)
	}

	c2, dir2 := workspace(t, "broken/missing-dlq", map[string]string{})
	u2, text2 := open(t, c2, dir2, "main.arch.hcl")
	got = hoverAt(t, c2, u2, posOf(t, text2, `queue "index"`, 8))
	for _, want := range []string{"**missing-dlq** (error)", "docs/rules/missing-dlq.md", "**queue.index** in service **media**"} {
		if !strings.Contains(got, want) {
			t.Errorf("hover on a finding lacks %q:\n%s", want, got)
		}
	}
}

func TestFormatting(t *testing.T) {
	ugly := "queue \"a\" {\nfifo=true\n      retention = \"4d\"\n}\n\n\n\nfunction \"b\" {\n  trigger {\n source = queue.a\n}\n}\n"
	c, dir := workspace(t, "", map[string]string{"main.arch.hcl": ugly})
	u, _ := open(t, c, dir, "main.arch.hcl")
	var edits []protocol.TextEdit
	if err := c.Call(protocol.MethodTextDocumentFormatting, protocol.DocumentFormattingParams{TextDocument: doc(u)}, &edits); err != nil {
		t.Fatal(err)
	}
	want, _ := schema.Format("main.arch.hcl", []byte(ugly))
	if got := lsptest.Apply(ugly, edits); got != string(want) {
		t.Errorf("formatted:\n%s\nwant (archie fmt):\n%s", got, want)
	}
	// Text with a syntax error is left alone.
	if err := c.Replace(u, 2, "queue \"a\" {\n"); err != nil {
		t.Fatal(err)
	}
	if err := c.Call(protocol.MethodTextDocumentFormatting, protocol.DocumentFormattingParams{TextDocument: doc(u)}, &edits); err != nil {
		t.Fatal(err)
	}
	if len(edits) != 0 {
		t.Errorf("edits for a broken file: %+v", edits)
	}
}

func TestCodeLens(t *testing.T) {
	c, dir := workspace(t, "queue-load-leveling", map[string]string{})
	arch, diags := schema.Load(context.Background(), os.DirFS(dir), ".", "")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	rep, err := simulate.Simulate(context.Background(), arch, simulate.Options{Mode: simulate.ModeAnalytic, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := lensTitle(rep.Workloads[0])
	if !strings.Contains(want, "p99 ") || !strings.Contains(want, "/month") || !strings.Contains(want, "throttled ") {
		t.Fatalf("lens title %q lacks a figure", want)
	}
	for file, title := range map[string]string{"main.arch.hcl": want, "intake.arch.hcl": "workload rack_completions: " + want} {
		u, _ := open(t, c, dir, file)
		var lenses []protocol.CodeLens
		if err := c.Call(protocol.MethodTextDocumentCodeLens, protocol.CodeLensParams{TextDocument: doc(u)}, &lenses); err != nil {
			t.Fatal(err)
		}
		if len(lenses) != 1 || lenses[0].Command == nil || lenses[0].Command.Title != title {
			t.Errorf("%s: lenses %+v, want one titled %q", file, lenses, title)
		}
	}
}

// diags returns the rules of the diagnostics published for u's version.
func rulesOf(ds []protocol.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		if d.Code != nil {
			out = append(out, d.Code.Value.(string))
		} else {
			out = append(out, "error: "+strings.SplitN(d.Message, "\n", 2)[0])
		}
	}
	return out
}

func TestDiagnosticsFollowTheBuffer(t *testing.T) {
	c, dir := workspace(t, "broken/missing-dlq", map[string]string{})
	u, text := open(t, c, dir, "main.arch.hcl")
	ds, _ := c.Diagnostics(u)
	if !slices.Contains(rulesOf(ds), "missing-dlq") {
		t.Fatalf("no missing-dlq in %v", rulesOf(ds))
	}

	// An incremental edit that breaks the syntax: one load error, at the
	// place, and no findings.
	end := posOf(t, text, `bucket "uploads" {}`, len(`bucket "uploads" {}`))
	if err := c.Edit(u, 2, protocol.Range{Start: protocol.Position{Line: end.Line, Character: end.Character - 1}, End: end}, ""); err != nil {
		t.Fatal(err)
	}
	ds, err := c.WaitVersion(u, 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 || ds[0].Code != nil || *ds[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("want load errors, got %v", rulesOf(ds))
	}

	// Undo it and wire every dead-letter queue: the findings are cleared,
	// although the file on disk still has them.
	fixed := strings.Replace(text, "    emits      = [queue.index]\n", "    emits      = [queue.index]\n    on_failure = queue.index_dlq\n", 1)
	fixed = strings.Replace(fixed, "    visibility_timeout = \"3m\"\n", "    visibility_timeout = \"3m\"\n    dead_letter = queue.index_dlq\n", 1)
	fixed = strings.Replace(fixed, "      max_retries            = 5\n", "      max_retries            = 5\n      on_failure = queue.index_dlq\n", 1)
	fixed = strings.Replace(fixed, "  database \"photos\" {", "  queue \"index_dlq\" {\n    retention = \"14d\"\n  }\n\n  database \"photos\" {", 1)
	if err := c.Replace(u, 3, fixed); err != nil {
		t.Fatal(err)
	}
	ds, err = c.WaitVersion(u, 3, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(rulesOf(ds), "missing-dlq") {
		t.Errorf("missing-dlq still reported after the fix: %v\n%s", ds, fixed)
	}

	// A suppression that silences nothing is shown, faded.
	suppressed := strings.Replace(fixed, "  bucket \"uploads\" {}", "  # archie-ignore: missing-dlq -- replayed from the source\n  bucket \"uploads\" {}", 1)
	if err := c.Replace(u, 4, suppressed); err != nil {
		t.Fatal(err)
	}
	ds, err = c.WaitVersion(u, 4, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.Index(rulesOf(ds), "unused-suppression")
	if i < 0 || !slices.Equal(ds[i].Tags, []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}) {
		t.Errorf("unused suppression not shown as unnecessary: %v", rulesOf(ds))
	}
}

// .archie.hcl applies as lint applies it, unsaved too; an unsaved new file
// joins its architecture.
func TestConfigAndNewFiles(t *testing.T) {
	c, dir := workspace(t, "broken/missing-dlq", map[string]string{".archie.hcl": "rule \"missing-dlq\" {\n  enabled = false\n}\n"})
	u, text := open(t, c, dir, "main.arch.hcl")
	ds, _ := c.Diagnostics(u)
	if slices.Contains(rulesOf(ds), "missing-dlq") {
		t.Fatalf("missing-dlq is disabled in .archie.hcl but reported: %v", rulesOf(ds))
	}
	cfg := uriOf(dir + "/.archie.hcl")
	// Counted before the edit: the republish it causes may arrive before
	// the wait begins.
	published := c.Published(u)
	if err := c.Open(cfg, "rule \"missing-dlq\" {\n  severity = \"info\"\n}\n"); err != nil {
		t.Fatal(err)
	}
	ds, err := c.WaitPublished(u, published, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Code != nil && d.Code.Value == "missing-dlq" && *d.Severity != protocol.DiagnosticSeverityInformation {
			t.Errorf("missing-dlq at %v, want info as the unsaved .archie.hcl says", *d.Severity)
		}
	}
	if !slices.Contains(rulesOf(ds), "missing-dlq") {
		t.Errorf("missing-dlq not reported once enabled: %v", rulesOf(ds))
	}
	// A configuration error shows in the configuration file.
	if err := c.Replace(cfg, 2, "rule \"misisng-dlq\" {\n  enabled = false\n}\n"); err != nil {
		t.Fatal(err)
	}
	ds, err = c.WaitVersion(cfg, 2, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) == 0 || !strings.Contains(ds[0].Message, "missing-dlq") {
		t.Errorf("no error with a suggestion in .archie.hcl: %+v", ds)
	}
	if err := c.Replace(cfg, 3, "\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitVersion(cfg, 3, 5*time.Second); err != nil {
		t.Fatal(err)
	}

	// A new file, not saved yet, is part of the architecture: declaring
	// the same component twice is an error in it.
	extra := uriOf(dir + "/more.arch.hcl")
	if err := c.Open(extra, "bucket \"uploads\" {}\n"); err != nil {
		t.Fatal(err)
	}
	ds, err = c.WaitVersion(extra, 1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "Duplicate") {
		t.Errorf("want the duplicate declaration in the unsaved file, got %v", rulesOf(ds))
	}
	_ = text
}

func TestExitWithoutShutdown(t *testing.T) {
	s := New(Options{FS: os.DirFS("/"), Rules: rules.All()})
	c, wait := lsptest.Start(context.Background(), s.Serve)
	if _, err := c.Initialize(""); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify(protocol.MethodExit, nil); err != nil {
		t.Fatal(err)
	}
	if err := wait(); err != ErrNoShutdown {
		t.Errorf("Serve = %v, want ErrNoShutdown", err)
	}

	// A client that closes the stream ends the server too.
	s = New(Options{FS: os.DirFS("/"), Rules: rules.All()})
	r, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- s.Serve(context.Background(), r, io.Discard) }()
	w.Close()
	select {
	case err := <-done:
		if err != ErrNoShutdown {
			t.Errorf("Serve = %v, want ErrNoShutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop when its input closed")
	}
}

// Every request at every position of an example, whole or cut off as if
// being typed, answers without an error.
func TestEveryPositionAnswers(t *testing.T) {
	c, dir := workspace(t, "queue-load-leveling", map[string]string{})
	u, text := open(t, c, dir, "records.arch.hcl")
	version := int32(1)
	cuts := []string{text}
	for i := 0; i < len(text); i += 151 {
		cuts = append(cuts, text[:i])
	}
	for _, cut := range cuts {
		version++
		if err := c.Replace(u, version, cut); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(cut, "\n")
		for line := 0; line < len(lines)+1; line += 3 {
			for col := 0; col <= 60; col += 7 {
				pos := protocol.TextDocumentPositionParams{TextDocument: doc(u), Position: protocol.Position{Line: uint32(line), Character: uint32(col)}}
				var any1 any
				for _, call := range []struct {
					method string
					params any
				}{
					{protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: pos}},
					{protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: pos}},
					{protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: pos}},
					{protocol.MethodTextDocumentPrepareRename, protocol.PrepareRenameParams{TextDocumentPositionParams: pos}},
					{protocol.MethodTextDocumentCodeAction, protocol.CodeActionParams{TextDocument: doc(u), Range: protocol.Range{Start: pos.Position, End: pos.Position}}},
				} {
					if err := c.Call(call.method, call.params, &any1); err != nil {
						t.Fatalf("%s at %d:%d of a %d-byte text: %v", call.method, line, col, len(cut), err)
					}
				}
			}
		}
		for _, method := range []string{protocol.MethodTextDocumentCodeLens, protocol.MethodTextDocumentFormatting, protocol.MethodTextDocumentDocumentSymbol} {
			var any1 any
			if err := c.Call(method, map[string]any{"textDocument": doc(u)}, &any1); err != nil {
				t.Fatalf("%s of a %d-byte text: %v", method, len(cut), err)
			}
		}
	}
}

// The workload lens's command renders the architecture with its findings
// and the workload's critical path through archie render.
func TestDiagramCommand(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(fakeRenderEnv, "1")
	dir := filepath.ToSlash(t.TempDir())
	if err := os.WriteFile(dir+"/main.arch.hcl", []byte("queue \"a\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := New(Options{FS: os.DirFS("/"), Rules: rules.All(), Executable: exe})
	c, wait := lsptest.Start(context.Background(), s.Serve)
	defer func() {
		c.Shutdown()
		wait()
	}()
	res, err := c.Initialize(uriOf(dir))
	if err != nil {
		t.Fatal(err)
	}
	if p := res.Capabilities.ExecuteCommandProvider; p == nil || !slices.Equal(p.Commands, []string{CommandDiagram}) {
		t.Errorf("execute command provider = %+v", p)
	}
	var svg string
	if err := c.Call(protocol.MethodWorkspaceExecuteCommand, protocol.ExecuteCommandParams{Command: CommandDiagram, Arguments: []any{uriOf(dir), "peak"}}, &svg); err != nil {
		t.Fatal(err)
	}
	if want := "<svg>render --format svg --findings --critical-path=peak -- " + dir + "</svg>"; svg != want {
		t.Errorf("command returned %q, want %q", svg, want)
	}
	if err := c.Call(protocol.MethodWorkspaceExecuteCommand, protocol.ExecuteCommandParams{Command: CommandDiagram, Arguments: []any{uriOf(dir + "/nowhere")}}, &svg); err == nil {
		t.Error("a directory that does not exist was rendered")
	}
}

// A rule named in an archie-ignore comment or in .archie.hcl explains
// itself on hover.
func TestHoverRuleIDs(t *testing.T) {
	c, dir := workspace(t, "", map[string]string{
		"main.arch.hcl": "# archie-ignore: missing-dlq, sync-chain -- replayed\nqueue \"a\" {}\n",
		".archie.hcl":   "rule \"partial-batch\" {\n  enabled = false\n}\n",
	})
	u, text := open(t, c, dir, "main.arch.hcl")
	if got := hoverAt(t, c, u, posOf(t, text, "sync-chain", 3)); !strings.Contains(got, "**sync-chain** (warning)") {
		t.Errorf("hover on a rule in a comment:\n%s", got)
	}
	cfg, cfgText := open(t, c, dir, ".archie.hcl")
	if got := hoverAt(t, c, cfg, posOf(t, cfgText, "partial-batch", 1)); !strings.Contains(got, "docs/rules/partial-batch.md") {
		t.Errorf("hover on a rule in .archie.hcl:\n%s", got)
	}
}

// A file created on disk beside an open one is linted with it once the
// editor reports the change.
func TestWatchedFiles(t *testing.T) {
	c, dir := workspace(t, "broken/missing-dlq", map[string]string{})
	open(t, c, dir, "main.arch.hcl")
	if err := os.WriteFile(dir+"/zz.arch.hcl", []byte("bucket \"uploads\" {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	extra := uriOf(dir + "/zz.arch.hcl")
	if err := c.Notify(protocol.MethodWorkspaceDidChangeWatchedFiles, protocol.DidChangeWatchedFilesParams{
		Changes: []protocol.FileEvent{{URI: extra, Type: protocol.FileChangeTypeCreated}},
	}); err != nil {
		t.Fatal(err)
	}
	ds, err := c.WaitPublished(extra, 0, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "Duplicate") {
		t.Errorf("want the duplicate declaration in the new file, got %v", rulesOf(ds))
	}
}
