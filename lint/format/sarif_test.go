package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/hashicorp/hcl/v2"
)

func decodeSARIF(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("SARIF does not decode: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log
}

func TestSARIFStructure(t *testing.T) {
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			run := decodeSARIF(t, writeAll(t, "sarif", f)).Runs[0]
			r := f.report
			if got, want := len(run.Results), len(r.Findings)+len(r.Suppressed); got != want {
				t.Fatalf("%d results, want %d findings + suppressed", got, want)
			}
			if got := run.Invocations[0].ExecutionSuccessful; got == r.Invalid() {
				t.Errorf("executionSuccessful = %v with invalid input %v", got, r.Invalid())
			}
			if got := len(run.Invocations[0].ToolExecutionNotifications); got != len(r.Errors) {
				t.Errorf("%d notifications, want one per error (%d)", got, len(r.Errors))
			}
			for _, m := range r.Rules {
				found := false
				for _, sr := range run.Tool.Driver.Rules {
					found = found || sr.ID == m.ID
				}
				if !found {
					t.Errorf("rule %s ran but is not described", m.ID)
				}
			}
			suppressed := 0
			for i, res := range run.Results {
				if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
					t.Errorf("result %d: ruleIndex %d does not point at %s", i, res.RuleIndex, res.RuleID)
				}
				if len(res.Suppressions) > 0 {
					suppressed++
					if k := res.Suppressions[0].Kind; k != "inSource" && k != "external" {
						t.Errorf("result %d: suppression kind %q", i, k)
					}
				}
				for _, loc := range res.Locations {
					if pl := loc.PhysicalLocation; pl != nil && f.opt.sourceRoot() != "" && pl.ArtifactLocation.URIBaseID != sarifSrcRoot {
						t.Errorf("result %d: %q is not relative to %s", i, pl.ArtifactLocation.URI, sarifSrcRoot)
					}
				}
			}
			if suppressed != len(r.Suppressed) {
				t.Errorf("%d suppressed results, want %d", suppressed, len(r.Suppressed))
			}
		})
	}
}

func TestSARIFPathsAndSuppressions(t *testing.T) {
	f := fixtures(t)[0]
	run := decodeSARIF(t, writeAll(t, "sarif", f)).Runs[0]
	if got := run.OriginalURIBaseIDs[sarifSrcRoot].URI; got != "file:///home/dev/shop/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	kinds := map[string]string{}
	for _, res := range run.Results {
		if len(res.Suppressions) > 0 {
			kinds[res.Locations[0].LogicalLocations[0].FullyQualifiedName] = res.Suppressions[0].Kind + "/" + res.Suppressions[0].Justification
		}
		if res.RuleID == "fixture-dlq" && len(res.Suppressions) == 0 {
			pl := res.Locations[0].PhysicalLocation
			if pl.ArtifactLocation.URI != "platform/infra/orders/main.arch.hcl" {
				t.Errorf("uri = %q, want the path from the repository root", pl.ArtifactLocation.URI)
			}
			if pl.Region.Snippet == nil || pl.Region.Snippet.Text != `queue "orders"` {
				t.Errorf("snippet = %+v", pl.Region.Snippet)
			}
		}
	}
	want := map[string]string{
		"queue.audit":     "inSource/the audit trail is best effort",
		"function.legacy": "external/baseline",
	}
	for k, v := range want {
		if kinds[k] != v {
			t.Errorf("suppression of %s = %q, want %q (all: %v)", k, kinds[k], v, kinds)
		}
	}
}

func TestSARIFFingerprints(t *testing.T) {
	opt := FormatOptions{WorkDir: "/r", RepoRoot: "/r"}
	base := lint.Finding{Rule: "sync-chain", Component: "function.price", Message: "sync chain of 3 compute hops (max 2)",
		Range: hcl.Range{Filename: "a/main.arch.hcl", Start: hcl.Pos{Line: 10, Column: 3}, End: hcl.Pos{Line: 10, Column: 9}}}
	fp := func(f lint.Finding, o FormatOptions) string { return sarifFingerprintOf(f, o) }
	moved := base
	moved.Range.Start.Line, moved.Range.End.Line = 42, 42
	renumbered := base
	renumbered.Message = "sync chain of 4 compute hops (max 2)"
	if fp(base, opt) != fp(moved, opt) || fp(base, opt) != fp(renumbered, opt) {
		t.Error("fingerprint changes when the finding moves or a number in its message changes")
	}
	// The same file reached from another working directory is the same file.
	if fp(base, opt) != fp(lint.Finding{Rule: base.Rule, Component: base.Component, Message: base.Message, Range: hcl.Range{Filename: "../a/main.arch.hcl"}},
		FormatOptions{WorkDir: "/r/sub", RepoRoot: "/r"}) {
		t.Error("fingerprint depends on the working directory")
	}
	for name, other := range map[string]lint.Finding{
		"rule":      {Rule: "timeout-budget", Component: base.Component, Message: base.Message, Range: base.Range},
		"component": {Rule: base.Rule, Component: "function.tax", Message: base.Message, Range: base.Range},
		"file":      {Rule: base.Rule, Component: base.Component, Message: base.Message, Range: hcl.Range{Filename: "b/main.arch.hcl"}},
		"message":   {Rule: base.Rule, Component: base.Component, Message: "sync chain through api.shop", Range: base.Range},
	} {
		if fp(other, opt) == fp(base, opt) {
			t.Errorf("a different %s gives the same fingerprint", name)
		}
	}
	// Two findings that only differ in numbers are told apart by order.
	r := &lint.Report{Findings: []lint.Finding{base, renumbered}}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, r, opt); err != nil {
		t.Fatal(err)
	}
	run := decodeSARIF(t, buf.Bytes()).Runs[0]
	a, b := run.Results[0].PartialFingerprints[sarifFingerprint], run.Results[1].PartialFingerprints[sarifFingerprint]
	if a == b || b != a+":2" {
		t.Errorf("colliding fingerprints %q and %q, want the second suffixed :2", a, b)
	}
}

