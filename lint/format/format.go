package format

import (
	"fmt"
	"io"
	"sort"

	"github.com/archiehq/archie/lint"
)

// FormatOptions are what the output formats may need beyond the report.
type FormatOptions struct {
	Color   bool   // text: ANSI colours
	Version string // the tool's version, for formats that record it

	// WorkDir is the absolute, slash-separated directory that relative
	// file names in the report start from (the working directory).
	// RepoRoot is the absolute, slash-separated root of the repository
	// holding it ("" outside one; see FindRepoRoot). Formats read by code
	// hosts (sarif, github, markdown) give paths relative to RepoRoot.
	WorkDir  string
	RepoRoot string
}

type formatWriter func(w io.Writer, r *lint.Report, opt FormatOptions) error

// formatWriters is the registry of output formats, by name.
func formatWriters() map[string]formatWriter {
	return map[string]formatWriter{
		"text": func(w io.Writer, r *lint.Report, opt FormatOptions) error {
			return WriteText(w, r, TextOptions{Color: opt.Color})
		},
		"json": func(w io.Writer, r *lint.Report, _ FormatOptions) error { return WriteJSON(w, r) },

		// formats for CI and code review, in lint/format/<name>.go
		"sarif":       WriteSARIF,
		"junit":       WriteJUnit,
		"checkstyle":  WriteCheckstyle,
		"github":      WriteGitHub,
		"markdown":    WriteMarkdown,
		"codequality": WriteCodeQuality,
	}
}

// FormatNames lists the output formats, sorted.
func FormatNames() []string {
	var out []string
	for name := range formatWriters() {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// WriteFormat writes the report in the named format.
func WriteFormat(name string, w io.Writer, r *lint.Report, opt FormatOptions) error {
	fw, ok := formatWriters()[name]
	if !ok {
		return fmt.Errorf("unknown format %q", name)
	}
	return fw(w, r, opt)
}
