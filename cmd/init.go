package cmd

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/archiehq/archie/examples"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/spf13/cobra"
)

type initOptions struct {
	Dir     string
	Pattern string
	Force   bool
}

func newInitCmd(io IO) *cobra.Command {
	o := &initOptions{}
	c := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start an architecture from one of the pattern examples",
		Long: `Write a starter architecture into DIR (default .): the bundled example of a
pattern, ready to rename and grow. Existing *.arch.hcl files are never
overwritten unless --force is given.

Patterns: ` + strings.Join(examples.Patterns(), ", "),
		Example: `  # a new architecture around a queue that levels load on a database
  archie init infra/ingest --pattern queue_load_leveling
  archie lint infra/ingest`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Dir = "."
			if len(args) == 1 {
				o.Dir = args[0]
			}
			return initRun(io, o)
		},
	}
	c.Flags().StringVar(&o.Pattern, "pattern", "simple_web_service", "pattern kind to start from")
	c.Flags().BoolVar(&o.Force, "force", false, "overwrite existing files")
	return c
}

func initRun(io IO, o *initOptions) error {
	files := examples.Files(o.Pattern)
	if files == nil {
		return usagef("--pattern: no example for %q%s; patterns: %s", o.Pattern, schema.Suggest(o.Pattern, examples.Patterns()), strings.Join(examples.Patterns(), ", "))
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	if !o.Force {
		for _, name := range names {
			// A link there, even a dangling one, would be written through.
			if fsroot.Exists(filepath.Join(o.Dir, name)) {
				return usagef("%s already exists; use --force to overwrite it", filepath.Join(o.Dir, name))
			}
		}
	}
	if err := io.Files.MkdirAll(o.Dir, 0o755); err != nil {
		return writeError("", err)
	}
	for _, name := range names {
		path := filepath.Join(o.Dir, name)
		if err := writeFile(io.Files, "", path, files[name]); err != nil {
			return err
		}
		fmt.Fprintf(io.Out, "wrote %s\n", path)
	}
	fmt.Fprintf(io.Out, "\nNext: archie lint %s\n", o.Dir)
	return nil
}
