package ruledocs

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestRef(t *testing.T) {
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"}
	dirty := debug.BuildSetting{Key: "vcs.modified", Value: "true"}
	clean := debug.BuildSetting{Key: "vcs.modified", Value: "false"}
	for _, c := range []struct {
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"v1.2.3", nil, "v1.2.3"},
		{"v1.2.3-rc.1", []debug.BuildSetting{rev, clean}, "v1.2.3-rc.1"},
		{"v0.0.0-20261202113728-0123456789ab", []debug.BuildSetting{rev, clean}, rev.Value},
		{"(devel)", []debug.BuildSetting{rev, clean}, rev.Value},
		{"(devel)", []debug.BuildSetting{rev, dirty}, "main"},
		{"(devel)", nil, "main"},
		{"", nil, "main"},
	} {
		info := &debug.BuildInfo{Main: debug.Module{Version: c.version}, Settings: c.settings}
		if got := Ref(info); got != c.want {
			t.Errorf("Ref(%q, %v) = %q, want %q", c.version, c.settings, got, c.want)
		}
	}
}

// A test binary has no release version nor VCS stamp: links point at main,
// which is what the golden files hold.
func TestURLInTests(t *testing.T) {
	if got := URL("missing-dlq"); got != "https://github.com/archiehq/archie/blob/main/docs/rules/missing-dlq.md" {
		t.Errorf("URL = %q", got)
	}
	if !strings.HasSuffix(Prefix(), "/docs/rules/") {
		t.Errorf("Prefix = %q", Prefix())
	}
}

// What the command line reports (the linker's stamp included) decides
// the revision the same way.
func TestRefOf(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	for _, c := range []struct {
		version, commit string
		modified        bool
		want            string
	}{
		{"v0.3.0", sha, false, "v0.3.0"},
		{"dev", sha, false, sha},
		{"dev", sha, true, "main"},
		{"dev", "", false, "main"},
	} {
		if got := refOf(c.version, c.commit, c.modified); got != c.want {
			t.Errorf("refOf(%q, %q, %v) = %q, want %q", c.version, c.commit, c.modified, got, c.want)
		}
	}
}
