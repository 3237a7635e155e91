package cfn

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMayBeTemplate(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n", true},
		{"AWSTemplateFormatVersion: '2010-09-09'\n'Resources' :\n  Q: {Type: 'AWS::SQS::Queue'}\n", true},
		{`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`, true},
		{"{\n  \"Resources\" : {\n    \"Q\": {\"Type\": \"AWS::SQS::Queue\"}\n  }\n}\n", true},
		{"{Resources: {Q: {Type: AWS::SQS::Queue}}}", true},
		{"\ufeffResources:\n  Q:\n    Type: AWS::SQS::Queue\n", true},
		// Not templates: no key Resources, no resource type.
		{`{"ListResources": {"input": "AWS::X::Y"}}`, false},
		{"Resources:\n  - one\n  - two\n", false},
		{"description: see the Resources section\ntype: AWS::SQS::Queue\n", false},
		{"", false},
	} {
		if got := MayBeTemplate([]byte(c.src)); got != c.want {
			t.Errorf("MayBeTemplate(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

// TestMayBeTemplateKeepsTemplates checks that the quick test never turns
// away a file that parses as a template: every YAML and JSON file of the
// importers' test data, and of ARCHIE_CORPUS when it is set.
func TestMayBeTemplateKeepsTemplates(t *testing.T) {
	dirs := []string{"../testdata"}
	if c := os.Getenv("ARCHIE_CORPUS"); c != "" {
		dirs = append(dirs, c)
	}
	templates, other := 0, 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			ext := strings.ToLower(filepath.Ext(p))
			if ext != ".yaml" && ext != ".yml" && ext != ".json" && ext != ".template" {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil || len(src) > 8<<20 {
				return nil
			}
			root, diag := Parse(p, src)
			if diag != nil || !LooksLikeTemplate(root) {
				if !MayBeTemplate(src) {
					other++
				}
				return nil
			}
			templates++
			if !MayBeTemplate(src) {
				t.Errorf("%s is a template, but MayBeTemplate turns it away", p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if templates < 40 {
		t.Fatalf("only %d templates found under %v", templates, dirs)
	}
	t.Logf("%d templates kept; %d other files turned away without a parse", templates, other)
}
