package imports

import (
	"sync"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/hashicorp/hcl/v2"
)

// Cache remembers the sources that discovery parsed, so that importing the
// directories it found parses each file once: a recursive lint of a
// repository of SAM templates otherwise spent half its time parsing them
// again. A parse is looked up by the file's name and exact contents, so a
// hit is always the result parsing would give. Safe for concurrent use.
type Cache struct {
	mu     sync.Mutex
	cfn    map[parseKey]cfnParse
	hcl    map[parseKey]hclParse
	parses int
}

type parseKey struct{ name, src string }

type cfnParse struct {
	root cfn.Node
	diag *hcl.Diagnostic
}

type hclParse struct {
	file  *hcl.File
	diags hcl.Diagnostics
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{cfn: map[parseKey]cfnParse{}, hcl: map[parseKey]hclParse{}}
}

// Parses is how many files the cache has parsed.
func (c *Cache) Parses() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.parses
}

// parseYAML parses the template at full in the file system and names its
// ranges shown. Templates are parsed under their file-system name and
// renamed, so discovery (which knows no display names) and import share
// the parse.
func (c *Cache) parseYAML(full, shown string, src []byte) (cfn.Node, *hcl.Diagnostic) {
	k := parseKey{full, string(src)}
	c.mu.Lock()
	p, ok := c.cfn[k]
	c.mu.Unlock()
	if !ok {
		p.root, p.diag = cfn.Parse(full, src)
		c.mu.Lock()
		c.cfn[k] = p
		c.parses++
		c.mu.Unlock()
	}
	if p.diag != nil {
		// Diagnostics are handed out and edited (their file name): each
		// caller gets its own copy.
		d := copyDiags(hcl.Diagnostics{p.diag})[0]
		if d.Subject != nil {
			d.Subject.Filename = shown
		}
		return p.root, d
	}
	if shown != full {
		return cfn.Rename(p.root, shown), nil
	}
	return p.root, nil
}

// parseHCL parses a .tf file under the name ranges show.
func (c *Cache) parseHCL(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	k := parseKey{name, string(src)}
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.hcl[k]
	if !ok {
		p.file, p.diags = schema.ParseHCL(src, name)
		c.hcl[k] = p
		c.parses++
	}
	return p.file, copyDiags(p.diags)
}

// copyDiags copies diagnostics deeply enough for callers to edit their
// ranges (the importer remaps them) without touching the cached ones.
func copyDiags(diags hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, len(diags))
	for i, d := range diags {
		c := *d
		if d.Subject != nil {
			r := *d.Subject
			c.Subject = &r
		}
		if d.Context != nil {
			r := *d.Context
			c.Context = &r
		}
		out[i] = &c
	}
	return out
}
