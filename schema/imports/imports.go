// Package imports reads existing infrastructure code (AWS SAM and
// CloudFormation templates, Terraform configurations, serverless.yml) and
// produces an architecture: formatted *.arch.hcl files for `archie
// import`, or a loaded model whose every range points back at the user's
// own files for `archie lint --from`.
//
// Each front end builds the importer model (package ir); ir.Write turns it
// into HCL plus a line map; Load parses that HCL with schema.Parse and
// remaps the model's ranges through the line map.
package imports

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/imports/cfn"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/archiehq/archie/schema/imports/serverless"
	"github.com/archiehq/archie/schema/imports/terraform"
	"github.com/archiehq/archie/schema/pathtext"
	"github.com/archiehq/archie/schema/textfmt"
	"github.com/hashicorp/hcl/v2"
)

// Formats are the formats the importer reads.
var Formats = []string{"sam", "cloudformation", "terraform", "serverless"}

// CheckFormat returns an error naming the formats when f is not one.
func CheckFormat(f string) error {
	if slices.Contains(Formats, f) {
		return nil
	}
	return fmt.Errorf("unknown format %q%s: use one of %s", f, schema.Suggest(f, Formats), strings.Join(Formats, ", "))
}

// Import reads the sources at p (a file or a directory) in fsys. display
// replaces p in the names positions show. The error is for input that
// cannot be read at all; problems inside the sources are diagnostics of
// the result.
func Import(ctx context.Context, format string, fsys fs.FS, p, display string) (*ir.Result, error) {
	return NewCache().Import(ctx, format, fsys, p, display)
}

// Import is the package's Import, reusing what c has parsed.
func (c *Cache) Import(ctx context.Context, format string, fsys fs.FS, p, display string) (*ir.Result, error) {
	if err := CheckFormat(format); err != nil {
		return nil, err
	}
	if display == "" {
		display = p
	}
	res := ir.NewResult()
	var err error
	func() {
		// No input may crash the importer: a panic in a front end is
		// reported as an error of the run, naming the input.
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%s: internal error while importing (%v); please report this bug with the input", display, r)
			}
		}()
		switch format {
		case "sam", "cloudformation":
			err = c.importCFN(ctx, res, fsys, p, display)
		case "terraform":
			err = terraform.Import(ctx, res, fsys, p, display, c.parseHCL)
		case "serverless":
			err = serverless.Import(ctx, res, fsys, p, display)
		}
	}()
	if err != nil {
		return nil, err
	}
	res.Sort()
	return res, nil
}

func (c *Cache) importCFN(ctx context.Context, res *ir.Result, fsys fs.FS, p, display string) error {
	return c.importCFNAll(ctx, res, fsys, []string{p}, p, display)
}

// importCFNAll imports the templates at every path of ps into one
// importer, so that the links between them (exports, SSM parameters)
// resolve. root is the directory the paths lie under, shown as display.
func (c *Cache) importCFNAll(ctx context.Context, res *ir.Result, fsys fs.FS, ps []string, root, display string) error {
	im := cfn.New(ctx, res, ir.NewNames(), fsys)
	im.ParseFile = c.parseYAML
	for _, p := range ps {
		files, err := c.TemplateFiles(fsys, p)
		shownDir := displayBelow(root, display, p)
		if err != nil {
			return fmt.Errorf("%s: %w", shownDir, err)
		}
		if len(files) == 0 {
			if bad := c.unparsedTemplates(fsys, p, shownDir); len(bad) > 0 {
				// A template with a syntax error is reported as one,
				// not as a directory without templates.
				res.Diags = append(res.Diags, bad...)
				continue
			}
			return fmt.Errorf("%s: no CloudFormation or SAM template here (a YAML or JSON file with a Resources section); with --recursive, subdirectories are searched too", shownDir)
		}
		for _, f := range files {
			shown := displayName(p, shownDir, f.path)
			res.Sources[shown] = f.src
			root, d := c.parseYAML(f.path, shown, f.src)
			if d != nil {
				res.Diags = append(res.Diags, d)
				continue
			}
			doc := &ir.Doc{Source: shown, Format: "CloudFormation", Service: StackName(f.path)}
			doc.File = doc.Service + schema.FileSuffix
			t := im.Add(root, shown, path.Dir(f.path), doc)
			if t.SAM {
				doc.Format = "AWS SAM"
			}
			res.Docs = append(res.Docs, doc)
		}
	}
	im.Finish()
	return nil
}

