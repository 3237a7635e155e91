package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/simulate"
	"github.com/spf13/cobra"
)

type lintOptions struct {
	Paths        []string
	Formats      []string
	FailOn       string
	NoColor      bool
	Recursive    bool
	Include      []string // --include-dir NAME: enter a directory --recursive skips
	From         string
	Enable       []string
	Disable      []string
	Only         []string
	Presets      []string // --preset NAME: the rule sets that run
	Workloads    []string // --workload NAME: simulate only these workloads
	NoSimulate   bool     // --no-simulate: skip the simulator's rules
	SimulateMode string   // --simulate-mode: analytic (default) or des

	Config        string // --config FILE
	Baseline      string // --baseline FILE
	WriteBaseline string // --write-baseline FILE
}

// formatSpec is one --format F[=FILE].
type formatSpec struct{ Name, File string }

func parseFormats(specs []string) ([]formatSpec, error) {
	if len(specs) == 0 {
		specs = []string{"text"}
	}
	var out []formatSpec
	stdout := 0
	for _, s := range specs {
		name, file, _ := strings.Cut(s, "=")
		if !slices.Contains(format.FormatNames(), name) {
			return nil, usagef("--format: unknown format %q%s: use one of %s", name, schema.Suggest(name, format.FormatNames()), strings.Join(format.FormatNames(), ", "))
		}
		if file == "" || file == "-" {
			file = ""
			stdout++
		}
		out = append(out, formatSpec{name, file})
	}
	if stdout > 1 {
		return nil, usagef("only one --format can write to standard output; give the others a file: --format json=report.json")
	}
	return out, nil
}

func newLintCmd(io IO) *cobra.Command {
	o := &lintOptions{}
	c := &cobra.Command{
		Use:   "lint [PATH ...]",
		Short: "Check architectures against the rule catalog",
		Long: `Lint one or more architectures. An architecture is a directory of *.arch.hcl
files (merged) or a single file; the default is the current directory.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above
--fail-on; 2 invalid input or command line.`,
		Example: `  # lint the bundled example
  archie lint examples/queue-load-leveling

  # fail the build on warnings too, and write JSON for a tool
  archie lint --fail-on warning --format text --format json=archie.json infra/

  # every architecture below a directory
  archie lint --recursive .

  # in a GitHub pull request: annotations, SARIF for code scanning, a comment
  archie lint --recursive --format github --format sarif=archie.sarif --format markdown=archie.md .

  # adopt archie on an existing repository: record today's findings, then
  # fail only on new ones
  archie lint --recursive --write-baseline archie-baseline.json .
  archie lint --recursive --baseline archie-baseline.json .

  # every workload is simulated (analytic mode): throttling, backlogs that
  # never drain, responses past an api's timeout, streams too costly for
  # their volume; pick one workload, or check with the discrete-event mode
  archie lint --workload rack_completions examples/queue-load-leveling
  archie lint --simulate-mode des examples/queue-load-leveling

  # the static rules only
  archie lint --no-simulate examples/queue-load-leveling

  # add the opt-in hygiene rules (end-of-life runtimes, log retention,
  # access logs, tracing, wildcard permissions) to the default set, here
  # on a SAM template; presets = ["default", "hygiene"] in the config
  # block of .archie.hcl does the same for every run
  archie lint --from sam --preset default --preset hygiene template.yaml`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return lintRun(c, io, o)
		},
	}
	f := c.Flags()
	f.StringArrayVarP(&o.Formats, "format", "f", nil, "output format, repeatable: F or F=FILE with F one of "+strings.Join(format.FormatNames(), ", ")+" (default text)")
	f.StringVar(&o.FailOn, "fail-on", "error", "lowest severity that makes the exit code 1: error, warning or info; when not given, fail_on of "+lint.ConfigName+" applies")
	f.BoolVar(&o.NoColor, "no-color", false, "never colour the text output")
	f.BoolVarP(&o.Recursive, "recursive", "r", false, "lint every directory below PATH that holds *.arch.hcl files, skipping "+skippedDirsHelp)
	f.StringArrayVar(&o.Include, "include-dir", nil, "with --recursive, also enter directories of this name (repeatable), e.g. testdata")
	f.StringVar(&o.From, "from", "", "lint infrastructure code instead of *.arch.hcl: sam, cloudformation, terraform or serverless; findings point at its lines")
	f.StringArrayVar(&o.Enable, "enable", nil, "enable a rule (repeatable)")
	f.StringArrayVar(&o.Disable, "disable", nil, "disable a rule (repeatable)")
	f.StringArrayVar(&o.Only, "only", nil, "run only this rule (repeatable)")
	f.StringArrayVar(&o.Presets, "preset", nil, "run the rules of this preset (repeatable): "+strings.Join(lint.PresetNames(), ", ")+"; replaces presets of "+lint.ConfigName+" (default: the default set)")
	f.StringArrayVar(&o.Workloads, "workload", nil, "simulate only this workload (repeatable); by default every workload the architecture declares is simulated for the simulator's rules (predicted-throttling, backlog-growth, latency-over-timeout, stream-cost); with --from, only the workloads named here, as the importer's are placeholders")
	f.BoolVar(&o.NoSimulate, "no-simulate", false, "skip the simulation: the simulator's rules report nothing")
	f.StringVar(&o.SimulateMode, "simulate-mode", simulate.ModeAnalytic, "mode of the simulation behind the simulator's rules: analytic (closed forms, milliseconds) or des (discrete-event, seed 1, as 'archie simulate')")
	f.StringVar(&o.Config, "config", "", "configuration file for every architecture (default: the nearest "+lint.ConfigName+" from the architecture's directory up to the repository root)")
	f.StringVar(&o.Baseline, "baseline", "", "hide the findings recorded in this baseline file; list those no longer found")
	f.StringVar(&o.WriteBaseline, "write-baseline", "", "record the current findings in this baseline file, and exit 0 unless the input is invalid")
	return c
}

