package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/imports"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

type importOptions struct {
	Format  string
	Path    string
	Out     string
	Force   bool
	NoColor bool
	// Recursive imports every stack, configuration or service below
	// Path as one architecture.
	Recursive bool
	Include   []string
}

func newImportCmd(io IO) *cobra.Command {
	o := &importOptions{}
	c := &cobra.Command{
		Use:   "import FORMAT PATH",
		Short: "Turn SAM/CloudFormation, Terraform or serverless.yml into *.arch.hcl",
		Long: `Read existing infrastructure code and write an architecture to grow from:
one formatted *.arch.hcl file per template, Terraform configuration or
serverless service, each component commented with the file and line it
came from. FORMAT is one of ` + strings.Join(imports.Formats, ", ") + `.

PATH is a template, a serverless.yml, or a directory (for Terraform, a
directory of .tf files; local modules are followed). Without -o the files
are printed to standard output. Resources with no archie construct are
listed, never dropped silently; references that cannot be followed are
warnings with their position.

Exit codes: 0 imported; 2 the input could not be read or is invalid.`,
		Example: `  # a SAM application
  archie import sam template.yaml -o architecture/

  # a Terraform root module, with its local modules
  archie import terraform infra/ -o architecture/

  # look at the result without writing files
  archie import serverless serverless.yml`,
		Args: cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			o.Format, o.Path = args[0], args[1]
			return importRun(c.Context(), io, o)
		},
	}
	c.Flags().StringVarP(&o.Out, "out", "o", "", "directory to write the *.arch.hcl files to (default: standard output)")
	c.Flags().BoolVar(&o.Force, "force", false, "overwrite *.arch.hcl files that exist in the -o directory")
	c.Flags().BoolVar(&o.NoColor, "no-color", false, "never colour messages")
	c.Flags().BoolVarP(&o.Recursive, "recursive", "r", false, "import every stack, Terraform configuration or serverless service below PATH into one architecture, with the links between them, skipping "+skippedDirsHelp)
	c.Flags().StringArrayVar(&o.Include, "include-dir", nil, "with --recursive, also enter directories of this name (repeatable), e.g. testdata")
	return c
}

func importRun(ctx context.Context, io IO, o *importOptions) error {
	if err := imports.CheckFormat(o.Format); err != nil {
		return usagef("%v", err)
	}
	if err := anchor(io.Files, o.Path); err != nil {
		return err
	}
	var loaded *imports.Loaded
	var diags hcl.Diagnostics
	var err error
	if o.Recursive {
		loaded, diags, err = loadTree(ctx, io.Files, o.Format, o.Path, walkOf(true, o.Include))
	} else {
		loaded, diags, err = loadFrom(ctx, io.Files, o.Format, o.Path)
	}
	if err != nil {
		return err
	}
	if err := writeImportDiagnostics(io, diags, loaded.Files, o.NoColor); err != nil {
		return err
	}
	if loaded.Output == nil || len(loaded.Output.Files) == 0 {
		return &exitError{ExitInvalid}
	}
	if o.Out == "" {
		for i, f := range loaded.Output.Formatted() {
			if i > 0 {
				fmt.Fprintln(io.Out)
			}
			fmt.Fprintf(io.Out, "# file: %s\n", f.Name)
			if _, err := io.Out.Write(f.Src); err != nil {
				return err
			}
		}
	} else {
		if err := io.Files.MkdirAll(o.Out, 0o755); err != nil {
			return writeError("-o", err)
		}
		files := loaded.Output.Formatted()
		if !o.Force {
			// A re-import must not overwrite an architecture people have
			// edited since; a link there, even a dangling one, counts.
			for _, f := range files {
				name := filepath.Join(o.Out, f.Name)
				if fsroot.Exists(name) {
					return usagef("%s exists; import into an empty directory, or pass --force to overwrite", filepath.ToSlash(name))
				}
			}
		}
		for _, f := range files {
			name := filepath.Join(o.Out, f.Name)
			if err := writeFile(io.Files, "-o", name, f.Src); err != nil {
				return err
			}
			fmt.Fprintf(io.Err, "wrote %s\n", filepath.ToSlash(name))
		}
	}
	if err := imports.WriteSummary(io.Err, loaded.Result, loaded.Output); err != nil {
		return err
	}
	if diags.HasErrors() {
		return &exitError{ExitInvalid}
	}
	return nil
}

