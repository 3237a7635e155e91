package render

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/golden"
	"github.com/hashicorp/hcl/v2"
	"golang.org/x/tools/txtar"
)

// textFormats are the formats golden-tested as text, with their file
// extensions.
var textFormats = []struct {
	format Format
	ext    string
}{{FormatDOT, ".dot"}, {FormatMermaid, ".mmd"}, {FormatD2, ".d2"}}

// exampleDirs lists the bundled examples: examples/NAME and
// examples/broken/NAME, as paths relative to the repository root.
func exampleDirs(t testing.TB) []string {
	t.Helper()
	var dirs []string
	for _, pattern := range []string{"../examples/*/*.arch.hcl", "../examples/broken/*/*.arch.hcl"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			dir := strings.TrimPrefix(filepath.ToSlash(filepath.Dir(f)), "../")
			if !slices.Contains(dirs, dir) {
				dirs = append(dirs, dir)
			}
		}
	}
	slices.Sort(dirs)
	if len(dirs) == 0 {
		t.Fatal("no examples found under ../examples")
	}
	return dirs
}

func loadExample(t testing.TB, dir string) *schema.Architecture {
	t.Helper()
	arch, diags := schema.Load(context.Background(), os.DirFS(".."), dir, dir)
	if diags.HasErrors() {
		t.Fatalf("%s: %v", dir, diags)
	}
	return arch
}

// loadFixture reads testdata/fixtures/NAME.txtar: the archive's files are
// the architecture's files.
func loadFixture(t testing.TB, name string) *schema.Architecture {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "fixtures", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var files []schema.SourceFile
	for _, f := range ar.Files {
		files = append(files, schema.SourceFile{Name: f.Name, Src: f.Data})
	}
	return parse(t, files)
}

func parse(t testing.TB, files []schema.SourceFile) *schema.Architecture {
	t.Helper()
	arch, diags := schema.Parse(context.Background(), "fixture", files)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return arch
}

