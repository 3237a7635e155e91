package schema

import (
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// SkippedDirs are the directories a recursive walk leaves out unless asked
// to enter them: test fixtures (which are often invalid on purpose),
// vendored and installed dependencies. Hidden directories (.git, .venv,
// .terraform) are skipped too.
var SkippedDirs = []string{"node_modules", "testdata", "vendor"}

// Walk says which directories a recursive walk enters.
type Walk struct {
	// Recursive enters the directories below the root.
	Recursive bool
	// Include names directories to enter although they are skipped by
	// default (--include-dir testdata).
	Include []string
}

// Skip reports whether a recursive walk leaves out the directory name
// (the base name, not the path).
func (w Walk) Skip(name string) bool {
	if slices.Contains(w.Include, name) {
		return false
	}
	return strings.HasPrefix(name, ".") && name != "." && name != ".." || slices.Contains(SkippedDirs, name)
}

// Discover lists the architectures under root in fsys: root itself, and
// with w.Recursive every directory below it that holds *.arch.hcl files,
// less those w skips.
func Discover(fsys fs.FS, root string, w Walk) ([]string, error) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() || !w.Recursive {
		return []string{root}, nil
	}
	var dirs []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && w.Skip(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), FileSuffix) {
			dir := path.Dir(p)
			if len(dirs) == 0 || dirs[len(dirs)-1] != dir {
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	sort.Strings(dirs)
	return dirs, err
}
