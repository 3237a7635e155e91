package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/lint/format"
)

// missingDLQ is a valid architecture with one finding (missing-dlq).
const missingDLQ = `queue "orders" {
  description = "orders to ship"
}

function "ship" {
  memory      = 256
  timeout     = "10s"
  concurrency = 5
  idempotent  = true
  trigger {
    source = queue.orders
  }
}
`

// writeTree writes files (slash paths to contents) below a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestRecursiveSkipsFixtures: fixtures, vendored and installed code and
// hidden directories are not architectures of the repository; an invalid
// fixture in testdata/ must not fail the lint of the tree.
func TestRecursiveSkipsFixtures(t *testing.T) {
	broken := "function \"f\" {\n  memory = \n}\n"
	root := writeTree(t, map[string]string{
		"services/orders/main.arch.hcl":        missingDLQ,
		"testdata/bad/main.arch.hcl":           broken,
		"services/x/testdata/main.arch.hcl":    broken,
		"vendor/lib/main.arch.hcl":             broken,
		"node_modules/pkg/main.arch.hcl":       broken,
		".cache/main.arch.hcl":                 broken,
		"services/orders/.old/main.arch.hcl":   broken,
		"services/orders/vendor/main.arch.hcl": broken,
	})
	out, errOut, code := run(t, "", "lint", "--recursive", "--format", "json", root)
	if code != ExitFindings || !strings.Contains(out, "services/orders/main.arch.hcl") {
		t.Errorf("lint --recursive: exit %d, want 1 with the one architecture's finding\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	for _, skipped := range []string{"testdata", "vendor", "node_modules", ".cache", ".old"} {
		if strings.Contains(out, skipped) {
			t.Errorf("lint --recursive entered %s\n%s", skipped, out)
		}
	}

	// --include-dir enters the directories of that name, wherever they are.
	out, _, code = run(t, "", "lint", "--recursive", "--include-dir", "testdata", "--format", "json", root)
	if code != ExitInvalid || !strings.Contains(out, "testdata/bad/main.arch.hcl") || !strings.Contains(out, "services/x/testdata/main.arch.hcl") || strings.Contains(out, "vendor") {
		t.Errorf("--include-dir testdata: exit %d, want 2 with the errors of both testdata fixtures and nothing else\n%s", code, out)
	}

	// fmt --recursive skips them too.
	_, errOut, code = run(t, "", "fmt", "--check", "--recursive", root)
	if code != ExitOK {
		t.Errorf("fmt --check --recursive: exit %d\n%s", code, errOut)
	}

	// Nothing left to lint: the message says what was skipped.
	only := writeTree(t, map[string]string{"testdata/a/main.arch.hcl": missingDLQ})
	_, errOut, code = run(t, "", "lint", "--recursive", only)
	if code != ExitInvalid || !strings.Contains(errOut, "skipping node_modules, testdata, vendor and hidden directories") {
		t.Errorf("only fixtures: exit %d\n%s", code, errOut)
	}
}

// TestInvalidBesideValid: an invalid architecture makes the run exit 2
// but never hides the findings of the valid ones, in any format.
func TestInvalidBesideValid(t *testing.T) {
	root := writeTree(t, map[string]string{
		"a/main.arch.hcl": missingDLQ,
		"b/main.arch.hcl": "queue \"q\" {\n  retention = \n}\n",
	})
	for _, name := range format.FormatNames() {
		t.Run(name, func(t *testing.T) {
			out, errOut, code := run(t, "", "lint", "--recursive", "--no-color", "--format", name, root)
			if code != ExitInvalid {
				t.Errorf("exit %d, want 2\n%s%s", code, out, errOut)
			}
			all := out + errOut
			if !strings.Contains(all, "b/main.arch.hcl") {
				t.Errorf("the error of b/ is missing\n%s", all)
			}
			if !strings.Contains(all, "a/main.arch.hcl") || !strings.Contains(all, "missing-dlq") {
				t.Errorf("the finding of a/ is hidden by the error of b/\n%s", all)
			}
		})
	}
}

// TestLintSuggestsFrom: infrastructure code given to lint without --from
// gets the --from that reads it, not "Unsupported block type".
func TestLintSuggestsFrom(t *testing.T) {
	root := writeTree(t, map[string]string{
		"tf/main.tf":              "resource \"aws_sqs_queue\" \"q\" {}\n",
		"sam/template.yaml":       "Transform: AWS::Serverless-2016-10-31\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
		"cfn/stack.json":          `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}`,
		"sls/serverless.yml":      "service: x\n",
		"mixed/main.arch.hcl":     missingDLQ,
		"mixed/infra.tf":          "resource \"aws_sqs_queue\" \"q\" {}\n",
		"other/notes.yaml":        "a: 1\n",
		"other/other.arch.hcl.md": "",
	})
	for _, tc := range []struct{ path, want string }{
		{"tf/main.tf", "is Terraform, not an architecture: lint it with --from terraform"},
		{"tf", "holds no *.arch.hcl files but Terraform (main.tf)"},
		{"sam/template.yaml", "is an AWS SAM template, not an architecture: lint it with --from sam"},
		{"cfn", "but a CloudFormation template (stack.json), not an architecture: lint it with --from cloudformation"},
		{"sls/serverless.yml", "--from serverless"},
	} {
		_, errOut, code := run(t, "", "lint", filepath.Join(root, tc.path))
		if code != ExitInvalid || !strings.Contains(errOut, tc.want) {
			t.Errorf("lint %s: exit %d, want 2 with %q\n%s", tc.path, code, tc.want, errOut)
		}
	}
	// An architecture beside a .tf file is linted as usual.
	if _, errOut, code := run(t, "", "lint", filepath.Join(root, "mixed")); code != ExitFindings {
		t.Errorf("lint mixed: exit %d, want 1\n%s", code, errOut)
	}
	if _, errOut, code := run(t, "", "lint", filepath.Join(root, "other")); code != ExitInvalid || strings.Contains(errOut, "--from") {
		t.Errorf("lint other: exit %d, want 2 without a --from hint\n%s", code, errOut)
	}
}
