// Package fsroot is archie's boundary with the disk. Every file archie
// reads goes through an FS confined to one directory, the root (the
// repository around the architecture, the architecture's own directory, or
// what --root names), and every file it writes goes through Create or
// WriteFile, which write a temporary file beside the target and rename it
// over it, and never write through a symbolic link.
//
// The inputs are hostile: archie runs on pull requests from forks, whose
// files may be symbolic links to /proc/self/environ, named pipes or
// /dev/zero. The FS refuses a path that leaves the root (by "..", an
// absolute symbolic link or a link that resolves outside), anything but a
// regular file, and a file over a size limit, before reading a byte.
package fsroot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// DefaultMaxFileSize is the size limit of one input file. The largest
// inputs archie reads are CloudFormation templates, which AWS caps at 1 MB
// in S3 (CloudFormation quotas, docs.aws.amazon.com/AWSCloudFormation/
// latest/UserGuide/cloudformation-limits.html, read 2026-12), and
// architectures, far smaller; 8 MiB leaves room for generated Terraform and
// large baselines while a hostile 56 MB file is refused.
const DefaultMaxFileSize int64 = 8 << 20

// RootFlag is the command-line flag that names the root; errors tell the
// user to give it.
const RootFlag = "--root"

// SizeFlag is the command-line flag that raises the size limit.
const SizeFlag = "--max-file-size"

// FS is a read-only file system over the whole disk, named like
// os.DirFS("/") (names are absolute paths without the leading slash), that
// answers only inside its root directory. It implements fs.StatFS; Open
// refuses what is not a regular file or a directory, and files over the
// size limit.
type FS struct {
	dir     string // the root as an absolute OS path
	name    string // the root as an fs.FS name: "home/u/repo", or "." for "/"
	root    *os.Root
	escape  error // the error os.Root gives for a path that leaves it
	maxSize int64
	dirs    *dirCache // nil: every name resolves from root
}

// Open confines reads to dir (an existing directory; relative paths are
// taken from the working directory). maxSize <= 0 means
// DefaultMaxFileSize.
func Open(dir string, maxSize int64) (*FS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	r, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	// os.Root reports a path that escapes it with an unexported error;
	// take it from a path known to escape so errors.Is can recognise it.
	var escape error
	if _, err := r.Lstat(".."); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			escape = pe.Err
		}
	}
	name := strings.TrimPrefix(filepath.ToSlash(abs), "/")
	if name == "" {
		name = "."
	}
	return &FS{dir: abs, name: name, root: r, escape: escape, maxSize: maxSize}, nil
}

// Dir is the root as an absolute OS path.
func (f *FS) Dir() string { return f.dir }

// MaxFileSize is the size limit of one file.
func (f *FS) MaxFileSize() int64 { return f.maxSize }

// Name maps an OS path to the name it has in f (absolute, slashes, no
// leading slash), whether or not it lies inside the root.
func Name(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	name := strings.TrimPrefix(filepath.ToSlash(abs), "/")
	if name == "" {
		name = "."
	}
	return name, nil
}

// OutsideError is a path that leaves the root.
type OutsideError struct {
	Root string // the root, an absolute OS path
	Link bool   // a symbolic link leads out, rather than the name itself
}

func (e *OutsideError) Error() string {
	if e.Link {
		return fmt.Sprintf("not read: a symbolic link on the way is absolute or leads out of %s, the directory archie reads from; archie follows only relative links that stay inside it, so give %s with a directory that holds the link's target", e.Root, RootFlag)
	}
	return fmt.Sprintf("not read: it is outside %s, the directory archie reads from; to allow it, give %s with a directory that holds both", e.Root, RootFlag)
}

// NotRegularError is a path to something other than a regular file or a
// directory: a named pipe, a device, a socket, or a pseudo-file whose size
// is not known before it is read (/proc, /sys).
type NotRegularError struct{ Kind string }

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("not read: it is %s; archie reads only regular files", e.Kind)
}

// TooLargeError is a file over the size limit.
type TooLargeError struct{ Size, Max int64 }

func (e *TooLargeError) Error() string {
	size := FormatSize(e.Size) + " or more"
	if e.Size > e.Max {
		size = FormatSize(e.Size)
	}
	return fmt.Sprintf("not read: it is %s, over the limit of %s a file; give %s to raise it", size, FormatSize(e.Max), SizeFlag)
}

// FormatSize writes a byte count the way --max-file-size reads it.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// rel maps a name of f to a path inside the root, or fails with an
// *OutsideError.
func (f *FS) rel(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		// fs.FS names never hold "..": a caller that joined one too many
		// has left the disk's root, and so this one.
		if strings.HasPrefix(name, "../") || name == ".." || strings.HasPrefix(name, "/") {
			return "", &fs.PathError{Op: op, Path: name, Err: &OutsideError{Root: f.dir}}
		}
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	switch {
	case f.name == ".":
		return name, nil
	case name == f.name:
		return ".", nil
	case strings.HasPrefix(name, f.name+"/"):
		return name[len(f.name)+1:], nil
	}
	return "", &fs.PathError{Op: op, Path: name, Err: &OutsideError{Root: f.dir}}
}

