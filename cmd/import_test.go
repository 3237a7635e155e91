package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importFixtures = "../schema/imports/testdata"

// TestLintFromPointsAtTemplateLines lints a SAM template in memory: the
// findings must name the template and the line of the resource.
func TestLintFromPointsAtTemplateLines(t *testing.T) {
	out, errOut, code := run(t, "", "lint", "--from", "sam", "--format", "json", "--fail-on", "error", importFixtures+"/sam/orders")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	var rep struct {
		Findings []struct {
			Rule      string
			Component string
			Range     struct {
				Filename string
				Start    struct{ Line int }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := false
	for _, f := range rep.Findings {
		if !strings.HasSuffix(f.Range.Filename, "sam/orders/template.yaml") {
			t.Errorf("%s points at %s, not at the template", f.Rule, f.Range.Filename)
		}
		// ProjectorFunction is declared on line 116 of the template.
		if f.Rule == "implicit-defaults" && f.Component == "function.projector_function" {
			found = true
			if f.Range.Start.Line != 116 {
				t.Errorf("implicit-defaults at line %d, want 116", f.Range.Start.Line)
			}
		}
	}
	if !found {
		t.Errorf("no implicit-defaults finding for function.projector_function:\n%s", out)
	}
}

func TestLintFromGolden(t *testing.T) {
	for _, c := range []struct{ name, format, path string }{
		{"sam-orders", "sam", "sam/orders"},
		{"cloudformation-pipeline", "cloudformation", "cloudformation/pipeline"},
		{"terraform-platform", "terraform", "terraform/platform"},
		{"serverless-notifications", "serverless", "serverless/notifications"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, "", "lint", "--from", c.format, "--fail-on", "info", "--no-color", importFixtures+"/"+c.path)
			if code == ExitInvalid {
				t.Fatalf("exit 2:\n%s%s", out, errOut)
			}
			checkGolden(t, "lint-from-"+c.name+".txt", out)
		})
	}
}

func TestLintFromRecursiveTerraform(t *testing.T) {
	out, errOut, code := run(t, "", "lint", "--from", "terraform", "--recursive", "--format", "json", importFixtures+"/terraform")
	if code == ExitInvalid {
		t.Fatalf("exit 2:\n%s%s", out, errOut)
	}
	// platform/modules/worker is a module of platform, not a root.
	if strings.Contains(out, "modules/worker/main.tf\"") && !strings.Contains(out, "platform/modules/worker") {
		t.Errorf("module linted as its own architecture:\n%s", out)
	}
	for _, want := range []string{"terraform/shop/main.tf", "terraform/platform/main.tf"} {
		if !strings.Contains(out, want) {
			t.Errorf("no finding in %s:\n%s", want, out)
		}
	}
}

func TestLintFromErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(bad, []byte("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "", "lint", "--from", "sam", bad)
	if code != ExitInvalid {
		t.Errorf("broken YAML: exit %d, want 2", code)
	}
	out, _, _ := run(t, "", "lint", "--from", "sam", "--format", "json", bad)
	if !strings.Contains(out, "template.yaml") || !strings.Contains(out, `"line"`) {
		t.Errorf("broken YAML: no position in %s%s", out, errOut)
	}
	_, errOut, code = run(t, "", "lint", "--from", "pulumi", dir)
	if code != ExitInvalid || !strings.Contains(errOut, "sam, cloudformation, terraform, serverless") {
		t.Errorf("unknown format: exit %d, %s", code, errOut)
	}
	out, errOut, code = run(t, "", "lint", "--from", "terraform", dir)
	if code != ExitInvalid || !strings.Contains(out+errOut, "no Terraform resources") {
		t.Errorf("no .tf files: exit %d, %s%s", code, out, errOut)
	}
}

func TestImportWritesLoadableFiles(t *testing.T) {
	for _, c := range []struct{ format, path, file string }{
		{"sam", "sam/shop", "shop.arch.hcl"},
		{"terraform", "terraform/platform", "ingest.arch.hcl"},
		{"serverless", "serverless/shop", "shop.arch.hcl"},
	} {
		t.Run(c.format, func(t *testing.T) {
			dir := t.TempDir()
			_, errOut, code := run(t, "", "import", c.format, importFixtures+"/"+c.path, "-o", dir)
			if code != ExitOK {
				t.Fatalf("import: exit %d\n%s", code, errOut)
			}
			if !strings.Contains(errOut, "imported ") {
				t.Errorf("no summary on stderr:\n%s", errOut)
			}
			src, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(src), "# Imported by archie from ") {
				t.Errorf("no header comment:\n%s", src)
			}
			out, errOut, code := run(t, "", "lint", dir)
			if code == ExitInvalid {
				t.Fatalf("the imported files do not load:\n%s%s", out, errOut)
			}
			// The files are already in canonical format.
			out, _, code = run(t, "", "fmt", "--check", dir)
			if code != ExitOK {
				t.Errorf("imported files are not formatted: %s", out)
			}
			// A second import does not overwrite them without --force.
			_, errOut, code = run(t, "", "import", c.format, importFixtures+"/"+c.path, "-o", dir)
			if code != ExitInvalid || !strings.Contains(errOut, "--force") {
				t.Errorf("re-import: exit %d, %s", code, errOut)
			}
			if _, errOut, code = run(t, "", "import", c.format, importFixtures+"/"+c.path, "-o", dir, "--force"); code != ExitOK {
				t.Errorf("re-import with --force: exit %d, %s", code, errOut)
			}
		})
	}
}

func TestImportToStdout(t *testing.T) {
	out, errOut, code := run(t, "", "import", "serverless", importFixtures+"/serverless/shop/serverless.yml")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "# file: shop.arch.hcl") || !strings.Contains(out, `function "create_order"`) {
		t.Errorf("unexpected output:\n%s", out)
	}
	_, errOut, code = run(t, "", "import", "sam")
	if code != ExitInvalid {
		t.Errorf("missing PATH: exit %d (%s)", code, errOut)
	}
}

func TestInspectGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
	}{
		{"inspect-from-sam.txt", []string{"inspect", "--from", "sam", importFixtures + "/sam/shop"}},
		{"inspect-from-terraform.json", []string{"inspect", "--from", "terraform", "--format", "json", importFixtures + "/terraform/shop"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := run(t, "", c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			checkGolden(t, c.name, out)
		})
	}
}

func TestInspectJSONShape(t *testing.T) {
	out, _, code := run(t, "", "inspect", "--from", "sam", "--format", "json", importFixtures+"/sam/shop")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var m struct {
		Components []struct {
			Kind, Name, Service string
			Attributes          map[string]struct {
				Value any
				Set   bool
			}
			Range *struct{ Filename string }
		}
		Edges []struct{ From, To, Mode, Relation string }
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Components) == 0 || len(m.Edges) == 0 {
		t.Fatalf("empty model:\n%s", out)
	}
	for _, c := range m.Components {
		if c.Range == nil || !strings.HasSuffix(c.Range.Filename, "template.yaml") {
			t.Errorf("%s.%s has no range in the template", c.Kind, c.Name)
		}
		if c.Kind == "function" {
			if a, ok := c.Attributes["memory"]; !ok || a.Value == nil {
				t.Errorf("function %s has no memory after defaults", c.Name)
			}
		}
	}
	_, errOut, code := run(t, "", "inspect", "--format", "yaml", ".")
	if code != ExitInvalid || !strings.Contains(errOut, "text or json") {
		t.Errorf("bad format: exit %d %s", code, errOut)
	}
}

// TestLintFromTerraformSuppressions: archie-ignore comments in .tf files
// work as in *.arch.hcl files.
func TestLintFromTerraformSuppressions(t *testing.T) {
	out, errOut, code := run(t, "", "lint", "--from", "terraform", "--no-color", importFixtures+"/terraform/suppressed")
	if code == ExitInvalid {
		t.Fatalf("exit 2:\n%s%s", out, errOut)
	}
	if strings.Contains(out, "missing-dlq") || !strings.Contains(out, "1 finding suppressed (1 by comments)") {
		t.Errorf("the comment above the queue should suppress missing-dlq:\n%s", out)
	}
}

