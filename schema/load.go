package schema

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/archiehq/archie/schema/pathtext"
)

// FileSuffix is the suffix of architecture files.
const FileSuffix = ".arch.hcl"

// SourceFile is one file's name, as positions will show it, and content.
type SourceFile struct {
	Name string
	Src  []byte
}

// Load reads the architecture at p in fsys: every *.arch.hcl file directly
// in a directory, merged, or a single file. display, if not empty, replaces
// p in the file names that positions show. It returns the model built so
// far together with every diagnostic found; the model is nil only when
// nothing could be read.
func Load(ctx context.Context, fsys fs.FS, p, display string) (*Architecture, hcl.Diagnostics) {
	if display == "" {
		display = p
	}
	files, err := ReadFiles(fsys, p, display)
	if err != nil {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read architecture", Detail: err.Error()}}
	}
	return Parse(ctx, display, files)
}

// ReadFiles returns the architecture files at p: p itself when it is a
// file, else the *.arch.hcl files directly in it, sorted by name.
func ReadFiles(fsys fs.FS, p, display string) ([]SourceFile, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, unwrapPathError(err))
	}
	if !info.IsDir() {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", display, unwrapPathError(err))
		}
		return []SourceFile{{Name: display, Src: src}}, nil
	}
	entries, err := fs.ReadDir(fsys, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", display, unwrapPathError(err))
	}
	var files []SourceFile
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), FileSuffix) {
			continue
		}
		src, err := fs.ReadFile(fsys, path.Join(p, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path.Join(display, e.Name()), unwrapPathError(err))
		}
		files = append(files, SourceFile{Name: joinDisplay(display, e.Name()), Src: src})
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no %s files in this directory", display, "*"+FileSuffix)
	}
	return files, nil
}

func joinDisplay(dir, name string) string { return pathtext.Join(dir, name) }

func unwrapPathError(err error) error { return pathtext.Cause(err) }

// Parse builds the architecture from files already read. dir names the
// architecture in messages.
func Parse(ctx context.Context, dir string, files []SourceFile) (*Architecture, hcl.Diagnostics) {
	l := &loader{
		arch: &Architecture{
			Dir:       dir,
			Files:     make(map[string]*hcl.File, len(files)),
			byAddress: map[string]*Component{},
			services:  map[string]*Service{},
		},
		patterns:  map[string]*Pattern{},
		workloads: map[string]*Workload{},
	}
	broken := map[string]bool{} // files with syntax errors
	var decoded hcl.Diagnostics // what decoding the parsed files reported
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return l.arch, append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cancelled", Detail: err.Error()})
		}
		file, diags := ParseHCL(f.Src, f.Name)
		if diags.HasErrors() {
			broken[f.Name] = true
		}
		l.diags = append(l.diags, diags...)
		if file == nil {
			continue
		}
		l.arch.Files[f.Name] = file
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		before := len(l.diags)
		l.decodeTop(body)
		decoded = append(decoded, l.diags[before:]...)
	}
	resolved := len(l.diags)
	l.finish()
	if len(broken) == 0 {
		return l.arch, l.diags
	}
	return l.arch, afterSyntaxErrors(l.diags[:resolved], decoded, broken)
}

// afterSyntaxErrors keeps what is worth reading when some files do not
// parse: their syntax errors, and the errors of the files that parsed. It
// drops what the syntax errors cause: errors in the broken files past the
// syntax (a value cut short by a missing "]"), and every reference error,
// since the declarations they miss may be in the part that did not parse.
// Reporting those first sent people hunting for a declaration that is
// there.
func afterSyntaxErrors(loaded, decoded hcl.Diagnostics, broken map[string]bool) hcl.Diagnostics {
	isDecoded := map[*hcl.Diagnostic]bool{}
	for _, d := range decoded {
		isDecoded[d] = true
	}
	var out hcl.Diagnostics
	for _, d := range loaded {
		if isDecoded[d] && d.Subject != nil && broken[d.Subject.Filename] {
			continue
		}
		out = append(out, d)
	}
	return out
}

type loader struct {
	arch      *Architecture
	diags     hcl.Diagnostics
	archBlock *hclsyntax.Block
	patterns  map[string]*Pattern
	workloads map[string]*Workload
	// rawPatterns keeps the role expressions until every component is known.
	rawPatterns []rawPattern
}

type rawPattern struct {
	pattern *Pattern
	body    *hclsyntax.Body
}

var topBlocks = []string{"architecture", "service", "pattern", "workload"}

