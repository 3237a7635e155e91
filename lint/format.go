package lint

import (
	"fmt"
	"io"
	"sort"
)

// FormatOptions are what the output formats may need beyond the report.
type FormatOptions struct {
	Color   bool   // text: ANSI colours
	Version string // the tool's version, for formats that record it
}

type formatWriter func(w io.Writer, r *Report, opt FormatOptions) error

// formatWriters is the registry of output formats, by name.
func formatWriters() map[string]formatWriter {
	return map[string]formatWriter{
		"text": func(w io.Writer, r *Report, opt FormatOptions) error {
			return WriteText(w, r, TextOptions{Color: opt.Color})
		},
		"json": func(w io.Writer, r *Report, _ FormatOptions) error { return WriteJSON(w, r) },
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
func WriteFormat(name string, w io.Writer, r *Report, opt FormatOptions) error {
	fw, ok := formatWriters()[name]
	if !ok {
		return fmt.Errorf("unknown format %q", name)
	}
	return fw(w, r, opt)
}
