package lsp

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// overlay is the file system the server lints: the disk, with the editor's
// unsaved buffers laid over it. An open buffer wins over the file on disk,
// and a buffer of a file not yet saved shows up in its directory listing,
// so the loader and lint.LintProject see exactly what the editor shows.
// Every file the server reads goes through here.
type overlay struct {
	base fs.FS // rooted at "/": names have no leading slash

	mu      sync.RWMutex
	buffers map[string][]byte // by name in base
}

func newOverlay(base fs.FS) *overlay {
	return &overlay{base: base, buffers: map[string][]byte{}}
}

// set lays a buffer over name; clear removes it.
func (o *overlay) set(name string, src []byte) {
	o.mu.Lock()
	o.buffers[name] = src
	o.mu.Unlock()
}

func (o *overlay) clear(name string) {
	o.mu.Lock()
	delete(o.buffers, name)
	o.mu.Unlock()
}

func (o *overlay) buffer(name string) ([]byte, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	b, ok := o.buffers[name]
	return b, ok
}

// Open implements fs.FS.
func (o *overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := o.buffer(name); ok {
		return &bufferFile{Reader: bytes.NewReader(b), info: bufferInfo{name: path.Base(name), size: int64(len(b))}}, nil
	}
	return o.base.Open(name)
}

// ReadFile implements fs.ReadFileFS.
func (o *overlay) ReadFile(name string) ([]byte, error) {
	if b, ok := o.buffer(name); ok {
		return slices.Clone(b), nil
	}
	return fs.ReadFile(o.base, name)
}

// Stat implements fs.StatFS.
func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if b, ok := o.buffer(name); ok {
		return bufferInfo{name: path.Base(name), size: int64(len(b))}, nil
	}
	return fs.Stat(o.base, name)
}

// ReadDir implements fs.ReadDirFS: the directory on disk plus the buffers
// in it that are not saved yet, sorted by name.
func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	var extra []fs.DirEntry
	o.mu.RLock()
	for p, b := range o.buffers {
		if path.Dir(p) != name {
			continue
		}
		base := path.Base(p)
		if !slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == base }) {
			extra = append(extra, fs.FileInfoToDirEntry(bufferInfo{name: base, size: int64(len(b))}))
		}
	}
	o.mu.RUnlock()
	if err != nil && len(extra) == 0 {
		return nil, err
	}
	entries = append(entries, extra...)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

type bufferFile struct {
	*bytes.Reader
	info bufferInfo
}

func (f *bufferFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *bufferFile) Close() error               { return nil }

var _ io.ReaderAt = (*bufferFile)(nil)

type bufferInfo struct {
	name string
	size int64
}

func (i bufferInfo) Name() string       { return i.name }
func (i bufferInfo) Size() int64        { return i.size }
func (i bufferInfo) Mode() fs.FileMode  { return 0o444 }
func (i bufferInfo) ModTime() time.Time { return time.Time{} }
func (i bufferInfo) IsDir() bool        { return false }
func (i bufferInfo) Sys() any           { return nil }
