package imports

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/schema/imports/ir"
	"github.com/hashicorp/hcl/v2"
)

// loadWithin imports like Load, and fails the test when the import does
// not end within a minute (a generous bound: the bombs below ran for hours).
func loadWithin(t *testing.T, format string, fsys fs.FS, p string) (*Loaded, hcl.Diagnostics) {
	t.Helper()
	type result struct {
		loaded *Loaded
		diags  hcl.Diagnostics
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		l, d := Load(ctx, format, fsys, p, p)
		done <- result{l, d}
	}()
	select {
	case r := <-done:
		return r.loaded, r.diags
	case <-time.After(time.Minute):
		t.Fatalf("importing %s does not end", p)
	}
	return nil, nil
}

func said(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s\n", d.Summary, d.Detail)
	}
	return b.String()
}

// Three module blocks that each call the directory they are in: 125 bytes
// that made the importer read 3^9 modules.
func TestSelfCallingModules(t *testing.T) {
	fsys := fstest.MapFS{"tf/main.tf": {Data: []byte(`module "a" { source = "./" }
module "b" { source = "./" }
module "c" { source = "./" }
resource "aws_sqs_queue" "q" {}
`)}}
	loaded, diags := loadWithin(t, "terraform", fsys, "tf")
	if loaded == nil || loaded.Arch == nil {
		t.Fatalf("nothing imported: %s", said(diags))
	}
	if !strings.Contains(said(diags), "calls itself") {
		t.Errorf("the cycle is not named:\n%s", said(diags))
	}
}

// Modules that call each other in a ring, and a chain deeper than the
// bound.
func TestModuleRingAndDepth(t *testing.T) {
	fsys := fstest.MapFS{
		"tf/main.tf":   {Data: []byte(`module "x" { source = "../x" }` + "\nresource \"aws_sqs_queue\" \"q\" {}\n")},
		"x/main.tf":    {Data: []byte(`module "y" { source = "../y" }` + "\nresource \"aws_sqs_queue\" \"q\" {}\n")},
		"y/main.tf":    {Data: []byte(`module "x" { source = "../x" }` + "\nresource \"aws_sqs_queue\" \"q\" {}\n")},
		"deep/main.tf": {Data: []byte(`module "d" { source = "./d" }` + "\nresource \"aws_sqs_queue\" \"q\" {}\n")},
	}
	dir := "deep"
	for range 2 * ir.MaxDepth {
		dir += "/d"
		fsys[dir+"/main.tf"] = fsys["deep/main.tf"]
	}
	_, diags := loadWithin(t, "terraform", fsys, "tf")
	if !strings.Contains(said(diags), "calls itself") {
		t.Errorf("the ring is not named:\n%s", said(diags))
	}
	_, diags = loadWithin(t, "terraform", fsys, "deep")
	if !strings.Contains(said(diags), fmt.Sprintf("%d deep at most", ir.MaxDepth)) {
		t.Errorf("the depth bound is not named:\n%s", said(diags))
	}
}

// Nine small templates, each nesting the next ten times: 10^8 nested
// stacks before the bound.
func TestNestedStackBomb(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 9 {
		var b strings.Builder
		b.WriteString("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}}\n")
		if i < 8 {
			for j := range 10 {
				fmt.Fprintf(&b, "  Child%d:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: t%d.yaml}\n", j, i+1)
			}
		}
		fsys[fmt.Sprintf("cfn/t%d.yaml", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	loaded, diags := loadWithin(t, "cloudformation", fsys, "cfn/t0.yaml")
	if loaded == nil || loaded.Result == nil {
		t.Fatalf("nothing imported: %s", said(diags))
	}
	if n := len(loaded.Result.Docs); n > ir.MaxFollowed+1 {
		t.Errorf("%d templates imported, more than the bound %d", n, ir.MaxFollowed)
	}
	if !strings.Contains(said(diags), fmt.Sprintf("already follows %d nested templates", ir.MaxFollowed)) {
		t.Errorf("the bound is not named:\n%.2000s", said(diags))
	}
}

// Each importer's reference to a file outside the repository is refused
// with a warning that names it; nothing from the file reaches the output.
func TestReferencesOutsideTheRoot(t *testing.T) {
	base := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(base, "repo", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("outside/leak.yaml", "Resources:\n  LeakedSecretFn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}}\n")
	write("outside/api.yaml", "openapi: 3.0.1\npaths:\n  /leaked-secret-route:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: leakedsecreturi}\n")
	write("outside/sfn.json", `{"StartAt": "LeakedSecretState", "States": {"LeakedSecretState": {"Type": "Pass", "End": true}}}`)
	write("outside/vars.yml", "name: leaked-secret-service\n")
	write("outside/mod/main.tf", `resource "aws_sqs_queue" "leaked_secret_queue" { name = "leaked-secret" }`+"\n")
	abs := filepath.ToSlash(filepath.Join(base, "outside", "leak.yaml"))

	cases := []struct {
		name, format, file, src, want string
	}{
		{"nested stack", "cloudformation", "infra/template.yaml", `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}}
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ../../outside/leak.yaml
`, "../../outside/leak.yaml"},
		{"nested stack, absolute", "cloudformation", "infra/template.yaml", `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}}
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ` + abs + "\n", abs},
		{"serverless application", "sam", "infra/template.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: i.h, CodeUri: ../../outside}
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: ../../outside/leak.yaml
`, "../../outside/leak.yaml"},
		{"AWS::Include", "sam", "infra/template.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ../../outside/api.yaml
`, "../../outside/api.yaml"},
		{"DefinitionUri", "sam", "infra/template.yaml", `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: ../../outside/sfn.json
`, "../../outside/sfn.json"},
		{"serverless file()", "serverless", "infra/serverless.yml", `service: ${file(../../outside/vars.yml):name}
provider:
  name: aws
  runtime: nodejs20.x
functions:
  hello:
    handler: handler.hello
`, "../../outside/vars.yml"},
		{"terraform module", "terraform", "infra/main.tf", `resource "aws_sqs_queue" "q" { name = "q" }
module "m" { source = "../../outside/mod" }
`, "../../outside/mod"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			write("repo/"+c.file, c.src)
			defer os.Remove(filepath.Join(base, "repo", filepath.FromSlash(c.file)))
			fsys, name, err := (&fsroot.Roots{}).For(filepath.Join(base, "repo", filepath.FromSlash(c.file)))
			if err != nil {
				t.Fatal(err)
			}
			loaded, diags := loadWithin(t, c.format, fsys, name)
			var all strings.Builder
			all.WriteString(said(diags))
			if loaded != nil {
				if loaded.Output != nil {
					for _, f := range loaded.Output.Files {
						all.Write(f.Src)
					}
				}
				if loaded.Result != nil {
					for n, src := range loaded.Result.Sources {
						all.WriteString(n + "\n")
						all.Write(src)
					}
				}
			}
			if strings.Contains(strings.ToLower(all.String()), "leaked") {
				t.Errorf("content from outside the repository reached the output:\n%s", all.String())
			}
			how := "--root" // how to allow it; an absolute path never is
			if strings.HasPrefix(c.want, "/") {
				how = "absolute path"
			}
			if !strings.Contains(said(diags), c.want) || !strings.Contains(said(diags), how) {
				t.Errorf("no warning names %s and says %q:\n%s", c.want, how, said(diags))
			}
		})
	}
}
