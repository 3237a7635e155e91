package ir

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/pathtext"
)

// Bounds of what one import follows from file to file: nested stacks and
// applications, Terraform local modules. A chain deeper than MaxDepth or
// more than MaxFollowed files in all are not followed, with a warning.
const (
	MaxDepth    = 8
	MaxFollowed = 256
)

// LocalPathError is a path a template names that archie does not read:
// absolute, or leading out of the directory tree archie reads from.
type LocalPathError struct {
	Path   string
	Reason string
}

func (e *LocalPathError) Error() string { return e.Reason }

// LocalPath resolves p, a path a template or configuration names relative
// to its directory dir (a name in the importer's file system), to a name
// in that file system. Absolute paths and paths that climb out of the file
// system's root are refused: what they name is never read. The file
// system itself (fsroot.FS) refuses what leaves the root archie reads
// from, links included.
func LocalPath(dir, p string) (string, error) {
	slashed := strings.ReplaceAll(p, "\\", "/")
	if strings.HasPrefix(slashed, "/") || len(slashed) >= 2 && slashed[1] == ':' || strings.ContainsRune(p, 0) {
		return "", &LocalPathError{Path: p, Reason: "an absolute path; archie reads only paths relative to the file that names them, inside the directory it reads from"}
	}
	full := path.Clean(path.Join(dir, slashed))
	if full == ".." || strings.HasPrefix(full, "../") {
		return "", &LocalPathError{Path: p, Reason: "outside the directory archie reads from; give " + fsroot.RootFlag + " with a directory that holds it to follow it"}
	}
	return full, nil
}

// ReadLocal reads the file p names relative to dir, through fsys.
func ReadLocal(fsys fs.FS, dir, p string) (full string, src []byte, err error) {
	full, err = LocalPath(dir, p)
	if err != nil {
		return "", nil, err
	}
	src, err = fs.ReadFile(fsys, full)
	return full, src, err
}

// Unreadable says in a few words why a file was not read, for a warning
// that names the file: never its content.
func Unreadable(err error) string {
	var lp *LocalPathError
	var out *fsroot.OutsideError
	var nr *fsroot.NotRegularError
	var tl *fsroot.TooLargeError
	switch {
	case errors.As(err, &lp):
		return "it is " + lp.Reason
	case errors.As(err, &out):
		return "it is outside " + out.Root + ", the directory archie reads from (a .. or a symbolic link leads out); give " + fsroot.RootFlag + " with a directory that holds it to follow it"
	case errors.As(err, &nr):
		return strings.TrimPrefix(nr.Error(), "not read: ")
	case errors.As(err, &tl):
		return strings.TrimPrefix(tl.Error(), "not read: ")
	case errors.Is(err, fs.ErrNotExist):
		return "there is no such file"
	}
	return fmt.Sprint(pathtext.Cause(err))
}