func lintRun(c *cobra.Command, io IO, o *lintOptions) error {
	failOn, err := lint.ParseSeverity(o.FailOn)
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	formats, err := parseFormats(o.Formats)
	if err != nil {
		return err
	}
	if err := anchor(io.Files, o.Paths...); err != nil {
		return err
	}
	opts, err := lintOptionsOf(c, io.Files, o, failOn)
	if err != nil {
		return err
	}
	sim, err := lintSimulation(c, o)
	if err != nil {
		return err
	}
	if sim != nil {
		opts.Settings = sim.Set(opts.Settings)
	}
	var targets []lint.Target
	if o.From != "" {
		targets, err = importTargets(io.Files, o.From, o.Paths, walkOf(o.Recursive, o.Include))
	} else {
		targets, err = lintTargets(io.Files, o.Paths, walkOf(o.Recursive, o.Include))
	}
	if err != nil {
		return err
	}
	doing(c.Context(), "linting %s", strings.Join(o.Paths, " "))
	report, err := lint.LintProject(c.Context(), targets, opts)
	var flagErr *lint.FlagError
	if errors.As(err, &flagErr) {
		return usagef("%v", flagErr)
	}
	if err != nil {
		return err
	}
	if sim != nil && !report.Invalid() {
		if err := simulate.CheckWorkloadNames(sim.Workloads, report.Workloads); err != nil {
			return usagef("--workload: %v", err)
		}
	}
	if o.From != "" && !report.Invalid() {
		// The importer's warnings (references it cannot follow, constructs
		// it leaves out) go to stderr, so machine formats stay clean.
		if err := writeImportDiagnostics(io, report.Errors, report.Files, o.NoColor); err != nil {
			return err
		}
	}
	for _, fs := range formats {
		if err := writeReport(io, fs, report, o.NoColor); err != nil {
			return err
		}
	}
	switch {
	case report.Invalid():
		return &exitError{ExitInvalid}
	case o.WriteBaseline != "":
		return writeBaseline(io, o.WriteBaseline, report)
	case report.Failed():
		return &exitError{ExitFindings}
	}
	return nil
}

// lintLoaded lints an architecture that a command loaded from archPath the
// way 'archie lint' does: with --config (config, when not "") or else its
// nearest .archie.hcl, its suppression comments, and, when simulating,
// the simulator's rules on every workload (analytic mode, seed 1).
// render and docs call it on the model they draw.
func lintLoaded(ctx context.Context, files *fsroot.Roots, arch *schema.Architecture, archPath, config string, simulating bool) (*lint.Report, error) {
	fsys, rel, display, err := target(files, archPath)
	if err != nil {
		return nil, err
	}
	opts := lint.Options{Rules: rules.All()}
	if simulating {
		opts.Settings = lintSimulationSettings()
	}
	if config != "" {
		cfs, crel, cdisplay, err := target(files, config)
		if err != nil {
			return nil, usagef("--config: %v", err)
		}
		opts.Config = &lint.ConfigSource{FS: cfs, Path: crel, Display: cdisplay}
	}
	return lint.LintProject(ctx, []lint.Target{{FS: fsys, Path: rel, Display: display, Arch: arch}}, opts)
}