// wrap turns os.Root's escape error into an *OutsideError.
func (f *FS) wrap(op, name string, err error) error {
	if err == nil {
		return nil
	}
	if f.escape != nil && errors.Is(err, f.escape) {
		return &fs.PathError{Op: op, Path: name, Err: &OutsideError{Root: f.dir, Link: true}}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: op, Path: name, Err: pe.Err}
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// Stat follows symbolic links inside the root. It implements fs.StatFS.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	rel, err := f.rel("stat", name)
	if err != nil {
		return nil, err
	}
	info, err := inDir(f, rel, (*os.Root).Stat)
	return info, f.wrap("stat", name, err)
}

// Open opens a regular file within the size limit, or a directory. A
// symbolic link is followed only when it stays inside the root and ends
// at a regular file. The type is checked before the file is opened, and
// the file is opened without blocking, so a named pipe cannot hang it.
func (f *FS) Open(name string) (fs.File, error) {
	rel, err := f.rel("open", name)
	if err != nil {
		return nil, err
	}
	linfo, err := inDir(f, rel, (*os.Root).Lstat)
	if err != nil {
		return nil, f.wrap("open", name, err)
	}
	info, err := inDir(f, rel, (*os.Root).Stat)
	if err != nil {
		return nil, f.wrap("open", name, err)
	}
	if linfo.Mode()&fs.ModeSymlink != 0 && !info.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Kind: "a symbolic link to " + kind(info.Mode())}}
	}
	if err := f.check(info); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	file, err := inDir(f, rel, func(r *os.Root, name string) (*os.File, error) {
		return r.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	})
	if err != nil {
		return nil, f.wrap("open", name, err)
	}
	// What was opened may not be what was looked at: check again.
	info, err = file.Stat()
	if err == nil {
		err = f.check(info)
	}
	if err != nil {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if info.IsDir() {
		return file, nil
	}
	return &regularFile{File: file, name: name, size: info.Size()}, nil
}

// check accepts directories and regular files within the size limit.
func (f *FS) check(info fs.FileInfo) error {
	m := info.Mode()
	switch {
	case m.IsDir():
		return nil
	case !m.IsRegular():
		return &NotRegularError{Kind: kind(m)}
	case info.Size() > f.maxSize:
		return &TooLargeError{Size: info.Size(), Max: f.maxSize}
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "not a regular file"
}

// regularFile reads no more than the size its Stat reported: a file that
// yields more is a pseudo-file (/proc/self/environ reports 0 bytes) or is
// being written while archie reads it, and its content is not used.
type regularFile struct {
	*os.File
	name string
	size int64
	read int64
}

func (r *regularFile) Read(p []byte) (int, error) {
	if r.read >= r.size {
		// One more read tells a true end from a pseudo-file.
		var one [1]byte
		n, err := r.File.Read(one[:])
		if n > 0 {
			return 0, &fs.PathError{Op: "read", Path: r.name, Err: &NotRegularError{Kind: "a pseudo-file that is larger than its size says (as in /proc), or it grew while read"}}
		}
		if err == nil {
			err = io.EOF
		}
		return 0, err
	}
	if rest := r.size - r.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := r.File.Read(p)
	r.read += int64(n)
	if err == io.EOF && r.read < r.size {
		// Shrunk while read: what was read is all there is.
		return n, io.EOF
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// ReadDir lists a directory of the root. It implements fs.ReadDirFS.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	dir, ok := file.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	entries, err := dir.ReadDir(-1)
	sortEntries(entries)
	return entries, err
}

// ReadFile reads a whole regular file. It implements fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	buf := make([]byte, 0, info.Size()+1)
	for {
		n, err := file.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

func sortEntries(entries []fs.DirEntry) {
	// os.File.ReadDir does not sort; fs.ReadDir promises sorted names.
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
}

// Contains reports whether the OS path p lies inside the root, by name
// (symbolic links are not resolved).
func (f *FS) Contains(p string) bool {
	name, err := Name(p)
	if err != nil {
		return false
	}
	_, err = f.rel("stat", name)
	return err == nil
}

// RelName is the name of the OS path p relative to the root, slash
// separated, or "" when p is outside it.
func (f *FS) RelName(p string) string {
	name, err := Name(p)
	if err != nil {
		return ""
	}
	rel, err := f.rel("stat", name)
	if err != nil {
		return ""
	}
	return path.Clean(rel)
}

var _ interface {
	fs.StatFS
	fs.ReadDirFS
	fs.ReadFileFS
} = (*FS)(nil)