// ImportAll imports the sources of every directory of dirs (found under
// root, shown as display) as one architecture: each stack, Terraform
// configuration or service keeps its own file and service, a name two of
// them use is prefixed with the service, and for CloudFormation and SAM
// the exports and SSM parameters one stack publishes resolve in the
// others.
func (c *Cache) ImportAll(ctx context.Context, format string, fsys fs.FS, dirs []string, root, display string) (res *ir.Result, err error) {
	if len(dirs) == 1 {
		return c.Import(ctx, format, fsys, dirs[0], displayBelow(root, display, dirs[0]))
	}
	if err := CheckFormat(format); err != nil {
		return nil, err
	}
	res = ir.NewResult()
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%s: internal error while importing (%v); please report this bug with the input", display, r)
		}
	}()
	if format == "sam" || format == "cloudformation" {
		if err := c.importCFNAll(ctx, res, fsys, dirs, root, display); err != nil {
			return nil, err
		}
		res.Sort()
		return res, nil
	}
	for _, d := range dirs {
		one, err := c.Import(ctx, format, fsys, d, displayBelow(root, display, d))
		if err != nil {
			return nil, err
		}
		res.Absorb(one)
	}
	res.Sort()
	return res, nil
}

type sourceFile struct {
	path string
	src  []byte
	root cfn.Node // parsed already when the directory was searched
}

// TemplateFiles lists the CloudFormation templates at p: p itself, or the
// YAML and JSON files directly in the directory p that hold a Resources
// section, sorted by name.
func TemplateFiles(fsys fs.FS, p string) ([]sourceFile, error) {
	return NewCache().TemplateFiles(fsys, p)
}

// TemplateFiles is the package's TemplateFiles, parsing through c.
func (c *Cache) TemplateFiles(fsys fs.FS, p string) ([]sourceFile, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, unwrap(err)
	}
	if !info.IsDir() {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, unwrap(err)
		}
		return []sourceFile{{path: p, src: src}}, nil
	}
	var out []sourceFile
	err = candidates(fsys, p, func(full string, src []byte) {
		if root, d := c.parseYAML(full, full, src); d == nil && cfn.LooksLikeTemplate(root) {
			out = append(out, sourceFile{path: full, src: src, root: root})
		}
	})
	return out, err
}

// candidates calls fn with each file directly in the directory p whose
// name and text may be a template's (cfn.MayBeTemplate).
func candidates(fsys fs.FS, p string, fn func(full string, src []byte)) error {
	entries, err := fs.ReadDir(fsys, p)
	if err != nil {
		return unwrap(err)
	}
	for _, e := range entries {
		if e.IsDir() || !isTemplateName(e.Name()) {
			continue
		}
		full := path.Join(p, e.Name())
		src, err := fs.ReadFile(fsys, full)
		if err == nil && cfn.MayBeTemplate(src) {
			fn(full, src)
		}
	}
	return nil
}

// unparsedTemplates are the parse errors of the files directly in the
// directory p that may be templates (a Resources key, a "::" type) but
// are not YAML or JSON.
func (c *Cache) unparsedTemplates(fsys fs.FS, p, shownDir string) hcl.Diagnostics {
	var out hcl.Diagnostics
	_ = candidates(fsys, p, func(full string, src []byte) {
		if _, d := c.parseYAML(full, displayName(p, shownDir, full), src); d != nil {
			out = append(out, d)
		}
	})
	return out
}

func isTemplateName(name string) bool {
	// sam package output repeats the template it was made from.
	if strings.HasPrefix(strings.ToLower(name), "packaged") {
		return false
	}
	for _, ext := range []string{".yaml", ".yml", ".json", ".template"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return true
		}
	}
	return false
}

func unwrap(err error) error { return pathtext.Cause(err) }

// displayName shows a file found under p the way the user named p.
func displayName(p, display, file string) string {
	if file == p {
		return display
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(file, p), "/")
	if display == "." || display == "" {
		return rel
	}
	return strings.TrimSuffix(display, "/") + "/" + rel
}

// genericStems are file names that say nothing about the stack; the
// directory names it instead.
var genericStems = []string{"template", "templates", "cloudformation", "cfn", "stack", "main", "serverless", "infra", "sam", "packaged", "index", "root"}