func blockTypes(extra ...string) []string {
	out := slices.Clone(extra)
	for _, k := range Kinds {
		out = append(out, string(k))
	}
	return out
}

func (l *loader) errs(d ...*hcl.Diagnostic) { l.diags = append(l.diags, d...) }

func (l *loader) decodeTop(body *hclsyntax.Body) {
	for _, name := range sortedKeys(body.Attributes) {
		a := body.Attributes[name]
		l.errs(errAtf(a.NameRange, "Unexpected attribute",
			"Attributes belong inside a block; the top level of an architecture file holds only %s blocks.", orList(blockTypes(topBlocks...))))
	}
	for _, b := range body.Blocks {
		switch b.Type {
		case "architecture":
			l.decodeArchitecture(b)
		case "service":
			l.decodeService(b)
		case "pattern":
			l.decodePattern(b)
		case "workload":
			l.decodeWorkload(b)
		default:
			if _, ok := componentSpecs[Kind(b.Type)]; ok {
				l.decodeComponent(b, nil)
				continue
			}
			l.errs(errAtf(b.TypeRange, "Unsupported block type",
				"%q is not a block of the architecture language.%s Top-level blocks are %s.",
				b.Type, suggest(b.Type, blockTypes(topBlocks...)), orList(blockTypes(topBlocks...))))
		}
	}
}

// labels checks a block's label count and returns them.
func (l *loader) labels(b *hclsyntax.Block, names ...string) bool {
	if len(b.Labels) == len(names) {
		for i, lab := range b.Labels {
			if !hclsyntax.ValidIdentifier(lab) {
				l.errs(errAtf(b.LabelRanges[i], "Invalid name",
					"%q is not a valid name: names are letters, digits, underscores and dashes, starting with a letter.", lab))
				return false
			}
		}
		return true
	}
	want := make([]string, len(names))
	for i, n := range names {
		want[i] = `"` + n + `"`
	}
	example := strings.TrimSpace(b.Type + " " + strings.Join(want, " "))
	rng := b.TypeRange
	if len(b.LabelRanges) > 0 {
		rng = hcl.RangeBetween(b.LabelRanges[0], b.LabelRanges[len(b.LabelRanges)-1])
	}
	switch {
	case len(names) == 0:
		l.errs(errAtf(rng, "Extraneous label", "%s block takes no label: %s { ... }.", capitalise(articled(b.Type)), b.Type))
	default:
		count := "one label"
		if len(names) == 2 {
			count = "two labels"
		}
		l.errs(errAtf(rng, "Wrong number of labels", "%s block takes %s: %s { ... }.", capitalise(articled(b.Type)), count, example))
	}
	return false
}

func (l *loader) decodeArchitecture(b *hclsyntax.Block) {
	if l.archBlock != nil {
		l.errs(&hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Duplicate architecture block",
			Detail:  fmt.Sprintf("An architecture has at most one architecture block; the first is at %s.", rangeString(l.archBlock.DefRange())),
			Subject: ptr(b.DefRange())})
		return
	}
	l.archBlock = b
	a := l.arch
	if l.labels(b, "name") {
		a.Name = b.Labels[0]
	}
	a.DeclRange = b.DefRange()
	l.noBlocks(b.Body, "architecture")
	attrs, d := decodeAttrs(b.Body, architectureSpec, "architecture", nil)
	l.errs(d...)
	withDefaults(attrs, architectureSpec, a.DeclRange)
	a.Description = attrStr(attrs, "description")
	a.Region = attrStr(attrs, "region")
	n, _ := attrNum(attrs, "account_concurrency")
	a.AccountConcurrency = int(n)
}

func (l *loader) noBlocks(body *hclsyntax.Body, what string) {
	for _, nb := range body.Blocks {
		l.errs(errAtf(nb.TypeRange, "Unsupported block type", "A %s block has no nested %s blocks.", what, nb.Type))
	}
}

func (l *loader) decodeService(b *hclsyntax.Block) {
	if !l.labels(b, "name") {
		return
	}
	s := &Service{Name: b.Labels[0], DeclRange: b.DefRange()}
	if first, dup := l.arch.services[s.Name]; dup {
		l.errs(duplicate("service", s.Name, b.LabelRanges[0], first.DeclRange))
	} else {
		l.arch.services[s.Name] = s
		l.arch.Services = append(l.arch.Services, s)
	}
	attrs, d := decodeAttrs(b.Body, serviceSpec, "service", nil)
	l.errs(d...)
	s.Owner = attrStr(attrs, "owner")
	s.Description = attrStr(attrs, "description")
	for _, nb := range b.Body.Blocks {
		if _, ok := componentSpecs[Kind(nb.Type)]; ok {
			l.decodeComponent(nb, s)
			continue
		}
		kinds := blockTypes()
		l.errs(errAtf(nb.TypeRange, "Unsupported block type",
			"A service holds component blocks: %s.%s", orList(kinds), suggest(nb.Type, kinds)))
	}
}

