package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
)

func TestRulesCommand(t *testing.T) {
	catalog := rules.Catalog()
	out, errOut, code := run(t, "", "rules")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "SEVERITY") {
		t.Errorf("no header: %q", lines[0])
	}
	col := strings.Index(lines[0], "SEVERITY")
	for i, m := range catalog {
		line := lines[i+1]
		if !strings.HasPrefix(line, m.ID+" ") || line[col:col+len(m.Severity.String())] != m.Severity.String() {
			t.Errorf("row %d is not %s aligned under SEVERITY: %q", i+1, m.ID, line)
		}
	}

	out, _, code = run(t, "", "rules", "--format", "json")
	var doc struct {
		Rules []struct {
			ID, Severity, Title, Why, Failing, Fixed string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v", code, err)
	}
	if len(doc.Rules) != len(catalog) {
		t.Errorf("%d rules in JSON, %d in the catalog", len(doc.Rules), len(catalog))
	}
	for i, r := range doc.Rules {
		if r.ID != catalog[i].ID || r.Title == "" || r.Why == "" {
			t.Errorf("JSON rule %d: %+v", i, r)
		}
	}

	out, _, code = run(t, "", "rules", "-f", "markdown")
	if code != ExitOK || !strings.HasPrefix(out, "| ID | Severity | Preset | Title |\n|---|---|---|---|\n") || strings.Count(out, "\n") != len(catalog)+2 {
		t.Errorf("markdown (exit %d):\n%s", code, out)
	}

	_, errOut, code = run(t, "", "rules", "--format", "yaml")
	if code != ExitInvalid || !strings.Contains(errOut, `unknown format "yaml"`) {
		t.Errorf("--format yaml: exit %d, %s", code, errOut)
	}
	if _, _, code = run(t, "", "rules", "extra"); code != ExitInvalid {
		t.Errorf("an argument: exit %d", code)
	}
}

