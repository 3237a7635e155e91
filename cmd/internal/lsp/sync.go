package lsp

import (
	"context"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/ruledocs"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	"github.com/hashicorp/hcl/v2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// archState is one architecture (a directory of *.arch.hcl files) as last
// linted: the model, the report, and the text each file had.
type archState struct {
	dir     string // absolute slash path
	display string // the directory as messages name it
	dirty   bool

	arch   *schema.Architecture
	report *lint.Report
	lines  map[string]*lines // by absolute path: the text that was linted
	sim    *simulate.Report  // the code lenses' analytic simulation, once asked for
	// published are the files that were sent diagnostics last time.
	published map[string]bool
}

// isArchFile and isConfigFile tell the server's two kinds of files apart.
func isArchFile(p string) bool   { return strings.HasSuffix(p, schema.FileSuffix) }
func isConfigFile(p string) bool { return path.Base(p) == lint.ConfigName }

func (s *Server) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil
	}
	s.docs[abs] = &document{path: abs, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.fs.set(fsName(abs), []byte(p.TextDocument.Text))
	s.changed(abs, 0)
	return nil
}

func (s *Server) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil
	}
	doc := s.docs[abs]
	if doc == nil {
		return nil
	}
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			doc.text = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			l := newLines(doc.text)
			start, end := l.offset(c.Range.Start), l.offset(c.Range.End)
			if end < start {
				start, end = end, start
			}
			doc.text = slices.Concat(doc.text[:start], []byte(c.Text), doc.text[end:])
		}
	}
	doc.version = p.TextDocument.Version
	s.fs.set(fsName(abs), doc.text)
	s.changed(abs, s.opt.Debounce)
	return nil
}

func (s *Server) didSave(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	if abs, ok := pathOf(p.TextDocument.URI); ok {
		s.changed(abs, 0)
	}
	return nil
}

func (s *Server) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	abs, ok := pathOf(p.TextDocument.URI)
	if !ok {
		return nil
	}
	delete(s.docs, abs)
	// The file on disk counts again, as archie lint would see it.
	s.fs.clear(fsName(abs))
	s.changed(abs, 0)
	return nil
}

func (s *Server) didChangeWatchedFiles(_ *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	// Files changed on disk (a checkout, a generator) matter to the
	// architectures the editor already shows; others wait until opened.
	for _, c := range p.Changes {
		abs, ok := pathOf(c.URI)
		if _, open := s.docs[abs]; !ok || open {
			continue
		}
		known := false
		for dir := range s.archs {
			known = known || dir == path.Dir(abs) || isConfigFile(abs) && within(dir, path.Dir(abs))
		}
		if known {
			s.changed(abs, s.opt.Debounce)
		}
	}
	return nil
}

