package cmd

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/pathtext"
	"github.com/archiehq/archie/schema/safetext"
	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

type fmtOptions struct {
	Paths     []string
	Check     bool
	Diff      bool
	Recursive bool
	Include   []string
	NoColor   bool
}

func newFmtCmd(io IO) *cobra.Command {
	o := &fmtOptions{}
	c := &cobra.Command{
		Use:   "fmt [PATH ...]",
		Short: "Rewrite architecture files in canonical format",
		Long: `Rewrite *.arch.hcl and .archie.hcl files in canonical format: two-space
indentation, aligned equals signs, normalised spacing. PATH is a file or a
directory (default .); "-" formats standard input to standard output.

With --check nothing is written: the files that would change are listed and
the exit code is 1 if there are any. Files with syntax errors are reported
and exit 2.`,
		Example: `  # format every architecture file in the current directory
  archie fmt

  # in CI or a pre-commit hook: fail if anything is not formatted, show how
  archie fmt --check --diff --recursive .`,
		RunE: func(c *cobra.Command, args []string) error {
			o.Paths = args
			return fmtRun(io, o)
		},
	}
	c.Flags().BoolVar(&o.Check, "check", false, "write nothing; list files that are not formatted and exit 1 if any")
	c.Flags().BoolVar(&o.Diff, "diff", false, "print a unified diff of the changes")
	c.Flags().BoolVarP(&o.Recursive, "recursive", "r", false, "also format files in subdirectories, skipping "+skippedDirsHelp)
	c.Flags().StringArrayVar(&o.Include, "include-dir", nil, "with --recursive, also enter directories of this name (repeatable), e.g. testdata")
	c.Flags().BoolVar(&o.NoColor, "no-color", false, "never colour error output")
	return c
}

func fmtRun(io IO, o *fmtOptions) error {
	if len(o.Paths) == 0 {
		o.Paths = []string{"."}
	}
	if err := anchor(io.Files, o.Paths...); err != nil {
		return err
	}
	var diags hcl.Diagnostics
	files := map[string]*hcl.File{}
	changed := 0
	for _, p := range o.Paths {
		if p == "-" {
			src, err := readAll(io.In)
			if err != nil {
				return err
			}
			out, d := schema.Format("<stdin>", src)
			if d.HasErrors() {
				diags = append(diags, d...)
				files["<stdin>"] = &hcl.File{Bytes: src}
				continue
			}
			if _, err := io.Out.Write(out); err != nil {
				return err
			}
			continue
		}
		fsys, names, err := fmtFiles(io.Files, p, walkOf(o.Recursive, o.Include))
		if err != nil {
			return err
		}
		for _, f := range names {
			name := f.display
			src, err := fs.ReadFile(fsys, f.name)
			if err != nil {
				err = pathtext.Cause(err)
				return usagef("%s: %v", name, err)
			}
			out, d := schema.Format(name, src)
			if d.HasErrors() {
				diags = append(diags, d...)
				files[name] = &hcl.File{Bytes: src}
				continue
			}
			if bytes.Equal(src, out) {
				continue
			}
			changed++
			if o.Diff {
				// escaped like every output of input text: a context line
				// " ::error::x" would be a workflow command in a CI log
				fmt.Fprint(io.Out, safetext.Text(udiff.Unified(name, name, string(src), string(out))))
			} else {
				fmt.Fprintln(io.Out, safetext.Name(name))
			}
			if !o.Check {
				if err := writeFile(io.Files, "", name, out); err != nil {
					return err
				}
			}
		}
	}
	if diags.HasErrors() {
		report := &lint.Report{Errors: diags, Files: files}
		if err := format.WriteText(io.Err, report, format.TextOptions{Color: io.ErrTerminal && !o.NoColor}); err != nil {
			return err
		}
		return &exitError{ExitInvalid}
	}
	if o.Check && changed > 0 {
		return &exitError{ExitFindings}
	}
	return nil
}

func readAll(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	return io.ReadAll(r)
}

// fmtFile is a file fmt handles: its name in the file system of its root,
// and as the user sees it (and as it is written).
type fmtFile struct{ name, display string }

// fmtFiles lists the files fmt handles under p: p itself if it is a file,
// else the *.arch.hcl and .archie.hcl files in it (and below, recursive).
// Symbolic links met in a directory are skipped: fmt formats files, and
// never writes through a link.
func fmtFiles(files *fsroot.Roots, p string, walk schema.Walk) (fs.FS, []fmtFile, error) {
	fsys, root, _, err := target(files, p)
	if err != nil {
		return nil, nil, err
	}
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, nil, pathError(p, err)
	}
	if !info.IsDir() {
		return fsys, []fmtFile{{root, p}}, nil
	}
	var out []fmtFile
	err = schema.WalkTree(fsys, root, walk, func(name string, d fs.DirEntry) error {
		if d.IsDir() || d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		if strings.HasSuffix(d.Name(), schema.FileSuffix) || d.Name() == ".archie.hcl" {
			rel := strings.TrimPrefix(strings.TrimPrefix(name, root), "/")
			out = append(out, fmtFile{name, filepath.Join(p, filepath.FromSlash(rel))})
		}
		return nil
	})
	return fsys, out, err
}
