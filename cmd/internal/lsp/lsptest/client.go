// Package lsptest is a scripted LSP client for tests and benchmarks: it
// speaks JSON-RPC over a pair of pipes to a server and records the
// diagnostics the server publishes.
package lsptest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Client is the client end of a connection.
type Client struct {
	conn *jsonrpc2.Conn

	mu      sync.Mutex
	cond    *sync.Cond
	diags   map[string]protocol.PublishDiagnosticsParams
	count   map[string]int // publications per URI
	Message []protocol.ShowMessageParams
}

// Serve is how a test runs the server: on in and out until it returns.
type Serve func(ctx context.Context, in io.Reader, out io.Writer) error

// Start runs serve in a goroutine and connects a client to it. wait
// returns serve's result once the connection ends.
func Start(ctx context.Context, serve Serve) (c *Client, wait func() error) {
	toServer, fromClient := io.Pipe()
	toClient, fromServer := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := serve(ctx, toServer, fromServer)
		fromServer.Close()
		toServer.Close()
		done <- err
	}()
	c = &Client{diags: map[string]protocol.PublishDiagnosticsParams{}, count: map[string]int{}}
	c.cond = sync.NewCond(&c.mu)
	stream := jsonrpc2.NewBufferedStream(pipes{toClient, fromClient}, jsonrpc2.VSCodeObjectCodec{})
	c.conn = jsonrpc2.NewConn(ctx, stream, jsonrpc2.HandlerWithError(c.handle))
	return c, func() error {
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return fmt.Errorf("the server did not stop within 10 s")
		}
	}
}

type pipes struct {
	*io.PipeReader
	*io.PipeWriter
}

func (p pipes) Close() error {
	p.PipeReader.Close()
	return p.PipeWriter.Close()
}

func (c *Client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	if req.Params == nil {
		return nil, nil
	}
	switch req.Method {
	case protocol.ServerTextDocumentPublishDiagnostics:
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			return nil, err
		}
		// glsp's IntegerOrString decodes into a copy and loses the code.
		var codes struct {
			Diagnostics []struct {
				Code any `json:"code"`
			} `json:"diagnostics"`
		}
		if err := json.Unmarshal(*req.Params, &codes); err != nil {
			return nil, err
		}
		for i, d := range codes.Diagnostics {
			if d.Code != nil {
				p.Diagnostics[i].Code = &protocol.IntegerOrString{Value: d.Code}
			}
		}
		c.mu.Lock()
		c.diags[p.URI] = p
		c.count[p.URI]++
		c.cond.Broadcast()
		c.mu.Unlock()
	case protocol.ServerWindowShowMessage:
		var p protocol.ShowMessageParams
		if err := json.Unmarshal(*req.Params, &p); err == nil {
			c.mu.Lock()
			c.Message = append(c.Message, p)
			c.mu.Unlock()
		}
	}
	return nil, nil
}

// Call sends a request and decodes its result into result.
func (c *Client) Call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

// Notify sends a notification.
func (c *Client) Notify(method string, params any) error {
	return c.conn.Notify(context.Background(), method, params)
}

// Close ends the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Diagnostics are the last diagnostics published for uri, and whether any
// were.
func (c *Client) Diagnostics(uri string) ([]protocol.Diagnostic, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.diags[uri]
	return p.Diagnostics, ok
}

// Published counts the publications for uri so far.
func (c *Client) Published(uri string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count[uri]
}

// WaitVersion waits until diagnostics for version of uri are published.
func (c *Client) WaitVersion(uri string, version int32, timeout time.Duration) ([]protocol.Diagnostic, error) {
	return c.wait(uri, timeout, func(p protocol.PublishDiagnosticsParams, _ int) bool {
		return p.Version != nil && int32(*p.Version) >= version
	})
}

// WaitPublished waits until uri has had more than n publications.
func (c *Client) WaitPublished(uri string, n int, timeout time.Duration) ([]protocol.Diagnostic, error) {
	return c.wait(uri, timeout, func(_ protocol.PublishDiagnosticsParams, count int) bool { return count > n })
}

func (c *Client) wait(uri string, timeout time.Duration, ok func(protocol.PublishDiagnosticsParams, int) bool) ([]protocol.Diagnostic, error) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if p, seen := c.diags[uri]; seen && ok(p, c.count[uri]) {
			return p.Diagnostics, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no diagnostics for %s within %s", uri, timeout)
		}
		c.cond.Wait()
	}
}

// Initialize sends initialize and initialized for a workspace root URI
// ("" for none).
func (c *Client) Initialize(rootURI string) (protocol.InitializeResult, error) {
	var res protocol.InitializeResult
	p := protocol.InitializeParams{Capabilities: protocol.ClientCapabilities{}}
	if rootURI != "" {
		p.RootURI = &rootURI
	}
	if err := c.Call(protocol.MethodInitialize, p, &res); err != nil {
		return res, err
	}
	return res, c.Notify(protocol.MethodInitialized, protocol.InitializedParams{})
}

// Open sends didOpen.
func (c *Client) Open(uri, text string) error {
	return c.Notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{
		TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "archie", Version: 1, Text: text},
	})
}

// Replace sends didChange with the whole new text.
func (c *Client) Replace(uri string, version int32, text string) error {
	return c.Notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: text}},
	})
}

// Edit sends didChange with one incremental edit.
func (c *Client) Edit(uri string, version int32, r protocol.Range, text string) error {
	return c.Notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
		ContentChanges: []any{protocol.TextDocumentContentChangeEvent{Range: &r, Text: text}},
	})
}

// Shutdown sends shutdown, then exit.
func (c *Client) Shutdown() error {
	if err := c.Call(protocol.MethodShutdown, nil, nil); err != nil {
		return err
	}
	return c.Notify(protocol.MethodExit, nil)
}

// Apply applies text edits to text, as an editor would.
func Apply(text string, edits []protocol.TextEdit) string {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offsetOf(text, e.Range.Start), offsetOf(text, e.Range.End), e.NewText})
	}
	// from the end, so earlier offsets stay valid
	for i := 0; i < len(spans); i++ {
		for j := i + 1; j < len(spans); j++ {
			if spans[j].start > spans[i].start {
				spans[i], spans[j] = spans[j], spans[i]
			}
		}
	}
	for _, s := range spans {
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text
}

// offsetOf converts a position to a byte offset in text, counting UTF-16
// code units on the line.
func offsetOf(text string, p protocol.Position) int {
	line, i := 0, 0
	for line < int(p.Line) && i < len(text) {
		if text[i] == '\n' {
			line++
		}
		i++
	}
	for n := 0; n < int(p.Character) && i < len(text) && text[i] != '\n'; {
		r, w := utf8.DecodeRuneInString(text[i:])
		n += utf16.RuneLen(r)
		i += w
	}
	return i
}