func duplicate(what, name string, at, first hcl.Range) *hcl.Diagnostic {
	return errAtf(at, "Duplicate "+what,
		"%s %q is already declared at %s; names are unique per kind across the whole architecture.", capitalise(what), name, rangeString(first))
}

func ptr[T any](v T) *T { return &v }

func (l *loader) decodeComponent(b *hclsyntax.Block, svc *Service) {
	kind := Kind(b.Type)
	if !l.labels(b, "name") {
		return
	}
	c := &Component{Kind: kind, Name: b.Labels[0], Service: svc, DeclRange: b.DefRange(), Range: b.Range()}
	specs := componentSpecs[kind]
	attrs, d := decodeAttrs(b.Body, specs, string(kind), nil)
	l.errs(d...)
	c.Attrs = attrs
	for _, nb := range b.Body.Blocks {
		if nb.Type != "trigger" {
			hint := ""
			if _, isKind := componentSpecs[Kind(nb.Type)]; isKind {
				hint = " Components are declared at top level or inside a service block, not inside another component."
			} else {
				hint = suggest(nb.Type, []string{"trigger"})
			}
			l.errs(errAtf(nb.TypeRange, "Unsupported block type",
				"A %s takes only trigger blocks.%s", kind, hint))
			continue
		}
		if t := l.decodeTrigger(nb, c); t != nil {
			c.Triggers = append(c.Triggers, t)
		}
	}
	if first, dup := l.arch.byAddress[c.Address()]; dup {
		l.errs(duplicate(string(kind), c.Name, b.LabelRanges[0], first.DeclRange))
		return
	}
	l.arch.byAddress[c.Address()] = c
	l.arch.Components = append(l.arch.Components, c)
	if svc != nil {
		svc.Components = append(svc.Components, c)
	}
}

