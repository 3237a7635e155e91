package imports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/render"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/golden"
	"github.com/archiehq/archie/simulate"
	"github.com/hashicorp/hcl/v2"
	"golang.org/x/tools/txtar"
)

// fixtures lists the test cases: every directory testdata/FORMAT/CASE.
func fixtures(t *testing.T) [][2]string {
	t.Helper()
	var out [][2]string
	for _, format := range Formats {
		entries, err := os.ReadDir(filepath.Join("testdata", format))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, [2]string{format, e.Name()})
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	return out
}

// TestGolden imports every fixture and compares the generated files, the
// diagnostics, the summary and the loaded graph (with its positions in the
// sources) with testdata/FORMAT/CASE.golden.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures(t) {
		format, name := fx[0], fx[1]
		t.Run(format+"/"+name, func(t *testing.T) {
			p := format + "/" + name
			loaded, diags := Load(context.Background(), format, os.DirFS("testdata"), p, p)
			if loaded == nil || loaded.Arch == nil {
				t.Fatalf("nothing loaded: %v", diags)
			}
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					t.Errorf("error in the imported architecture: %s", d)
				}
			}
			got := goldenArchive(loaded, diags)
			if strings.HasPrefix(name, "hygiene") {
				got = append(got, hygieneFindings(loaded.Arch)...)
			}
			golden.Check(t, filepath.Join("testdata", format, name+".golden"), got)
		})
	}
}

func goldenArchive(loaded *Loaded, diags hcl.Diagnostics) []byte {
	ar := &txtar.Archive{}
	for _, f := range loaded.Output.Formatted() {
		ar.Files = append(ar.Files, txtar.File{Name: f.Name, Data: f.Src})
	}
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(diagLine(d))
	}
	ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: []byte(b.String())})
	var sum bytes.Buffer
	_ = WriteSummary(&sum, loaded.Result, loaded.Output)
	ar.Files = append(ar.Files, txtar.File{Name: "summary", Data: sum.Bytes()})
	b.Reset()
	for _, e := range loaded.Arch.Edges {
		source := e.Source
		if e.SharedBy > 0 {
			source += fmt.Sprintf("(role shared by %d)", e.SharedBy)
		}
		fmt.Fprintf(&b, "%s -> %s %s %s %s %s\n", e.From.Address(), e.To.Address(), e.Mode, e.Relation, source, pos(e.Range))
	}
	ar.Files = append(ar.Files, txtar.File{Name: "edges", Data: []byte(b.String())})
	if len(loaded.Arch.Components) > 0 {
		b.Reset()
		findings, err := lint.Run(context.Background(), loaded.Arch, rules.All(), lint.Config{})
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
		}
		for _, f := range findings {
			fmt.Fprintf(&b, "%s %s %s %s: %s\n", pos(f.Range), f.Severity, f.Rule, f.Component, f.Message)
		}
		ar.Files = append(ar.Files, txtar.File{Name: "findings", Data: []byte(b.String())})
	}
	return txtar.Format(ar)
}

// hygieneFindings is a txtar section of the findings of the hygiene
// preset, judged on a fixed day.
func hygieneFindings(arch *schema.Architecture) []byte {
	cfg := lint.Config{
		Presets: []string{lint.PresetHygiene},
		Rules:   map[string]lint.RuleConfig{"eol-runtime": {Options: map[string]int{"as_of": 20261202}}},
	}
	var b strings.Builder
	b.WriteString("-- hygiene findings --\n")
	findings, err := lint.Run(context.Background(), arch, rules.All(), cfg)
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	for _, f := range findings {
		fmt.Fprintf(&b, "%s %s %s %s: %s\n", pos(f.Range), f.Severity, f.Rule, f.Component, f.Message)
	}
	return []byte(b.String())
}

func diagLine(d *hcl.Diagnostic) string {
	sev := "warning"
	if d.Severity == hcl.DiagError {
		sev = "error"
	}
	at := "-"
	if d.Subject != nil {
		at = pos(*d.Subject)
	}
	return fmt.Sprintf("%s: %s: %s: %s\n", at, sev, d.Summary, d.Detail)
}

