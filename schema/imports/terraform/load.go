// Package terraform imports Terraform configurations (a directory of .tf
// files, with its local modules) into the importer model. Files are read
// with hcl/v2 and evaluated statically: variables take their defaults (or
// the arguments of the module call), locals are computed, functions such
// as jsonencode and templatefile run, and every resource attribute
// evaluates to a marker naming the resource, so references survive
// interpolation, JSON encoding and module boundaries. No terraform binary,
// provider or state is needed.
package terraform

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/archiehq/archie/schema/lazyregexp"
	"github.com/archiehq/archie/schema/pathtext"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// module is one module instance: the root, or a local module call.
type module struct {
	key       string // "" for the root, else the module call path: "api", "api.inner"
	name      string // service name
	dir       string // in the file system
	display   string // as positions show it
	parent    *module
	call      *modCall // the call that instantiated it; nil for the root
	args      map[string]hcl.Expression
	vars      map[string]cty.Value
	varExprs  map[string]hcl.Expression // defaults, for static reference following
	locals    map[string]hcl.Expression
	localVals map[string]cty.Value
	resources []*resource
	byAddr    map[string]*resource // "aws_sqs_queue.q", "data.aws_iam_policy_document.p"
	calls     []*modCall
	outputs   map[string]hcl.Expression
	attrNames map[string]map[string]bool // per resource address, attributes referenced
	ctx       *hcl.EvalContext
	doc       *ir.Doc
}

type resource struct {
	data     bool
	registry string // a well-known public module: "lambda", "sqs"...
	typ      string
	name     string
	block    *hclsyntax.Block
	body     *hclsyntax.Body
	mod      *module
	comp     *ir.Component
}

func (r *resource) addr() string {
	if r.data {
		return "data." + r.typ + "." + r.name
	}
	return r.typ + "." + r.name
}

func (r *resource) marker() string { return "⟦" + r.mod.key + "|" + r.addr() + "⟧" }

type modCall struct {
	name   string
	source string
	block  *hclsyntax.Block
	child  *module
}

var markerRE = lazyregexp.New(`⟦([^|⟧]*)\|([^⟧]*)⟧`)

type importer struct {
	ctx     context.Context
	res     *ir.Result
	fsys    fs.FS
	names   *ir.Names
	modules []*module
	// followed counts the local module calls read, up to ir.MaxFollowed.
	followed int
	byKey    map[string]*module
	roles    map[*resource][]statement
	grants   ir.RoleGrants // dependencies inferred from each role
	// physical indexes components by the names their resources declare.
	physical map[string]*ir.Component
	parse    Parser
}

// Parser parses the .tf file src under the name diagnostics show. Import
// and discovery share one that remembers its results, so that a recursive
// run parses each file once (imports.Cache).
type Parser func(src []byte, name string) (*hcl.File, hcl.Diagnostics)

// HasResources reports whether a directory's .tf files declare resources
// or module calls. display is the directory as Import will show it, so
// that parse can hand Import the same files.
func HasResources(fsys fs.FS, dir, display string, parse Parser) bool {
	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		f, diags := parse(src, joinDisplay(display, e.Name()))
		if diags.HasErrors() {
			return true // reading it reports the errors
		}
		if f == nil {
			continue
		}
		if body, ok := f.Body.(*hclsyntax.Body); ok {
			for _, b := range body.Blocks {
				if b.Type == "resource" || b.Type == "module" {
					return true
				}
			}
		}
	}
	return false
}

// Import reads the Terraform configuration in directory p (a .tf file
// stands for its directory).
func Import(ctx context.Context, res *ir.Result, fsys fs.FS, p, display string, parse Parser) error {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return fmt.Errorf("%s: %w", display, unwrap(err))
	}
	if !info.IsDir() {
		p, display = path.Dir(p), path.Dir(display)
	}
	im := &importer{ctx: ctx, res: res, fsys: fsys, names: ir.NewNames(), byKey: map[string]*module{}, roles: map[*resource][]statement{}, parse: parse}
	root, err := im.load(p, display, "", nil, nil, 0)
	if err != nil {
		return err
	}
	if len(root.resources) == 0 && len(root.calls) == 0 {
		if res.Diags.HasErrors() {
			return nil // a file that could not be parsed: its errors say why
		}
		return fmt.Errorf("%s: no Terraform resources here (a directory of .tf files)", display)
	}
	im.declare()
	im.wire()
	for _, d := range res.Docs {
		for _, c := range d.Components {
			c.FinishDurable()
		}
	}
	// A module that declares no component gets no file.
	docs := res.Docs[:0]
	for _, d := range res.Docs {
		if len(d.Components) > 0 || d == root.doc {
			docs = append(docs, d)
		}
	}
	res.Docs = docs
	return nil
}

