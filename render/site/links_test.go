package site

import (
	"bytes"
	"github.com/archiehq/archie/lint/ruledocs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// mdLinks parses a Markdown page and returns the destinations of its links
// and images, and the anchors GitHub gives its headings.
func mdLinks(src []byte) (links []string, anchors map[string]bool) {
	anchors = map[string]bool{}
	seen := map[string]int{}
	doc := markdown.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			links = append(links, string(n.Destination))
		case *ast.Image:
			links = append(links, string(n.Destination))
		case *ast.Heading:
			slug := Slug(nodeText(n, src))
			if k := seen[slug]; k > 0 {
				anchors[slug+"-"+strconv.Itoa(k)] = true
			} else {
				anchors[slug] = true
			}
			seen[slug]++
		}
		return ast.WalkContinue, nil
	})
	return links, anchors
}

func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if t, ok := c.(*ast.Text); ok {
				b.Write(t.Segment.Value(src))
			}
			if s, ok := c.(*ast.String); ok {
				b.Write(s.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// checkLinks checks that every link of every generated page resolves: to
// another file of the site (and a heading of it), to a source file and
// line in the repository, or to a rule's documentation page.
func checkLinks(t *testing.T, files []File, outDir string) int {
	t.Helper()
	site := map[string][]byte{}
	for _, f := range files {
		site[f.Path] = f.Data
	}
	checked := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".md") {
			continue
		}
		links, _ := mdLinks(f.Data)
		for _, dest := range links {
			checked++
			if err := resolve(site, f.Path, dest, outDir); err != "" {
				t.Errorf("%s: link %q: %s", f.Path, dest, err)
			}
		}
	}
	return checked
}

func resolve(site map[string][]byte, page, dest, outDir string) string {
	if strings.HasPrefix(dest, ruledocs.Prefix()) {
		id := strings.TrimSuffix(strings.TrimPrefix(dest, ruledocs.Prefix()), ".md")
		if _, err := os.Stat(filepath.Join(repoRoot, "docs", "rules", id+".md")); err != nil {
			return "no documentation page for rule " + id
		}
		return ""
	}
	if strings.Contains(dest, "://") {
		return "a link out of the site that is not a rule's documentation"
	}
	file, frag, _ := strings.Cut(dest, "#")
	target := page
	if file != "" {
		target = path.Join(path.Dir(page), file)
	}
	if !strings.HasPrefix(target, "../") {
		data, ok := site[target]
		if !ok {
			return "no such page or picture in the site"
		}
		if frag != "" && strings.HasSuffix(target, ".md") {
			if _, anchors := mdLinks(data); !anchors[frag] {
				return "no heading #" + frag + " in " + target
			}
		}
		return ""
	}
	disk := filepath.Join(repoRoot, filepath.FromSlash(outDir), filepath.FromSlash(target))
	data, err := os.ReadFile(disk)
	if err != nil {
		return "source file missing: " + err.Error()
	}
	if frag != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(frag, "L"))
		if err != nil || !strings.HasPrefix(frag, "L") {
			return "a source link's fragment must be #L<line>"
		}
		if lines := bytes.Count(data, []byte("\n")) + 1; n < 1 || n > lines {
			return "line " + frag + " is past the end of " + target
		}
	}
	return ""
}

func TestLinksResolve(t *testing.T) {
	for _, arch := range goldenArchitectures {
		t.Run(path.Base(arch), func(t *testing.T) {
			out := goldenDir(arch)
			s := build(t, input(t, arch), out, Renderer{})
			if n := checkLinks(t, s.Markdown(), out); n < 20 {
				t.Errorf("only %d links checked: the parser found too few", n)
			}
		})
	}
}

// TestLinkCheckerFails makes sure the checker notices broken links.
func TestLinkCheckerFails(t *testing.T) {
	site := map[string][]byte{
		"index.md":       []byte("# Home\n\n## Services\n"),
		"services/a.md":  []byte("# A\n\n## Functions\n"),
		"diagrams/x.svg": []byte("<svg/>"),
	}
	for _, tc := range []struct {
		page, dest string
		ok         bool
	}{
		{"index.md", "services/a.md#functions", true},
		{"index.md", "services/a.md#queues", false},
		{"index.md", "services/b.md", false},
		{"services/a.md", "../diagrams/x.svg", true},
		{"services/a.md", "../index.md#services", true},
		{"services/a.md", "#functions", true},
		{"services/a.md", "#nothing", false},
		{"index.md", "../../../../../examples/pub-sub/main.arch.hcl#L1", true},
		{"index.md", "../../../../../examples/pub-sub/main.arch.hcl#L100000", false},
		{"index.md", "../../../../../examples/pub-sub/nothing.arch.hcl", false},
		{"index.md", ruledocs.Prefix() + "missing-dlq.md", true},
		{"index.md", ruledocs.Prefix() + "no-such-rule.md", false},
		{"index.md", "https://example.com/", false},
	} {
		err := resolve(site, tc.page, tc.dest, "render/site/testdata/golden/x")
		if (err == "") != tc.ok {
			t.Errorf("%s -> %s: ok %v, error %q", tc.page, tc.dest, tc.ok, err)
		}
	}
}
