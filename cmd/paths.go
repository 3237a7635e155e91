package cmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// target maps a path from the command line to a file system, the path in
// it, and the name to show in messages (the path as the user wrote it).
func target(p string) (fs.FS, string, string, error) {
	if p == "-" {
		return nil, "", "", usagef("-: standard input is read only by archie fmt; give a file or a directory")
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, "", "", err
	}
	display := filepath.ToSlash(filepath.Clean(p))
	rel := strings.TrimPrefix(filepath.ToSlash(abs), "/")
	if rel == "" {
		rel = "."
	}
	return os.DirFS("/"), rel, display, nil
}