// decodeTrigger reads the source first, since it decides which attributes
// the trigger takes.
func (l *loader) decodeTrigger(b *hclsyntax.Block, target *Component) *Trigger {
	if !l.labels(b) {
		return nil
	}
	t := &Trigger{Target: target, DeclRange: b.DefRange(), Range: b.Range()}
	accepted, named := AcceptedSources(target.Kind)
	if len(accepted) == 0 {
		l.errs(errAtf(b.TypeRange, "Trigger not allowed",
			"A %s cannot have triggers: it does not receive pushed work. Triggers go on the component that receives the work.", target.Kind))
		return nil
	}
	l.noBlocks(b.Body, "trigger")
	srcAttr, ok := b.Body.Attributes["source"]
	if !ok {
		l.errs(errAtf(b.Body.MissingItemRange(), "Missing source",
			"A trigger needs a source: a reference to %s, or a named source such as \"schedule\".", articled(kindList(accepted))))
		return nil
	}
	t.SourceExpr = srcAttr.Expr.Range()
	sourceKey := ""
	switch e := srcAttr.Expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		ref, d := refFromTraversal(e.Traversal, e.Range(), "source", "trigger", nil)
		if d.HasErrors() {
			if len(e.Traversal) == 1 {
				if _, isNamed := namedSource(e.Traversal.RootName()); isNamed {
					d = hcl.Diagnostics{errAtf(e.Range(), "Named source without quotes",
						"Named sources are strings: source = %q.", e.Traversal.RootName())}
				}
			}
			l.errs(d...)
			return nil
		}
		mode, isSource := TriggerMode(target.Kind, ref.Kind)
		if !isSource {
			l.errs(errAtf(e.Range(), "Invalid trigger source",
				"A %s cannot be a trigger source; sources are %s components or a named source such as \"schedule\".%s",
				ref.Kind, kindList(triggerSources), sourceHint(ref.Kind)))
			return nil
		}
		if !slices.Contains(accepted, ref.Kind) {
			l.errs(errAtf(e.Range(), "Trigger source not accepted",
				"A %s cannot be triggered by a %s; it accepts triggers from %s.", target.Kind, ref.Kind, acceptedList(accepted, named)))
			return nil
		}
		t.Mode = mode
		t.SourceName = ref.Address()
		sourceKey = string(ref.Kind)
		t.Attrs = map[string]*Attr{"source": {Name: "source", Type: TypeRef, Set: true, Refs: []Ref{ref}, Range: e.Range(), NameRange: srcAttr.NameRange}}
	default:
		v, d := srcAttr.Expr.Value(nil)
		if d.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type().FriendlyName() != "string" {
			l.errs(errAtf(srcAttr.Expr.Range(), "Invalid trigger source",
				"A trigger source is a reference such as queue.orders, or a named source: %s.", quotedOr(namedSourceNames())))
			return nil
		}
		name := v.AsString()
		ns, known := namedSource(name)
		if !known {
			l.errs(errAtf(srcAttr.Expr.Range(), "Unknown trigger source",
				"%q is not a named source.%s Named sources are %s; components are referenced without quotes (queue.orders).",
				name, suggest(name, namedSourceNames()), quotedOr(namedSourceNames())))
			return nil
		}
		if !slices.Contains(named, name) {
			l.errs(errAtf(srcAttr.Expr.Range(), "Trigger source not accepted",
				"A %s cannot be triggered by %q; it accepts triggers from %s.", target.Kind, name, acceptedList(accepted, named)))
			return nil
		}
		t.Mode = ns.Mode
		t.SourceName = name
		sourceKey = name
		t.Attrs = map[string]*Attr{"source": {Name: "source", Type: TypeString, Set: true, Str: name, Range: srcAttr.Expr.Range(), NameRange: srcAttr.NameRange}}
	}
	specs := TriggerAttrs(target.Kind, sourceKey)
	attrs, d := decodeAttrs(b.Body, specs, "trigger from "+articled(sourceKey), []string{"source"})
	l.errs(d...)
	for k, v := range attrs {
		t.Attrs[k] = v
	}
	for _, s := range specs {
		if s.Required && t.Attrs[s.Name] == nil {
			l.errs(errAtf(b.Body.MissingItemRange(), "Missing attribute",
				"A trigger from %s needs %s.", articled(sourceKey), s.Name))
		}
	}
	withDefaults(t.Attrs, specs, t.DeclRange)
	if sourceKey == string(KindAPI) && isAPIData(target.Kind) {
		// A direct integration reads or writes the data: the access
		// written, else the route's method's.
		if t.Attrs[AttrAccess.String()] == nil {
			t.Attrs[AttrAccess.String()] = &Attr{Name: AttrAccess.String(), Type: TypeString, Str: APIDataAccess(t.Str(AttrRoute), ""), Range: t.DeclRange, NameRange: t.DeclRange}
		}
		t.Mode = APIDataMode(t.Str(AttrAccess))
	}
	if sourceKey == string(KindAPI) && t.Str(AttrInvocation) == "async" {
		// An asynchronous integration (an Event invoke, a standard
		// StartExecution) answers the client at once: the api does not
		// wait for its target.
		t.Mode = ModeAsync
	}
	return t
}

func sourceHint(k Kind) string {
	if k.IsCompute() {
		return " A compute component sends work with emits (asynchronous) or calls (synchronous) on its own block."
	}
	return ""
}

func articled(word string) string {
	if word == "" {
		return "a source"
	}
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	if _, named := namedSource(word); named && !isKind(word) {
		return `"` + word + `"`
	}
	return "a " + word
}

func isKind(word string) bool {
	_, ok := componentSpecs[Kind(word)]
	return ok
}

func (l *loader) decodePattern(b *hclsyntax.Block) {
	if !l.labels(b, "kind", "name") {
		return
	}
	kind, name := b.Labels[0], b.Labels[1]
	if _, ok := PatternRoles[kind]; !ok {
		l.errs(errAtf(b.LabelRanges[0], "Unknown pattern kind",
			"%q is not a pattern kind.%s Pattern kinds are %s.", kind, suggest(kind, PatternKinds()), orList(PatternKinds())))
		return
	}
	p := &Pattern{Kind: kind, Name: name, Roles: map[string][]*Role{}, DeclRange: b.DefRange(), Range: b.Range()}
	if first, dup := l.patterns[name]; dup {
		l.errs(duplicate("pattern", name, b.LabelRanges[1], first.DeclRange))
		return
	}
	l.patterns[name] = p
	l.arch.Patterns = append(l.arch.Patterns, p)
	l.noBlocks(b.Body, "pattern")
	l.rawPatterns = append(l.rawPatterns, rawPattern{pattern: p, body: b.Body})
}

