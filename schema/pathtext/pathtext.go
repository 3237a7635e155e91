// Package pathtext holds how messages name files: a path as the user
// wrote it joined with a name found below it, and the cause of a file
// error without the operation and path that the message already shows.
package pathtext

import (
	"errors"
	"io/fs"
	"strings"
)

// Join appends name to dir as messages show it: "." and "" vanish, a
// trailing slash is not doubled. It does not clean the path, so the
// user's spelling of dir ("./infra", "../app") stays as written.
func Join(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

// Cause is what went wrong with a file, without the "open x:" that an
// *fs.PathError puts in front: the message names the file itself, as the
// user wrote it rather than as the file system saw it. Other errors are
// returned as they are.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
