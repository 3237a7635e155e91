package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os/exec"
	"path"
	"strings"
	"time"

	"github.com/archiehq/archie/simulate"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// codeLens puts the analytic simulation's figures on each workload and on
// its entry component: p99 of the entry, the share of arrivals throttled,
// and the monthly cost. An invalid architecture gets none.
func (s *Server) codeLens(_ *glsp.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	st, abs, ok := s.docState(p.TextDocument.URI)
	out := []protocol.CodeLens{}
	if !ok || st.arch == nil || st.report.Invalid() || len(st.arch.Workloads) == 0 {
		return out, nil
	}
	if st.sim == nil {
		rep, err := simulate.Simulate(s.context(), st.arch, simulate.Options{Mode: simulate.ModeAnalytic, Seed: 1})
		if err != nil {
			return out, nil
		}
		st.sim = rep
	}
	l := s.linesOf(st, abs)
	for _, w := range st.sim.Workloads {
		title := lensTitle(w)
		cmd := protocol.Command{Title: title}
		if s.opt.Executable != "" {
			cmd.Command = CommandDiagram
			cmd.Arguments = []any{uriOf(st.dir), w.Name}
		}
		for _, decl := range st.arch.Workloads {
			if decl.Name != w.Name {
				continue
			}
			if s.absOf(decl.DeclRange.Filename) == abs {
				c := cmd
				out = append(out, protocol.CodeLens{Range: l.rng(decl.DeclRange), Command: &c})
			}
			if e := decl.Entry; e != nil && s.absOf(e.DeclRange.Filename) == abs {
				c := cmd
				c.Title = "workload " + w.Name + ": " + title
				out = append(out, protocol.CodeLens{Range: l.rng(e.DeclRange), Command: &c})
			}
		}
	}
	return out, nil
}

// lensTitle is the figures of one workload.
func lensTitle(w simulate.WorkloadResult) string {
	var parts []string
	if len(w.Entries) > 0 {
		e := w.Entries[0]
		parts = append(parts, fmt.Sprintf("p99 %s", formatMs(e.Latency.P99)))
		throttled := 0.0
		if w.Arrivals > 0 {
			throttled = e.Throttled / w.Arrivals
		}
		parts = append(parts, fmt.Sprintf("throttled %.1f%%", 100*throttled))
	}
	parts = append(parts, fmt.Sprintf("$%.2f/month", w.Cost.MonthlyUSD))
	return strings.Join(parts, " · ") + " (analytic)"
}

func formatMs(ms float64) string {
	if ms >= 1000 {
		return fmt.Sprintf("%.2f s", ms/1000)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

func (s *Server) context() context.Context {
	if s.ctx != nil {
		return s.ctx
	}
	return context.Background()
}

// executeCommand runs the diagram command: `archie render` of the saved
// files, with the findings and the workload's critical path drawn, as
// SVG text. The server does not draw itself, so that it starts without
// the renderer.
func (s *Server) executeCommand(_ *glsp.Context, p *protocol.ExecuteCommandParams) (any, error) {
	if p.Command != CommandDiagram || s.opt.Executable == "" {
		return nil, fmt.Errorf("unknown command %q: the server runs %s", p.Command, CommandDiagram)
	}
	if len(p.Arguments) < 1 {
		return nil, fmt.Errorf("%s takes the architecture's directory URI and optionally a workload name", CommandDiagram)
	}
	uri, _ := p.Arguments[0].(string)
	dir, ok := pathOf(uri)
	if !ok {
		return nil, fmt.Errorf("%s: %q is not a file: URI", CommandDiagram, uri)
	}
	if info, err := fs.Stat(s.fs, fsName(dir)); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%s: %s is not a directory", CommandDiagram, dir)
	}
	args := []string{"render", "--format", "svg", "--findings"}
	if len(p.Arguments) > 1 {
		if w, _ := p.Arguments[1].(string); w != "" {
			args = append(args, "--critical-path="+w)
		}
	}
	args = append(args, "--", dir)
	ctx, cancel := context.WithTimeout(s.context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.opt.Executable, args...)
	cmd.Dir = path.Dir(dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("archie render: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
