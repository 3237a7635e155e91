package format

import (
	"bytes"
	"context"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
	"golang.org/x/tools/txtar"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/golden"
)

// The golden files of the formats come from fixtures in testdata/formats
// linted with the fixture rules below, not with the catalog, so they
// change only when a format does.

type fixtureRule struct {
	meta  lint.Meta
	check func(p *lint.Pass)
}

func (r fixtureRule) Meta() lint.Meta          { return r.meta }
func (r fixtureRule) Check(p *lint.Pass) error { r.check(p); return nil }

func fixtureRules() []lint.Rule {
	return []lint.Rule{
		fixtureRule{
			meta: lint.Meta{
				ID: "fixture-dlq", Severity: lint.Error,
				Title: "A consumed queue needs a dead-letter queue",
				Why: `A message that keeps failing is redelivered until its retention
runs out, then deleted.

Nobody can replay it.`,
				Source:  "Fixture documentation, not a real source.",
				Ignore:  "When losing a message is fine.",
				Failing: `queue "q" {}`,
				Fixed:   "queue \"q\" {\n  dead_letter = queue.q_dlq\n}\nqueue \"q_dlq\" {}",
			},
			check: func(p *lint.Pass) {
				for _, c := range p.Arch.Components {
					if c.Kind == "queue" && c.IsConsumed() && !c.IsSet(schema.AttrDeadLetter) {
						p.Report(c, c.DeclRange, "%s is consumed but has no dead_letter queue", c.Address())
					}
				}
			},
		},
		fixtureRule{
			meta: lint.Meta{
				ID: "fixture-memory", Severity: lint.Warning,
				Title: "Functions above 1024 MB need a reason",
				Why:   "Memory is billed per GB-second; 3008 MB costs 3 x 1024 MB.",
			},
			check: func(p *lint.Pass) {
				for _, c := range p.Arch.Components {
					if mem, ok := c.Num(schema.AttrMemory); ok && c.Kind == "function" && mem > 1024 {
						sev := lint.Warning
						if mem >= 3008 {
							sev = lint.Error
						}
						p.ReportAt(sev, c, c.AttrRange(schema.AttrMemory), "%s has %.0f MB of memory, more than 1024 MB", c.Address(), mem)
					}
				}
			},
		},
		fixtureRule{
			meta: lint.Meta{ID: "fixture-description", Severity: lint.Info, Title: "Describe every function"},
			check: func(p *lint.Pass) {
				for _, c := range p.Arch.Components {
					if c.Kind == "function" && !c.IsSet(schema.AttrDescription) {
						p.Report(c, c.DeclRange, "%s has no description", c.Address())
					}
				}
			},
		},
		fixtureRule{
			meta: lint.Meta{
				ID: "fixture-echo", Severity: lint.Warning,
				Title: "Repeats descriptions that start with echo:",
				Why:   "Lets tests choose a message's characters.",
			},
			check: func(p *lint.Pass) {
				for _, c := range p.Arch.Components {
					if msg, ok := strings.CutPrefix(c.Str(schema.AttrDescription), "echo:"); ok {
						p.Report(c, c.AttrRange(schema.AttrDescription), "%s", msg)
					}
				}
			},
		},
		fixtureRule{
			meta:  lint.Meta{ID: "fixture-quiet", Severity: lint.Warning, Title: "Never fires"},
			check: func(*lint.Pass) {},
		},
	}
}

// fixture is one report to write in every format, with the options the
// command would pass.
type fixture struct {
	name   string
	report *lint.Report
	opt    FormatOptions
}

