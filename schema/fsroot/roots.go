package fsroot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Roots finds the root of each path a command names and opens it once.
// The root is Root when given (--root), else the repository around the
// path (the nearest directory at or above it that holds a .git entry),
// else the path's own directory.
type Roots struct {
	Root        string // --root: "" finds the root from each path
	MaxFileSize int64  // <= 0: DefaultMaxFileSize

	open map[string]*FS
	// wrap, in tests, stands between Create's file and its data, to
	// inject faults (a full disk, a file-size limit).
	wrap func(w writer) writer
}

// For maps a command-line path to the file system confined to its root
// and the path's name in it. A path outside --root is an error that names
// both.
func (r *Roots) For(p string) (*FS, string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, "", err
	}
	dir, err := r.rootOf(abs)
	if err != nil {
		return nil, "", err
	}
	fsys, err := r.fs(dir)
	if err != nil {
		return nil, "", err
	}
	name, err := Name(abs)
	if err != nil {
		return nil, "", err
	}
	return fsys, name, nil
}

// rootOf is the root directory for the absolute path abs.
func (r *Roots) rootOf(abs string) (string, error) {
	if r.Root != "" {
		root, err := filepath.Abs(r.Root)
		if err != nil {
			return "", err
		}
		if !within(root, abs) {
			return "", fmt.Errorf("%s is outside %s %s; give a %s that holds it", filepath.ToSlash(abs), RootFlag, filepath.ToSlash(root), RootFlag)
		}
		return root, nil
	}
	start := abs
	// A path that is not a directory itself (a file, a link, nothing yet)
	// starts from the directory that holds it. Lstat: a link is not
	// followed to find where to start.
	if info, err := os.Lstat(abs); err != nil || !info.IsDir() {
		start = filepath.Dir(abs)
	}
	if repo := RepoRoot(start); repo != "" {
		return repo, nil
	}
	// A path still to be written (docs -o site/new): the nearest
	// directory that exists.
	for {
		if info, err := os.Stat(start); err == nil && info.IsDir() {
			return start, nil
		}
		parent := filepath.Dir(start)
		if parent == start {
			return start, nil
		}
		start = parent
	}
}

func (r *Roots) fs(dir string) (*FS, error) {
	if f, ok := r.open[dir]; ok {
		return f, nil
	}
	f, err := Open(dir, r.MaxFileSize)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read from this directory: %v", filepath.ToSlash(dir), err)
	}
	if r.open == nil {
		r.open = map[string]*FS{}
	}
	r.open[dir] = f
	return f, nil
}

// RepoRoot is the nearest directory at or above dir (an absolute OS path)
// that holds a .git entry (a directory, or a file in a worktree or
// submodule), or "" when there is none.
func RepoRoot(dir string) string {
	d := filepath.Clean(dir)
	for {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// within reports whether the absolute path p is root or below it, by name.
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return false
	}
	return rel == "." || rel != ".." && !startsWithParent(rel)
}

func startsWithParent(rel string) bool {
	return len(rel) >= 3 && rel[:2] == ".." && os.IsPathSeparator(rel[2])
}
