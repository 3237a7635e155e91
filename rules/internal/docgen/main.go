// Command docgen writes docs/rules/ from the metadata of the rule catalog
// and of the engine's own checks: a page per rule and README.md, the
// catalog. `make generate` (go generate ./...) runs it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
)

func main() {
	out := flag.String("o", "docs/rules", "directory to write the pages to")
	flag.Parse()
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "docgen:", err)
		os.Exit(1)
	}
}

func generate(dir string) error {
	docs := lint.RuleDocs(rules.All())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Pages of rules that no longer exist go; hand-written files stay.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if _, ok := docs[name]; ok || e.IsDir() || !strings.HasSuffix(name, ".md") {
			continue
		}
		p := filepath.Join(dir, name)
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(src, []byte("<!-- Code generated")) {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(docs))
	for name := range docs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(dir, name)
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, docs[name]) {
			continue
		}
		if err := os.WriteFile(p, docs[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