func unwrap(err error) error { return pathtext.Cause(err) }

// load reads a module directory and, depth first, the local modules it
// calls.
func (im *importer) load(dir, display, key string, parent *module, call *modCall, depth int) (*module, error) {
	m := &module{key: key, dir: dir, display: display, parent: parent, call: call,
		args: map[string]hcl.Expression{}, vars: map[string]cty.Value{}, varExprs: map[string]hcl.Expression{},
		locals: map[string]hcl.Expression{}, localVals: map[string]cty.Value{}, byAddr: map[string]*resource{},
		outputs: map[string]hcl.Expression{}, attrNames: map[string]map[string]bool{}}
	if call != nil {
		m.name = ir.Identifier(call.name)
		for name, a := range call.block.Body.Attributes {
			m.args[name] = a.Expr
		}
	} else {
		m.name = serviceName(dir, display)
	}
	entries, err := fs.ReadDir(im.fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, unwrap(err))
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".tf") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		shown := joinDisplay(display, n)
		src, err := fs.ReadFile(im.fsys, path.Join(dir, n))
		if err != nil {
			start := hcl.Pos{Line: 1, Column: 1}
			im.res.Warn(hcl.Range{Filename: shown, Start: start, End: start}, "File not read", "%s is not read: %s.", shown, ir.Unreadable(err))
			continue
		}
		im.res.Sources[shown] = src
		f, diags := im.parse(src, shown)
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				im.res.Diags = append(im.res.Diags, d)
			}
		}
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		m.collect(body, im)
	}
	m.doc = &ir.Doc{Source: display, Format: "Terraform", Service: m.name, File: m.name + ".arch.hcl"}
	if key != "" {
		m.doc.Source = display + " (module." + strings.ReplaceAll(key, ".", ".module.") + ")"
	}
	im.modules = append(im.modules, m)
	im.byKey[key] = m
	m.evaluate(im)
	for _, c := range m.calls {
		if reg, _ := registryModule(c.source); reg != "" {
			continue // read from its arguments: registry.go
		}
		if !strings.HasPrefix(c.source, "./") && !strings.HasPrefix(c.source, "../") {
			im.res.Warn(c.block.DefRange(), "Module not followed",
				"Module %s comes from %q; only local modules (./ or ../) are imported.", c.name, c.source)
			continue
		}
		childKey := c.name
		if key != "" {
			childKey = key + "." + c.name
		}
		childDir, err := ir.LocalPath(dir, c.source)
		if err != nil {
			im.res.Warn(c.block.DefRange(), "Module not followed", "Module %s comes from %s, which is not read: %s.", c.name, c.source, ir.Unreadable(err))
			continue
		}
		if calls := m.calling(childDir); calls != nil {
			im.res.Warn(c.block.DefRange(), "Module not followed", "Module %s comes from %s, which is %s, already being read: a module that calls itself is read once.", c.name, c.source, calls.display)
			continue
		}
		if depth+1 > ir.MaxDepth {
			im.res.Warn(c.block.DefRange(), "Module not followed", "Module %s is %d modules deep; archie follows local modules %d deep at most.", c.name, depth+1, ir.MaxDepth)
			continue
		}
		if im.followed >= ir.MaxFollowed {
			im.res.Warn(c.block.DefRange(), "Module not followed", "Module %s: this import already follows %d module calls, the most archie reads in one import.", c.name, ir.MaxFollowed)
			continue
		}
		im.followed++
		child, err := im.load(childDir, path.Clean(path.Join(display, c.source)), childKey, m, c, depth+1)
		if err != nil {
			im.res.Warn(c.block.DefRange(), "Module not found", "Module %s comes from %s, which is not read: %s.", c.name, c.source, ir.Unreadable(err))
			continue
		}
		c.child = child
		m.evaluate(im) // outputs of the child are known now
	}
	return m, nil
}

