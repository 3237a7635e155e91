package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/render/site"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/simulate"
	"github.com/spf13/cobra"
)

type docsOptions struct {
	Path       string
	Output     string
	Format     string
	Inject     []string
	Check      bool
	Stamp      bool
	NoSimulate bool
	Seed       uint64
	Reps       int
	FreeTier   bool
	Pricing    string
	Config     string
	From       string
	NoColor    bool
}

func newDocsCmd(io IO) *cobra.Command {
	o := &docsOptions{}
	c := &cobra.Command{
		Use:   "docs [PATH] -o DIR",
		Short: "Generate architecture documentation: pages, diagrams, findings and cost",
		Long: `Write the documentation of an architecture (a directory of *.arch.hcl files,
or one file; default .) from the same files lint, render and simulate read:

  index.md              name, description, context diagram, services, patterns,
                        findings summary and each workload's monthly cost
  services/NAME.md      diagram, components by kind with their key settings,
                        triggers, dependencies both ways, findings
  patterns/NAME.md      what the pattern is for, its roles, diagram, checks
  workloads/NAME.md     simulated latency, concurrency, backlog and cost
  findings.md           every finding with its rule and source line
  diagrams/*.svg        the pictures the pages embed

--format html writes the same pages as ONE self-contained HTML file
(inline SVG and CSS, no script, nothing loaded from the network) with a
navigation sidebar; it reads on a phone and prints cleanly. -o names the
file, or a directory to write index.html into.

--inject FILE fills marked sections of a hand-written Markdown file and
leaves everything else byte for byte as it was:

  <!-- archie:begin services -->
  <!-- archie:end services -->

Sections: diagram (a Mermaid block GitHub draws; diagram:context,
diagram:service:NAME or diagram:pattern:NAME pick a view), services,
findings, cost.

--check writes nothing: it lists the files that would change and exits 1
if any would, for CI. Output is the same bytes for the same input; --stamp
adds the date and archie's version to every page.

The workload pages show one discrete-event run (seed 1, as 'archie
simulate'); --replications N runs N with seeds derived from --seed and
shows each figure as its mean with the half-width of its 95% confidence
interval, "p99 690 ms (±35 ms)", as 'archie simulate --replications'.

Findings are those 'archie lint' reports (the nearest .archie.hcl and
archie-ignore comments apply); docs does not fail on them.

Exit codes: 0 written (or up to date with --check); 1 --check found
files that would change; 2 invalid input, markers or command line.`,
		Example: `  # Markdown pages and SVG diagrams into docs/architecture
  archie docs examples/pub-sub -o docs/architecture

  # one HTML file to attach or publish
  archie docs examples/pub-sub --format html -o architecture.html

  # keep the README's diagram, services, findings and cost current
  archie docs . --inject README.md

  # workload pages with means and 95% confidence intervals over 10 runs
  archie docs examples/pub-sub -o docs/architecture --replications 10

  # in CI: fail when the committed docs are out of date
  archie docs . -o docs/architecture --inject README.md --check`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Path = "."
			if len(args) == 1 {
				o.Path = args[0]
			}
			return docsRun(c.Context(), io, o)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.Output, "output", "o", "", "output directory (markdown), or file (html)")
	f.StringVarP(&o.Format, "format", "f", "markdown", "output format: markdown or html")
	f.StringArrayVar(&o.Inject, "inject", nil, "fill the archie:begin/end sections of this Markdown file (repeatable)")
	f.BoolVar(&o.Check, "check", false, "write nothing; exit 1 and list the files that would change")
	f.BoolVar(&o.Stamp, "stamp", false, "close every page with the generation date and archie's version")
	f.BoolVar(&o.NoSimulate, "no-simulate", false, "skip the simulation: no workload results or cost")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed of the simulation (the default matches 'archie simulate')")
	f.IntVar(&o.Reps, "replications", 1, fmt.Sprintf("simulate each workload this many times (1 to %d) with seeds derived from --seed; the workload pages show means with 95%% confidence intervals", simulate.MaxReplications))
	f.BoolVar(&o.FreeTier, "free-tier", false, "apply the monthly free tiers to the cost")
	f.StringVar(&o.Pricing, "pricing", "", "price table overriding the bundled one, as 'archie simulate --pricing' reads it")
	f.StringVar(&o.Config, "config", "", "lint configuration file (default: the nearest "+lint.ConfigName+")")
	f.StringVar(&o.From, "from", "", "read infrastructure code instead of *.arch.hcl: "+joinFormats())
	f.BoolVar(&o.NoColor, "no-color", false, "never colour messages")
	return c
}

