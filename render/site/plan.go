package site

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

// Op is what writing the output does to one file.
type Op string

// The operations.
const (
	OpCreate Op = "create"
	OpUpdate Op = "update"
	OpRemove Op = "remove"
)

// Change is one file the output creates, updates or removes.
type Change struct {
	Path string // relative to the output root
	Op   Op
	Data []byte // the new content; nil for a removal
}

// ManifestName is the file in a Markdown output directory that lists the
// files archie wrote there, one path a line: the only files it will ever
// remove.
const ManifestName = ".archie-manifest"

const manifestHead = "# The files archie docs wrote in this directory. It removes only files listed\n# here that it no longer writes; edit the list to keep or drop a file.\n"

// Plan compares files with what the output directory fsys holds and lists
// the changes, sorted by path; files already as they should be are left
// out. With prune, the directory keeps a manifest (ManifestName) of the
// files written, and files the previous manifest lists that are no longer
// written are removed. Nothing else in the directory is touched: not a
// page that merely looks generated, not anything behind a symbolic link.
func Plan(fsys fs.FS, files []File, prune bool) ([]Change, error) {
	var old []string
	if prune {
		var err error
		if old, err = readManifest(fsys); err != nil {
			return nil, err
		}
		files = append(files[:len(files):len(files)], File{Path: ManifestName, Data: manifest(files)})
	}
	var out []Change
	want := map[string]bool{}
	for _, f := range files {
		want[f.Path] = true
		old, err := fs.ReadFile(fsys, f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, Change{Path: f.Path, Op: OpCreate, Data: f.Data})
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Data):
			out = append(out, Change{Path: f.Path, Op: OpUpdate, Data: f.Data})
		}
	}
	for _, p := range old {
		if want[p] {
			continue
		}
		regular, err := isRegular(fsys, p)
		if err != nil {
			return nil, err
		}
		if regular {
			out = append(out, Change{Path: p, Op: OpRemove})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// manifest lists the paths of files, sorted, under a header.
func manifest(files []File) []byte {
	paths := make([]string, 0, len(files)+1)
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	paths = append(paths, ManifestName)
	sort.Strings(paths)
	var b bytes.Buffer
	b.WriteString(manifestHead)
	for _, p := range slices.Compact(paths) {
		b.WriteString(p + "\n")
	}
	return b.Bytes()
}

// readManifest lists the files the previous run wrote; none when there is
// no manifest. Lines that are not a plain relative path are ignored.
func readManifest(fsys fs.FS) ([]string, error) {
	src, err := fs.ReadFile(fsys, ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || line == ManifestName || !fs.ValidPath(line) || line == "." {
			continue
		}
		out = append(out, line)
	}
	return out, nil
}

// isRegular reports whether p is a regular file, without following a
// symbolic link in its place.
func isRegular(fsys fs.FS, p string) (bool, error) {
	entries, err := fs.ReadDir(fsys, path.Dir(p))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, e := range entries {
		if e.Name() == path.Base(p) {
			return e.Type().IsRegular(), nil
		}
	}
	return false, nil
}
