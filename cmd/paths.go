package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/pathtext"
)

// anchor sets the command's root from the architecture path p (the first
// one when there are several): every file the command reads must lie
// inside it, unless --root names another.
func anchor(files *fsroot.Roots, paths ...string) error {
	p := "."
	for _, q := range paths {
		if q != "-" {
			p = q
			break
		}
	}
	if err := files.Anchor(p); err != nil {
		return usagef("%s: %v", p, err)
	}
	return nil
}

// target maps a path from the command line to the file system confined to
// its root, the path's name in it, and the name to show in messages (the
// path as the user wrote it).
func target(files *fsroot.Roots, p string) (fs.FS, string, string, error) {
	if p == "-" {
		return nil, "", "", usagef("-: standard input is read only by archie fmt; give a file or a directory")
	}
	display := filepath.ToSlash(filepath.Clean(p))
	fsys, name, err := files.For(p)
	if err != nil {
		return nil, "", "", usagef("%v", err)
	}
	return fsys, name, display, nil
}

// pathError says why a path of the command line cannot be used: it does
// not exist, or the boundary refuses it (and says how to allow it).
func pathError(display string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return usagef("%s: no such file or directory", display)
	}
	err = pathtext.Cause(err)
	return usagef("%s: %v", display, err)
}

// readInput reads a file the command line names (flag says which, for
// messages) through the boundary of its root.
func readInput(files *fsroot.Roots, flag, p string) ([]byte, error) {
	fsys, name, display, err := target(files, p)
	if err != nil {
		return nil, usagef("%s: %v", flag, err)
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		err = pathtext.Cause(err)
		return nil, usagef("%s: %s: %v", flag, display, err)
	}
	return src, nil
}

// writeFile writes data to p through a temporary file renamed over it,
// never through a symbolic link; flag names the option for messages.
func writeFile(files *fsroot.Roots, flag, p string, data []byte) error {
	if err := files.WriteFile(p, data, 0o644); err != nil {
		return writeError(flag, err)
	}
	return nil
}

// writeError makes a refused write a usage error (exit 2) that names the
// option, and passes other failures on.
func writeError(flag string, err error) error {
	var le *fsroot.LinkError
	var ne *fsroot.NotFileError
	if errors.As(err, &le) || errors.As(err, &ne) {
		if flag == "" {
			return usagef("%v", err)
		}
		return usagef("%s: %v", flag, err)
	}
	if flag == "" {
		return err
	}
	return fmt.Errorf("%s: %w", flag, err)
}
