// Package ruledocs says where a rule's documentation page is: in the
// repository at the revision archie was built from, so that a link in a
// report, the docs site or the editor shows the rule as that build checks
// it, not as the main branch has it since.
package ruledocs

import (
	"runtime/debug"
	"sync"

	"github.com/archiehq/archie/schema/lazyregexp"
)

const repo = "https://github.com/archiehq/archie/blob/"

// Build, when set, says what the build is: its version, the commit it
// was built from and whether the tree had uncommitted changes. The
// command line sets it to what `archie version` reports, which includes
// what the linker stamped (`make build`, release builds) where the
// toolchain recorded nothing. Unset, the build information is read.
var Build func() (version, commit string, modified bool)

// ref is the revision of the build, worked out once.
var ref = sync.OnceValue(func() string {
	if Build != nil {
		return refOf(Build())
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "main"
	}
	return Ref(info)
})

// release matches a module version that is a tag: v1.2.3 or v1.2.3-rc.1,
// not a pseudo-version (v0.0.0-20240101000000-abcdef123456).
var release = lazyregexp.New(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`)
var pseudo = lazyregexp.New(`\d{14}-[0-9a-f]{12}$`)

// Ref is the revision the links of a build point at: its release tag
// (go install ...@v1.2.3), else the commit it was built from when the
// tree had no uncommitted changes, else main.
func Ref(info *debug.BuildInfo) string {
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
	return refOf(info.Main.Version, commit, modified)
}

func refOf(version, commit string, modified bool) string {
	if release.MatchString(version) && !pseudo.MatchString(version) {
		return version
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