// loadFrom imports the sources at p (as the user wrote it) and loads the
// architecture they describe. Commands that take --from use it.
func loadFrom(ctx context.Context, files *fsroot.Roots, format, p string) (*imports.Loaded, hcl.Diagnostics, error) {
	fsys, rel, display, err := target(files, p)
	if err != nil {
		return nil, nil, err
	}
	if _, err := fs.Stat(fsys, rel); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, usagef("%s: no such file or directory", display)
	}
	loaded, diags := imports.Load(ctx, format, fsys, rel, display)
	if loaded == nil {
		loaded = &imports.Loaded{Files: map[string]*hcl.File{}}
	}
	return loaded, diags, nil
}

// loadTree imports every stack, configuration or service below p as one
// architecture.
func loadTree(ctx context.Context, files *fsroot.Roots, format, p string, walk schema.Walk) (*imports.Loaded, hcl.Diagnostics, error) {
	fsys, rel, display, err := target(files, p)
	if err != nil {
		return nil, nil, err
	}
	cache := imports.NewCache()
	dirs, err := cache.Discover(fsys, format, rel, display, walk)
	if err != nil {
		return nil, nil, pathError(display, err)
	}
	if len(dirs) == 0 {
		return nil, nil, usagef("%s: no %s sources below this directory%s", display, format, skippedHint(walk))
	}
	loaded, diags := cache.LoadAll(ctx, format, fsys, dirs, rel, display)
	if loaded == nil {
		loaded = &imports.Loaded{Files: map[string]*hcl.File{}}
	}
	return loaded, diags, nil
}

// importTargets resolves command-line paths to lint targets that import
// the sources of a format in memory.
func importTargets(files *fsroot.Roots, format string, paths []string, walk schema.Walk) ([]lint.Target, error) {
	if err := imports.CheckFormat(format); err != nil {
		return nil, usagef("--from: %v", err)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var out []lint.Target
	// Discovery parses the sources to find the stacks; the loads reuse
	// those parses.
	cache := imports.NewCache()
	for _, p := range paths {
		fsys, rel, display, err := target(files, p)
		if err != nil {
			return nil, err
		}
		dirs, err := cache.Discover(fsys, format, rel, display, walk)
		if err != nil {
			return nil, pathError(display, err)
		}
		if len(dirs) == 0 {
			return nil, usagef("%s: no %s sources below this directory%s", display, format, skippedHint(walk))
		}
		// Stacks that link to each other (exports, SSM parameters) are
		// linted as one architecture, so those links resolve.
		for _, group := range cache.Groups(fsys, format, dirs) {
			d := group[0]
			shown := display
			if d != rel {
				shown = path.Join(display, strings.TrimPrefix(strings.TrimPrefix(d, rel), "/"))
			}
			load := importLoader(cache, format, fsys, d, shown)
			if len(group) > 1 {
				load = groupLoader(cache, format, fsys, group, rel, display)
			}
			out = append(out, lint.Target{FS: fsys, Path: d, Display: shown, Load: load})
		}
	}
	return out, nil
}

func importLoader(cache *imports.Cache, format string, fsys fs.FS, p, display string) func(context.Context) (*schema.Architecture, hcl.Diagnostics) {
	return func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
		loaded, diags := cache.Load(ctx, format, fsys, p, display)
		if loaded == nil {
			return nil, diags
		}
		return loaded.Arch, diags
	}
}

func groupLoader(cache *imports.Cache, format string, fsys fs.FS, dirs []string, root, display string) func(context.Context) (*schema.Architecture, hcl.Diagnostics) {
	return func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
		loaded, diags := cache.LoadAll(ctx, format, fsys, dirs, root, display)
		if loaded == nil {
			return nil, diags
		}
		return loaded.Arch, diags
	}
}

// writeImportDiagnostics prints the importer's warnings and errors with
// source snippets on standard error.
func writeImportDiagnostics(io IO, diags hcl.Diagnostics, files map[string]*hcl.File, noColor bool) error {
	if len(diags) == 0 {
		return nil
	}
	return format.WriteDiagnostics(io.Err, diags, files, format.TextOptions{Color: io.ErrTerminal && !noColor})
}
