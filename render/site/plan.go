package site

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
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

// Plan compares files with what the output directory fsys holds and lists
// the changes, sorted by path; files already as they should be are left
// out. With prune, files archie wrote earlier and no longer writes are
// removed: Markdown pages that open with GeneratedMarker, and any SVG in
// diagrams/. Nothing else in the directory is touched.
func Plan(fsys fs.FS, files []File, prune bool) ([]Change, error) {
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
	if prune {
		stale, err := stale(fsys, want)
		if err != nil {
			return nil, err
		}
		for _, p := range stale {
			out = append(out, Change{Path: p, Op: OpRemove})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// stale lists the generated files in fsys that are not wanted any more.
// It looks only where a site puts files (the root and its page and
// diagram directories, not below them), so another site generated in a
// subdirectory is never taken for a stale part of this one.
func stale(fsys fs.FS, want map[string]bool) ([]string, error) {
	var out []string
	for _, dir := range []string{".", servicesDir, patternsDir, workloadsDir, assetDir} {
		entries, err := fs.ReadDir(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if want[p] || !e.Type().IsRegular() {
				continue
			}
			switch {
			case dir == assetDir && strings.HasSuffix(p, ".svg"):
				out = append(out, p)
			case strings.HasSuffix(p, ".md"):
				generated, err := opensWith(fsys, p, GeneratedMarker)
				if err != nil {
					return nil, err
				}
				if generated {
					out = append(out, p)
				}
			}
		}
	}
	return out, nil
}

func opensWith(fsys fs.FS, p, prefix string) (bool, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return false, err
	}
	defer f.Close()
	buf := make([]byte, len(prefix))
	n, _ := io.ReadFull(f, buf)
	return string(buf[:n]) == prefix, nil
}