func TestSARIFToolVersion(t *testing.T) {
	for in, want := range map[string]string{"v1.2.3": "1.2.3", "1.0.0": "1.0.0", "dev": "0.0.0-dev", "": "0.0.0-dev",
		"v0.0.0-20261123-abcdef": "0.0.0-20261123-abcdef", "(devel)": "0.0.0-(devel)"} {
		if got := sarifToolVersion(in); got != want {
			t.Errorf("sarifToolVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

// sarifValidator finds Microsoft's SARIF validator (npm package
// @microsoft/sarif-multitool; .ci/run installs it): $SARIF_MULTITOOL, else
// sarif-multitool on PATH. Without it the test is skipped, except in CI.
func sarifValidator(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SARIF_MULTITOOL"); p != "" {
		return p
	}
	if p, err := exec.LookPath("sarif-multitool"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("sarif-multitool not found; .ci/run installs it (npm install @microsoft/sarif-multitool)")
	}
	t.Skip("sarif-multitool not found: npm install -g @microsoft/sarif-multitool, or set SARIF_MULTITOOL")
	return ""
}

// validateSARIF runs the validator over files and returns its findings at
// level error or warning, how many findings it made in all, and what it
// printed.
func validateSARIF(t *testing.T, tool string, files []string) (problems []string, total int, console string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "validation.sarif")
	// Levels and log options are given as separate arguments, not the
	// documented "a;b" form: the npm launcher passes arguments through a
	// shell, which would split at the semicolons.
	args := append([]string{"validate"}, files...)
	args = append(args, "--level", "Error", "Warning", "Note", "--output", out, "--log", "ForceOverwrite")
	cmd := exec.Command(tool, args...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, buf.String())
	}
	console = buf.String()
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("validator wrote no log: %v\n%s", err, console)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID  string `json:"ruleId"`
				Level   string `json:"level"`
				Message struct {
					ID        string   `json:"id"`
					Arguments []string `json:"arguments"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				ExecutionSuccessful        bool              `json:"executionSuccessful"`
				ToolExecutionNotifications []json.RawMessage `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("validator log: %v", err)
	}
	for _, run := range log.Runs {
		for _, inv := range run.Invocations {
			if !inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) > 0 {
				t.Fatalf("validator did not run cleanly:\n%s\n%s", console, data)
			}
		}
		for _, res := range run.Results {
			total++
			// A result without a level is a warning (SARIF 3.27.10).
			if res.Level == "" || res.Level == "warning" || res.Level == "error" {
				where := ""
				if len(res.Locations) > 0 {
					where = res.Locations[0].PhysicalLocation.ArtifactLocation.URI + ": "
				}
				problems = append(problems, fmt.Sprintf("%s%s %s %s %v", where, res.Level, res.RuleID, res.Message.ID, res.Message.Arguments))
			}
		}
	}
	return problems, total, console
}

func TestSARIFValidator(t *testing.T) {
	tool := sarifValidator(t)
	dir := t.TempDir()
	var files []string
	for _, f := range fixtures(t) {
		name := filepath.Join(dir, f.name+".sarif")
		if err := os.WriteFile(name, writeAll(t, "sarif", f), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	problems, total, console := validateSARIF(t, tool, files)
	for _, p := range problems {
		t.Errorf("validator: %s", p)
	}
	if len(problems) > 0 {
		t.Logf("validator output:\n%s", console)
	}
	// The validator silently skips a log it cannot deserialise (an unknown
	// enum value, say) and reports nothing for it; every log of ours draws
	// at least its notes (no versionControlProvenance), so an empty
	// validation means it did not look.
	if total < len(files) {
		t.Errorf("the validator reported %d results for %d files: it did not analyse them", total, len(files))
	}

	// And it does find errors: the same log with a property the schema
	// does not allow.
	bad := filepath.Join(dir, "bad.sarif")
	good, _ := os.ReadFile(files[0])
	if err := os.WriteFile(bad, bytes.Replace(good, []byte(`"ruleId":`), []byte(`"notASarifProperty": 1, "ruleId":`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if problems, _, _ := validateSARIF(t, tool, []string{bad}); len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "JSON") {
		t.Errorf("the validator accepts a log that breaks the schema: %v", problems)
	}
}
