package cmd

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// checkoutCommit finds the git checkout the file exe lies in and the
// commit checked out there, reading the repository's files (HEAD, the
// branch's ref, packed-refs) directly: no git command runs. It is what
// `archie version` names for a binary that does not record its own commit
// (a plain `go build` with -buildvcs=false in GOFLAGS, as some machines
// set in `go env`), said as such: the checkout may have moved on since the
// build.
func checkoutCommit(exe string) (dir, commit string) {
	if real, err := filepath.EvalSymlinks(exe); err == nil {
		exe = real
	}
	dir = filepath.Dir(exe)
	for range 64 {
		if gitDir, ok := gitDirOf(dir); ok {
			if c := headCommit(gitDir); c != "" {
				return dir, c
			}
			return "", ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", ""
}

// readSmall reads a file of at most limit bytes; larger or unreadable, it
// gives nothing.
func readSmall(path string, limit int64) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil || int64(len(data)) > limit {
		return nil
	}
	return data
}

// gitDirOf returns the git directory of a checkout rooted at dir: dir/.git,
// or the directory a .git file names (a worktree or submodule).
func gitDirOf(dir string) (string, bool) {
	p := filepath.Join(dir, ".git")
	fi, err := os.Stat(p)
	if err != nil {
		return "", false
	}
	if fi.IsDir() {
		return p, true
	}
	line := strings.TrimSpace(string(readSmall(p, 4096)))
	target, ok := strings.CutPrefix(line, "gitdir: ")
	if !ok || target == "" {
		return "", false
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(dir, target)
	}
	return target, true
}

// isHash reports whether s is a full SHA-1 or SHA-256 object name.
func isHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// headCommit resolves HEAD in gitDir: a detached hash, or a branch read
// from its loose ref or packed-refs (in the common directory of a
// worktree).
func headCommit(gitDir string) string {
	head := strings.TrimSpace(string(readSmall(filepath.Join(gitDir, "HEAD"), 4096)))
	if isHash(head) {
		return head
	}
	ref, ok := strings.CutPrefix(head, "ref: ")
	if !ok || !strings.HasPrefix(ref, "refs/") || strings.Contains(ref, "..") {
		return ""
	}
	dirs := []string{gitDir}
	if common := strings.TrimSpace(string(readSmall(filepath.Join(gitDir, "commondir"), 4096))); common != "" {
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
		dirs = append(dirs, common)
	}
	for _, d := range dirs {
		if c := strings.TrimSpace(string(readSmall(filepath.Join(d, filepath.FromSlash(ref)), 4096))); isHash(c) {
			return c
		}
	}
	for _, d := range dirs {
		packed := readSmall(filepath.Join(d, "packed-refs"), 64<<20)
		sc := bufio.NewScanner(bytes.NewReader(packed))
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for sc.Scan() {
			hash, name, ok := strings.Cut(sc.Text(), " ")
			if ok && name == ref && isHash(hash) {
				return hash
			}
		}
	}
	return ""
}