// TestLintFromTemplateSuppressions: an archie-ignore comment above one of
// two queues in a SAM template (or serverless.yml), and Metadata on a
// resource of a JSON template, suppress that queue's finding only.
func TestLintFromTemplateSuppressions(t *testing.T) {
	for _, format := range []string{"sam", "cloudformation", "serverless"} {
		out, errOut, code := run(t, "", "lint", "--from", format, "--format", "json", importFixtures+"/"+format+"/suppressed")
		if code == ExitInvalid {
			t.Fatalf("%s: exit 2:\n%s%s", format, out, errOut)
		}
		var report struct {
			Findings   []struct{ Rule, Component string }
			Suppressed []struct {
				Rule          string
				Component     string
				SuppressedBy  string `json:"suppressed_by"`
				Justification string
			}
		}
		if err := json.Unmarshal([]byte(out), &report); err != nil {
			t.Fatalf("%s: %v\n%s", format, err, out)
		}
		var dlq []string
		for _, f := range report.Findings {
			if f.Rule == "missing-dlq" {
				dlq = append(dlq, f.Component)
			}
		}
		if len(dlq) != 1 || dlq[0] != "queue.orders_queue" {
			t.Errorf("%s: missing-dlq reported on %v, want queue.orders_queue only", format, dlq)
		}
		if len(report.Suppressed) != 1 || report.Suppressed[0].Component != "queue.telemetry_queue" ||
			report.Suppressed[0].Justification != "best-effort telemetry, losing a message is fine" {
			t.Errorf("%s: suppressed %+v", format, report.Suppressed)
		}
	}
}

// TestLintFromWarningsOnStderr: the importer's warnings reach people on
// stderr and leave machine formats on stdout untouched.
func TestLintFromWarningsOnStderr(t *testing.T) {
	out, errOut, code := run(t, "", "lint", "--from", "sam", "--format", "json", importFixtures+"/sam/workflows")
	if code == ExitInvalid {
		t.Fatalf("exit 2:\n%s%s", out, errOut)
	}
	if !strings.Contains(errOut, "Unresolved reference") || !strings.Contains(errOut, "template.yaml:103:24") {
		t.Errorf("no warning with its position on stderr:\n%s", errOut)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Errorf("stdout is not JSON: %v\n%s", err, out)
	}
}

// TestLintFromRecursiveNestedStacks: a directory of nested templates is
// part of the stack that includes it, not an architecture of its own.
func TestLintFromRecursiveNestedStacks(t *testing.T) {
	out, errOut, code := run(t, "", "lint", "--from", "sam", "--recursive", "--no-color", importFixtures+"/sam/nested")
	if code == ExitInvalid {
		t.Fatalf("exit 2:\n%s%s", out, errOut)
	}
	if strings.Contains(out, "architectures") {
		t.Errorf("the nested stacks were linted on their own:\n%s", out)
	}
}

// TestRecursiveCrossStackLinks: stacks of one tree that link through an
// export and SSM parameters are linted together, so the bus, topic and
// on-failure queue of the shared stack reach the orders stack; on its own
// the orders stack cannot follow them. import --recursive writes every
// stack as one architecture.
func TestRecursiveCrossStackLinks(t *testing.T) {
	app := importFixtures + "/recursive/sam/app"
	out, errOut, code := run(t, "", "lint", "--from", "sam", "--recursive", "--no-color", "--fail-on", "info", app)
	if code == ExitInvalid {
		t.Fatalf("exit 2:\n%s%s", out, errOut)
	}
	for _, want := range []string{"in 2 architectures", "function.notify is invoked asynchronously by topic.notifications"} {
		if !strings.Contains(out, want) {
			t.Errorf("recursive lint: no %q in\n%s", want, out)
		}
	}
	out, errOut, _ = run(t, "", "lint", "--from", "sam", "--no-color", app+"/orders")
	if strings.Contains(out, "bus.event_bus") || !strings.Contains(errOut, "Unresolved reference") {
		t.Errorf("orders alone should not reach the shared stack:\n%s%s", out, errOut)
	}
	out, errOut, code = run(t, "", "import", "sam", "--recursive", app)
	if code != ExitOK {
		t.Fatalf("import --recursive: exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"# file: billing.arch.hcl", "# file: orders.arch.hcl", "# file: shared.arch.hcl", `function "orders_worker"`, "on_failure         = queue.failed_orders", "source = bus.event_bus"} {
		if !strings.Contains(out, want) {
			t.Errorf("import --recursive: no %q in\n%s", want, out)
		}
	}
}