func docsRun(ctx context.Context, io IO, o *docsOptions) error {
	if o.Format != "markdown" && o.Format != "html" {
		return usagef("--format: unknown format %q%s: use markdown or html", o.Format, schema.Suggest(o.Format, []string{"markdown", "html"}))
	}
	if o.Output == "" && len(o.Inject) == 0 {
		return usagef("say where to write: -o DIR (or -o FILE with --format html), --inject FILE, or both")
	}
	if err := anchor(io.Files, o.Path); err != nil {
		return err
	}
	if o.Reps < 1 || o.Reps > simulate.MaxReplications {
		return usagef("--replications: %d is out of range: use 1 to %d", o.Reps, simulate.MaxReplications)
	}
	if o.Reps > 1 && o.NoSimulate {
		return usagef("--replications: --no-simulate runs no simulation to replicate: drop one of them")
	}
	simOpt := simulate.Options{Seed: o.Seed, FreeTier: o.FreeTier, Replications: o.Reps}
	if o.Pricing != "" {
		src, err := readInput(io.Files, "--pricing", o.Pricing)
		if err != nil {
			return err
		}
		prices, diags := simulate.LoadPrices(src, o.Pricing)
		if diags.HasErrors() {
			return writeDocsInvalid(io, &lint.Report{Errors: diags}, o.NoColor)
		}
		simOpt.Prices = prices
	}
	arch, err := loadValid(ctx, io, o.From, o.Path, o.NoColor)
	if err != nil {
		return err
	}
	progress := newDocsProgress(io)
	defer progress.done()

	progress.step("linting")
	report, err := docsLint(ctx, io.Files, arch, o)
	if err != nil {
		return err
	}
	if report.Invalid() {
		progress.done()
		return writeDocsInvalid(io, report, o.NoColor)
	}
	var sim *site.Simulation
	if !o.NoSimulate && len(arch.Workloads) > 0 {
		progress.step("simulating")
		doing(ctx, "simulating the workloads of %s for the docs", o.Path)
		sim, err = docsSimulate(ctx, arch, simOpt, progress)
		if err != nil {
			progress.done()
			fmt.Fprintf(io.Err, "archie: the workloads could not be simulated, so the docs show no results or cost: %v\n", err)
		}
	}
	in := site.Input{Arch: arch, Lint: report, Rules: rules.All(), Simulation: sim}
	opt := site.Options{Diagrams: site.Renderer{}, Progress: progress.report, Name: docsName(o.Path)}
	if o.Stamp {
		opt.Stamp = fmt.Sprintf("Generated by archie %s on %s.", versionString(), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	}

	doing(ctx, "writing the docs of %s", o.Path)
	var changes []fileChange
	if o.Output != "" {
		cs, err := docsOutput(ctx, io.Files, in, opt, o)
		if err != nil {
			return err
		}
		changes = append(changes, cs...)
	}
	for _, file := range o.Inject {
		c, err := docsInject(ctx, io.Files, in, opt, file)
		if err != nil {
			progress.done()
			var me site.MarkerErrors
			if errors.As(err, &me) {
				for _, e := range me {
					fmt.Fprintf(io.Err, "archie: %s\n", e)
				}
				return &exitError{ExitInvalid}
			}
			return err
		}
		if c != nil {
			changes = append(changes, *c)
		}
	}
	progress.done()

	if o.Check {
		for _, c := range changes {
			fmt.Fprintf(io.Out, "%s: would %s\n", c.Display, c.Op)
		}
		if len(changes) > 0 {
			fmt.Fprintf(io.Err, "archie: %s out of date; run the same command without --check\n", docsPlural(len(changes), "file is", "files are"))
			return &exitError{ExitFindings}
		}
		return nil
	}
	// A link in the way of any file refuses the whole run before a file
	// is written, so the docs are not left half updated.
	for _, c := range changes {
		abs, err := filepath.Abs(c.Path)
		if err == nil {
			err = io.Files.CheckPath(abs)
		}
		if err != nil {
			return writeError("", err)
		}
	}
	for _, c := range changes {
		if err := c.apply(io.Files); err != nil {
			return err
		}
	}
	if len(changes) > 0 {
		fmt.Fprintf(io.Err, "archie: %s written\n", docsPlural(len(changes), "file", "files"))
	}
	return nil
}

// docsName names an architecture without an architecture block after its
// directory, or its file without the suffix.
func docsName(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(abs), schema.FileSuffix)
}

func writeDocsInvalid(io IO, report *lint.Report, noColor bool) error {
	if err := format.WriteText(io.Err, report, format.TextOptions{Color: io.ErrTerminal && !noColor}); err != nil {
		return err
	}
	return &exitError{ExitInvalid}
}

// docsLint lints the loaded architecture the way 'archie lint' would.
func docsLint(ctx context.Context, files *fsroot.Roots, arch *schema.Architecture, o *docsOptions) (*lint.Report, error) {
	return lintLoaded(ctx, files, arch, o.Path, o.Config, !o.NoSimulate)
}

// docsSimulate runs every workload; with the default seed the docs show
// the same numbers as 'archie simulate'.
func docsSimulate(ctx context.Context, arch *schema.Architecture, opt simulate.Options, p *docsProgress) (*site.Simulation, error) {
	opt.Progress = func(workload string, done float64) {
		p.step(fmt.Sprintf("simulating %s %3.0f%%", workload, done*100))
	}
	return site.Simulate(ctx, arch, opt)
}

