package diff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
)

// GitTimeout bounds every git command a revision is read with: a repository
// on a stalled network file system fails instead of hanging the check.
const GitTimeout = 2 * time.Minute

// maxRevisionBytes bounds what a revision may put in memory.
const maxRevisionBytes = 256 << 20

// revisionSuffixes are the files a revision is read for: architectures,
// the configuration, and the sources the importers read.
var revisionSuffixes = []string{".hcl", ".tf", ".tfvars", ".json", ".yaml", ".yml", ".template"}

// Revision is a version of a directory read from git.
type Revision struct {
	// FS holds the revision's files at their paths from the repository's
	// root: PATH's files, and the .archie.hcl of every directory above it.
	FS fs.FS
	// Path is PATH's path in FS.
	Path string
	// Commit is the commit REV names.
	Commit string
}

// ReadRevision reads the files below p (a path on disk, inside a git
// repository) as they are at revision rev, through git itself: `git
// ls-tree` lists them and `git cat-file --batch` reads them into memory.
// Nothing is checked out and nothing is written. Names git reports are
// checked like any input: one that is not a plain relative path (.., an
// absolute path, a control character) is an error, and symbolic links and
// submodules are skipped.
func ReadRevision(ctx context.Context, p, rev string) (*Revision, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n\r") {
		return nil, fmt.Errorf("%q is not a revision: give a branch, tag or commit, for example origin/main", rev)
	}
	ctx, cancel := context.WithTimeout(ctx, GitTimeout)
	defer cancel()
	dir, base, err := splitTarget(p)
	if err != nil {
		return nil, err
	}
	top, err := git(ctx, dir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("%s is not inside a git repository: %v", p, err)
	}
	prefix := strings.TrimSuffix(strings.TrimSpace(string(top)), "/")
	target := path.Clean(path.Join(prefix, base))
	if target == ".." || strings.HasPrefix(target, "../") || path.IsAbs(target) {
		return nil, fmt.Errorf("%s is outside its git repository", p)
	}
	commit, err := git(ctx, dir, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("%s: no such commit in this repository (a shallow clone? fetch it first: git fetch --depth=1 origin %s)", rev, rev)
	}
	sha := strings.TrimSpace(string(commit))
	specs := []string{target}
	for d := target; d != "."; {
		d = path.Dir(d)
		specs = append(specs, path.Join(d, ".archie.hcl"))
	}
	if target == "." {
		specs = []string{"."}
	}
	listing, err := git(ctx, dir, nil, append([]string{"ls-tree", "-r", "-z", "--full-tree", sha, "--"}, specs...)...)
	if err != nil {
		return nil, fmt.Errorf("listing %s at %s: %v", p, rev, err)
	}
	type blob struct{ id, name string }
	var blobs []blob
	for _, entry := range bytes.Split(listing, []byte{0}) {
		if len(entry) == 0 {
			continue
		}
		meta, name, ok := strings.Cut(string(entry), "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("listing %s at %s: unexpected output from git", p, rev)
		}
		if f[1] != "blob" || f[0] == "120000" { // submodules, symbolic links
			continue
		}
		if !hasSuffix(name, revisionSuffixes) {
			continue
		}
		if !fs.ValidPath(name) || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return nil, fmt.Errorf("%s at %s: git lists a file named %q, which is not a plain relative path: rename it", p, rev, name)
		}
		blobs = append(blobs, blob{f[2], name})
	}
	mfs := fstest.MapFS{}
	if len(blobs) > 0 {
		var in bytes.Buffer
		for _, b := range blobs {
			fmt.Fprintln(&in, b.id)
		}
		out, err := git(ctx, dir, &in, "cat-file", "--batch")
		if err != nil {
			return nil, fmt.Errorf("reading %s at %s: %v", p, rev, err)
		}
		br := bufio.NewReader(bytes.NewReader(out))
		total := 0
		for _, b := range blobs {
			header, err := br.ReadString('\n')
			if err != nil {
				return nil, fmt.Errorf("reading %s at %s: unexpected output from git", p, rev)
			}
			f := strings.Fields(header)
			if len(f) != 3 || f[0] != b.id || f[1] != "blob" {
				return nil, fmt.Errorf("reading %s at %s: unexpected output from git: %q", b.name, rev, strings.TrimSpace(header))
			}
			size, err := strconv.Atoi(f[2])
			if err != nil || size < 0 || size > len(out) {
				return nil, fmt.Errorf("reading %s at %s: unexpected output from git", b.name, rev)
			}
			total += size
			if total > maxRevisionBytes {
				return nil, fmt.Errorf("%s at %s holds more than %d MiB of sources: point archie at the directory of the architecture", p, rev, maxRevisionBytes>>20)
			}
			data := make([]byte, size)
			if _, err := io.ReadFull(br, data); err != nil {
				return nil, fmt.Errorf("reading %s at %s: unexpected output from git", b.name, rev)
			}
			if _, err := br.Discard(1); err != nil {
				return nil, fmt.Errorf("reading %s at %s: unexpected output from git", b.name, rev)
			}
			mfs[b.name] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
	}
	if _, err := fs.Stat(mfs, target); err != nil {
		return nil, fmt.Errorf("%s does not exist at %s", p, rev)
	}
	return &Revision{FS: mfs, Path: target, Commit: sha}, nil
}

// splitTarget is the directory to run git in and the target's name in it
// ("." for the directory itself).
func splitTarget(p string) (dir, base string, err error) {
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return p, ".", nil
	case err == nil:
		return path.Dir(filepath.ToSlash(p)), path.Base(filepath.ToSlash(p)), nil
	}
	// A path that no longer exists in the working tree may exist at the
	// revision: run git in its nearest existing parent.
	d := filepath.ToSlash(p)
	var rest []string
	for {
		rest = append([]string{path.Base(d)}, rest...)
		d = path.Dir(d)
		if info, err := os.Stat(d); err == nil && info.IsDir() {
			return d, path.Join(rest...), nil
		}
		if d == "." || d == "/" {
			return "", "", fmt.Errorf("%s: no such file or directory", p)
		}
	}
}

// git runs git in dir with args, no terminal prompts and no pager, and
// returns its standard output.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"--no-pager", "-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("git %s took longer than %s", args[0], GitTimeout)
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg := strings.TrimSpace(errOut.String())
			if len(msg) > 300 {
				msg = msg[:300]
			}
			return nil, errors.New(strings.ToValidUTF8(msg, "?"))
		}
		return nil, fmt.Errorf("running git: %v (is git installed?)", err)
	}
	return out.Bytes(), nil
}

func hasSuffix(name string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
