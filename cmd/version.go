package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/archiehq/archie/lint/ruledocs"
)

// Set at build time for releases (GoReleaser, .goreleaser.yaml):
//
//	-ldflags "-X github.com/archiehq/archie/cmd.version=v1.2.3
//	          -X github.com/archiehq/archie/cmd.commit=<sha>
//	          -X github.com/archiehq/archie/cmd.date=<RFC 3339>"
//
// and by `make build` from git (commit, date, and modified=true for a work
// tree with uncommitted changes), which also works in a git worktree,
// where the Go toolchain finds no repository to stamp.
//
// Other builds take what the Go toolchain records (debug.ReadBuildInfo):
// the module version of `go install ...@v1.2.3`, and the commit and its
// time of a `go build` in a git checkout with -buildvcs=true (the default
// unless GOFLAGS turns it off).
var version, commit, date, modified = "", "", "", ""

// buildInfo is what `archie version` reports.
type buildInfo struct {
	Version  string `json:"version"`  // v1.2.3, or "dev"
	Commit   string `json:"commit"`   // full hash, "" when unknown
	Date     string `json:"date"`     // commit time (or release build time), RFC 3339, "" when unknown
	Modified bool   `json:"modified"` // built from a work tree with uncommitted changes
	Go       string `json:"go"`       // the Go toolchain that built archie
	// For a binary that records no commit and lies in a git checkout: the
	// commit checked out there, which it was probably built from (see
	// checkoutCommit), and the checkout's directory.
	CheckoutCommit string `json:"checkout_commit,omitempty"`
	CheckoutDir    string `json:"checkout_dir,omitempty"`
}

// withCheckout fills in the checkout of the executable at exe when b
// records no commit of its own.
func (b buildInfo) withCheckout(exe string) buildInfo {
	if b.Commit != "" || b.Version != "dev" || exe == "" {
		return b
	}
	b.CheckoutDir, b.CheckoutCommit = checkoutCommit(exe)
	return b
}

// readBuildInfo merges the linker's values over the toolchain's record.
func readBuildInfo(info *debug.BuildInfo, ok bool, ldVersion, ldCommit, ldDate, ldModified string) buildInfo {
	b := buildInfo{Version: "dev"}
	if ok {
		b.Go = info.GoVersion
		if v := info.Main.Version; v != "" && v != "(devel)" {
			b.Version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Date = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if ldVersion != "" {
		b.Version = ldVersion
	}
	if ldCommit != "" {
		b.Commit, b.Modified = ldCommit, ldModified == "true"
	}
	if ldDate != "" {
		b.Date = ldDate
	}
	return b
}

func init() {
	// Rule links point at the revision `archie version` names.
	ruledocs.Build = func() (string, string, bool) {
		info, ok := debug.ReadBuildInfo()
		b := readBuildInfo(info, ok, version, commit, date, modified)
		return b.Version, b.Commit, b.Modified
	}
}

func versionString() string {
	info, ok := debug.ReadBuildInfo()
	return readBuildInfo(info, ok, version, commit, date, modified).Version
}

// write prints b for people: the version on the first line (scripts that
// read `archie version` take its second word), then where it came from.
func (b buildInfo) write(w *strings.Builder) {
	fmt.Fprintf(w, "archie %s\n", b.Version)
	switch {
	case b.Commit != "":
		c := b.Commit
		if b.Modified {
			c += " (with uncommitted changes)"
		}
		fmt.Fprintf(w, "commit: %s\n", c)
	case b.CheckoutCommit != "":
		fmt.Fprintf(w, "commit: %s (not recorded in the binary, which was built without version control information: this is the commit checked out in %s, where the binary lies; `make build` records its own)\n", b.CheckoutCommit, b.CheckoutDir)
	case b.Version != "dev":
		fmt.Fprintf(w, "commit: unknown (a module build records its version, not the commit; the version pins the source)\n")
	default:
		fmt.Fprintf(w, "commit: unknown: this binary was built without version control information; build it in a git checkout with `make build` or `go build -buildvcs=true ./cmd/archie`\n")
	}
	if b.Date != "" {
		fmt.Fprintf(w, "date:   %s\n", b.Date)
	}
	if b.Go != "" {
		fmt.Fprintf(w, "go:     %s\n", b.Go)
	}
}

func newVersionCmd(io IO) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version",
		Short: "Print archie's version, commit and build date",
		Long: `Print the version of archie, the commit it was built from, that commit's
date (or a release's build date) and the Go toolchain that built it.

Releases carry all of them. A build from a git checkout (make build, or
go build -buildvcs=true) names its commit and says when the work tree had
uncommitted changes; go install of a version names that version. A build
that recorded no commit but lies in a git checkout names the commit
checked out there, and says so.`,
		Example: `  archie version

  # for scripts: {"version":"dev","commit":"…","date":"…","modified":false,"go":"go1.27.3"}
  archie version --json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			info, ok := debug.ReadBuildInfo()
			exe, _ := os.Executable()
			b := readBuildInfo(info, ok, version, commit, date, modified).withCheckout(exe)
			if asJSON {
				data, err := json.Marshal(b)
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(io.Out, "%s\n", data)
				return err
			}
			var sb strings.Builder
			b.write(&sb)
			_, err := fmt.Fprint(io.Out, sb.String())
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the build information as one JSON object")
	return c
}
