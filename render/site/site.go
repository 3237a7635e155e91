// Package site writes an architecture's documentation: an index with the
// context diagram, the services, patterns, findings and cost; a page per
// service, pattern and workload; a findings page; and the diagrams beside
// them. It writes the pages as Markdown files or as one self-contained
// HTML file, and fills marked sections of a hand-written README (Inject).
//
// The pages are built from the model, the lint report and, when given, the
// simulator's report; diagrams come from a Diagrammer, so the package
// itself never lays out a graph.
package site

import (
	"context"
	"fmt"
	"github.com/archiehq/archie/lint/ruledocs"
	"github.com/archiehq/archie/schema/safetext"
	"path"
	"sort"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
)

// Input is what the documentation is made of.
type Input struct {
	Arch *schema.Architecture
	// Lint is the lint report of Arch, as `archie lint` makes it (its
	// configuration file and suppressions applied).
	Lint *lint.Report
	// Rules is the rule catalog. A pattern's checks are the rules whose
	// Meta.Patterns name its kind, and their findings those of Lint whose
	// context names the pattern.
	Rules []lint.Rule
	// Simulation, when set, fills the workload pages and the cost summary.
	Simulation *Simulation
}

// Simulation is the simulator's report and the charts drawn from it.
type Simulation struct {
	Report *simulate.Report
	Charts map[string][]Chart // by workload name
}

// Chart is one SVG chart of a workload.
type Chart struct {
	Name  string // file-name part: "latency", "concurrency"
	Title string
	SVG   []byte
}

// Options control what is drawn and how links are made.
type Options struct {
	// Diagrams draws the views; nil leaves the pages without pictures.
	Diagrams Diagrammer
	// SourcePath maps a file name as positions show it
	// ("examples/shop/main.arch.hcl") to its path relative to the site
	// root ("../examples/shop/main.arch.hcl"); "" when it cannot be
	// linked. Nil links no source.
	SourcePath func(file string) string
	// Progress, when set, is told about each step of a long run.
	Progress func(done, total int, step string)
	// Name names the architecture when it has no architecture block;
	// the default is its directory's name.
	Name string
	// Stamp, when not empty, closes every page (e.g. "Generated on ...").
	// The default is none, so the same input gives the same bytes.
	Stamp string
}

// Diagrammer draws views of an architecture: "context", "all",
// "service:NAME", "pattern:NAME".
type Diagrammer interface {
	// SVG draws a view as a standalone SVG document, with findings
	// marked on it.
	SVG(ctx context.Context, arch *schema.Architecture, view string, findings []lint.Finding) ([]byte, error)
	// Mermaid draws a view as a Mermaid flowchart, which GitHub renders
	// in Markdown.
	Mermaid(arch *schema.Architecture, view string, findings []lint.Finding) (string, error)
}

// Site is the generated documentation.
type Site struct {
	Title  string
	Pages  []*Page // the index first
	Assets []Asset // SVG files, sorted by path
	Stamp  string
	// Explorer is the JSON the HTML file's diagram explorer reads: each
	// component's findings and simulated figures, each workload's
	// slowest path.
	Explorer []byte
}

// Asset is a file stored beside the pages.
type Asset struct {
	Path string
	Data []byte
}

// File is one file of the output.
type File struct {
	Path string // slash-separated, relative to the output root
	Data []byte
}

