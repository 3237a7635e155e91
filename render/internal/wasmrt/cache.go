// Package wasmrt sets up the wazero runtimes archie draws with (Graphviz's
// layout engine and resvg's rasteriser): a private compilation cache whose
// entries are verified before use, and linear memory reserved once.
package wasmrt

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"

	"github.com/archiehq/archie/schema/lazyregexp"
)

// Cache is a wazero compilation cache in a directory only this user may
// write, each entry checked against the SHA-256 recorded when it was
// written. wazero itself trusts the directory ("the embedder must
// safeguard this directory from external changes", NewCompilationCacheWithDir)
// and guards an entry with a CRC32 only: a planted entry would run as
// native code.
//
// Layout: dir/wazero-VERSION-ARCH-OS/KEY is wazero's entry (KEY the hex
// SHA-256 of the module and runtime), KEY.sha256 archie's hex SHA-256 of
// that entry's content.
type Cache struct {
	dir  string
	note func(string)
	cc   wazero.CompilationCache

	mu       sync.Mutex
	verified map[string]bool // entries checked or sealed in this process
}

// entryName is the name wazero gives an entry: its key in hex.
var entryName = lazyregexp.New(`^[0-9a-f]{64}$`)

const hashSuffix = ".sha256"

// tempName is the name of wazero's temporary file for an entry
// (os.CreateTemp with the pattern KEY.*.tmp), and staleTemp the age from
// which such a file is an abandoned write.
var tempName = lazyregexp.New(`^[0-9a-f]{64}\.[0-9]+\.tmp$`)

const staleTemp = time.Hour

// OpenCache prepares the cache of one engine in root/name, creating it
// 0700, checks that it, root and root's parent are this user's alone (whoever
// may write a parent may swap the directory for another), and verifies
// every entry: one that is not a regular file is removed without being
// opened; one owned by another user, empty, or whose content does not match
// its recorded hash is removed, so wazero compiles it again. Each removal
// and each reason not to use the cache goes to note as one line. When a
// directory belongs to someone else or cannot be made private, OpenCache
// returns nil: compile in memory. Each engine has its own directory, so
// starting one verifies only its own compiled code.
func OpenCache(root, name string, note func(string)) *Cache {
	if note == nil {
		note = func(string) {}
	}
	root, err := filepath.Abs(root)
	if err != nil {
		note(fmt.Sprintf("compile cache %s unusable (%v); compiling in memory", root, err))
		return nil
	}
	dir := filepath.Join(root, name)
	for _, d := range []string{filepath.Dir(root), root, dir} {
		if err := privateDir(d, true); err != nil {
			note(fmt.Sprintf("compile cache %v; compiling in memory", err))
			return nil
		}
	}
	c := &Cache{dir: dir, note: note, verified: map[string]bool{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		note(fmt.Sprintf("compile cache %s unreadable (%v); compiling in memory", dir, err))
		return nil
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeType != fs.ModeDir {
			// Only wazero's version directories belong here, and wazero
			// follows a symbolic link named like one: remove, never open.
			if err := os.Remove(p); err != nil {
				note(fmt.Sprintf("compile cache %s is not a directory and cannot be removed (%v); compiling in memory", p, err))
				return nil
			}
			note(fmt.Sprintf("compile cache %s is not a directory; removed", p))
			continue
		}
		if err := privateDir(p, false); err != nil {
			if rmErr := os.RemoveAll(p); rmErr != nil {
				note(fmt.Sprintf("compile cache %v and cannot be removed; compiling in memory", err))
				return nil
			}
			note(fmt.Sprintf("compile cache %v: removed", err))
			continue
		}
		c.verifyVersionDir(p)
	}
	cc, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		note(fmt.Sprintf("compile cache %s unusable (%v); compiling in memory", dir, err))
		return nil
	}
	c.cc = cc
	return c
}

// Configure adds the cache to a runtime configuration.
func (c *Cache) Configure(cfg wazero.RuntimeConfig) wazero.RuntimeConfig {
	if c == nil {
		return cfg
	}
	return cfg.WithCompilationCache(c.cc)
}

// privateDir checks that dir is a directory, not a symbolic link, owned by
// this user and writable by no one else, tightening its mode if it is
// ours; with create, it makes a missing one (and its parents) 0700.
func privateDir(dir string, create bool) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) && create {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("%s cannot be created (%v)", dir, err)
		}
		fi, err = os.Lstat(dir)
	}
	switch {
	case err != nil:
		return fmt.Errorf("%s unusable (%v)", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	case !ownedByMe(fi):
		return fmt.Errorf("%s belongs to another user", dir)
	case fi.Mode().Perm()&0o077 != 0:
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("%s is open to other users and cannot be made private (%v)", dir, err)
		}
	}
	return nil
}

