package schema

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Discover lists the architectures under root in fsys: root itself, and
// with recursive every directory below it that holds *.arch.hcl files.
// Hidden directories (".git") and node_modules are skipped.
func Discover(fsys fs.FS, root string, recursive bool) ([]string, error) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() || !recursive {
		return []string{root}, nil
	}
	var dirs []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
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