// fileChange is a file to create, update or remove.
type fileChange struct {
	Path    string // on disk
	Display string // as the user named it
	Op      site.Op
	Data    []byte
}

// apply makes the change on disk, never through a symbolic link.
func (c fileChange) apply(files *fsroot.Roots) error {
	if c.Op == site.OpRemove {
		return writeError("", files.Remove(c.Path))
	}
	if err := files.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
		return writeError("", err)
	}
	return writeFile(files, "", c.Path, c.Data)
}

// docsOutput builds the site and plans the files of -o.
func docsOutput(ctx context.Context, roots *fsroot.Roots, in site.Input, opt site.Options, o *docsOptions) ([]fileChange, error) {
	dir, htmlFile := o.Output, ""
	if o.Format == "html" {
		if info, err := os.Stat(o.Output); err == nil && info.IsDir() || strings.HasSuffix(o.Output, "/") {
			htmlFile = "index.html"
		} else {
			dir, htmlFile = filepath.Dir(o.Output), filepath.Base(o.Output)
		}
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, usagef("-o: %s is a file; give a directory for the Markdown pages", o.Output)
	}
	sourcePath, err := sourcePathFrom(dir)
	if err != nil {
		return nil, err
	}
	opt.SourcePath = sourcePath
	s, err := site.Build(ctx, in, opt)
	if err != nil {
		return nil, err
	}
	var files []site.File
	if htmlFile != "" {
		data, err := s.HTML()
		if err != nil {
			return nil, err
		}
		files = []site.File{{Path: htmlFile, Data: data}}
	} else {
		files = s.Markdown()
	}
	// The output directory is read through the boundary too: what was
	// written before is compared, and the manifest read, inside the root.
	fsys, name, err := roots.ForOwn(dir)
	if err != nil {
		return nil, usagef("-o: %v", err)
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := roots.CheckPath(absDir); err != nil {
		return nil, writeError("-o", err)
	}
	outFS, err := fs.Sub(fsys, name)
	if err != nil {
		return nil, err
	}
	plan, err := site.Plan(outFS, files, htmlFile == "")
	if err != nil {
		return nil, usagef("-o: %v", err)
	}
	var out []fileChange
	for _, c := range plan {
		p := filepath.Join(dir, filepath.FromSlash(c.Path))
		out = append(out, fileChange{Path: p, Display: filepath.ToSlash(p), Op: c.Op, Data: c.Data})
	}
	return out, nil
}

// docsInject fills the sections of one file; nil when it is up to date.
func docsInject(ctx context.Context, files *fsroot.Roots, in site.Input, opt site.Options, file string) (*fileChange, error) {
	src, err := readInput(files, "--inject", file)
	if err != nil {
		return nil, err
	}
	sourcePath, err := sourcePathFrom(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	opt.SourcePath = sourcePath
	opt.Progress = nil
	sections, err := site.NewSections(ctx, in, opt)
	if err != nil {
		return nil, err
	}
	display := filepath.ToSlash(filepath.Clean(file))
	out, err := site.Inject(src, display, sections.Render)
	if err != nil {
		return nil, err
	}
	if string(out) == string(src) {
		return nil, nil
	}
	return &fileChange{Path: file, Display: display, Op: site.OpUpdate, Data: out}, nil
}

// sourcePathFrom maps the file names positions show (relative to the
// working directory, or absolute) to paths relative to dir, so pages
// written in dir link to the architecture's lines. A name with no file
// behind it (an importer's synthetic block) gets no link.
func sourcePathFrom(dir string) (func(string) string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	return func(file string) string {
		abs, err := filepath.Abs(filepath.FromSlash(file))
		if err != nil {
			return ""
		}
		if info, err := os.Stat(abs); err != nil || info.IsDir() {
			return ""
		}
		rel, err := filepath.Rel(absDir, abs)
		if err != nil {
			return ""
		}
		return filepath.ToSlash(rel)
	}, nil
}

// docsProgress shows what a long run is doing on one line of standard
// error, and only when it is a terminal.
type docsProgress struct {
	io    IO
	shown bool
	start time.Time
}

func newDocsProgress(io IO) *docsProgress { return &docsProgress{io: io, start: time.Now()} }

func (p *docsProgress) step(what string) {
	if !p.io.ErrTerminal {
		return
	}
	// Quick runs stay silent; the line appears once the run takes a while.
	if !p.shown && time.Since(p.start) < 300*time.Millisecond {
		return
	}
	fmt.Fprintf(p.io.Err, "\r\x1b[K%s", what)
	p.shown = true
}

func (p *docsProgress) report(done, total int, step string) {
	p.step(fmt.Sprintf("[%d/%d] %s", done, total, step))
}

func (p *docsProgress) done() {
	if p.shown {
		fmt.Fprint(p.io.Err, "\r\x1b[K")
		p.shown = false
	}
}

func docsPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
