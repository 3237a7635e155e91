package lsp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
)

// serverEnv makes this test binary run as `archie lsp` on its stdio, so
// that an editor can start it without a build of archie.
const serverEnv = "ARCHIE_TEST_LSP_SERVER"

// fakeRenderEnv makes this test binary print its arguments as an SVG, in
// place of archie render.
const fakeRenderEnv = "ARCHIE_TEST_FAKE_RENDER"

func TestMain(m *testing.M) {
	if os.Getenv(fakeRenderEnv) == "1" {
		// archie render, for TestDiagramCommand: the arguments as SVG
		fmt.Printf("<svg>%s</svg>", strings.Join(os.Args[1:], " "))
		os.Exit(0)
	}
	if os.Getenv(serverEnv) == "1" {
		s := New(Options{FS: os.DirFS("/"), Rules: rules.All()})
		if err := s.Serve(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// nvimScript starts the server for the current buffer the way a Neovim
// user does (vim.lsp.start from 0.8 on; start_client and
// buf_attach_client on Debian 12's 0.7), waits for diagnostics and writes
// them to OUT, one per line: line:column code message.
const nvimScript = `
local exe, dir, out = os.getenv('ARCHIE_EXE'), os.getenv('ARCHIE_DIR'), os.getenv('ARCHIE_OUT')
local config = { name = 'archie', cmd = { exe }, root_dir = dir }
if vim.lsp.start then
  vim.lsp.start(config)
else
  vim.lsp.buf_attach_client(0, vim.lsp.start_client(config))
end
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, code, d.message))
end
vim.fn.writefile(lines, out)
vim.cmd('qall!')
`

// Neovim, headless, opens a broken example with the server configured;
// the diagnostics it received are archie lint's findings.
func TestNeovimReceivesDiagnostics(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim is not installed: .ci/run installs Debian's neovim")
		}
		t.Skip("nvim is not installed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "examples", "broken", "missing-dlq"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	script := filepath.Join(tmp, "archie.lua")
	out := filepath.Join(tmp, "diagnostics.txt")
	if err := os.WriteFile(script, []byte(nvimScript), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", filepath.Join(dir, "main.arch.hcl"), "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), serverEnv+"=1", "ARCHIE_EXE="+exe, "ARCHIE_DIR="+dir, "ARCHIE_OUT="+out, "HOME="+tmp, "XDG_STATE_HOME="+tmp, "XDG_DATA_HOME="+tmp)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	report, err := lint.LintProject(ctx, []lint.Target{{FS: os.DirFS(dir), Path: ".", Display: "."}}, lint.Options{Rules: rules.All()})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range report.Findings {
		want = append(want, fmt.Sprintf("%d:%d %s %s", f.Range.Start.Line, f.Range.Start.Column, f.Rule, f.Message))
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	slices.Sort(lines)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(lines, want) {
		t.Errorf("Neovim received:\n%s\nwant archie lint's findings:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