// calling returns the module of the chain from the root to m (m included)
// that lives in dir, or nil: calling dir again would be a cycle.
func (m *module) calling(dir string) *module {
	for a := m; a != nil; a = a.parent {
		if a.dir == dir {
			return a
		}
	}
	return nil
}

func joinDisplay(dir, name string) string { return pathtext.Join(dir, name) }

// serviceName names the root module after its directory.
func serviceName(dir, display string) string {
	base := path.Base(display)
	if base == "." || base == "/" || base == ".." || base == "" {
		base = path.Base(dir)
	}
	switch base {
	case "terraform", "infra", "infrastructure", "tf", ".", "/":
		if parent := path.Base(path.Dir(dir)); parent != "." && parent != "/" {
			base = parent
		}
	}
	return ir.Identifier(base)
}

func (m *module) collect(body *hclsyntax.Body, im *importer) {
	for _, b := range body.Blocks {
		switch b.Type {
		case "variable":
			if len(b.Labels) != 1 {
				continue
			}
			if d, ok := b.Body.Attributes["default"]; ok {
				m.varExprs[b.Labels[0]] = d.Expr
			} else {
				m.varExprs[b.Labels[0]] = nil
			}
		case "locals":
			for name, a := range b.Body.Attributes {
				m.locals[name] = a.Expr
			}
		case "resource", "data":
			if len(b.Labels) != 2 {
				continue
			}
			r := &resource{data: b.Type == "data", typ: b.Labels[0], name: b.Labels[1], block: b, body: b.Body, mod: m}
			if _, dup := m.byAddr[r.addr()]; dup {
				continue
			}
			m.resources = append(m.resources, r)
			m.byAddr[r.addr()] = r
		case "module":
			if len(b.Labels) != 1 {
				continue
			}
			src := ""
			if a, ok := b.Body.Attributes["source"]; ok {
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					src = v.AsString()
				}
			}
			m.calls = append(m.calls, &modCall{name: b.Labels[0], source: src, block: b})
			if reg, _ := registryModule(src); reg != "" {
				r := &resource{typ: "module", name: b.Labels[0], registry: reg, block: b, body: b.Body, mod: m}
				m.resources = append(m.resources, r)
				m.byAddr[r.addr()] = r
				if reg == "sqs" {
					dlq := &resource{typ: "module", name: b.Labels[0] + ".dlq", registry: "sqs-dlq", block: b, body: b.Body, mod: m}
					m.resources = append(m.resources, dlq)
					m.byAddr[dlq.addr()] = dlq
				}
			}
		case "output":
			if len(b.Labels) == 1 {
				if a, ok := b.Body.Attributes["value"]; ok {
					m.outputs[b.Labels[0]] = a.Expr
				}
			}
		}
	}
	// Every attribute name used on a resource, so its marker object has it.
	hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		if e, ok := n.(*hclsyntax.ScopeTraversalExpr); ok {
			m.noteTraversal(e.Traversal)
		}
		return nil
	})
}

func (m *module) noteTraversal(t hcl.Traversal) {
	var names []string
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			names = append(names, s.Name)
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		case hcl.TraverseIndex:
			names = append(names, "[]")
		}
	}
	if len(names) < 3 {
		return
	}
	addr, rest := names[0]+"."+names[1], names[2:]
	if names[0] == "data" && len(names) >= 4 {
		addr, rest = "data."+names[1]+"."+names[2], names[3:]
	}
	if len(rest) > 0 && rest[0] == "[]" {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return
	}
	if m.attrNames[addr] == nil {
		m.attrNames[addr] = map[string]bool{}
	}
	m.attrNames[addr][rest[0]] = true
}

// LocalModules lists the directories (in fsys) that the .tf files in dir
// call as local modules; display and parse are those of HasResources.
func LocalModules(fsys fs.FS, dir, display string, parse Parser) []string {
	var out []string
	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		f, _ := parse(src, joinDisplay(display, e.Name()))
		if f == nil {
			continue
		}
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "module" {
				continue
			}
			if a, ok := b.Body.Attributes["source"]; ok {
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
					if s := v.AsString(); strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") {
						if full, err := ir.LocalPath(dir, s); err == nil {
							out = append(out, full)
						}
					}
				}
			}
		}
	}
	return out
}