// Build makes the documentation of an architecture.
func Build(ctx context.Context, in Input, opt Options) (*Site, error) {
	if in.Arch == nil {
		return nil, fmt.Errorf("no architecture")
	}
	b := newBuilder(in, opt)
	b.checks = patternChecks(in)

	type step struct {
		name string
		run  func() error
	}
	var steps []step
	addDiagram := func(asset, view string, findings []lint.Finding) {
		steps = append(steps, step{"diagram " + view, func() error { return b.diagram(ctx, asset, view, findings) }})
	}
	if opt.Diagrams != nil {
		// The context view stays plain: the index lists the findings right
		// under it, and a legend of every finding would dwarf the picture.
		addDiagram(contextAsset, "context", nil)
		for _, s := range in.Arch.Services {
			addDiagram(serviceAsset(s.Name), "service:"+s.Name, b.serviceFindings(s))
		}
		for _, p := range in.Arch.Patterns {
			addDiagram(patternAsset(p.Name), "pattern:"+p.Name, b.patternFindings(p))
		}
	}
	steps = append(steps, step{"pages", func() error { b.pages(); return nil }})
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if opt.Progress != nil {
			opt.Progress(i, len(steps), s.name)
		}
		if err := s.run(); err != nil {
			return nil, err
		}
	}
	if opt.Progress != nil {
		opt.Progress(len(steps), len(steps), "done")
	}
	if in.Simulation != nil {
		for _, w := range in.Arch.Workloads {
			for _, c := range in.Simulation.Charts[w.Name] {
				b.assets[chartAsset(w.Name, c.Name)] = c.SVG
			}
		}
	}
	for _, p := range b.pageList {
		p.sanitize()
	}
	explorer, err := b.explorerData(ctx)
	if err != nil {
		return nil, err
	}
	site := &Site{Title: safetext.Text(b.title), Pages: b.pageList, Stamp: opt.Stamp, Explorer: explorer}
	for _, p := range sortedKeys(b.assets) {
		site.Assets = append(site.Assets, Asset{Path: p, Data: b.assets[p]})
	}
	return site, nil
}