// lintSimulation is what the simulator's rules simulate, as --workload
// and --simulate-mode ask, or nil with --no-simulate: the rules are then
// listed, so that a configuration or --enable may still name them, but
// find nothing.
func lintSimulation(c *cobra.Command, o *lintOptions) (*simulate.LintSettings, error) {
	if o.SimulateMode != simulate.ModeAnalytic && o.SimulateMode != simulate.ModeDES {
		modes := []string{simulate.ModeAnalytic, simulate.ModeDES}
		return nil, usagef("--simulate-mode: unknown mode %q%s: use analytic or des", o.SimulateMode, schema.Suggest(o.SimulateMode, modes))
	}
	if o.NoSimulate {
		for _, name := range []string{"workload", "simulate-mode"} {
			if c.Flags().Changed(name) {
				return nil, usagef("--no-simulate and --%s do not go together: --no-simulate runs no workload", name)
			}
		}
		return nil, nil
	}
	return &simulate.LintSettings{Workloads: o.Workloads, Options: simulate.Options{Seed: 1, Mode: o.SimulateMode}}, nil
}

// lintOptionsOf gathers what lint.LintProject needs from the flags: the
// catalog, the rule selection, --fail-on when given (it then replaces the
// configuration's fail_on), --config and --baseline.
func lintOptionsOf(c *cobra.Command, files *fsroot.Roots, o *lintOptions, failOn lint.Severity) (lint.Options, error) {
	opts := lint.Options{
		Rules: rules.All(),
		Flags: lint.Flags{Enable: o.Enable, Disable: o.Disable, Only: o.Only, Presets: o.Presets},
	}
	if c.Flags().Changed("fail-on") {
		opts.Flags.FailOn = &failOn
	}
	if o.Config != "" {
		fsys, rel, display, err := target(files, o.Config)
		if err != nil {
			return opts, usagef("--config: %v", err)
		}
		opts.Config = &lint.ConfigSource{FS: fsys, Path: rel, Display: display}
	}
	if o.Baseline != "" {
		src, err := readInput(files, "--baseline", o.Baseline)
		if err != nil {
			return opts, err
		}
		b, err := lint.ReadBaseline(bytes.NewReader(src), filepath.ToSlash(filepath.Clean(o.Baseline)), workDir())
		if err != nil {
			return opts, usagef("--baseline: %v", err)
		}
		opts.Baseline = b
	}
	return opts, nil
}

// writeBaseline records the report's findings in file, with file names
// relative to its directory, and says so on stderr.
func writeBaseline(io IO, file string, report *lint.Report) error {
	name := filepath.ToSlash(filepath.Clean(file))
	b := lint.BaselineOf(report, path.Dir(name), workDir())
	f, err := io.Files.Create(file, 0o644)
	if err != nil {
		return writeError("--write-baseline", err)
	}
	if err := b.Write(f); err != nil {
		f.Abort()
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if err := f.Commit(); err != nil {
		return err
	}
	n := 0
	for _, e := range b.Entries {
		n += e.Count
	}
	fmt.Fprintf(io.Err, "archie: recorded %d findings in %s\n", n, name)
	return nil
}

func writeReport(io IO, fs formatSpec, report *lint.Report, noColor bool) error {
	opt := format.FormatOptions{Version: versionString()}
	opt.WorkDir, opt.RepoRoot = formatDirs()
	if fs.File == "" {
		opt.Color = color(io, noColor)
		if err := format.WriteFormat(fs.Name, io.Out, report, opt); err != nil {
			return fmt.Errorf("writing %s: %w", fs.Name, err)
		}
		return nil
	}
	f, err := io.Files.Create(fs.File, 0o644)
	if err != nil {
		return writeError("--format "+fs.Name, err)
	}
	if err := format.WriteFormat(fs.Name, f, report, opt); err != nil {
		f.Abort()
		return fmt.Errorf("writing %s: %w", fs.Name, err)
	}
	return f.Commit()
}

// workDir is the working directory as a slash path, or "" when unknown.
func workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return filepath.ToSlash(wd)
}