// lintFS lints every directory of fsys that holds *.arch.hcl files, as
// one architecture each, with the fixture rules.
func lintFS(t testing.TB, fsys fstest.MapFS) *lint.Report {
	t.Helper()
	dirs := map[string]bool{}
	for name := range fsys {
		if strings.HasSuffix(name, ".arch.hcl") {
			dirs[path.Dir(name)] = true
		}
	}
	var targets []lint.Target
	for d := range dirs {
		targets = append(targets, lint.Target{FS: fsys, Path: d, Display: d})
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].Path < targets[j].Path })
	r, err := lint.Lint(context.Background(), targets, fixtureRules(), lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func lintTxtar(t testing.TB, name string) *lint.Report {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "formats", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return lintFS(t, fsys)
}

// suppress moves the findings on a component to Report.Suppressed, as a
// suppression comment or a baseline would.
func suppress(r *lint.Report, component, by, reason string) {
	kept := r.Findings[:0]
	for _, f := range r.Findings {
		if f.Component == component {
			f.SuppressedBy, f.Justification = by, reason
			r.Suppressed = append(r.Suppressed, f)
			continue
		}
		kept = append(kept, f)
	}
	r.Findings = kept
}

// specialMessage and specialPath hold characters that each format must
// escape: quotes, backslashes, line breaks, '%', '::', ',', markup and
// non-ASCII text.
const (
	specialMessage = "quote \" backslash \\ newline\nsecond line, 100% ::set-output name=x:: <b>bold</b> & R&D | pipe `tick` *star* _under_ [link](x) ~tilde~ #hash ünïcödé 日本 🚀\r\ncrlf line"
	specialDir     = "odd dir, \"q\" <&> 50%::ü\nline"
	specialFile    = specialDir + "/wé,ird:name%.arch.hcl"
)

// specialSource is an architecture whose fixture-echo finding carries
// specialMessage: the HCL string escapes of it.
func specialSource() []byte {
	esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`).Replace(specialMessage)
	return []byte(`function "echo" {
  description = "echo:` + esc + `"
  memory      = 256
  timeout     = "1s"
}
`)
}

func fixtures(t testing.TB) []fixture {
	t.Helper()
	findings := lintTxtar(t, "findings")
	suppress(findings, "queue.audit", "comment", "the audit trail is best effort")
	suppress(findings, "function.legacy", "baseline", "baseline")
	findings.Findings = append(findings.Findings, lint.Finding{
		Rule: "unused-suppression", Severity: lint.Info,
		Message: "archie-ignore: fixture-quiet suppresses nothing",
		Range: hcl.Range{Filename: "infra/billing/main.arch.hcl",
			Start: hcl.Pos{Line: 1, Column: 1, Byte: 0}, End: hcl.Pos{Line: 1, Column: 18, Byte: 17}},
	})
	lint.SortFindings(findings.Findings)

	invalid := lintTxtar(t, "invalid")
	invalid.Errors = append(invalid.Errors, &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: "Cannot read architecture", Detail: "open missing: no such file or directory",
	})

	special := lintFS(t, fstest.MapFS{specialFile: &fstest.MapFile{Data: specialSource()}})

	// Run from a subdirectory of the repository, so that repository paths
	// differ from the paths the report shows.
	sub := FormatOptions{Version: "v1.2.3", WorkDir: "/home/dev/shop/platform", RepoRoot: "/home/dev/shop"}
	root := FormatOptions{Version: "v1.2.3", WorkDir: "/src/app", RepoRoot: "/src/app"}
	return []fixture{
		{"findings", findings, sub},
		{"clean", lintTxtar(t, "clean"), root},
		{"invalid", invalid, root},
		{"special", special, FormatOptions{Version: "dev", WorkDir: "/tmp/wörk space", RepoRoot: ""}},
	}
}

// goldenExt is the golden file extension of each format.
var goldenExt = map[string]string{
	"sarif":       "sarif",
	"junit":       "junit.xml",
	"checkstyle":  "checkstyle.xml",
	"github":      "github.txt",
	"markdown":    "md",
	"codequality": "codequality.json",
}

// writeAll writes fixture f in format name, twice, failing on an error or
// on output that differs between the runs.
func writeAll(t *testing.T, name string, f fixture) []byte {
	t.Helper()
	var a, b bytes.Buffer
	if err := WriteFormat(name, &a, f.report, f.opt); err != nil {
		t.Fatalf("%s %s: %v", f.name, name, err)
	}
	if err := WriteFormat(name, &b, f.report, f.opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("%s %s: two runs wrote different bytes", f.name, name)
	}
	return a.Bytes()
}

// checkGolden compares got with testdata/formats/NAME, or rewrites it
// with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "formats", name), got)
}

func TestGoldenFormats(t *testing.T) {
	for _, f := range fixtures(t) {
		for name, ext := range goldenExt {
			t.Run(f.name+"."+name, func(t *testing.T) {
				checkGolden(t, f.name+"."+ext, writeAll(t, name, f))
			})
		}
	}
}

func TestFixturesCoverTheCases(t *testing.T) {
	// The golden files are only as good as the fixtures: make sure they
	// hold what the formats must handle.
	fs := fixtures(t)
	f := fs[0].report
	c := lint.Count(f.Findings)
	if c.Errors == 0 || c.Warnings == 0 || c.Infos == 0 {
		t.Errorf("findings fixture lacks a severity: %+v", c)
	}
	by := map[string]int{}
	for _, s := range f.Suppressed {
		by[s.SuppressedBy]++
	}
	if by["comment"] == 0 || by["baseline"] == 0 {
		t.Errorf("findings fixture lacks a suppression by comment and by baseline: %v", by)
	}
	if len(architectureDirs(f)) != 3 {
		t.Errorf("findings fixture: architectures %v, want 3", architectureDirs(f))
	}
	if len(fs[1].report.Findings) != 0 || fs[1].report.Invalid() {
		t.Errorf("clean fixture has findings or errors")
	}
	inv := fs[2].report
	if !inv.Invalid() || len(inv.Findings) == 0 {
		t.Errorf("invalid fixture: want errors and the findings of its valid architecture, got %d errors, %d findings", len(inv.Errors), len(inv.Findings))
	}
	sp := fs[3].report
	if len(sp.Findings) != 1 || sp.Findings[0].Message != specialMessage || sp.Findings[0].Range.Filename != specialFile {
		t.Fatalf("special fixture: %+v", sp.Findings)
	}
}