func (l *loader) decodeWorkload(b *hclsyntax.Block) {
	if !l.labels(b, "name") {
		return
	}
	w := &Workload{Name: b.Labels[0], DeclRange: b.DefRange()}
	if first, dup := l.workloads[w.Name]; dup {
		l.errs(duplicate("workload", w.Name, b.LabelRanges[0], first.DeclRange))
		return
	}
	l.workloads[w.Name] = w
	l.arch.Workloads = append(l.arch.Workloads, w)
	attrs, d := decodeAttrs(b.Body, workloadSpec, "workload", nil)
	l.errs(d...)
	for _, s := range workloadSpec {
		if s.Required && attrs[s.Name] == nil && !written(b.Body, s.Name) {
			l.errs(errAtf(b.Body.MissingItemRange(), "Missing attribute", "A workload needs %s.", s.Name))
		}
	}
	withDefaults(attrs, workloadSpec, w.DeclRange)
	w.Attrs = attrs
	w.Route = attrStr(attrs, "route")
	w.Rate, _ = attrNum(attrs, "rate")
	w.Arrival = attrStr(attrs, "arrival")
	w.Duration, _ = attrDur(attrs, "duration")
	if m, ok := attrNum(attrs, "monthly"); ok {
		w.Monthly = m
	} else {
		w.Monthly = w.Rate * SecondsPerMonth
	}
	if a := attrs["payload"]; a != nil {
		w.Payload = a.Size
	}
	for _, nb := range b.Body.Blocks {
		if nb.Type != "burst" {
			l.errs(errAtf(nb.TypeRange, "Unsupported block type", "A workload takes only burst blocks.%s", suggest(nb.Type, []string{"burst"})))
			continue
		}
		if !l.labels(nb) {
			continue
		}
		l.noBlocks(nb.Body, "burst")
		battrs, d := decodeAttrs(nb.Body, burstSpec, "burst", nil)
		l.errs(d...)
		missing := false
		for _, s := range burstSpec {
			if s.Required && battrs[s.Name] == nil {
				missing = true
				if !written(nb.Body, s.Name) {
					l.errs(errAtf(nb.Body.MissingItemRange(), "Missing attribute", "A burst needs %s.", s.Name))
				}
			}
		}
		if missing {
			continue
		}
		at, _ := attrDur(battrs, "at")
		rate, _ := attrNum(battrs, "rate")
		dur, _ := attrDur(battrs, "for")
		w.Bursts = append(w.Bursts, Burst{At: at, Rate: rate, For: dur, Range: nb.Range()})
	}
}

// written reports whether an attribute has a value other than null: one
// that did not decode has its own error, and "missing" would contradict it.
func written(body *hclsyntax.Body, name string) bool {
	a, ok := body.Attributes[name]
	return ok && !isNull(a.Expr)
}

// SecondsPerMonth is the month used for monthly figures: 730 hours.
const SecondsPerMonth = 2628000

// withDefaults fills the static defaults of specs that were not written.
func withDefaults(attrs map[string]*Attr, specs []AttrSpec, decl hcl.Range) {
	missing := 0
	for i := range specs {
		if specs[i].Default != nil && attrs[specs[i].Name] == nil {
			missing++
		}
	}
	if missing == 0 {
		return
	}
	// One allocation for all of a component's defaults: a large
	// architecture has tens of thousands of them.
	block := make([]Attr, 0, missing)
	for i := range specs {
		s := &specs[i]
		if attrs[s.Name] != nil || s.Default == nil {
			continue
		}
		block = append(block, Attr{})
		a := &block[len(block)-1]
		fillDefault(a, s, decl)
		attrs[s.Name] = a
	}
}

func fillDefault(a *Attr, s *AttrSpec, decl hcl.Range) {
	*a = Attr{Name: s.Name, Type: s.Type, Range: decl, NameRange: decl}
	switch v := s.Default.(type) {
	case string:
		switch s.Type {
		case TypeDuration:
			a.Duration, _ = ParseDuration(v)
			a.Num = a.Duration.Seconds()
		case TypeSize:
			a.Size, _ = ParseSize(v)
			a.Num = float64(a.Size)
		default:
			a.Str = v
		}
	case float64:
		a.Num = v
	case bool:
		a.Bool = v
	case []any:
		for _, x := range v {
			if str, ok := x.(string); ok {
				a.Strings = append(a.Strings, str)
			}
		}
	}
}

func sortComponents(cs []*Component) {
	sort.SliceStable(cs, func(i, j int) bool { return lessComponent(cs[i], cs[j]) })
}

func lessComponent(a, b *Component) bool {
	if ra, rb := a.Kind.rank(), b.Kind.rank(); ra != rb {
		return ra < rb
	}
	return a.Name < b.Name
}
