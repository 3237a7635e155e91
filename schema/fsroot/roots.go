package fsroot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Roots is the one root of a command and opens it once. The root is Root
// when given (--root), else the one Anchor found from the architecture the
// command works on: the repository around it (the nearest directory at or
// above it that holds a .git entry), else the working directory when it
// holds the architecture, else the architecture's own directory. Every other
// file the command reads (configuration, baseline, prices, --inject)
// must lie inside it.
type Roots struct {
	Root        string // --root: "" finds the root from the architecture
	MaxFileSize int64  // <= 0: DefaultMaxFileSize

	anchor     string // the root found by Anchor
	anchoredAt string // the path it was found from, for messages
	open       map[string]*FS
	// wrap, in tests, stands between Create's file and its data, to
	// inject faults (a full disk, a file-size limit).
	wrap func(w writer) writer
}

// Anchor sets the command's root from the architecture path p, unless
// --root gives it. Call it before For; without it each path finds its own
// root.
func (r *Roots) Anchor(p string) error {
	if r.Root != "" {
		return nil
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return err
	}
	dir, err := r.rootOf(abs)
	if err != nil {
		return err
	}
	r.anchor, r.anchoredAt = dir, p
	return nil
}

// For maps a command-line path to the file system confined to the
// command's root and the path's name in it. A path outside the root is an
// error that names both and --root.
func (r *Roots) For(p string) (*FS, string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, "", err
	}
	var dir string
	if r.Root == "" && r.anchor != "" {
		if !within(r.anchor, abs) {
			return nil, "", fmt.Errorf("%s: not read: it is outside %s, the directory archie reads from (found from %s); to allow it, give %s with a directory that holds both", filepath.ToSlash(p), filepath.ToSlash(r.anchor), filepath.ToSlash(r.anchoredAt), RootFlag)
		}
		dir = r.anchor
	} else if dir, err = r.rootOf(abs); err != nil {
		return nil, "", err
	}
	return r.open1(dir, abs)
}

// ForOwn is For with the root found from p itself, for a place archie
// writes to (docs -o) and reads back only to compare: it may lie outside
// the architecture's root.
func (r *Roots) ForOwn(p string) (*FS, string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, "", err
	}
	dir, err := r.rootOf(abs)
	if err != nil {
		dir = discover(abs) // outside --root: a place of the user's own
	}
	return r.open1(dir, abs)
}

func (r *Roots) open1(dir, abs string) (*FS, string, error) {
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
	return discover(abs), nil
}

// discover finds the root around the absolute path abs: the repository,
// else the directory.
func discover(abs string) string {
	start := abs
	// A path that is not a directory itself (a file, a link, nothing yet)
	// starts from the directory that holds it. Lstat: a link is not
	// followed to find where to start.
	if info, err := os.Lstat(abs); err != nil || !info.IsDir() {
		start = filepath.Dir(abs)
	}
	if repo := RepoRoot(start); repo != "" {
		return repo
	}
	// Outside a repository, the working directory when it holds the path:
	// where the user runs archie, with the README and price table beside
	// the architecture.
	if wd, err := os.Getwd(); err == nil && within(wd, start) {
		return wd
	}
	// A path still to be written (docs -o site/new): the nearest
	// directory that exists.
	for {
		if info, err := os.Stat(start); err == nil && info.IsDir() {
			return start
		}
		parent := filepath.Dir(start)
		if parent == start {
			return start
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
	// A command's run is short: its file system keeps the directories it
	// walks open.
	f.dirs = &dirCache{roots: map[string]*dirRoot{}}
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