// Markdown is the site as Markdown files and SVG files beside them,
// sorted by path.
func (s *Site) Markdown() []File {
	var out []File
	for _, p := range s.Pages {
		out = append(out, File{Path: p.Path, Data: writeMarkdownPage(p, s.Stamp)})
	}
	for _, a := range s.Assets {
		out = append(out, File{Path: a.Path, Data: a.Data})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Asset paths. Everything drawn lives in diagrams/, so archie knows which
// files of an output directory are its own.
const (
	assetDir     = "diagrams"
	contextAsset = assetDir + "/context.svg"
)

func serviceAsset(name string) string { return assetDir + "/service-" + name + ".svg" }
func patternAsset(name string) string { return assetDir + "/pattern-" + name + ".svg" }
func chartAsset(workload, chart string) string {
	return assetDir + "/workload-" + workload + "-" + chart + ".svg"
}

// Page paths.
const (
	indexPage    = "index.md"
	findingsPage = "findings.md"
	topLevelPage = "components.md"
	servicesDir  = "services"
	patternsDir  = "patterns"
	workloadsDir = "workloads"
)

func servicePage(name string) string  { return servicesDir + "/" + name + ".md" }
func patternPage(name string) string  { return patternsDir + "/" + name + ".md" }
func workloadPage(name string) string { return workloadsDir + "/" + name + ".md" }

// builder holds what every page needs: the model, the findings by
// component, and the links.
type builder struct {
	in       Input
	opt      Options
	title    string
	findings []lint.Finding
	byComp   map[string][]lint.Finding
	catalog  map[string]lint.Meta // rules with a documentation page, by ID
	ran      map[string]bool      // rules that ran
	checks   map[*schema.Pattern][]Check
	assets   map[string][]byte
	pageList []*Page
	// kindAnchor is the anchor of each kind's table on a service page.
	kindAnchor map[schema.Kind]string
}

func newBuilder(in Input, opt Options) *builder {
	b := &builder{
		in: in, opt: opt,
		byComp:     map[string][]lint.Finding{},
		catalog:    map[string]lint.Meta{},
		ran:        map[string]bool{},
		assets:     map[string][]byte{},
		kindAnchor: map[schema.Kind]string{},
	}
	b.title = in.Arch.Name
	if b.title == "" {
		b.title = opt.Name
	}
	if b.title == "" {
		b.title = path.Base(strings.TrimSuffix(in.Arch.Dir, "/"))
		if b.title == "." || b.title == "/" || b.title == "" {
			b.title = "Architecture"
		}
	}
	if in.Lint != nil {
		b.findings = in.Lint.Findings
		for _, m := range in.Lint.Rules {
			b.ran[m.ID] = true
		}
	}
	for _, f := range b.findings {
		if f.Component != "" {
			b.byComp[f.Component] = append(b.byComp[f.Component], f)
		}
	}
	for _, r := range in.Rules {
		b.catalog[r.Meta().ID] = r.Meta()
	}
	for _, m := range lint.EngineRules() {
		b.catalog[m.ID] = m
	}
	for _, k := range schema.Kinds {
		b.kindAnchor[k] = Slug(kindTitle(k))
	}
	return b
}

func (b *builder) diagram(ctx context.Context, asset, view string, findings []lint.Finding) error {
	svg, err := b.opt.Diagrams.SVG(ctx, b.in.Arch, view, findings)
	if err != nil {
		return fmt.Errorf("drawing the %s view: %w", view, err)
	}
	b.assets[asset] = svg
	return nil
}

// hasAsset reports whether a picture was drawn for the path.
func (b *builder) hasAsset(p string) bool { _, ok := b.assets[p]; return ok }

func (b *builder) serviceFindings(s *schema.Service) []lint.Finding {
	var out []lint.Finding
	for _, c := range s.Components {
		out = append(out, b.byComp[c.Address()]...)
	}
	lint.SortFindings(out)
	return out
}

// patternFindings are the findings about a pattern's members and those of
// its checks.
func (b *builder) patternFindings(p *schema.Pattern) []lint.Finding {
	var out []lint.Finding
	seen := map[string]bool{}
	add := func(fs []lint.Finding) {
		for _, f := range fs {
			if k := findingKey(f); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	for _, c := range members(p) {
		add(b.byComp[c.Address()])
	}
	for _, c := range b.checks[p] {
		add(c.Findings)
	}
	lint.SortFindings(out)
	return out
}

// componentLink links a component to its table on its service's page.
func (b *builder) componentLink(c *schema.Component) *Link {
	if c.Service == nil {
		return &Link{Page: topLevelPage, Anchor: b.kindAnchor[c.Kind]}
	}
	return &Link{Page: servicePage(c.Service.Name), Anchor: b.kindAnchor[c.Kind]}
}

// comp is a component's address as a code span linked to its table.
func (b *builder) comp(c *schema.Component) Span {
	return Code(c.Address()).To(b.componentLink(c))
}

// compByAddress is comp for an address, unlinked when unknown.
func (b *builder) compByAddress(addr string) Span {
	if c := b.in.Arch.Component(addr); c != nil {
		return b.comp(c)
	}
	return Code(addr)
}

// serviceSpan names a component's service, linked to its page.
func (b *builder) serviceSpan(c *schema.Component) Span {
	if c.Service == nil {
		return Emph("none").To(&Link{Page: topLevelPage})
	}
	return Text(c.Service.Name).To(&Link{Page: servicePage(c.Service.Name)})
}

// sourceLink links a position to its file and line, as seen from the
// site root; nil when the file cannot be linked.
func (b *builder) sourceLink(file string, line int) *Link {
	if b.opt.SourcePath == nil || file == "" {
		return nil
	}
	p := b.opt.SourcePath(file)
	if p == "" {
		return nil
	}
	return &Link{File: p, Line: line}
}

// source is "file:line" linked to the line; empty for a position in no
// file.
func (b *builder) source(file string, line int) Span {
	if file == "" {
		return Text("")
	}
	label := fmt.Sprintf("%s:%d", path.Base(file), line)
	return Text(label).To(b.sourceLink(file, line))
}

// rule is a rule ID linked to its documentation, when it has some.
func (b *builder) rule(id string) Span {
	if _, ok := b.catalog[id]; ok {
		return Code(id).To(&Link{URL: ruledocs.URL(id)})
	}
	return Code(id)
}

func (b *builder) newPage(p, title, nav, group string) *Page {
	pg := &Page{Path: p, Title: title, Nav: nav, Group: group}
	b.pageList = append(b.pageList, pg)
	return pg
}

// pages builds every page, the index first.
func (b *builder) pages() {
	b.indexPage()
	for _, s := range b.in.Arch.Services {
		b.servicePage(s)
	}
	if top := b.topLevel(); len(top) > 0 {
		b.topLevelPage(top)
	}
	for _, p := range b.in.Arch.Patterns {
		b.patternPage(p)
	}
	for _, w := range b.in.Arch.Workloads {
		b.workloadPage(w)
	}
	b.findingsPage()
}

// topLevel lists the components declared outside any service.
func (b *builder) topLevel() []*schema.Component {
	var out []*schema.Component
	for _, c := range b.in.Arch.Components {
		if c.Service == nil {
			out = append(out, c)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
