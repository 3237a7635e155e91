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
	"github.com/archiehq/archie/schema/fsroot"
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
	// Files is where files are read from and written to: the root of
	// each path and the size limit, set by --root and --max-file-size.
	Files *fsroot.Roots
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
	return execute(ctx, args, io)
}

// execute is Execute with extra commands, for tests.
func execute(ctx context.Context, args []string, io IO, extra ...*cobra.Command) int {
	if io.Env == nil {
		io.Env = func(string) string { return "" }
	}
	ctx = withCompileCache(ctx, io)
	limit := &runLimit{expired: make(chan struct{})}
	root := newRootCmd(io)
	root.AddCommand(extra...)
	root.PersistentFlags().DurationVar(&limit.timeout, "timeout", DefaultTimeout, "stop with exit code 2 after this long (0 for no limit)")
	root.PersistentPreRunE = func(c *cobra.Command, _ []string) error { return limit.start(c) }
	root.SetArgs(args)
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	// The command runs in its own goroutine so that one that does not stop
	// when its context is cancelled (a computation that never checks it)
	// still cannot hold archie past --timeout: the caller exits and the
	// goroutine with it.
	type result struct {
		cmd *cobra.Command
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := root.ExecuteContextC(ctx)
		done <- result{c, err}
	}()
	var cmd *cobra.Command
	var err error
	select {
	case r := <-done:
		cmd, err = r.cmd, r.err
	case <-limit.expired:
		fmt.Fprintf(io.Err, "archie: %s\n", limit.message())
		return ExitInvalid
	}
	if limit.stop != nil {
		limit.stop()
	}
	if err != nil && limit.timedOut() {
		fmt.Fprintf(io.Err, "archie: %s\n", limit.message())
		return ExitInvalid
	}
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
	if io.Files == nil {
		io.Files = &fsroot.Roots{}
	}
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
	pf := root.PersistentFlags()
	pf.StringVar(&io.Files.Root, "root", "", "read only inside this directory (default: the repository around each path, or the path's own directory outside a repository)")
	pf.Var(sizeFlag{&io.Files.MaxFileSize}, "max-file-size", "refuse to read a file larger than this, e.g. 16MB (default "+fsroot.FormatSize(fsroot.DefaultMaxFileSize)+")")
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
		newLSPCmd(io),
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

// sizeFlag is a byte count written with a unit: 512KB, 16MB.
type sizeFlag struct{ n *int64 }

func (f sizeFlag) String() string {
	if f.n == nil || *f.n == 0 {
		return ""
	}
	return fsroot.FormatSize(*f.n)
}

func (f sizeFlag) Set(s string) error {
	n, err := schema.ParseSize(s)
	if err != nil {
		return fmt.Errorf("%v: write a size with a unit, such as 512KB or 16MB", err)
	}
	if n < 1 {
		return fmt.Errorf("%q: the limit must be at least 1B", s)
	}
	*f.n = n
	return nil
}

func (f sizeFlag) Type() string { return "size" }
