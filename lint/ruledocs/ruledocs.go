// Package ruledocs says where a rule's documentation page is: in the
// repository at the revision archie was built from, so that a link in a
// report, the docs site or the editor shows the rule as that build checks
// it, not as the main branch has it since.
package ruledocs

import (
	"regexp"
	"runtime/debug"
	"sync"
)

const repo = "https://github.com/archiehq/archie/blob/"

// ref is the revision of the build, read once from its build information.
var ref = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "main"
	}
	return Ref(info)
})

// release matches a module version that is a tag: v1.2.3 or v1.2.3-rc.1,
// not a pseudo-version (v0.0.0-20240101000000-abcdef123456).
var release = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`)
var pseudo = regexp.MustCompile(`\d{14}-[0-9a-f]{12}$`)

// Ref is the revision the links of a build point at: its release tag
// (go install ...@v1.2.3), else the commit it was built from when the
// tree had no uncommitted changes, else main.
func Ref(info *debug.BuildInfo) string {
	if v := info.Main.Version; release.MatchString(v) && !pseudo.MatchString(v) {
		return v
	}
	var commit string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if commit != "" && !modified {
		return commit
	}
	return "main"
}

// Prefix is the address of the rule pages' directory, ending in "/".
func Prefix() string { return repo + ref() + "/docs/rules/" }

// URL is the address of a rule's page.
func URL(id string) string { return Prefix() + id + ".md" }