// formatDirs finds the working directory and the repository root around
// it, which formats for code hosts resolve file names against.
func formatDirs() (workDir, repoRoot string) {
	wd, err := os.Getwd()
	if err != nil {
		return "", ""
	}
	workDir = filepath.ToSlash(wd)
	return workDir, format.FindRepoRoot(os.DirFS("/"), workDir)
}

// lintTargets resolves the paths of the command line to architectures.
func lintTargets(files *fsroot.Roots, paths []string, walk schema.Walk) ([]lint.Target, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var out []lint.Target
	for _, p := range paths {
		fsys, rel, display, err := target(files, p)
		if err != nil {
			return nil, err
		}
		if hint := fromHint(fsys, rel, display); hint != "" {
			return nil, usagef("%s", hint)
		}
		dirs, err := schema.Discover(fsys, rel, walk)
		if err != nil {
			return nil, pathError(display, err)
		}
		if len(dirs) == 0 {
			return nil, usagef("%s: no %s files below this directory%s", display, "*"+schema.FileSuffix, skippedHint(walk))
		}
		for _, d := range dirs {
			shown := display
			if d != rel {
				shown = path.Join(display, strings.TrimPrefix(strings.TrimPrefix(d, rel), "/"))
			}
			out = append(out, lint.Target{FS: fsys, Path: d, Display: shown})
		}
	}
	return out, nil
}

// skippedDirsHelp names the directories --recursive skips, for flag help.
var skippedDirsHelp = strings.Join(schema.SkippedDirs, ", ") + " and hidden directories (see --include-dir)"

// walkOf is the directory walk of --recursive and --include-dir.
func walkOf(recursive bool, include []string) schema.Walk {
	return schema.Walk{Recursive: recursive, Include: include}
}

// skippedHint tells, when a recursive walk found nothing, which
// directories it did not enter.
func skippedHint(w schema.Walk) string {
	if !w.Recursive {
		return ""
	}
	return " (skipping " + skippedDirsHelp + ")"
}

// fromHint names the --from that reads p, when p is infrastructure code
// rather than an architecture: a Terraform file, a SAM or CloudFormation
// template, a serverless.yml, or a directory of them without *.arch.hcl
// files. Linted as an architecture they only draw "Unsupported block
// type".
func fromHint(fsys fs.FS, p, display string) string {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return ""
	}
	format, file := "", p
	if info.IsDir() {
		entries, _ := fs.ReadDir(fsys, p)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), schema.FileSuffix) {
				return ""
			}
		}
		for _, e := range entries {
			if f := sourceFormat(fsys, path.Join(p, e.Name())); f != "" && !e.IsDir() {
				format, file = f, path.Join(p, e.Name())
				break
			}
		}
	} else {
		format = sourceFormat(fsys, p)
	}
	if format == "" {
		return ""
	}
	what := map[string]string{"terraform": "Terraform", "sam": "an AWS SAM template", "cloudformation": "a CloudFormation template", "serverless": "a Serverless Framework configuration"}[format]
	subject := display + " is " + what
	if file != p {
		subject = fmt.Sprintf("%s holds no *%s files but %s (%s)", display, schema.FileSuffix, what, path.Base(file))
	}
	return fmt.Sprintf("%s, not an architecture: lint it with --from %s (archie lint --from %s %s), or write an architecture from it once with archie import %s %s -o DIR",
		subject, format, format, display, format, display)
}

// sourceFormat is the import format a file's name (and, for templates,
// its Transform) says it is in, or "".
func sourceFormat(fsys fs.FS, file string) string {
	name := strings.ToLower(path.Base(file))
	ext := path.Ext(name)
	switch {
	case ext == ".tf":
		return "terraform"
	case strings.TrimSuffix(name, ext) == "serverless" && (ext == ".yml" || ext == ".yaml"):
		return "serverless"
	case strings.HasSuffix(name, schema.FileSuffix) || (ext != ".yml" && ext != ".yaml" && ext != ".json" && ext != ".template"):
		return ""
	}
	src, err := fs.ReadFile(fsys, file)
	if err != nil || !bytes.Contains(src, []byte("AWSTemplateFormatVersion")) && !bytes.Contains(src, []byte("AWS::")) {
		return ""
	}
	if bytes.Contains(src, []byte("AWS::Serverless")) {
		return "sam"
	}
	return "cloudformation"
}