// changed marks the architectures a file belongs to as stale and lints
// them after delay.
func (s *Server) changed(abs string, delay time.Duration) {
	var dirs []string
	switch {
	case isArchFile(abs):
		dirs = []string{path.Dir(abs)}
	case isConfigFile(abs):
		// A configuration file applies to every architecture below it.
		base := path.Dir(abs)
		for dir := range s.archs {
			if within(dir, base) {
				dirs = append(dirs, dir)
			}
		}
		if len(dirs) == 0 {
			found, _ := schema.Discover(s.fs, fsName(base), schema.Walk{Recursive: true})
			for _, d := range found {
				dirs = append(dirs, "/"+strings.TrimPrefix(d, "/"))
			}
		}
		sort.Strings(dirs)
	}
	for _, dir := range dirs {
		st := s.archState(dir)
		st.dirty = true
		s.schedule(dir, delay)
	}
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

func (s *Server) archState(dir string) *archState {
	st := s.archs[dir]
	if st == nil {
		st = &archState{dir: dir, display: s.display(dir), dirty: true, published: map[string]bool{}}
		s.archs[dir] = st
	}
	return st
}

// display names a directory as `archie lint` run from the workspace root
// names it: relative to the root, or absolute outside it.
func (s *Server) display(dir string) string {
	if s.root != "" && within(dir, s.root) {
		if dir == s.root {
			return "."
		}
		return strings.TrimPrefix(dir, strings.TrimSuffix(s.root, "/")+"/")
	}
	return dir
}

// absOf maps a file name as the report shows it back to its path.
func (s *Server) absOf(display string) string {
	if path.IsAbs(display) {
		return path.Clean(display)
	}
	root := s.root
	if root == "" {
		root = "/"
	}
	return path.Join(root, display)
}

// schedule lints dir after delay, replacing a pending run.
func (s *Server) schedule(dir string, delay time.Duration) {
	if t := s.timers[dir]; t != nil {
		t.Stop()
	}
	if s.closed || s.shutdown {
		return
	}
	if delay == 0 {
		delete(s.timers, dir)
		s.refresh(dir)
		return
	}
	s.timers[dir] = time.AfterFunc(delay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		defer func() {
			if v := recover(); v != nil {
				s.showError("internal error while linting %s: %v (please report this bug)", dir, v)
			}
		}()
		if s.closed {
			return
		}
		delete(s.timers, dir)
		s.refresh(dir)
	})
}

// refresh lints a stale architecture and publishes its diagnostics.
func (s *Server) refresh(dir string) {
	st := s.archState(dir)
	if !st.dirty {
		return
	}
	s.lint(st)
	s.publish(st)
}

// fresh returns the architecture of dir linted with the current buffers:
// requests answer from what the editor shows, even inside the debounce.
func (s *Server) fresh(dir string) *archState {
	st := s.archState(dir)
	if st.dirty {
		if t := s.timers[dir]; t != nil {
			t.Stop()
			delete(s.timers, dir)
		}
		s.refresh(dir)
	}
	return st
}

// lint runs `archie lint`'s pipeline, lint.LintProject, over one
// architecture read through the overlay, and keeps the model it loaded.
func (s *Server) lint(st *archState) {
	ctx := s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	st.dirty = false
	st.arch, st.report, st.sim = nil, nil, nil
	st.lines = map[string]*lines{}
	name := fsName(st.dir)
	target := lint.Target{FS: s.fs, Path: name, Display: st.display}
	// The same loader lint.Lint calls, kept here so that navigation and
	// hover use the model the findings came from.
	target.Load = func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
		arch, diags := schema.Load(ctx, s.fs, name, st.display)
		st.arch = arch
		return arch, diags
	}
	report, err := lint.LintProject(ctx, []lint.Target{target}, lint.Options{Rules: s.opt.Rules, Settings: s.opt.Settings})
	if err != nil {
		s.showError("linting %s: %v", st.display, err)
		return
	}
	st.report = report
	for display, f := range report.Files {
		st.lines[s.absOf(display)] = newLines(f.Bytes)
	}
}

// linesOf is the text of a file as linted, or as the editor or disk has it.
func (s *Server) linesOf(st *archState, abs string) *lines {
	if st != nil {
		if l := st.lines[abs]; l != nil {
			return l
		}
	}
	src, err := s.fs.ReadFile(fsName(abs))
	if err != nil {
		return newLines(nil)
	}
	return newLines(src)
}

