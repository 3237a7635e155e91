// Package examples embeds the pattern examples so that `archie init` can
// start a new architecture from one of them.
package examples

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed */*.arch.hcl
var files embed.FS

// Dir is the example directory of a pattern kind: "queue_load_leveling"
// lives in "queue-load-leveling".
func Dir(patternKind string) string { return strings.ReplaceAll(patternKind, "_", "-") }

// Files returns the example's *.arch.hcl files by name, or nil when there
// is no example for the pattern kind.
func Files(patternKind string) map[string][]byte {
	dir := Dir(patternKind)
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := fs.ReadFile(files, dir+"/"+e.Name())
		if err == nil {
			out[e.Name()] = b
		}
	}
	return out
}

// Patterns lists the pattern kinds that have an example, sorted.
func Patterns() []string {
	entries, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, strings.ReplaceAll(e.Name(), "-", "_"))
		}
	}
	sort.Strings(out)
	return out
}
