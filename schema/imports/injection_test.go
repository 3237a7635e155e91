package imports

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/archiehq/archie/schema/safetext"
)

// A newline in a CloudFormation logical ID, a serverless function key or
// a file name used to end the comment the generated HCL writes above a
// component, and the text after it became a real block: here an external
// component "pwned". The generated files must hold no such block, and no
// comment line may carry a control character.
func TestImportNamesCannotAddBlocks(t *testing.T) {
	const inject = "Fn\\nexternal \\\"pwned\\\" {}\\n# \\u001b[2J"
	for _, tc := range []struct {
		format string
		files  fstest.MapFS
	}{
		{"cloudformation", fstest.MapFS{"app/template.yaml": {Data: []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  "` + inject + `":
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Description: "line one\nexternal \"pwned2\" {}"
`)}}},
		{"serverless", fstest.MapFS{"app/serverless.yml": {Data: []byte(`service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions:
  "` + inject + `":
    handler: handler.main
    description: "line one\nexternal \"pwned2\" {}"
`)}}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			loaded, diags := Load(context.Background(), tc.format, tc.files, "app", "app")
			if loaded == nil || loaded.Arch == nil {
				t.Fatalf("nothing loaded: %v", diags)
			}
			for _, c := range loaded.Arch.Components {
				if strings.HasPrefix(c.Name, "pwned") {
					t.Errorf("the input added %s", c.Address())
				}
			}
			for _, f := range loaded.Output.Files {
				for i, line := range strings.Split(string(f.Src), "\n") {
					if strings.HasPrefix(strings.TrimSpace(line), "external") {
						t.Errorf("%s:%d: %q", f.Name, i+1, line)
					}
					for _, r := range line {
						if safetext.Unsafe(r) {
							t.Errorf("%s:%d: control character %U in %q", f.Name, i+1, r, line)
						}
					}
				}
			}
		})
	}
}
