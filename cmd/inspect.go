package cmd

import (
	"context"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/imports"
	"github.com/archiehq/archie/schema/inspect"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

type inspectOptions struct {
	Path    string
	Format  string
	From    string
	NoColor bool
}

func newInspectCmd(io IO) *cobra.Command {
	o := &inspectOptions{}
	c := &cobra.Command{
		Use:   "inspect [PATH]",
		Short: "Show the loaded model: components, attributes after defaults, edges",
		Long: `Print the architecture as archie understands it: every component with its
kind, service, source position and every attribute after defaults (those
not written are marked), its triggers, and every edge with its mode and
position. --format json gives the same for tools.

With --from, PATH is SAM/CloudFormation, Terraform or serverless.yml code,
imported in memory; positions point into those files.

Exit codes: 0 shown; 2 the input is invalid.`,
		Example: `  # what defaults did my functions get?
  archie inspect examples/queue-load-leveling

  # the graph archie sees in a SAM template, for a script
  archie inspect --from sam --format json template.yaml | jq '.edges'`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Path = "."
			if len(args) == 1 {
				o.Path = args[0]
			}
			return inspectRun(c.Context(), io, o)
		},
	}
	c.Flags().StringVarP(&o.Format, "format", "f", "text", "output format: text or json")
	c.Flags().StringVar(&o.From, "from", "", "read infrastructure code instead of *.arch.hcl: "+joinFormats())
	c.Flags().BoolVar(&o.NoColor, "no-color", false, "never colour messages")
	return c
}

func joinFormats() string {
	s := ""
	for i, f := range imports.Formats {
		if i > 0 {
			s += ", "
		}
		s += f
	}
	return s
}

func inspectRun(ctx context.Context, io IO, o *inspectOptions) error {
	if o.Format != "text" && o.Format != "json" {
		return usagef("--format: unknown format %q%s: use text or json", o.Format, schema.Suggest(o.Format, []string{"text", "json"}))
	}
	if err := anchor(io.Files, o.Path); err != nil {
		return err
	}
	arch, err := loadValid(ctx, io, o.From, o.Path, o.NoColor)
	if err != nil {
		return err
	}
	if o.Format == "json" {
		return inspect.WriteJSON(io.Out, arch)
	}
	return inspect.WriteText(io.Out, arch)
}

// loadArchitecture loads the architecture at p: *.arch.hcl files, or with
// from the infrastructure code of that format imported in memory. It is
// what every command taking --from uses.
// loadValid loads the architecture a command works on. Invalid input is
// printed with its positions and ends the command with exit code 2; an
// importer's warnings are printed and the command goes on.
func loadValid(ctx context.Context, io IO, from, p string, noColor bool) (*schema.Architecture, error) {
	doing(ctx, "loading %s", p)
	arch, files, diags, err := loadArchitecture(ctx, io.Files, from, p)
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() || arch == nil {
		report := &lint.Report{Errors: diags, Files: files}
		if err := format.WriteText(io.Err, report, format.TextOptions{Color: io.ErrTerminal && !noColor}); err != nil {
			return nil, err
		}
		return nil, &exitError{ExitInvalid}
	}
	if from != "" {
		if err := writeImportDiagnostics(io, diags, files, noColor); err != nil {
			return nil, err
		}
	}
	return arch, nil
}

func loadArchitecture(ctx context.Context, roots *fsroot.Roots, from, p string) (*schema.Architecture, map[string]*hcl.File, hcl.Diagnostics, error) {
	if from != "" {
		if err := imports.CheckFormat(from); err != nil {
			return nil, nil, nil, usagef("--from: %v", err)
		}
		loaded, diags, err := loadFrom(ctx, roots, from, p)
		if err != nil {
			return nil, nil, nil, err
		}
		return loaded.Arch, loaded.Files, diags, nil
	}
	fsys, rel, display, err := target(roots, p)
	if err != nil {
		return nil, nil, nil, err
	}
	arch, diags := schema.Load(ctx, fsys, rel, display)
	var files map[string]*hcl.File
	if arch != nil {
		files = arch.Files
	}
	return arch, files, diags, nil
}