// publish sends the diagnostics of every file of the architecture, and
// empty lists to files that had some and have none now.
func (s *Server) publish(st *archState) {
	byFile := map[string][]protocol.Diagnostic{}
	files := map[string]bool{}
	if st.report != nil {
		for display := range st.report.Files {
			files[s.absOf(display)] = true
		}
		for _, d := range st.report.Errors {
			abs := ""
			if d.Subject != nil && d.Subject.Filename != "" {
				abs = s.absOf(d.Subject.Filename)
			}
			if abs == "" || !files[abs] {
				abs = s.anyFile(st, files)
			}
			if abs == "" {
				continue
			}
			files[abs] = true
			byFile[abs] = append(byFile[abs], s.errorDiagnostic(st, abs, d))
		}
		for _, f := range st.report.Findings {
			abs := s.absOf(f.Range.Filename)
			files[abs] = true
			byFile[abs] = append(byFile[abs], s.findingDiagnostic(st, abs, f))
		}
	}
	for abs := range st.published {
		files[abs] = true
	}
	// Every file of the directory, also when a configuration error
	// stopped the architecture from loading.
	if entries, err := s.fs.ReadDir(fsName(st.dir)); err == nil {
		for _, e := range entries {
			if !e.IsDir() && isArchFile(e.Name()) {
				files[path.Join(st.dir, e.Name())] = true
			}
		}
	}
	names := make([]string, 0, len(files))
	for abs := range files {
		names = append(names, abs)
	}
	sort.Strings(names)
	st.published = map[string]bool{}
	for _, abs := range names {
		diags := byFile[abs]
		if diags == nil {
			diags = []protocol.Diagnostic{}
		} else {
			st.published[abs] = true
		}
		params := protocol.PublishDiagnosticsParams{URI: uriOf(abs), Diagnostics: diags}
		if doc := s.docs[abs]; doc != nil {
			v := protocol.UInteger(doc.version)
			params.Version = &v
		}
		s.notify(protocol.ServerTextDocumentPublishDiagnostics, params)
	}
}

// anyFile is where a diagnostic without a position goes: an open file of
// the architecture, else its first file.
func (s *Server) anyFile(st *archState, files map[string]bool) string {
	var names []string
	for abs := range files {
		names = append(names, abs)
	}
	for abs := range s.docs {
		if path.Dir(abs) == st.dir {
			names = append(names, abs)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if s.docs[n] != nil {
			return n
		}
	}
	if len(names) > 0 {
		return names[0]
	}
	return ""
}

var severities = map[lint.Severity]protocol.DiagnosticSeverity{
	lint.Error:   protocol.DiagnosticSeverityError,
	lint.Warning: protocol.DiagnosticSeverityWarning,
	lint.Info:    protocol.DiagnosticSeverityInformation,
}

const source = "archie"

// RuleDocURL is the page documenting a rule, at the revision of this
// build.
func RuleDocURL(id string) string { return ruledocs.URL(id) }

func (s *Server) findingDiagnostic(st *archState, abs string, f lint.Finding) protocol.Diagnostic {
	sev := severities[f.Severity]
	src := source
	d := protocol.Diagnostic{
		Range:           s.linesOf(st, abs).rng(f.Range),
		Severity:        &sev,
		Code:            &protocol.IntegerOrString{Value: f.Rule},
		CodeDescription: &protocol.CodeDescription{HRef: RuleDocURL(f.Rule)},
		Source:          &src,
		Message:         f.Message,
	}
	if f.Rule == lint.RuleUnusedSuppression {
		d.Tags = []protocol.DiagnosticTag{protocol.DiagnosticTagUnnecessary}
	}
	return d
}

// errorDiagnostic is invalid input: the summary, then how to fix it.
func (s *Server) errorDiagnostic(st *archState, abs string, d *hcl.Diagnostic) protocol.Diagnostic {
	sev := protocol.DiagnosticSeverityError
	if d.Severity == hcl.DiagWarning {
		sev = protocol.DiagnosticSeverityWarning
	}
	src := source
	out := protocol.Diagnostic{Severity: &sev, Source: &src, Message: ErrorMessage(d)}
	if d.Subject != nil {
		out.Range = s.linesOf(st, abs).rng(*d.Subject)
	}
	return out
}

// ErrorMessage is how a diagnostic of invalid input reads in the editor:
// the summary, then the detail on the next line.
func ErrorMessage(d *hcl.Diagnostic) string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + "\n" + d.Detail
}
