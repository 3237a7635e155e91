package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func putFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckoutCommit(t *testing.T) {
	const (
		h1 = "35387f9c0f5e4b7c8c1a2b3c4d5e6f708192a3b4"
		h2 = "0123456789abcdef0123456789abcdef01234567"
	)
	cases := []struct {
		name  string
		files map[string]string // relative to the checkout; the binary is bin/archie
		want  string
	}{
		{name: "branch, loose ref", files: map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": h1 + "\n"}, want: h1},
		{name: "branch, packed ref", files: map[string]string{".git/HEAD": "ref: refs/heads/main\n",
			".git/packed-refs": "# pack-refs with: peeled fully-peeled sorted\n" + h2 + " refs/heads/dev\n" + h1 + " refs/heads/main\n"}, want: h1},
		{name: "detached", files: map[string]string{".git/HEAD": h2 + "\n"}, want: h2},
		{name: "worktree", files: map[string]string{
			".git":                                "gitdir: ../repo/.git/worktrees/wt\n",
			"../repo/.git/worktrees/wt/HEAD":      "ref: refs/heads/feature\n",
			"../repo/.git/worktrees/wt/commondir": "../..\n",
			"../repo/.git/refs/heads/feature":     h2 + "\n"}, want: h2},
		{name: "ref outside refs", files: map[string]string{".git/HEAD": "ref: ../../etc/passwd\n"}, want: ""},
		{name: "ref with dot-dot", files: map[string]string{".git/HEAD": "ref: refs/../../x\n", ".git/x": h1}, want: ""},
		{name: "not a hash", files: map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": "hello\n"}, want: ""},
		{name: "branch with no commit yet", files: map[string]string{".git/HEAD": "ref: refs/heads/main\n"}, want: ""},
		{name: "no checkout", files: map[string]string{}, want: ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "checkout")
			for p, data := range tc.files {
				putFile(t, filepath.Join(root, filepath.FromSlash(p)), data)
			}
			exe := filepath.Join(root, "bin", "archie")
			putFile(t, exe, "")
			dir, got := checkoutCommit(exe)
			if got != tc.want {
				t.Errorf("commit %q, want %q", got, tc.want)
			}
			if tc.want != "" && dir != root {
				t.Errorf("checkout %q, want %q", dir, root)
			}
		})
	}

	// A symbolic link to the binary: the checkout is where the binary is.
	root := filepath.Join(t.TempDir(), "checkout")
	putFile(t, filepath.Join(root, ".git/HEAD"), h1+"\n")
	exe := filepath.Join(root, "archie")
	putFile(t, exe, "")
	link := filepath.Join(t.TempDir(), "archie")
	if err := os.Symlink(exe, link); err != nil {
		t.Skip(err)
	}
	if _, got := checkoutCommit(link); got != h1 {
		t.Errorf("through a link: %q, want %q", got, h1)
	}
}

// TestVersionNamesCheckout: a dev build without a recorded commit names
// its checkout's commit, and says that is what it is; a recorded commit
// or a release version is never replaced.
func TestVersionNamesCheckout(t *testing.T) {
	root := t.TempDir()
	const h = "35387f9c0f5e4b7c8c1a2b3c4d5e6f708192a3b4"
	putFile(t, filepath.Join(root, ".git/HEAD"), h+"\n")
	exe := filepath.Join(root, "archie")
	putFile(t, exe, "")

	b := buildInfo{Version: "dev", Go: "go1.27.3"}.withCheckout(exe)
	var sb strings.Builder
	b.write(&sb)
	if !strings.Contains(sb.String(), "commit: "+h+" (not recorded in the binary") || !strings.Contains(sb.String(), root) {
		t.Errorf("text:\n%s", sb.String())
	}
	if b.Commit != "" || b.CheckoutCommit != h {
		t.Errorf("%+v", b)
	}
	if got := (buildInfo{Version: "dev", Commit: "abc"}).withCheckout(exe); got.CheckoutCommit != "" {
		t.Errorf("a recorded commit was joined by the checkout's: %+v", got)
	}
	if got := (buildInfo{Version: "v1.2.3"}).withCheckout(exe); got.CheckoutCommit != "" {
		t.Errorf("a release took the checkout's commit: %+v", got)
	}
}