// StackName derives a service name from a source file name: its stem, or
// its directory when the stem is generic ("template.yaml").
func StackName(file string) string {
	base := path.Base(file)
	stem := base
	if i := strings.Index(stem, "."); i > 0 {
		stem = stem[:i]
	}
	if slices.Contains(genericStems, strings.ToLower(stem)) {
		dir := path.Base(path.Dir(file))
		if dir != "." && dir != "/" && dir != ".." {
			stem = dir
		}
	}
	return ir.Identifier(stem)
}

// Loaded is an imported architecture ready for lint, render, simulate.
type Loaded struct {
	Arch   *schema.Architecture
	Result *ir.Result
	Output *ir.Output
	// Files holds the sources (for snippets) and the generated files, by
	// the names ranges show.
	Files map[string]*hcl.File
}

// Load imports the sources at p and loads the generated architecture. Its
// ranges, and those of the diagnostics, point into the sources. The
// diagnostics hold the importer's warnings and any error of the generated
// architecture.
func Load(ctx context.Context, format string, fsys fs.FS, p, display string) (*Loaded, hcl.Diagnostics) {
	return NewCache().Load(ctx, format, fsys, p, display)
}

// Load is the package's Load, reusing what c has parsed: a recursive run
// discovers with one cache and loads each directory through it.
func (c *Cache) Load(ctx context.Context, format string, fsys fs.FS, p, display string) (loaded *Loaded, diags hcl.Diagnostics) {
	if display == "" {
		display = p
	}
	defer func() {
		// No input may crash the importer: a panic while writing or
		// loading the generated architecture is reported, not raised.
		if r := recover(); r != nil {
			loaded = nil
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot import",
				Detail: fmt.Sprintf("%s: internal error while loading the imported architecture (%v); please report this bug with the input", display, r)})
		}
	}()
	res, err := c.Import(ctx, format, fsys, p, display)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot import", Detail: err.Error()}}
	}
	return c.load(ctx, res, display)
}

// LoadAll imports the directories dirs under root as one architecture (see
// ImportAll) and loads it like Load.
func (c *Cache) LoadAll(ctx context.Context, format string, fsys fs.FS, dirs []string, root, display string) (loaded *Loaded, diags hcl.Diagnostics) {
	defer func() {
		if r := recover(); r != nil {
			loaded = nil
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot import",
				Detail: fmt.Sprintf("%s: internal error while loading the imported architecture (%v); please report this bug with the input", display, r)})
		}
	}()
	res, err := c.ImportAll(ctx, format, fsys, dirs, root, display)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot import", Detail: err.Error()}}
	}
	shown := display
	if len(dirs) == 1 {
		shown = displayBelow(root, display, dirs[0])
	}
	return c.load(ctx, res, shown)
}

func (c *Cache) load(ctx context.Context, res *ir.Result, display string) (*Loaded, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	out := ir.Write(res)
	diags = append(diags, res.Diags...)
	if len(out.Files) == 0 {
		return &Loaded{Result: res, Output: out, Files: c.sourceFiles(res, out)}, diags
	}
	arch, d := schema.Parse(ctx, display, out.Files)
	offsets := newByteOffsets(res.Sources)
	remap := func(r hcl.Range) hcl.Range { return offsets.fill(out.Remap(r)) }
	if arch != nil {
		arch.RemapRanges(remap)
		markSources(arch, res)
	}
	diags = append(diags, d...)
	schema.RemapDiagnostics(diags, remap)
	files := c.sourceFiles(res, out)
	if arch != nil {
		arch.Files = files
	}
	return &Loaded{Arch: arch, Result: res, Output: out, Files: files}, diags
}

// markSources records on each edge of an imported architecture how the
// importer learned it: a dependency keeps its own source (a permission, an
// environment variable, a state machine's definition), and so does a
// trigger the importer guessed (a direct integration's target found
// through its role); other triggers, failure routes and every other edge
// come from the template's declared wiring.
func markSources(arch *schema.Architecture, res *ir.Result) {
	arch.Imported = true
	for _, e := range arch.Edges {
		e.Source = schema.SourceTemplate
	}
	for _, doc := range res.Docs {
		for _, c := range doc.Components {
			from := arch.Component(string(c.Kind) + "." + c.Name)
			if from == nil {
				continue
			}
			for _, u := range c.Unknown {
				from.Unknown = append(from.Unknown, schema.UnknownLink{What: u.What, Range: u.Pos, Peers: u.Peers})
			}
			for _, a := range c.Attrs {
				if sa := from.Attrs[a.Name]; sa != nil && a.Assumed {
					sa.Assumed = true
				}
			}
			for _, t := range c.Triggers {
				if t.Learned == "" || t.Source == nil {
					continue
				}
				src := arch.Component(string(t.Source.Kind) + "." + t.Source.Name)
				for _, e := range from.In {
					if e.From == src && e.Relation == schema.RelTrigger && e.Trigger != nil {
						e.Source = t.Learned
					}
				}
			}
			for _, d := range c.Deps {
				to := arch.Component(string(d.To.Kind) + "." + d.To.Name)
				for _, e := range from.Out {
					if e.To == to && e.Trigger == nil && string(e.Relation) == d.Rel && d.Source != "" {
						e.Source = d.Source
						e.SharedBy = d.SharedBy
					}
				}
			}
		}
	}
}