// verifyVersionDir checks the entries of one of wazero's directories.
func (c *Cache) verifyVersionDir(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		c.note(fmt.Sprintf("compile cache %s unreadable (%v)", dir, err))
		return
	}
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case entryName.MatchString(name):
			if reason := c.check(p); reason != "" {
				c.discard(p, reason)
			} else {
				c.verified[p] = true
			}
		case len(name) == 64+len(hashSuffix) && entryName.MatchString(name[:64]) && name[64:] == hashSuffix:
			if _, err := os.Lstat(p[:len(p)-len(hashSuffix)]); errors.Is(err, fs.ErrNotExist) {
				os.Remove(p) // a hash left by an entry discarded before
			}
		case tempName.MatchString(name):
			// wazero writes an entry to a temporary file renamed into
			// place; a process that exits while compiling leaves it
			// behind. One that old is no other process's work in progress.
			if fi, err := os.Lstat(p); err == nil && time.Since(fi.ModTime()) > staleTemp {
				os.Remove(p)
			}
		}
	}
}

// check returns why the entry at p must not be used, or "".
func (c *Cache) check(p string) string {
	fi, err := os.Lstat(p)
	switch {
	case err != nil:
		return err.Error()
	case !fi.Mode().IsRegular():
		return "not a regular file" // a FIFO would block the open forever
	case !ownedByMe(fi):
		return "owned by another user"
	case fi.Size() == 0:
		return "empty"
	}
	want, err := readHash(p + hashSuffix)
	if err != nil {
		return err.Error()
	}
	got, err := hashFile(p, fi)
	if err != nil {
		return err.Error()
	}
	if !bytes.Equal(got, want) {
		return "content does not match its recorded SHA-256"
	}
	return ""
}

// discard removes an entry and its hash; os.Remove opens neither.
func (c *Cache) discard(p, reason string) {
	os.Remove(p + hashSuffix)
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// wazero would read it: better no cache than that one.
		c.note(fmt.Sprintf("compile cache entry %s: %s, and it cannot be removed (%v)", p, reason, err))
		return
	}
	c.note(fmt.Sprintf("compile cache entry %s: %s; discarded, compiling again", p, reason))
}

// readHash reads the hex SHA-256 recorded for an entry.
func readHash(p string) ([]byte, error) {
	fi, err := os.Lstat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("no recorded SHA-256")
		}
		return nil, err
	}
	if !fi.Mode().IsRegular() || !ownedByMe(fi) || fi.Size() != 2*sha256.Size {
		return nil, errors.New("its recorded SHA-256 is not a file of this user's")
	}
	text, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	sum, err := hex.DecodeString(string(text))
	if err != nil || len(sum) != sha256.Size {
		return nil, errors.New("its recorded SHA-256 is unreadable")
	}
	return sum, nil
}

// hashFile hashes the regular file at p, described by fi, refusing it if
// it was replaced since (by a FIFO, say) or changed size.
func hashFile(p string, fi fs.FileInfo) ([]byte, error) {
	f, err := openNoBlock(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	now, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(fi, now) || !now.Mode().IsRegular() {
		return nil, errors.New("replaced while being checked")
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, err
	}
	if n != fi.Size() {
		return nil, errors.New("changed size while being checked")
	}
	return h.Sum(nil), nil
}

// Seal records the SHA-256 of the entries wazero wrote in this process;
// call it after compiling. An entry it cannot seal is compiled again next
// time.
func (c *Cache) Seal() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	dirs, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		vdir := filepath.Join(c.dir, d.Name())
		entries, err := os.ReadDir(vdir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			p := filepath.Join(vdir, e.Name())
			if !entryName.MatchString(e.Name()) || c.verified[p] {
				continue
			}
			if _, err := os.Lstat(p + hashSuffix); err == nil {
				continue // another process sealed it; checked on the next start
			}
			fi, err := os.Lstat(p)
			if err != nil || !fi.Mode().IsRegular() || !ownedByMe(fi) || fi.Size() == 0 {
				continue
			}
			sum, err := hashFile(p, fi)
			if err != nil {
				continue
			}
			if writeFileAtomic(p+hashSuffix, []byte(hex.EncodeToString(sum))) == nil {
				c.verified[p] = true
			}
		}
	}
}

// writeFileAtomic writes a 0600 file through a temporary file renamed over
// the target.
func writeFileAtomic(p string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
