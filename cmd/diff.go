package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/diff"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/imports"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	Old, New string // paths; Old is "" with --base
	Base     string // --base REV
	Head     string // --head REV
	From     string
	Formats  []string
	FailOn   []string
	Workload string
	Config   string
	NoColor  bool

	GitHubComment bool // --github-comment
}

func newDiffCmd(io IO) *cobra.Command {
	o := &diffOptions{}
	c := &cobra.Command{
		Use:   "diff OLD NEW | diff --base REV [--head REV] [PATH]",
		Short: "Show what a change does to an architecture: components, findings, latency and cost",
		Long: `Compare two versions of an architecture: two paths (directories or files, as
lint takes them), or PATH (default .) at git revision REV against the
working tree (--base REV), or against another revision (--head REV). Old
versions are read through git into memory: nothing is checked out.

The comparison lists components added, removed and changed (each setting
old and new, after defaults), edges added and removed, findings new and
fixed (matched by rule, component and message, never by line; the
simulator's rules run for every workload), and for every workload the
first entry's p50, p95 and p99, the throttled share, dead-lettered
arrivals, the peak backlog and the monthly cost, old and new. Layout,
comments and moving blocks between files are not changes.

Formats (--format, repeatable, F or F=FILE):
  text       for a terminal (default)
  json       for machines: the shape is in docs/cli.md
  markdown   a pull-request comment: verdict, tables, Mermaid diagram
  mermaid    the diff diagram: added green, removed red and dashed,
             changed amber, and the slowest path of --workload
  svg        the same diagram laid out by Graphviz

Gates (--fail-on, repeatable): new-findings[=SEVERITY], cost-increase=PCT,
p99-increase=PCT, backlog (a queue whose backlog no longer drains).

Exit codes: 0 no gate tripped; 1 a gate tripped; 2 invalid input or
command line.`,
		Example: `  # two directories
  archie diff old/ infra/

  # what the working tree changes against main, as a PR comment and JSON
  archie diff --base origin/main --format markdown=diff.md --format json=diff.json infra/

  # two commits; fail on new warnings or errors, or 10% more monthly cost
  archie diff --base HEAD~1 --head HEAD --fail-on new-findings=warning --fail-on cost-increase=10 .

  # a copy of an architecture you edited: fail if a backlog no longer drains
  archie diff --fail-on backlog before/ after/

  # an example against itself: no change
  archie diff examples/queue-load-leveling examples/queue-load-leveling

  # imported CloudFormation, and the diff diagram as SVG
  archie diff --from cloudformation --base main --format svg=diff.svg template.yaml`,
		RunE: func(c *cobra.Command, args []string) error {
			switch {
			case o.Base == "" && o.Head != "":
				return usagef("--head needs --base: archie diff --base main --head HEAD [PATH]")
			case o.Base != "" && len(args) > 1:
				return usagef("with --base, give at most one PATH (the default is .); to compare two paths, leave --base out")
			case o.Base != "":
				o.New = "."
				if len(args) == 1 {
					o.New = args[0]
				}
			case len(args) != 2:
				return usagef("give two paths, OLD and NEW, or --base REV [PATH]")
			default:
				o.Old, o.New = args[0], args[1]
			}
			return diffRun(c.Context(), io, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.Base, "base", "", "compare PATH at this git revision (branch, tag or commit) with the working tree")
	f.StringVar(&o.Head, "head", "", "with --base: compare with this revision instead of the working tree")
	f.StringVar(&o.From, "from", "", "compare infrastructure code instead of *.arch.hcl: "+joinFormats())
	f.StringArrayVarP(&o.Formats, "format", "f", nil, "output format, repeatable: F or F=FILE with F one of "+strings.Join(diff.Formats, ", ")+" (default text)")
	f.StringArrayVar(&o.FailOn, "fail-on", nil, "exit 1 when the change trips this gate, repeatable: "+strings.Join(diff.GateKinds, ", ")+"; new-findings=SEVERITY, cost-increase=PCT and p99-increase=PCT take a value")
	f.StringVarP(&o.Workload, "workload", "w", "", "workload whose slowest path the diagram draws (default: the new version's first)")
	f.StringVar(&o.Config, "config", "", "configuration file for both versions (default: each version's nearest "+lint.ConfigName+")")
	f.BoolVar(&o.NoColor, "no-color", false, "never colour messages")
	f.BoolVar(&o.GitHubComment, "github-comment", false, "in a GitHub Actions pull-request run: post the markdown report as a comment, or update the one posted before ($GITHUB_TOKEN, $GITHUB_REPOSITORY, $GITHUB_EVENT_PATH)")
	return c
}

// diffFormat is one --format F[=FILE].
type diffFormat struct{ Name, File string }

func parseDiffFormats(specs []string) ([]diffFormat, error) {
	if len(specs) == 0 {
		specs = []string{"text"}
	}
	var out []diffFormat
	stdout := 0
	for _, s := range specs {
		name, file, _ := strings.Cut(s, "=")
		if !slices.Contains(diff.Formats, name) {
			return nil, usagef("--format: unknown format %q%s: use one of %s", name, schema.Suggest(name, diff.Formats), strings.Join(diff.Formats, ", "))
		}
		if file == "" || file == "-" {
			file = ""
			stdout++
		}
		out = append(out, diffFormat{name, file})
	}
	if stdout > 1 {
		return nil, usagef("only one --format can write to standard output; give the others a file: --format json=diff.json")
	}
	return out, nil
}

func diffRun(ctx context.Context, io IO, o *diffOptions) error {
	formats, err := parseDiffFormats(o.Formats)
	if err != nil {
		return err
	}
	var gates []diff.Gate
	for _, s := range o.FailOn {
		g, err := diff.ParseGate(s)
		if err != nil {
			return usagef("--fail-on: %v", err)
		}
		gates = append(gates, g)
	}
	if o.From != "" {
		if err := imports.CheckFormat(o.From); err != nil {
			return usagef("--from: %v", err)
		}
	}
	opt := diff.Options{Rules: rules.All(), Workload: o.Workload}
	if o.Config != "" {
		fsys, rel, display, err := target(io.Files, o.Config)
		if err != nil {
			return usagef("--config: %v", err)
		}
		opt.Config = &lint.ConfigSource{FS: fsys, Path: rel, Display: display}
	}
	oldV, newV, err := diffVersions(ctx, io.Files, o)
	if err != nil {
		return err
	}
	res, err := diff.Compare(ctx, oldV, newV, opt)
	var werr *diff.WorkloadError
	var flagErr *lint.FlagError
	switch {
	case errors.As(err, &werr), errors.As(err, &flagErr):
		return usagef("%v", err)
	case err != nil:
		return err
	}
	if res.Invalid() {
		for _, s := range []*diff.Side{res.Old, res.New} {
			if s.Report.Invalid() {
				fmt.Fprintf(io.Err, "archie: %s is invalid:\n", s.Name)
				if err := format.WriteText(io.Err, s.Report, format.TextOptions{Color: io.ErrTerminal && !o.NoColor}); err != nil {
					return err
				}
			}
		}
		return &exitError{ExitInvalid}
	}
	for _, f := range formats {
		if err := writeDiff(ctx, io, f, res); err != nil {
			return err
		}
	}
	if o.GitHubComment {
		if err := postDiffComment(ctx, io, res); err != nil {
			return err
		}
	}
	if trips := res.Check(gates); len(trips) > 0 {
		for _, t := range trips {
			fmt.Fprintf(io.Err, "archie: --fail-on %s: %s\n", t.Gate, t.Reason)
		}
		return &exitError{ExitFindings}
	}
	return nil
}

// diffVersions resolves the command line to the two versions to compare.
func diffVersions(ctx context.Context, files *fsroot.Roots, o *diffOptions) (diff.Version, diff.Version, error) {
	if o.Base == "" {
		oldV, err := diskVersion(files, o.From, o.Old)
		if err != nil {
			return oldV, oldV, err
		}
		newV, err := diskVersion(files, o.From, o.New)
		return oldV, newV, err
	}
	oldV, err := revisionVersion(ctx, o.From, o.New, o.Base)
	if err != nil {
		return oldV, oldV, err
	}
	if o.Head != "" {
		newV, err := revisionVersion(ctx, o.From, o.New, o.Head)
		return oldV, newV, err
	}
	newV, err := diskVersion(files, o.From, o.New)
	return oldV, newV, err
}

// diskVersion is a path of the working tree.
func diskVersion(files *fsroot.Roots, from, p string) (diff.Version, error) {
	fsys, rel, display, err := target(files, p)
	if err != nil {
		return diff.Version{}, err
	}
	if _, err := fs.Stat(fsys, rel); err != nil {
		return diff.Version{}, usagef("%s: no such file or directory", display)
	}
	return diffVersion(from, fsys, rel, display, display), nil
}

// revisionVersion is a path at a git revision, read into memory.
func revisionVersion(ctx context.Context, from, p, rev string) (diff.Version, error) {
	r, err := diff.ReadRevision(ctx, p, rev)
	if err != nil {
		return diff.Version{}, usagef("--base/--head: %v", err)
	}
	display := rev + ":" + r.Path
	if r.Path == "." {
		display = rev + ":"
	}
	return diffVersion(from, r.FS, r.Path, display, rev), nil
}

func diffVersion(from string, fsys fs.FS, rel, display, name string) diff.Version {
	t := lint.Target{FS: fsys, Path: rel, Display: display}
	if from != "" {
		t.Load = importLoader(imports.NewCache(), from, fsys, rel, display)
	}
	return diff.Version{Target: t, Name: name}
}

func writeDiff(ctx context.Context, io IO, f diffFormat, res *diff.Result) error {
	if f.File == "" {
		if err := diff.Write(ctx, io.Out, res, f.Name); err != nil {
			return fmt.Errorf("writing %s: %w", f.Name, err)
		}
		return nil
	}
	file, err := io.Files.Create(f.File, 0o644)
	if err != nil {
		return writeError("--format "+f.Name, err)
	}
	if err := diff.Write(ctx, file, res, f.Name); err != nil {
		file.Abort()
		return fmt.Errorf("writing %s: %w", f.Name, err)
	}
	return file.Commit()
}

// postDiffComment posts the markdown report on the pull request of a
// GitHub Actions run, or updates the one posted before. A token that may
// not comment (a fork's) skips the comment with a notice, so the check
// itself still passes or fails on its gates.
func postDiffComment(ctx context.Context, io IO, res *diff.Result) error {
	var md strings.Builder
	if err := diff.WriteMarkdown(&md, res); err != nil {
		return err
	}
	eventPath := io.Env("GITHUB_EVENT_PATH")
	if eventPath == "" {
		return usagef("--github-comment runs in a GitHub Actions pull-request job: GITHUB_EVENT_PATH is not set")
	}
	event, err := os.ReadFile(eventPath)
	if err != nil {
		return usagef("--github-comment: %v", err)
	}
	number, err := diff.PullRequestNumber(event)
	if err != nil {
		return usagef("--github-comment: %v", err)
	}
	api := io.Env("GITHUB_API_URL")
	if api == "" {
		api = "https://api.github.com"
	}
	token := io.Env("GITHUB_TOKEN")
	if token == "" {
		fmt.Fprintln(io.Err, "archie: --github-comment: no GITHUB_TOKEN: the comment is skipped")
		return nil
	}
	g := diff.GitHubComment{API: api, Repo: io.Env("GITHUB_REPOSITORY"), Number: number, Token: token}
	did, err := g.Post(ctx, md.String())
	if errors.Is(err, diff.ErrNoPermission) {
		fmt.Fprintf(io.Err, "archie: --github-comment: %v: the comment is skipped\n", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("--github-comment: %w", err)
	}
	fmt.Fprintf(io.Err, "archie: %s the comment on pull request #%d\n", did, number)
	return nil
}