func (c *Cache) sourceFiles(res *ir.Result, out *ir.Output) map[string]*hcl.File {
	files := map[string]*hcl.File{}
	for _, f := range out.Files {
		files[f.Name] = &hcl.File{Bytes: f.Src}
	}
	for name, src := range res.Sources {
		files[name] = &hcl.File{Bytes: src}
		if strings.HasSuffix(name, ".tf") {
			// .tf files are HCL: with their syntax tree, archie-ignore
			// comments in them suppress findings as in *.arch.hcl files.
			if f, diags := c.parseHCL(src, name); f != nil && !diags.HasErrors() {
				files[name] = f
			}
		}
	}
	return files
}

// Discover lists the directories under root holding sources of the
// format: root itself, or with recursive every directory below it that
// holds some, less the directories w skips (and cdk.out, the AWS CDK's
// generated templates). display is root as messages show it (the Load of
// each directory found shows it below display); what discovery parses
// stays in c for those loads.
func (c *Cache) Discover(fsys fs.FS, format, root, display string, w schema.Walk) ([]string, error) {
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() || !w.Recursive {
		return []string{root}, nil
	}
	var dirs []string
	err = schema.WalkTree(fsys, root, w, func(p string, d fs.DirEntry) error {
		if !d.IsDir() {
			return nil
		}
		if p != root && d.Name() == "cdk.out" && !slices.Contains(w.Include, "cdk.out") {
			return fs.SkipDir
		}
		if c.hasSources(fsys, format, p, displayBelow(root, display, p)) {
			dirs = append(dirs, p)
		}
		return nil
	})
	sort.Strings(dirs)
	if format == "sam" || format == "cloudformation" {
		// A directory holding only templates that others include as
		// nested stacks is part of those stacks.
		nested := map[string]bool{}
		for _, d := range dirs {
			files, _ := c.TemplateFiles(fsys, d)
			for _, f := range files {
				for _, n := range cfn.NestedFiles(f.root, d) {
					nested[n] = true
				}
			}
		}
		kept := dirs[:0]
		for _, d := range dirs {
			files, _ := c.TemplateFiles(fsys, d)
			own := false
			for _, f := range files {
				if !nested[f.path] {
					own = true
				}
			}
			if own {
				kept = append(kept, d)
			}
		}
		dirs = kept
	}
	if format == "terraform" {
		// A local module is part of the configuration that calls it, not
		// an architecture of its own.
		called := map[string]bool{}
		for _, d := range dirs {
			for _, m := range terraform.LocalModules(fsys, d, displayBelow(root, display, d), c.parseHCL) {
				called[m] = true
			}
		}
		kept := dirs[:0]
		for _, d := range dirs {
			if !called[d] {
				kept = append(kept, d)
			}
		}
		dirs = kept
	}
	return dirs, err
}

func (c *Cache) hasSources(fsys fs.FS, format, dir, display string) bool {
	switch format {
	case "terraform":
		return terraform.HasResources(fsys, dir, display, c.parseHCL)
	case "serverless":
		return serverless.ConfigFile(fsys, dir) != ""
	}
	files, _ := c.TemplateFiles(fsys, dir)
	return len(files) > 0
}

// displayBelow names dir, a directory at or below root in the file
// system, as messages show it when root is shown as display.
func displayBelow(root, display, dir string) string {
	if dir == root {
		return display
	}
	return path.Join(display, strings.TrimPrefix(strings.TrimPrefix(dir, root), "/"))
}

