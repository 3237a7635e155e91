//go:build !unix

package wasmrt

import (
	"io/fs"
	"os"
)

// ownedByMe: without Unix owners, the user's cache directory is private
// by the system's own permissions.
func ownedByMe(fs.FileInfo) bool { return true }

func openNoBlock(p string) (*os.File, error) { return os.Open(p) }
