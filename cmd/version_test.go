package cmd

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestReadBuildInfo(t *testing.T) {
	vcs := func(rev, tm, mod string) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Path: "github.com/archiehq/archie", Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: tm}, {Key: "vcs.modified", Value: mod}}}
	}
	cases := []struct {
		name               string
		info               *debug.BuildInfo
		ok                 bool
		ldV, ldC, ldD, ldM string
		want               buildInfo
		text               string
	}{
		{name: "go build in a checkout", info: vcs("0123abcd", "2026-12-01T10:00:00Z", "false"), ok: true,
			want: buildInfo{Version: "dev", Commit: "0123abcd", Date: "2026-12-01T10:00:00Z", Go: "go1.27.3"},
			text: "archie dev\ncommit: 0123abcd\ndate:   2026-12-01T10:00:00Z\ngo:     go1.27.3\n"},
		{name: "uncommitted changes", info: vcs("0123abcd", "2026-12-01T10:00:00Z", "true"), ok: true,
			want: buildInfo{Version: "dev", Commit: "0123abcd", Date: "2026-12-01T10:00:00Z", Modified: true, Go: "go1.27.3"},
			text: "commit: 0123abcd (with uncommitted changes)\n"},
		{name: "go install of a version", ok: true,
			info: &debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Path: "github.com/archiehq/archie", Version: "v1.2.3"}},
			want: buildInfo{Version: "v1.2.3", Go: "go1.27.3"},
			text: "commit: unknown (a module build records its version"},
		{name: "no build information", ok: true, info: &debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Version: "(devel)"}},
			want: buildInfo{Version: "dev", Go: "go1.27.3"},
			text: "build it in a git checkout with `make build`"},
		{name: "release", info: vcs("ffff", "2026-01-01T00:00:00Z", "true"), ok: true, ldV: "v1.2.3", ldC: "0123abcd", ldD: "2026-12-02T09:00:00Z",
			want: buildInfo{Version: "v1.2.3", Commit: "0123abcd", Date: "2026-12-02T09:00:00Z", Go: "go1.27.3"},
			text: "archie v1.2.3\ncommit: 0123abcd\n"},
		{name: "make build in a worktree", ok: true, info: &debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Version: "(devel)"}},
			ldC: "0123abcd", ldD: "2026-12-02T09:00:00Z", ldM: "true",
			want: buildInfo{Version: "dev", Commit: "0123abcd", Date: "2026-12-02T09:00:00Z", Modified: true, Go: "go1.27.3"},
			text: "commit: 0123abcd (with uncommitted changes)\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := readBuildInfo(tc.info, tc.ok, tc.ldV, tc.ldC, tc.ldD, tc.ldM)
			if got != tc.want {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			var sb strings.Builder
			got.write(&sb)
			if !strings.Contains(sb.String(), tc.text) {
				t.Errorf("text\n%s\nlacks %q", sb.String(), tc.text)
			}
		})
	}
}