// WriteSummary tells people what an import produced and what it left out:
// unsupported resource types with their count and file, and the types
// ignored as having no place in an architecture.
func WriteSummary(w io.Writer, res *ir.Result, out *ir.Output) error {
	comps := 0
	for _, d := range res.Docs {
		comps += len(d.Components)
	}
	fmt.Fprintf(w, "imported %s into %s\n", plural(comps, "component"), plural(len(out.Files), "file"))
	if len(res.Unsupported) > 0 {
		fmt.Fprintln(w, "not imported (no archie construct yet):")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, u := range res.Unsupported {
			fmt.Fprintf(tw, "  %s\t%d\t%s:%d\t%s\n", u.Type, u.Count, u.File, u.First.Start.Line, u.Reason)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(res.Ignored) > 0 {
		types := make([]string, 0, len(res.Ignored))
		for t := range res.Ignored {
			types = append(types, t)
		}
		sort.Strings(types)
		parts := make([]string, len(types))
		for i, t := range types {
			parts[i] = fmt.Sprintf("%s (%d)", t, res.Ignored[t])
		}
		fmt.Fprintf(w, "ignored (no architecture meaning): %s\n", strings.Join(parts, ", "))
	}
	return nil
}

// byteOffsets fills the byte offsets of ranges that importers know only
// by line and column, so snippet printers that scan by byte find them.
type byteOffsets struct {
	sources map[string][]byte
	lines   map[string][]int
}

func newByteOffsets(sources map[string][]byte) *byteOffsets {
	return &byteOffsets{sources: sources, lines: map[string][]int{}}
}

func (b *byteOffsets) fill(r hcl.Range) hcl.Range {
	src, ok := b.sources[r.Filename]
	if !ok {
		return r
	}
	starts, ok := b.lines[r.Filename]
	if !ok {
		starts = []int{0}
		for i, c := range src {
			if c == '\n' {
				starts = append(starts, i+1)
			}
		}
		b.lines[r.Filename] = starts
	}
	r.Start.Byte = offset(src, starts, r.Start)
	r.End.Byte = offset(src, starts, r.End)
	if r.End.Byte < r.Start.Byte {
		r.End = r.Start
	}
	return r
}

func offset(src []byte, starts []int, p hcl.Pos) int {
	if p.Line < 1 || p.Line > len(starts) {
		return len(src)
	}
	off := starts[p.Line-1]
	for col := 1; col < p.Column && off < len(src) && src[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(src[off:])
		off += size
	}
	return off
}

func plural(n int, word string) string { return textfmt.Plural(n, word, word+"s") }

// Groups partitions dirs, as Discover found them, into the sets of stacks
// that link to each other: a CloudFormation or SAM stack that imports an
// export of another (Fn::ImportValue), or reads an SSM parameter another
// writes, is in the same group, and the group is imported as one
// architecture so that those links resolve. Stacks that link to no other,
// and every directory of the other formats, are groups of their own. The
// groups keep the order of dirs.
func (c *Cache) Groups(fsys fs.FS, format string, dirs []string) [][]string {
	parent := make([]int, len(dirs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	if format == "sam" || format == "cloudformation" {
		names := make([]cfn.LinkNames, len(dirs))
		for i, d := range dirs {
			files, _ := c.TemplateFiles(fsys, d)
			for _, f := range files {
				root := f.root
				if !root.Ok() {
					var diag *hcl.Diagnostic
					if root, diag = c.parseYAML(f.path, f.path, f.src); diag != nil {
						continue
					}
				}
				l := cfn.Links(root)
				names[i].Exports = append(names[i].Exports, l.Exports...)
				names[i].SSM = append(names[i].SSM, l.SSM...)
				names[i].ReadsExport = append(names[i].ReadsExport, l.ReadsExport...)
				names[i].ReadSSM = append(names[i].ReadSSM, l.ReadSSM...)
			}
		}
		for i := range dirs {
			for j := range dirs {
				if i == j || find(i) == find(j) {
					continue
				}
				if reads(names[i].ReadsExport, names[j].Exports) || reads(names[i].ReadSSM, names[j].SSM) {
					parent[find(i)] = find(j)
				}
			}
		}
	}
	var out [][]string
	index := map[int]int{}
	for i, d := range dirs {
		r := find(i)
		k, ok := index[r]
		if !ok {
			k = len(out)
			index[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], d)
	}
	return out
}

// reads reports whether one of the names read is one of the names
// published.
func reads(read, published []string) bool {
	for _, r := range read {
		for _, p := range published {
			if cfn.Matches(p, r) {
				return true
			}
		}
	}
	return false
}
