package format

import (
	"testing"
	"testing/fstest"
)

func TestFindRepoRoot(t *testing.T) {
	fsys := fstest.MapFS{
		"home/dev/shop/.git/HEAD":           {Data: []byte("ref: refs/heads/main\n")},
		"home/dev/shop/platform/x.arch.hcl": {},
		"home/dev/shop/vendor/lib/.git":     {Data: []byte("gitdir: ../../.git/modules/lib\n")}, // a submodule
		"home/dev/other/y.arch.hcl":         {},
	}
	for _, tc := range []struct{ dir, want string }{
		{"/home/dev/shop/platform", "/home/dev/shop"},
		{"/home/dev/shop", "/home/dev/shop"},
		{"/home/dev/shop/vendor/lib/sub", "/home/dev/shop/vendor/lib"},
		{"/home/dev/other", ""},
		{"/", ""},
	} {
		if got := FindRepoRoot(fsys, tc.dir); got != tc.want {
			t.Errorf("FindRepoRoot(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
}

func TestRepoPath(t *testing.T) {
	sub := FormatOptions{WorkDir: "/src/shop/platform", RepoRoot: "/src/shop"}
	noRepo := FormatOptions{WorkDir: "/tmp/work"}
	none := FormatOptions{}
	for _, tc := range []struct {
		opt    FormatOptions
		name   string
		want   string
		inRoot bool
	}{
		{sub, "infra/main.arch.hcl", "platform/infra/main.arch.hcl", true},
		{sub, "./infra/../infra/main.arch.hcl", "platform/infra/main.arch.hcl", true},
		{sub, "../docs/a.arch.hcl", "docs/a.arch.hcl", true},
		{sub, "/src/shop/a.arch.hcl", "a.arch.hcl", true},
		{sub, "../../elsewhere/a.arch.hcl", "/src/elsewhere/a.arch.hcl", false},
		{sub, "/src/shopping/a.arch.hcl", "/src/shopping/a.arch.hcl", false},
		{sub, `infra\win.arch.hcl`, "platform/infra/win.arch.hcl", true},
		{noRepo, "a/b.arch.hcl", "a/b.arch.hcl", true},
		{none, "a/b.arch.hcl", "a/b.arch.hcl", true},
		{none, "../b.arch.hcl", "../b.arch.hcl", false},
		{none, "/abs/b.arch.hcl", "/abs/b.arch.hcl", false},
		{FormatOptions{WorkDir: "/", RepoRoot: "/"}, "a.arch.hcl", "a.arch.hcl", true},
	} {
		got, in := tc.opt.repoPath(tc.name)
		if got != tc.want || in != tc.inRoot {
			t.Errorf("%+v repoPath(%q) = %q, %v; want %q, %v", tc.opt, tc.name, got, in, tc.want, tc.inRoot)
		}
	}
}

func TestRelativeURI(t *testing.T) {
	for in, want := range map[string]string{
		"infra/main.arch.hcl":       "infra/main.arch.hcl",
		"odd dir/a,b%.arch.hcl":     "odd%20dir/a%2Cb%25.arch.hcl",
		"ü/日本.arch.hcl":             "%C3%BC/%E6%97%A5%E6%9C%AC.arch.hcl",
		"c:name/x.arch.hcl":         "./c:name/x.arch.hcl",
		"a/b:c.arch.hcl":            "a/b:c.arch.hcl",
		"q\"<>#?.arch.hcl":          "q%22%3C%3E%23%3F.arch.hcl",
		"line\nbreak/main.arch.hcl": "line%0Abreak/main.arch.hcl",
	} {
		if got := relativeURI(in); got != want {
			t.Errorf("relativeURI(%q) = %q, want %q", in, got, want)
		}
	}
	if got := fileURI("/home/dev/my shop", true); got != "file:///home/dev/my%20shop/" {
		t.Errorf("fileURI = %q", got)
	}
	if got := fileURI("C:/work", true); got != "file:///C:/work/" {
		t.Errorf("fileURI(C:/work) = %q", got)
	}
}
