package fsroot

import (
	"errors"
	"os"
	"path"
	"sync"
)

// os.Root resolves a name one component at a time, opening and closing
// every directory on the way, so a name n directories deep costs n opens,
// and Open looks at a name three times (Lstat, Stat, OpenFile). A
// recursive walk of a tree 15 directories deep (vendored Python packages
// in a repository of examples) spent a third of its time there. A dirCache
// keeps the last directories used open as roots of their own, so a name
// resolves from its directory: one component for the files of a directory
// being walked.
//
// A directory root answers only inside that directory. What it refuses as
// an escape (a symbolic link to a sibling directory, which the FS's root
// allows) is asked again of the FS's root, so the answers are the FS's
// own. The cache is for one command's run: a directory renamed while
// it is held open is still read where it went, so a long-lived FS (the
// language server's) does not keep one.
type dirCache struct {
	mu    sync.Mutex
	roots map[string]*dirRoot
	tick  uint64
}

type dirRoot struct {
	root *os.Root
	used uint64 // tick of the last use, for eviction
	refs int    // callers using root now; closed when evicted and unused
	gone bool   // evicted: close when refs drops to 0
}

// dirCacheSize is how many directories stay open: enough for the
// directories of a walk's current path and the ones a discovery reads
// again soon after, far below any limit on open files.
const dirCacheSize = 32

// dirOf returns the root of the directory dir (a cleaned name relative to
// the FS's root, "." for the root itself) and a release function, or nil
// when dir cannot be opened as a root of its own (then the caller uses the
// FS's root).
func (f *FS) dirOf(dir string) (*os.Root, func()) {
	c := f.dirs
	if c == nil || dir == "." {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	if d, ok := c.roots[dir]; ok {
		d.used, d.refs = c.tick, d.refs+1
		return d.root, c.release(d)
	}
	// Open from the nearest cached ancestor, one component further.
	from, rest := f.root, dir
	if parent := path.Dir(dir); parent != "." {
		if d, ok := c.roots[parent]; ok {
			from, rest = d.root, path.Base(dir)
			d.used = c.tick
		}
	}
	r, err := from.OpenRoot(rest)
	if err != nil && from != f.root {
		// A link out of the ancestor that the FS's root may allow.
		r, err = f.root.OpenRoot(dir)
	}
	if err != nil {
		return nil, nil
	}
	if len(c.roots) >= dirCacheSize {
		c.evict()
	}
	d := &dirRoot{root: r, used: c.tick, refs: 1}
	c.roots[dir] = d
	return r, c.release(d)
}

// release returns the function that ends one use of d. Called with c.mu held.
func (c *dirCache) release(d *dirRoot) func() {
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		d.refs--
		if d.gone && d.refs == 0 {
			d.root.Close()
		}
	}
}

// evict drops the least recently used directory. Called with c.mu held.
func (c *dirCache) evict() {
	var oldest string
	var min uint64
	for name, d := range c.roots {
		if oldest == "" || d.used < min {
			oldest, min = name, d.used
		}
	}
	d := c.roots[oldest]
	delete(c.roots, oldest)
	d.gone = true
	if d.refs == 0 {
		d.root.Close()
	}
}

// inDir runs op on rel (a name relative to the FS's root) from the root
// of rel's directory when the cache holds or can open it, else from the
// FS's root; an escape refused by the directory's root is tried again
// from the FS's root, which decides.
func inDir[T any](f *FS, rel string, op func(r *os.Root, name string) (T, error)) (T, error) {
	if rel != "." {
		if r, release := f.dirOf(path.Dir(rel)); r != nil {
			v, err := op(r, path.Base(rel))
			release()
			if err == nil || f.escape == nil || !errors.Is(err, f.escape) {
				return v, err
			}
		}
	}
	return op(f.root, rel)
}
