package cmd

import (
	"errors"
	"os"
	"time"

	"github.com/archiehq/archie/cmd/internal/lsp"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/spf13/cobra"
)

type lspOptions struct {
	Stdio    bool
	Debounce time.Duration
}

func newLSPCmd(io IO) *cobra.Command {
	o := &lspOptions{}
	c := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server for editors (LSP over stdio)",
		Long: `Run archie's language server: the Language Server Protocol over standard
input and output, for an editor to start. It reports archie lint's
findings and load errors as you type (unsaved buffers win over the files
on disk, and .archie.hcl applies as it does for lint), completes block
kinds, attributes, values, references and rule IDs, goes to definitions
and references across files, renames components, explains findings and
components on hover, offers quick fixes, formats as archie fmt does, and
shows each workload's p99, throttled share and monthly cost from the
analytic simulation.

Each directory of *.arch.hcl files in the workspace is one architecture.
docs/editors.md sets it up in VS Code, Neovim and Helix.

Exit codes: 0 after the client's shutdown and exit; 1 when the client
exits without shutdown or closes the stream.`,
		Example: `  # what an editor runs; a client speaks LSP on stdin and stdout
  archie lsp

  # Neovim 0.8 or later, in init.lua (docs/editors.md has the whole setup)
  vim.lsp.start({ name = "archie", cmd = { "archie", "lsp" } })

  # lint more slowly after each keystroke, on a slow machine
  archie lsp --debounce 200ms`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return lspRun(c, io, o)
		},
	}
	c.Flags().BoolVar(&o.Stdio, "stdio", true, "speak LSP on standard input and output (the only transport; accepted for clients that pass it)")
	c.Flags().DurationVar(&o.Debounce, "debounce", lsp.DefaultDebounce, "pause after a change before linting again")
	return c
}

func lspRun(c *cobra.Command, io IO, o *lspOptions) error {
	if o.Debounce <= 0 {
		return usagef("--debounce: %s is not a positive duration", o.Debounce)
	}
	// The editor's workspace may be anywhere on the machine, so the server
	// reads from "/", but through the same guard as every command: regular
	// files only, within the size limit, no absolute symbolic links.
	disk, err := fsroot.Open("/", io.Files.MaxFileSize)
	if err != nil {
		return err
	}
	exe, _ := os.Executable()
	s := lsp.New(lsp.Options{
		FS:         disk,
		Rules:      rules.All(),
		Settings:   lintSimulationSettings(),
		Debounce:   o.Debounce,
		Executable: exe,
		Version:    versionString(),
	})
	err = s.Serve(c.Context(), io.In, io.Out)
	if errors.Is(err, lsp.ErrNoShutdown) {
		return &exitError{ExitFindings}
	}
	return err
}
