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

// WalkTree is the one recursive walk of a source tree: lint's and the
// importers' discovery and fmt go through it. It calls visit for root and
// for what lies below it in lexical order, leaving out the directories w
// skips (but never root itself), and below root only when w.Recursive.
// An entry that cannot be read stops the walk with its error, which names
// the path: a directory archie cannot read is reported, not passed over.
func WalkTree(fsys fs.FS, root string, w Walk, visit func(p string, d fs.DirEntry) error) error {
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (!w.Recursive || w.Skip(d.Name())) {
			return fs.SkipDir
		}
		return visit(p, d)
	})
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
	err = WalkTree(fsys, root, w, func(p string, d fs.DirEntry) error {
		if !d.IsDir() && strings.HasSuffix(d.Name(), FileSuffix) {
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