func pos(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// TestImportedExamplesLint runs the whole rule catalog over every imported
// fixture: the model must be valid and every finding must point into a
// source file, not into generated HCL.
func TestImportedExamplesLint(t *testing.T) {
	for _, fx := range fixtures(t) {
		format, name := fx[0], fx[1]
		t.Run(format+"/"+name, func(t *testing.T) {
			p := format + "/" + name
			fsys := os.DirFS("testdata")
			target := lint.Target{FS: fsys, Path: p, Display: p, Load: func(ctx context.Context) (*schema.Architecture, hcl.Diagnostics) {
				l, d := Load(ctx, format, fsys, p, p)
				if l == nil {
					return nil, d
				}
				return l.Arch, d
			}}
			report, err := lint.Lint(context.Background(), []lint.Target{target}, rules.All(), lint.Config{})
			if err != nil {
				t.Fatal(err)
			}
			if report.Invalid() {
				t.Fatalf("imported architecture is invalid: %v", report.Errors)
			}
			for _, f := range report.Findings {
				if strings.HasSuffix(f.Range.Filename, schema.FileSuffix) || f.Range.Start.Line == 0 {
					t.Errorf("finding %s points at %s, not at a source line", f.Rule, pos(f.Range))
				}
				if report.Files[f.Range.Filename] == nil {
					t.Errorf("finding %s points into %s, which the report has no source for", f.Rule, f.Range.Filename)
				}
			}
		})
	}
}

// TestDeterministic imports each fixture twice and expects the same bytes.
func TestDeterministic(t *testing.T) {
	for _, fx := range fixtures(t) {
		p := path.Join(fx[0], fx[1])
		a, _ := Load(context.Background(), fx[0], os.DirFS("testdata"), p, p)
		b, _ := Load(context.Background(), fx[0], os.DirFS("testdata"), p, p)
		if !bytes.Equal(goldenArchive(a, nil), goldenArchive(b, nil)) {
			t.Errorf("%s: two imports differ", p)
		}
	}
}

// TestUnknownFormat names the formats.
func TestUnknownFormat(t *testing.T) {
	_, err := Import(context.Background(), "pulumi", os.DirFS("testdata"), "sam", "sam")
	if err == nil || !strings.Contains(err.Error(), "sam, cloudformation, terraform, serverless") {
		t.Fatalf("got %v", err)
	}
}

// TestTerraformParseError reports a .tf file the parser rejects (here for
// nesting that once overflowed its stack) with its position, rather than
// "no Terraform resources".
func TestTerraformParseError(t *testing.T) {
	src := "resource \"aws_sqs_queue\" \"q\" {\n  name = " + strings.Repeat("[", 100000) + "\n}\n"
	fsys := fstest.MapFS{"infra/main.tf": {Data: []byte(src)}}
	_, diags := Load(context.Background(), "terraform", fsys, "infra", "infra")
	if len(diags) != 1 || diags[0].Summary != "Nesting too deep" || diags[0].Subject == nil || diags[0].Subject.Filename != "infra/main.tf" {
		t.Fatalf("want one positioned 'Nesting too deep' error, got %v", diags)
	}
}

// TestTemplateSyntaxError reports a template with a YAML syntax error in
// the directory given with its position, rather than "no template here",
// and without the 0-based line yaml.v3 puts in the text of some errors.
func TestTemplateSyntaxError(t *testing.T) {
	src := "AWSTemplateFormatVersion: \"2010-09-09\"\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { Path: /items/{id} }\n"
	fsys := fstest.MapFS{"app/template.yaml": {Data: []byte(src)}, "app/notes.yaml": {Data: []byte("a: [\n")}}
	for _, format := range []string{"sam", "cloudformation"} {
		_, diags := Load(context.Background(), format, fsys, "app", "app")
		if len(diags) != 1 || diags[0].Summary != "Invalid YAML or JSON" || diags[0].Subject == nil ||
			diags[0].Subject.Filename != "app/template.yaml" || diags[0].Subject.Start.Line != 6 || strings.HasPrefix(diags[0].Detail, "line") {
			t.Fatalf("%s: want one 'Invalid YAML or JSON' error at app/template.yaml:6, got %v", format, diags)
		}
	}
}

// TestStackName derives service names from file names.
func TestStackName(t *testing.T) {
	for in, want := range map[string]string{
		"orders/template.yaml": "orders",
		"billing.yaml":         "billing",
		"a/b/main.json":        "b",
		"my stack.yml":         "my_stack",
	} {
		if got := StackName(in); got != want {
			t.Errorf("StackName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSameArchitecture imports the shop architecture written as SAM, as
// Terraform and as serverless.yml: the graphs must be the same.
func TestSameArchitecture(t *testing.T) {
	var first string
	var firstFormat string
	for _, format := range []string{"sam", "terraform", "serverless"} {
		p := format + "/shop"
		if _, err := os.Stat(filepath.Join("testdata", p)); err != nil {
			t.Fatalf("missing fixture %s", p)
		}
		loaded, diags := Load(context.Background(), format, os.DirFS("testdata"), p, p)
		if loaded == nil || loaded.Arch == nil || diags.HasErrors() {
			t.Fatalf("%s: %v", p, diags)
		}
		got := graphOf(loaded.Arch)
		if first == "" {
			first, firstFormat = got, format
			continue
		}
		if got != first {
			t.Errorf("%s imports to a different graph than %s:\n--- %s\n%s--- %s\n%s", format, firstFormat, firstFormat, first, format, got)
		}
	}
}

// graphOf writes the components, the edges and the trigger settings that
// were written in the source, without positions.
func graphOf(a *schema.Architecture) string {
	var b strings.Builder
	for _, c := range a.Components {
		fmt.Fprintf(&b, "%s", c.Address())
		for _, name := range []string{"memory", "timeout", "concurrency", "fifo", "visibility_timeout", "retention", "max_receive_count", "capacity", "stream"} {
			if at := c.Attrs[name]; at != nil && at.Set {
				fmt.Fprintf(&b, " %s=%v", name, inspectValue(at))
			}
		}
		b.WriteString("\n")
		for _, tr := range c.Triggers {
			fmt.Fprintf(&b, "  trigger %s", tr.SourceName)
			for _, name := range []string{"route", "batch_size", "partial_batch_response", "bisect_on_error", "max_retries", "on_failure", "schedule"} {
				if at := tr.Attrs[name]; at != nil && at.Set {
					fmt.Fprintf(&b, " %s=%v", name, inspectValue(at))
				}
			}
			b.WriteString("\n")
		}
	}
	for _, e := range a.Edges {
		fmt.Fprintf(&b, "%s -> %s %s %s\n", e.From.Address(), e.To.Address(), e.Mode, e.Relation)
	}
	return b.String()
}

func inspectValue(a *schema.Attr) any {
	switch a.Type {
	case schema.TypeString:
		return a.Str
	case schema.TypeBool:
		return a.Bool
	case schema.TypeDuration:
		return schema.FormatDuration(a.Duration)
	case schema.TypeRef:
		if len(a.Refs) == 1 {
			return a.Refs[0].Address()
		}
	}
	return a.Num
}

// TestImportedExamplesRenderAndSimulate draws every imported fixture and
// runs the simulator over the starting workload the importer writes.
func TestImportedExamplesRenderAndSimulate(t *testing.T) {
	for _, fx := range fixtures(t) {
		format, name := fx[0], fx[1]
		t.Run(format+"/"+name, func(t *testing.T) {
			p := format + "/" + name
			loaded, diags := Load(context.Background(), format, os.DirFS("testdata"), p, p)
			if loaded == nil || loaded.Arch == nil || diags.HasErrors() {
				t.Fatalf("not loaded: %v", diags)
			}
			var dot bytes.Buffer
			if err := render.Render(context.Background(), &dot, loaded.Arch, render.Options{Format: render.FormatDOT}); err != nil {
				t.Fatalf("render: %v", err)
			}
			if !strings.Contains(dot.String(), "digraph") {
				t.Errorf("render wrote no graph:\n%s", dot.String())
			}
			if len(loaded.Arch.Workloads) == 0 {
				t.Fatal("the import wrote no starting workload")
			}
			rep, err := simulate.Simulate(context.Background(), loaded.Arch, simulate.Options{Mode: simulate.ModeAnalytic, Seed: 1})
			if err != nil {
				t.Fatalf("simulate: %v", err)
			}
			if rep == nil {
				t.Fatal("simulate returned no report")
			}
		})
	}
}
