// Package cmd holds archie's commands: each parses its flags into an
// options struct and calls one function of a package that does the work.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/archiehq/archie/schema"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// Exit codes shared by every command.
const (
	ExitOK       = 0 // success
	ExitFindings = 1 // findings at or above --fail-on, or a difference found by --check
	ExitInvalid  = 2 // invalid input or command line
)

// IO is what a command reads and writes.
type IO struct {
	In          io.Reader
	Out, Err    io.Writer
	OutTerminal bool // Out is a terminal: colour and progress are welcome
	ErrTerminal bool
	Env         func(string) string
}

// StdIO is the process's standard streams.
func StdIO() IO {
	return IO{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		OutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		Env:         os.Getenv,
	}
}

// exitError ends a command with a code after it has printed what it had to
// say.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// usageError is a wrong command line: exit 2 with the message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Execute runs archie with args and returns the exit code.
func Execute(ctx context.Context, args []string, io IO) int {
	if io.Env == nil {
		io.Env = func(string) string { return "" }
	}
	root := newRootCmd(io)
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(io.Err, "archie: %s\n", strings.TrimSpace(err.Error()))
	var ue *usageError
	if errors.As(err, &ue) || isFlagError(err) {
		path := "archie"
		if cmd != nil {
			path = cmd.CommandPath()
		}
		fmt.Fprintf(io.Err, "Run '%s --help' for usage.\n", path)
	}
	return ExitInvalid
}

func isFlagError(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "unknown command", "accepts ", "requires at least", "required flag"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func newRootCmd(io IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "archie",
		Short: "Architecture as code for serverless systems",
		Long: `archie reads a serverless architecture described in HCL (*.arch.hcl files),
lints it against a catalog of known failure modes, simulates latency,
throughput and cost under a workload, and draws diagrams and docs from
the same files.`,
		Example: `  archie lint examples/queue-load-leveling
  archie lint --format json --fail-on warning infra/
  archie fmt --check .`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
	}
	root.SetVersionTemplate("archie {{.Version}}\n")
	root.SetFlagErrorFunc(suggestFlag)
	root.CompletionOptions.HiddenDefaultCmd = true
	root.AddCommand(
		newLintCmd(io),
		newRulesCmd(io),
		newExplainCmd(io),
		newFmtCmd(io),
		newInitCmd(io),
		newVersionCmd(io),
		newImportCmd(io),
		newInspectCmd(io),
		newRenderCmd(io),
		newSimulateCmd(io),
		newDocsCmd(io),
		newDiffCmd(io),
	)
	return root
}

// suggestFlag adds the closest flag of the command to an unknown flag's
// error: "unknown flag: --formt (did you mean --format?)".
func suggestFlag(c *cobra.Command, err error) error {
	msg := err.Error()
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		return err
	}
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if s := schema.Suggest(name, names); s != "" {
		return fmt.Errorf("%s (did you mean --%s?)", msg, strings.TrimSuffix(strings.TrimPrefix(s, ` (did you mean "`), `"?)`))
	}
	return err
}

// color decides whether to colour output written to a terminal.
func color(io IO, noColor bool) bool {
	return io.OutTerminal && !noColor && io.Env("NO_COLOR") == "" && io.Env("TERM") != "dumb"
}
