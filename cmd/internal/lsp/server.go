// Package lsp is archie's language server: the Language Server Protocol
// over a stream (stdio for `archie lsp`), giving editors the diagnostics of
// `archie lint`, completion, navigation, hover, quick fixes, formatting and
// simulated figures on workloads.
//
// The protocol's types come from github.com/tliron/glsp's protocol_3_16
// package and the JSON-RPC framing from github.com/sourcegraph/jsonrpc2;
// the server answers what LSP 3.17 clients send for these features.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Options configure a server.
type Options struct {
	// FS is the disk, rooted at "/" (names without a leading slash), as
	// os.DirFS("/") gives it.
	FS fs.FS
	// Rules is the catalog `archie lint` runs.
	Rules []lint.Rule
	// Settings are the run-wide settings of the rules, as `archie lint`
	// sets them (lint.Options.Settings).
	Settings lint.Settings
	// Debounce is how long the server waits after a change before linting
	// again; 0 means DefaultDebounce.
	Debounce time.Duration
	// Executable is the archie binary the diagram command runs; "" turns
	// the command off.
	Executable string
	// Version is archie's version, shown to the client.
	Version string
}

// DefaultDebounce is the pause after a keystroke before the server lints:
// long enough to batch a burst of typing, short enough to feel immediate.
const DefaultDebounce = 40 * time.Millisecond

// ErrNoShutdown is returned by Serve when the client sent exit without
// shutdown, or went away: LSP asks for exit code 1 then.
var ErrNoShutdown = errors.New("the client exited without a shutdown request")

// CommandDiagram is the command of the code lenses that renders the
// architecture with its findings and a workload's critical path; its
// result is the SVG.
const CommandDiagram = "archie.diagram"

// Server is one language server session.
type Server struct {
	opt     Options
	fs      *overlay
	handler protocol.Handler

	mu       sync.Mutex
	conn     *jsonrpc2.Conn
	root     string               // the workspace root, an absolute slash path; "" for none
	docs     map[string]*document // open documents by absolute path
	archs    map[string]*archState
	timers   map[string]*time.Timer
	shutdown bool
	closed   bool
	ctx      context.Context
}

// document is an open editor buffer.
type document struct {
	path    string
	version int32
	text    []byte
}

// New returns a server; Serve runs it.
func New(opt Options) *Server {
	if opt.Debounce == 0 {
		opt.Debounce = DefaultDebounce
	}
	s := &Server{
		opt:    opt,
		fs:     newOverlay(opt.FS),
		docs:   map[string]*document{},
		archs:  map[string]*archState{},
		timers: map[string]*time.Timer{},
	}
	s.handler = protocol.Handler{
		Initialize:                      s.initialize,
		Initialized:                     func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                        s.shutdownRequest,
		SetTrace:                        func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest:                   func(*glsp.Context, *protocol.CancelParams) error { return nil },
		WorkspaceDidChangeConfiguration: func(*glsp.Context, *protocol.DidChangeConfigurationParams) error { return nil },
		WorkspaceDidChangeWatchedFiles:  s.didChangeWatchedFiles,
		TextDocumentDidOpen:             s.didOpen,
		TextDocumentDidChange:           s.didChange,
		TextDocumentDidSave:             s.didSave,
		TextDocumentDidClose:            s.didClose,
		TextDocumentCompletion:          s.completion,
		TextDocumentHover:               s.hover,
		TextDocumentDefinition:          s.definition,
		TextDocumentReferences:          s.references,
		TextDocumentRename:              s.rename,
		TextDocumentPrepareRename:       s.prepareRename,
		TextDocumentDocumentSymbol:      s.documentSymbol,
		WorkspaceSymbol:                 s.workspaceSymbol,
		TextDocumentCodeAction:          s.codeAction,
		TextDocumentFormatting:          s.formatting,
		TextDocumentCodeLens:            s.codeLens,
		WorkspaceExecuteCommand:         s.executeCommand,
	}
	return s
}

// Serve answers the client on in and out until it exits or ctx ends.
// It returns nil after shutdown and exit, ErrNoShutdown otherwise.
func (s *Server) Serve(ctx context.Context, in io.Reader, out io.Writer) error {
	s.ctx = ctx
	stream := jsonrpc2.NewBufferedStream(readWriteCloser{in, out}, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(ctx, stream, jsonrpc2.HandlerWithError(s.handle).SuppressErrClosed())
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, t := range s.timers {
		t.Stop()
	}
	if !s.shutdown {
		return ErrNoShutdown
	}
	return nil
}

type readWriteCloser struct {
	io.Reader
	io.Writer
}

func (rw readWriteCloser) Close() error {
	if c, ok := rw.Reader.(io.Closer); ok {
		c.Close()
	}
	return nil
}

// handle runs one message. Messages are handled one at a time, in order;
// linting after a change runs later, on its own timer.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// A bug must not take the editor's server down: the request fails
	// with a message to report, and the session goes on.
	defer func() {
		if v := recover(); v != nil {
			result, err = nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("internal error in %s: %v (please report this bug)", req.Method, v)}
		}
	}()
	s.conn = conn
	if req.Method == protocol.MethodExit {
		go conn.Close() // after this handler returns
		return nil, nil
	}
	if s.shutdown && req.Method != protocol.MethodShutdown {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shut down: only exit is accepted"}
	}
	gctx := &glsp.Context{Method: req.Method}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	result, validMethod, validParams, err := s.handler.Handle(gctx)
	switch {
	case !validMethod:
		if req.Notif || strings.HasPrefix(req.Method, "$/") {
			return nil, nil // notifications the server does not need
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid parameters"
		if err != nil {
			msg += ": " + err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return result, nil
}

// notify sends a notification; the connection may be gone.
func (s *Server) notify(method string, params any) {
	if s.conn == nil || s.closed {
		return
	}
	_ = s.conn.Notify(context.Background(), method, params)
}

// showError tells the user something went wrong that is not a finding.
func (s *Server) showError(format string, args ...any) {
	s.notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: "archie: " + fmt.Sprintf(format, args...)})
}

func (s *Server) initialize(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
	switch {
	case len(p.WorkspaceFolders) > 0:
		s.root, _ = pathOf(p.WorkspaceFolders[0].URI)
	case p.RootURI != nil:
		s.root, _ = pathOf(*p.RootURI)
	case p.RootPath != nil && path.IsAbs(*p.RootPath):
		s.root = path.Clean(*p.RootPath)
	}
	syncKind := protocol.TextDocumentSyncKindIncremental
	t := true
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: &t,
			Change:    &syncKind,
			Save:      protocol.SaveOptions{},
		},
		CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: []string{".", "\"", ":", ","}},
		HoverProvider:              true,
		DefinitionProvider:         true,
		ReferencesProvider:         true,
		RenameProvider:             protocol.RenameOptions{PrepareProvider: &t},
		DocumentSymbolProvider:     true,
		WorkspaceSymbolProvider:    true,
		CodeActionProvider:         protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
		DocumentFormattingProvider: true,
		CodeLensProvider:           &protocol.CodeLensOptions{},
	}
	if s.opt.Executable != "" {
		caps.ExecuteCommandProvider = &protocol.ExecuteCommandOptions{Commands: []string{CommandDiagram}}
	}
	version := s.opt.Version
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "archie", Version: &version},
	}, nil
}

func (s *Server) shutdownRequest(*glsp.Context) error {
	s.shutdown = true
	for dir, t := range s.timers {
		t.Stop()
		delete(s.timers, dir)
	}
	return nil
}