// With --config, the custom rules of the file are listed among the
// catalog's, in ID order; a broken file is an error with its position.
func TestRulesCommandCustomRules(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".archie.hcl")
	src := "rule \"memory-cap\" {\n  kind      = \"function\"\n  condition = self.memory <= 3008\n  message   = \"too much memory\"\n}\n"
	if err := os.WriteFile(cfg, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "", "rules", "--config", cfg, "--format", "json")
	var doc struct{ Rules []struct{ ID, Title string } }
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitOK {
		t.Fatalf("exit %d, %v: %s", code, err, errOut)
	}
	var ids []string
	for _, r := range doc.Rules {
		ids = append(ids, r.ID)
	}
	if len(ids) != len(rules.Catalog())+1 || !slices.Contains(ids, "memory-cap") || !slices.IsSorted(ids) {
		t.Errorf("rules %v: want the catalog and memory-cap, sorted", ids)
	}
	if err := os.WriteFile(cfg, []byte("rule \"memory-cap\" {\n  kind = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = run(t, "", "rules", "--config", cfg, "--no-color")
	if code != ExitInvalid || out != "" || !strings.Contains(errOut, ".archie.hcl:") {
		t.Errorf("broken configuration: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestExplainCommand(t *testing.T) {
	for _, m := range rules.Catalog() {
		out, errOut, code := run(t, "", "explain", m.ID)
		var want bytes.Buffer
		if err := lint.WriteExplain(&want, m, lint.ExplainOptions{}); err != nil {
			t.Fatal(err)
		}
		if code != ExitOK || errOut != "" || out != want.String() {
			t.Errorf("explain %s: exit %d, stderr %q", m.ID, code, errOut)
		}
		for _, section := range []string{"WHY", "SOURCE", "WHEN TO IGNORE", "FAILING", "FIXED", "CONFIGURE AND SUPPRESS"} {
			if !strings.Contains(out, "\n"+section+"\n") {
				t.Errorf("explain %s has no %s section", m.ID, section)
			}
		}
	}
	_, errOut, code := run(t, "", "explain", "sync-chian")
	if code != ExitInvalid || !strings.Contains(errOut, `unknown rule "sync-chian" (did you mean "sync-chain"?)`) {
		t.Errorf("unknown rule: exit %d, %s", code, errOut)
	}
	if _, _, code := run(t, "", "explain"); code != ExitInvalid {
		t.Errorf("no rule: exit %d", code)
	}
}

// repo writes files into a fresh repository (a directory with .git) and
// returns its path.
func repo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files[".git/HEAD"] = "ref: refs/heads/main\n"
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// chain has one sync-chain warning (3 compute hops) on function.price's
// calls.
const chain = `api "public" {}

function "checkout" {
  memory  = 256
  timeout = "10s"
  calls   = [function.price]
  trigger {
    source = api.public
    route  = "POST /checkout"
  }
}

function "price" {
  memory  = 256
  timeout = "5s"
  calls   = [function.tax]
}

function "tax" {
  memory  = 256
  timeout = "2s"
}
`

func TestLintConfiguration(t *testing.T) {
	dir := repo(t, map[string]string{
		".archie.hcl":         "config {\n  fail_on = \"warning\"\n}\n",
		"infra/main.arch.hcl": chain,
	})
	infra := filepath.Join(dir, "infra")
	only := []string{"--only", "sync-chain"}
	if out, errOut, code := run(t, "", append([]string{"lint"}, append(only, infra)...)...); code != ExitFindings || !strings.Contains(out, "warning[sync-chain]") {
		t.Errorf("fail_on = warning from the repository's .archie.hcl: exit %d\n%s%s", code, out, errOut)
	}
	if _, _, code := run(t, "", append([]string{"lint", "--fail-on", "error"}, append(only, infra)...)...); code != ExitOK {
		t.Errorf("--fail-on error given explicitly does not win over fail_on: exit %d", code)
	}
	strict := filepath.Join(dir, "strict.hcl")
	if err := os.WriteFile(strict, []byte("rule \"sync-chain\" {\n  max_hops = 3\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, code := run(t, "", append([]string{"lint", "--config", strict}, append(only, infra)...)...); code != ExitOK || !strings.Contains(out, "no problems found") {
		t.Errorf("--config replaces the lookup: exit %d\n%s", code, out)
	}

	bad := filepath.Join(dir, "bad.hcl")
	if err := os.WriteFile(bad, []byte("rule \"sync-chain\" {\n  max_hop = 3\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "", "lint", "--config", bad, infra)
	if code != ExitInvalid || !strings.Contains(out, "bad.hcl:2:3") || !strings.Contains(out, `(did you mean "max_hops"?)`) || !strings.Contains(out, "  max_hop = 3") {
		t.Errorf("a configuration error: exit %d\n%s", code, out)
	}
	_, errOut, code := run(t, "", "lint", "--only", "sync-chian", infra)
	if code != ExitInvalid || !strings.Contains(errOut, `did you mean "sync-chain"`) || !strings.Contains(errOut, "Run 'archie lint --help'") {
		t.Errorf("unknown --only: exit %d %s", code, errOut)
	}
}

func TestLintSuppressionComment(t *testing.T) {
	suppressed := strings.Replace(chain, "function \"price\" {\n", "# archie-ignore: sync-chain -- prices come from a cache in practice\nfunction \"price\" {\n", 1)
	dir := repo(t, map[string]string{"main.arch.hcl": suppressed})
	out, _, code := run(t, "", "lint", "--only", "sync-chain", "--fail-on", "info", "--format", "json", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if !strings.Contains(out, `"suppressed_by": "comment"`) || !strings.Contains(out, `"justification": "prices come from a cache in practice"`) {
		t.Errorf("JSON lacks the suppressed finding:\n%s", out)
	}
}

func TestLintBaselineWorkflow(t *testing.T) {
	dir := repo(t, map[string]string{"infra/main.arch.hcl": chain})
	infra := filepath.Join(dir, "infra")
	baseline := filepath.Join(dir, "archie-baseline.json")
	out, errOut, code := run(t, "", "lint", "--fail-on", "info", "--write-baseline", baseline, infra)
	if code != ExitOK || !strings.Contains(errOut, "recorded") {
		t.Fatalf("--write-baseline: exit %d\n%s%s", code, out, errOut)
	}
	written, err := os.ReadFile(baseline)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(written), `"file": "infra/main.arch.hcl"`) || strings.Contains(string(written), `"line"`) {
		t.Errorf("baseline:\n%s", written)
	}
	out, _, code = run(t, "", "lint", "--fail-on", "info", "--baseline", baseline, infra)
	if code != ExitOK || !strings.Contains(out, "no problems found") || !strings.Contains(out, "by the baseline") {
		t.Errorf("with the baseline: exit %d\n%s", code, out)
	}
	// The same baseline named by a relative path, the architecture by an
	// absolute one: the keys still match.
	wd, _ := os.Getwd()
	if rel, err := filepath.Rel(wd, baseline); err == nil {
		out, _, code = run(t, "", "lint", "--fail-on", "info", "--baseline", rel, infra)
		if code != ExitOK || !strings.Contains(out, "by the baseline") {
			t.Errorf("with the baseline named %s: exit %d\n%s", rel, code, out)
		}
	}
	// Fix the chain: the text says what was fixed.
	fixed := strings.Replace(chain, "  calls   = [function.tax]\n", "", 1)
	if err := os.WriteFile(filepath.Join(infra, "main.arch.hcl"), []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = run(t, "", "lint", "--fail-on", "info", "--baseline", baseline, infra)
	if code != ExitOK || !strings.Contains(out, "fixed since the baseline:") || !strings.Contains(out, "sync-chain") {
		t.Errorf("after the fix: exit %d\n%s", code, out)
	}
	if _, errOut, code := run(t, "", "lint", "--baseline", filepath.Join(dir, "missing.json"), infra); code != ExitInvalid || !strings.Contains(errOut, "--baseline") {
		t.Errorf("a missing baseline: exit %d %s", code, errOut)
	}
}
