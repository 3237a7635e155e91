// Package linttest runs rules over architectures written inline in tests
// and checks their findings against "# want" markers, in the manner of
// golang.org/x/tools/go/analysis/analysistest.
//
// A marker is a comment on the line a finding must start on:
//
//	queue "orders" { # want "missing-dlq"
//
// Several rules may be listed: # want "missing-dlq" "partial-batch". Every
// finding of the checked rules must be matched by a marker and every marker
// by a finding. Multi-file cases are txtar archives (golang.org/x/tools/txtar)
// whose files ending in .arch.hcl form one architecture.
package linttest

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"golang.org/x/tools/txtar"
)

var wantRE = regexp.MustCompile(`#\s*want((?:\s+"[^"]+")+)`)
var quotedRE = regexp.MustCompile(`"([^"]+)"`)

// Load parses an architecture from inline HCL (one file, main.arch.hcl)
// or from a txtar archive when src starts with "-- ". The test fails on any
// load error.
func Load(t testing.TB, src string) *schema.Architecture {
	t.Helper()
	arch, diags := schema.Parse(context.Background(), ".", Files(src))
	if diags.HasErrors() {
		t.Fatalf("architecture does not load:\n%s", diags.Error())
	}
	return arch
}

// Files splits src into source files: a txtar archive, or one file.
func Files(src string) []schema.SourceFile {
	if strings.HasPrefix(strings.TrimLeft(src, "\n"), "-- ") {
		ar := txtar.Parse([]byte(strings.TrimLeft(src, "\n")))
		var out []schema.SourceFile
		for _, f := range ar.Files {
			out = append(out, schema.SourceFile{Name: f.Name, Src: f.Data})
		}
		return out
	}
	return []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(src)}}
}

// Findings runs rules over src with cfg and returns the findings. The
// rules named run whatever their preset, unless cfg names presets.
func Findings(t testing.TB, src string, cfg lint.Config, rules ...lint.Rule) []lint.Finding {
	t.Helper()
	if len(cfg.Presets) == 0 {
		cfg.Presets = []string{lint.PresetAll}
	}
	arch := Load(t, src)
	fs, err := lint.Run(context.Background(), arch, rules, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// Run checks that the rules' findings on src match its # want markers.
func Run(t testing.TB, src string, rules ...lint.Rule) []lint.Finding {
	t.Helper()
	return RunConfig(t, src, lint.Config{}, rules...)
}

// RunConfig is Run with a rule configuration (options, severities).
func RunConfig(t testing.TB, src string, cfg lint.Config, rules ...lint.Rule) []lint.Finding {
	t.Helper()
	findings := Findings(t, src, cfg, rules...)
	want := map[string][]string{} // "file:line" -> rule IDs
	for _, f := range Files(src) {
		for i, line := range strings.Split(string(f.Src), "\n") {
			m := wantRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			key := fmt.Sprintf("%s:%d", f.Name, i+1)
			for _, q := range quotedRE.FindAllStringSubmatch(m[1], -1) {
				want[key] = append(want[key], q[1])
			}
		}
	}
	for _, f := range findings {
		key := fmt.Sprintf("%s:%d", f.Range.Filename, f.Range.Start.Line)
		ids := want[key]
		i := indexOf(ids, f.Rule)
		if i < 0 {
			t.Errorf("%s: unexpected %s finding: %s", key, f.Rule, f.Message)
			continue
		}
		want[key] = append(ids[:i], ids[i+1:]...)
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, id := range want[k] {
			t.Errorf("%s: expected a %s finding, got none", k, id)
		}
	}
	return findings
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
