package fsroot

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

type writer = io.Writer

// LinkError is a write refused because the path goes through a symbolic
// link: archie never writes through one, so a link committed in a
// repository cannot send a write outside it.
type LinkError struct {
	Path string // the link, as an OS path
	Dir  bool   // the link is a directory on the way, not the file itself
}

func (e *LinkError) Error() string {
	what := "the file to write"
	if e.Dir {
		what = "a directory on the way"
	}
	return fmt.Sprintf("%s: %s is a symbolic link, and archie never writes through one; replace the link with a real file or directory, or write somewhere else", filepath.ToSlash(e.Path), what)
}

// NotFileError is a write refused because the target exists and is not a
// regular file (a directory, a named pipe, a device).
type NotFileError struct {
	Path string
	Kind string
}

func (e *NotFileError) Error() string {
	return fmt.Sprintf("%s: not written: it is %s, not a regular file", filepath.ToSlash(e.Path), e.Kind)
}

// File is a file being written: its data goes to a temporary file in the
// same directory, which Commit renames over the target, so the target is
// either as it was or complete, never half written. The target's mode is
// kept; a new file gets the mode Create was given, less the umask.
type File struct {
	target string
	tmp    *os.File
	w      io.Writer
	err    error // the first write error
}

// Create starts writing name. It refuses a name that goes through a
// symbolic link inside the root (see CheckPath) or that exists and is not
// a regular file. The directory must exist (see MkdirAll).
func (r *Roots) Create(name string, perm fs.FileMode) (*File, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return nil, err
	}
	if err := r.CheckPath(abs); err != nil {
		return nil, err
	}
	mode := perm
	keep := false
	if info, err := os.Lstat(abs); err == nil {
		if !info.Mode().IsRegular() {
			return nil, &NotFileError{Path: abs, Kind: kind(info.Mode())}
		}
		mode, keep = info.Mode().Perm(), true
	}
	tmp, err := createTemp(filepath.Dir(abs), filepath.Base(abs), perm)
	if err != nil {
		return nil, err
	}
	if keep {
		// Not through the umask: the file keeps exactly the mode it had.
		if err := tmp.Chmod(mode); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, err
		}
	}
	f := &File{target: abs, tmp: tmp, w: tmp}
	if r.wrap != nil {
		f.w = r.wrap(tmp)
	}
	return f, nil
}

// createTemp makes a new file beside base in dir, with O_EXCL so it is
// never an existing file or link.
func createTemp(dir, base string, perm fs.FileMode) (*os.File, error) {
	for range 16 {
		var b [6]byte
		rand.Read(b[:])
		p := filepath.Join(dir, "."+base+".archie-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("%s: cannot create a temporary file", filepath.ToSlash(dir))
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.w.Write(p)
	if err != nil {
		f.err = err
	}
	return n, err
}

// Commit makes the data the target's: it flushes the temporary file to
// disk and renames it over the target. On any error the target is left as
// it was and the temporary file removed.
func (f *File) Commit() error {
	if f.err != nil {
		f.Abort()
		return f.fail(f.err)
	}
	if err := f.tmp.Sync(); err != nil {
		f.Abort()
		return f.fail(err)
	}
	if err := f.tmp.Close(); err != nil {
		os.Remove(f.tmp.Name())
		return f.fail(err)
	}
	if err := os.Rename(f.tmp.Name(), f.target); err != nil {
		os.Remove(f.tmp.Name())
		return f.fail(err)
	}
	return nil
}

func (f *File) fail(err error) error {
	return fmt.Errorf("writing %s: %w; the file is unchanged", filepath.ToSlash(f.target), err)
}

// Abort drops what was written; the target is unchanged. It may be
// called after Commit, and then does nothing.
func (f *File) Abort() {
	if f.tmp == nil {
		return
	}
	f.tmp.Close()
	os.Remove(f.tmp.Name())
	f.tmp = nil
}

// WriteFile writes data to name the way Create and Commit do.
func (r *Roots) WriteFile(name string, data []byte, perm fs.FileMode) error {
	f, err := r.Create(name, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return f.Commit() // reports the write error and removes the temporary file
	}
	return f.Commit()
}

// MkdirAll creates dir and its parents, refusing a path that goes through
// a symbolic link inside the root.
func (r *Roots) MkdirAll(dir string, perm fs.FileMode) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := r.CheckPath(abs); err != nil {
		return err
	}
	if info, err := os.Lstat(abs); err == nil && !info.IsDir() {
		return &NotFileError{Path: abs, Kind: kind(info.Mode()) + ", not a directory, and"}
	}
	return os.MkdirAll(abs, perm)
}

// Remove removes the regular file name; a symbolic link on the way or in
// its place is refused, and a file already gone is no error.
func (r *Roots) Remove(name string) error {
	abs, err := filepath.Abs(name)
	if err != nil {
		return err
	}
	if err := r.CheckPath(abs); err != nil {
		return err
	}
	info, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return &NotFileError{Path: abs, Kind: kind(info.Mode())}
	}
	return os.Remove(abs)
}

// Exists reports whether something, even a dangling symbolic link, is at
// name: what a no-overwrite check must ask, since writing there would
// replace it.
func Exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// CheckPath refuses an absolute path to write that goes through a symbolic
// link: the path itself, and every directory on the way below the
// directory that bounds what the repository controls (--root when it holds
// the path, else the repository around it, else the working directory
// when it holds the path). Directories above that bound are the user's
// own and not checked (on macOS /tmp itself is a link).
func (r *Roots) CheckPath(abs string) error {
	bound := r.linkBound(abs)
	// Walk down from the bound to abs, checking what exists.
	var chain []string
	for d := abs; ; {
		chain = append(chain, d)
		parent := filepath.Dir(d)
		if bound == "" || d == bound || parent == d {
			break
		}
		d = parent
	}
	for i := len(chain) - 1; i >= 0; i-- {
		p := chain[i]
		if bound != "" && p == bound && p != abs {
			continue
		}
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // the rest will be created
		}
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return &LinkError{Path: p, Dir: p != abs}
		}
		if p != abs && !info.IsDir() {
			return &NotFileError{Path: p, Kind: kind(info.Mode()) + " where a directory was expected, and"}
		}
	}
	return nil
}

// linkBound is the directory below which every component of abs is
// checked for links, or "" to check abs alone.
func (r *Roots) linkBound(abs string) string {
	if r.Root != "" {
		if root, err := filepath.Abs(r.Root); err == nil && within(root, abs) {
			return root
		}
	}
	if repo := RepoRoot(filepath.Dir(abs)); repo != "" {
		return repo
	}
	if wd, err := os.Getwd(); err == nil && within(wd, abs) {
		return wd
	}
	return ""
}
