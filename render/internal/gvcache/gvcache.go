// Package gvcache keeps go-graphviz from panicking at start-up when its
// compilation cache directory belongs to someone else.
//
// go-graphviz compiles its WebAssembly build of Graphviz in a package init,
// with a cache in $TMPDIR/go-graphviz. When that directory exists but is not
// writable (another user on the machine, or a container run as root, made
// it first), the init panics, and with it every archie command, even
// 'archie version'. This package's init runs first: Go initialises packages
// in import-path order once their imports are ready, and
// github.com/archiehq sorts before github.com/goccy and the wazero runtime
// it needs. It then points TMPDIR at a directory of this user's own.
package gvcache

import (
	"fmt"
	"os"
	"path/filepath"
)

func init() {
	tmp := os.TempDir()
	shared := filepath.Join(tmp, "go-graphviz")
	if _, err := os.Stat(shared); err != nil || usable(shared) {
		return // go-graphviz creates it, or can use it
	}
	own := filepath.Join(tmp, fmt.Sprintf("archie-%d", os.Getuid()))
	if err := os.MkdirAll(own, 0o700); err != nil || !writable(own) {
		return // go-graphviz then fails to create its cache and goes without
	}
	os.Setenv("TMPDIR", own)
}

// usable reports whether go-graphviz can use the cache at dir: every
// directory in it writable and every file readable. It holds a compiled
// module per runtime version, so this is a handful of entries.
func usable(dir string) bool {
	ok := true
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			ok = false
		case d.IsDir():
			ok = writable(p)
		default:
			f, err := os.Open(p)
			if err == nil {
				f.Close()
			}
			ok = err == nil
		}
		if !ok {
			return filepath.SkipAll
		}
		return nil
	})
	return ok
}

// writable reports whether a file can be created in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".archie-probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}