func renderText(t testing.TB, arch *schema.Architecture, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(context.Background(), &buf, arch, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGoldenExamples(t *testing.T) {
	for _, dir := range exampleDirs(t) {
		arch := loadExample(t, dir)
		name := strings.TrimPrefix(dir, "examples/")
		for _, f := range textFormats {
			t.Run(name+f.ext, func(t *testing.T) {
				checkGolden(t, path.Join("examples", name+f.ext), renderText(t, arch, Options{Format: f.format}))
			})
		}
	}
}

// fixtureCases are the views and options golden-tested on the fixtures.
var fixtureCases = []struct {
	name, fixture string
	opt           Options
	findings      bool
}{
	{name: "shop", fixture: "shop"},
	{name: "shop-tb", fixture: "shop", opt: Options{Direction: "TB"}},
	{name: "shop-data-edges", fixture: "shop", opt: Options{DataEdges: true}},
	{name: "shop-context", fixture: "shop", opt: Options{View: "context"}},
	{name: "shop-service", fixture: "shop", opt: Options{View: "service:fulfilment"}},
	{name: "shop-pattern", fixture: "shop", opt: Options{View: "pattern:fulfilment"}},
	{name: "shop-findings", fixture: "shop", findings: true},
	{name: "shop-service-findings", fixture: "shop", opt: Options{View: "service:orders"}, findings: true},
	{name: "live-edges", fixture: "live-edges"},
	{name: "pipes-iot", fixture: "pipes-iot"},
	{name: "firehose", fixture: "firehose"},
	{name: "empty", fixture: "empty"},
	{name: "empty-context", fixture: "empty", opt: Options{View: "context"}},
}

// fixedFindings are findings as rules report them, fixed here so the
// goldens do not change with the rule catalog: one on a component, one on
// a reference in calls (its edge), one on a trigger's source (its edge),
// and one about a component outside the orders service.
func fixedFindings(arch *schema.Architecture) []lint.Finding {
	edge := func(from, rel, to string) hcl.Range {
		for _, e := range arch.Edges {
			if e.From.Address() == from && string(e.Relation) == rel && e.To.Address() == to {
				return e.Range
			}
		}
		panic("no edge " + from + " " + rel + " " + to)
	}
	c := func(addr string) *schema.Component { return arch.Component(addr) }
	return []lint.Finding{
		{Rule: "missing-dlq", Severity: lint.Error, Component: "function.archive", Message: `function.archive is invoked asynchronously by "schedule" with no on_failure destination`, Range: c("function.archive").DeclRange},
		{Rule: "unbounded-concurrency", Severity: lint.Warning, Component: "function.refund_payment", Message: "function.refund_payment has no concurrency cap and calls external.payments, which takes 100 concurrent requests", Range: edge("function.refund_payment", "calls", "external.payments")},
		{Rule: "visibility-timeout", Severity: lint.Warning, Component: "queue.fulfil", Message: "visibility timeout 60s is below 6 x the consumer's timeout", Range: edge("queue.fulfil", "trigger", "function.fulfil")},
		{Rule: "implicit-defaults", Severity: lint.Info, Component: "function.health", Message: `runs with the default memory (128 MB) & "timeout" <3s>`, Range: c("function.health").DeclRange},
	}
}

func TestGoldenFixtures(t *testing.T) {
	for _, tc := range fixtureCases {
		arch := loadFixture(t, tc.fixture)
		opt := tc.opt
		if tc.findings {
			opt.Findings = fixedFindings(arch)
		}
		// SVG too: Graphviz's layout and archie's drawing around it are
		// deterministic, so the bytes are.
		for _, f := range append(textFormats[:len(textFormats):len(textFormats)], struct {
			format Format
			ext    string
		}{FormatSVG, ".svg"}) {
			t.Run(tc.name+f.ext, func(t *testing.T) {
				opt.Format = f.format
				checkGolden(t, path.Join("fixtures", tc.name+f.ext), renderText(t, arch, opt))
			})
		}
	}
}

// TestGoldenPNG pins the rasterised output of one view at scale 1: the
// same SVG and the same bundled fonts give the same pixels and bytes.
func TestGoldenPNG(t *testing.T) {
	if testing.Short() {
		t.Skip("rasterising a PNG takes about a second of CPU")
	}
	arch := loadFixture(t, "shop")
	checkGolden(t, path.Join("fixtures", "shop-service.png"), renderText(t, arch, Options{Format: FormatPNG, View: "service:fulfilment", Scale: 1}))
}

// TestFindingsOverlay checks where findings land: the nodes and edges
// they name, in the severity colour, listed in the legend; findings about
// components outside the view are counted in a note.
func TestFindingsOverlay(t *testing.T) {
	arch := loadFixture(t, "shop")
	d, err := Build(arch, Options{View: "service:orders", Findings: fixedFindings(arch)})
	if err != nil {
		t.Fatal(err)
	}
	node := func(id string) *Node {
		for _, n := range d.Nodes {
			if n.ID == id {
				return n
			}
		}
		t.Fatalf("no node %s", id)
		return nil
	}
	if n := node("function.refund_payment"); n.Severity != "warning" || len(n.Findings) != 1 || !strings.HasPrefix(n.Findings[0], "unbounded-concurrency: ") {
		t.Errorf("function.refund_payment: severity %q findings %q", n.Severity, n.Findings)
	}
	if n := node("function.create_order"); n.Severity != "" {
		t.Errorf("function.create_order has severity %q, want none", n.Severity)
	}
	var marked []string
	for _, e := range d.Edges {
		if e.Severity != "" {
			marked = append(marked, e.ID+"="+e.Severity)
		}
	}
	if want := []string{"edge.function.refund_payment->external.payments=warning"}; !slices.Equal(marked, want) {
		t.Errorf("edges with findings %q, want %q", marked, want)
	}
	// queue.fulfil is a neighbour of the service: drawn, with its finding.
	if n := node("queue.fulfil"); n.Severity != "warning" {
		t.Errorf("queue.fulfil: severity %q", n.Severity)
	}
	var rules []string
	for _, f := range d.Legend.Findings {
		rules = append(rules, f.Rule)
	}
	if want := []string{"unbounded-concurrency", "visibility-timeout"}; !slices.Equal(rules, want) {
		t.Errorf("legend findings %q, want %q", rules, want)
	}
	if !slices.ContainsFunc(d.Legend.Notes, func(s string) bool { return strings.HasPrefix(s, "2 findings about components outside this view") }) {
		t.Errorf("notes %q lack the count of findings outside the view", d.Legend.Notes)
	}
	var dot bytes.Buffer
	if err := WriteDOT(&dot, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`class="mode-sync finding-warning" color="#9a6700"`, `class="kind-function finding-warning"`} {
		if !strings.Contains(dot.String(), want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
}

func TestViews(t *testing.T) {
	arch := loadFixture(t, "shop")
	ids := func(d *Diagram, neighbours bool) []string {
		var out []string
		for _, n := range d.Nodes {
			if n.Neighbour == neighbours {
				out = append(out, n.ID)
			}
		}
		return out
	}
	t.Run("all", func(t *testing.T) {
		d, err := Build(arch, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(ids(d, false)); got != len(arch.Components)+2 { // + cognito, schedule
			t.Errorf("%d nodes, want every component and 2 event sources", got)
		}
		if len(d.Clusters) != 2 {
			t.Errorf("%d clusters, want one per service", len(d.Clusters))
		}
	})
	t.Run("pattern", func(t *testing.T) {
		d, err := Build(arch, Options{View: "pattern:fulfilment"})
		if err != nil {
			t.Fatal(err)
		}
		members := ids(d, false)
		want := []string{"function.create_order", "function.fulfil", "queue.fulfil"}
		if !slices.Equal(members, want) {
			t.Errorf("members %q, want %q", members, want)
		}
		// One hop: what the members touch, and nothing further.
		got := ids(d, true)
		for _, id := range []string{"api.public", "topic.order_placed", "queue.fulfil_dlq", "bus.events", "database.orders", "external.payments"} {
			if !slices.Contains(got, id) {
				t.Errorf("neighbours %q lack %s", got, id)
			}
		}
		for _, id := range []string{"function.notify", "state_machine.refund"} {
			if slices.Contains(got, id) {
				t.Errorf("neighbours %q hold %s, two hops away", got, id)
			}
		}
		for _, n := range d.Nodes {
			if n.ID == "queue.fulfil" && n.Role != "queue" {
				t.Errorf("queue.fulfil role %q", n.Role)
			}
		}
	})
	t.Run("context", func(t *testing.T) {
		d, err := Build(arch, Options{View: "context"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range d.Nodes {
			got = append(got, n.ID)
		}
		want := []string{"service.(none)", "service.fulfilment", "service.orders", "source.cognito", "source.schedule"}
		if !slices.Equal(got, want) {
			t.Errorf("nodes %q, want %q", got, want)
		}
		var edges []string
		for _, e := range d.Edges {
			edges = append(edges, e.ID+" "+e.Label)
		}
		wantEdges := []string{
			"edge.service.orders->service.fulfilment.async 2 async",
			"edge.service.orders->service.fulfilment.stream 1 stream",
			"edge.source.cognito->service.(none) 1 sync",
			"edge.source.schedule->service.fulfilment 1 async",
		}
		if !slices.Equal(edges, wantEdges) {
			t.Errorf("edges\n%s\nwant\n%s", strings.Join(edges, "\n"), strings.Join(wantEdges, "\n"))
		}
	})
}

func TestViewErrors(t *testing.T) {
	arch := loadFixture(t, "shop")
	for _, tc := range []struct{ view, want string }{
		{"service:order", `unknown service "order" (did you mean "orders"?); the services are: fulfilment, orders`},
		{"pattern:nope", `unknown pattern "nope"; the patterns are: fulfilment`},
		{"services", `unknown view "services": use all, context, service:NAME or pattern:NAME`},
		{"service:", `view "service:" needs a name: service:NAME`},
		{"all:x", `unknown view "all:x"`},
	} {
		_, err := Build(arch, Options{View: tc.view})
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("view %q: error %v, want a UsageError starting %q", tc.view, err, tc.want)
		}
	}
	empty := parse(t, []schema.SourceFile{{Name: "a.arch.hcl", Src: []byte(`function "f" {}`)}})
	if _, err := Build(empty, Options{View: "service:x"}); err == nil || !strings.Contains(err.Error(), "declares no services") {
		t.Errorf("error %v, want one saying there are no services", err)
	}
	if _, err := Build(arch, Options{Direction: "RL"}); err == nil {
		t.Error("direction RL accepted")
	}
	if err := Render(context.Background(), io.Discard, arch, Options{Format: "pdf"}); err == nil {
		t.Error("format pdf accepted")
	}
}

// TestCollapse folds a service above CollapseAbove components into one
// node in the all view, with its edges aggregated and a note saying so.
func TestCollapse(t *testing.T) {
	var b strings.Builder
	b.WriteString("service \"big\" {\n")
	for i := range CollapseAbove + 1 {
		fmt.Fprintf(&b, "  function \"f%02d\" {\n    emits = [queue.inbox]\n  }\n", i)
	}
	b.WriteString("}\nservice \"small\" {\n  queue \"inbox\" {}\n  function \"reader\" {\n    calls = [function.f00]\n    trigger { source = queue.inbox }\n  }\n}\n")
	arch := parse(t, []schema.SourceFile{{Name: "big.arch.hcl", Src: []byte(b.String())}})
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range d.Nodes {
		got = append(got, fmt.Sprintf("%s(%d)", n.ID, n.Count))
	}
	want := []string{"service.big(41)", "function.reader(0)", "queue.inbox(0)"}
	if !slices.Equal(got, want) {
		t.Errorf("nodes %q, want %q", got, want)
	}
	var edges []string
	for _, e := range d.Edges {
		edges = append(edges, e.ID+" "+e.Label)
	}
	wantEdges := []string{"edge.service.big->queue.inbox 41 async", "edge.function.reader->service.big 1 sync", "edge.queue.inbox->function.reader batch 10"}
	if !slices.Equal(edges, wantEdges) {
		t.Errorf("edges %q, want %q", edges, wantEdges)
	}
	if len(d.Legend.Notes) != 1 || !strings.Contains(d.Legend.Notes[0], "big (41)") {
		t.Errorf("notes %q", d.Legend.Notes)
	}
	// The service view still draws every one of its components.
	d, err = Build(arch, Options{View: "service:big"})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Nodes) != CollapseAbove+1+2 {
		t.Errorf("service view: %d nodes", len(d.Nodes))
	}
}

// TestMermaidLimits: a Mermaid diagram past Mermaid's default limits,
// which GitHub would refuse, comes with a warning; a small one without.
func TestMermaidLimits(t *testing.T) {
	for _, tc := range []struct {
		n    int
		warn bool
	}{{50, false}, {1000, true}} {
		var warnings []string
		opt := Options{Format: FormatMermaid, Warn: func(msg string) { warnings = append(warnings, msg) }}
		renderText(t, parse(t, generate(tc.n)), opt)
		if got := len(warnings) > 0; got != tc.warn {
			t.Errorf("%d components: warnings %q", tc.n, warnings)
		}
		if tc.warn && !strings.Contains(warnings[0], "--view context, or one service with --view service:svc0 (services: svc0, svc1,") {
			t.Errorf("the warning does not name the views to use: %s", warnings[0])
		}
	}
}

// TestDeterministic builds the same diagrams twice and from a second
// load: every format gives the same bytes.
func TestDeterministic(t *testing.T) {
	for _, load := range []func() *schema.Architecture{
		func() *schema.Architecture { return loadFixture(t, "shop") },
		func() *schema.Architecture { return parse(t, generate(200)) },
	} {
		a, b := load(), load()
		for _, f := range append(slices.Clone(textFormats), struct {
			format Format
			ext    string
		}{FormatSVG, ".svg"}) {
			for _, view := range []string{"all", "context"} {
				opt := Options{Format: f.format, View: view}
				if x, y := renderText(t, a, opt), renderText(t, b, opt); !bytes.Equal(x, y) {
					t.Errorf("%s %s: two runs differ:\n%s", f.format, view, golden.Diff("first run", x, y))
				}
			}
		}
	}
}

// TestSVG checks every example's SVG: well-formed XML, an element with the
// id of every component and every edge, the legend, text in a font the
// PNG has.
func TestSVG(t *testing.T) {
	type svgCase struct {
		name string
		arch *schema.Architecture
		opt  Options
	}
	var cases []svgCase
	for _, dir := range exampleDirs(t) {
		cases = append(cases, svgCase{dir, loadExample(t, dir), Options{}})
	}
	for _, tc := range fixtureCases {
		arch := loadFixture(t, tc.fixture)
		opt := tc.opt
		if tc.findings {
			opt.Findings = fixedFindings(arch)
		}
		cases = append(cases, svgCase{"fixtures/" + tc.name, arch, opt})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Build(tc.arch, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			svg, err := SVG(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			ids, err := svgIDs(svg)
			if err != nil {
				t.Fatalf("SVG is not well-formed XML: %v", err)
			}
			want := []string{"diagram"}
			if len(d.Nodes) > 0 {
				want = append(want, "legend")
			}
			if tc.opt.View == "" {
				for _, c := range tc.arch.Components {
					want = append(want, c.Address())
				}
			}
			for _, n := range d.Nodes {
				want = append(want, n.ID)
			}
			for _, e := range d.Edges {
				if e.Hidden {
					// Laid out, not drawn: Graphviz leaves invisible edges out.
					if ids[e.ID] {
						t.Errorf("hidden edge %q is drawn", e.ID)
					}
					continue
				}
				want = append(want, e.ID)
			}
			for _, id := range want {
				if !ids[id] {
					t.Errorf("no element with id %q", id)
				}
			}
			if bytes.Contains(svg, []byte(`font-family="Helvetica,sans-Serif"`)) || !bytes.Contains(svg, []byte(`font-family="`+svgFontFamily+`"`)) {
				t.Error("text does not name the Go font")
			}
		})
	}
}

// svgIDs parses an SVG document and returns the id attributes it holds.
func svgIDs(svg []byte) (map[string]bool, error) {
	ids := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					if ids[a.Value] {
						return nil, fmt.Errorf("duplicate id %q", a.Value)
					}
					ids[a.Value] = true
				}
			}
		}
	}
}

func TestDOTQuoting(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:              `"plain"`,
		`say "hi"`:           `"say \"hi\""`,
		"two\nlines":         `"two\nlines"`,
		`back\slash`:         `"back\\slash"`,
		"carriage\r\nreturn": `"carriage\nreturn"`,
	} {
		if got := dotQuote(in); got != want {
			t.Errorf("dotQuote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := htmlEscape(`a<b & "c">`); got != `a&lt;b &amp; &quot;c&quot;&gt;` {
		t.Errorf("htmlEscape: %s", got)
	}
	if got := mermaidEscape(`"#1" <b>`); got != `#quot;#35;1#quot; #lt;b#gt;` {
		t.Errorf("mermaidEscape: %s", got)
	}
	if got := d2String("${x} \"q\"\n\\"); got != `"\${x} \"q\"\n\\"` {
		t.Errorf("d2String: %s", got)
	}
}

// checkGolden compares got with testdata/golden/name; -update rewrites it
// after a deliberate change.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), got)
}
