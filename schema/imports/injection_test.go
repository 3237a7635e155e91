package imports

import (
	"context"
	"encoding/json"
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

// FuzzImportNames imports a template whose logical ID, description and
// function key are arbitrary text: the generated files must declare only
// the components the template has, and hold no control character.
func FuzzImportNames(f *testing.F) {
	for _, s := range []string{"Fn\nexternal \"pwned\" {}\n#", "a\r\nb", "x\x1b[2J", "}\n}\nservice \"s\" {", "${x}", "%{if true}"} {
		f.Add(s, "cloudformation")
		f.Add(s, "serverless")
	}
	f.Fuzz(func(t *testing.T, name, format string) {
		// a YAML double-quoted scalar holding name
		lit, _ := json.Marshal(name)
		var files fstest.MapFS
		switch format {
		case "cloudformation":
			files = fstest.MapFS{"app/template.yaml": {Data: []byte("Resources:\n  " + string(lit) + ":\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Description: " + string(lit) + "\n")}}
		case "serverless":
			files = fstest.MapFS{"app/serverless.yml": {Data: []byte("service: shop\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  " + string(lit) + ":\n    handler: handler.main\n    description: " + string(lit) + "\n")}}
		default:
			t.Skip()
		}
		loaded, _ := Load(context.Background(), format, files, "app", "app")
		if loaded == nil || loaded.Arch == nil {
			return // refused with a diagnostic
		}
		if n := len(loaded.Arch.Components); n > 1 {
			var names []string
			for _, c := range loaded.Arch.Components {
				names = append(names, c.Address())
			}
			t.Fatalf("one resource became %d components: %v", n, names)
		}
		for _, out := range loaded.Output.Files {
			for _, r := range string(out.Src) {
				if safetext.Unsafe(r) {
					t.Fatalf("%s: control character %U:\n%s", out.Name, r, out.Src)
				}
			}
		}
	})
}
