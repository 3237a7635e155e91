// Command newrule starts a rule of the catalog:
//
//	go run ./rules/internal/newrule my-rule-id
//
// run from the repository root. It writes the two files a rule is made of,
// rules/<id>.go (the metadata and Check) and rules/<id>_test.go (its
// tests), and regenerates rules/registry_gen.go, which registers every
// rule file's rule. The rule it writes works: it reports functions without
// an explicit timeout, so the new files build and their tests pass before
// they are changed into the real rule. Then go generate ./rules writes
// docs/rules/<id>.md. docs/architecture.md says the rest.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"

	"github.com/archiehq/archie/rules/internal/registry"
)

func main() {
	root := flag.String("root", ".", "the repository root (the directory of go.mod)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./rules/internal/newrule [-root DIR] RULE-ID")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	files, err := scaffold(*root, flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "newrule:", err)
		os.Exit(2)
	}
	for _, f := range files {
		fmt.Println("wrote", f)
	}
	fmt.Println("next: write the rule in rules/" + snake(flag.Arg(0)) + ".go and its tests, then go generate ./rules")
}

var ruleID = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`)

// scaffold writes the rule's two files under root, regenerates the
// registry and returns the paths written. It writes nothing when one of
// the rule's files exists already.
func scaffold(root, id string) ([]string, error) {
	if !ruleID.MatchString(id) {
		return nil, fmt.Errorf("%q is not a rule ID: lower-case words joined by hyphens, such as missing-dlq", id)
	}
	data := struct{ ID, Type, Name string }{id, camel(id), upperFirst(camel(id))}
	files := []struct {
		path string
		tmpl *template.Template
	}{
		{filepath.Join("rules", snake(id)+".go"), ruleTmpl},
		{filepath.Join("rules", snake(id)+"_test.go"), testTmpl},
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(root, f.path)); err == nil {
			return nil, fmt.Errorf("%s exists: the rule %s has been started already", f.path, id)
		}
	}
	var written []string
	for _, f := range files {
		var b bytes.Buffer
		if err := f.tmpl.Execute(&b, data); err != nil {
			return nil, err
		}
		out, err := format.Source(b.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.path, err)
		}
		if err := os.WriteFile(filepath.Join(root, f.path), out, 0o644); err != nil {
			return nil, err
		}
		written = append(written, f.path)
	}
	if err := registry.Write(filepath.Join(root, "rules")); err != nil {
		return nil, err
	}
	return append(written, filepath.Join("rules", registry.FileName)), nil
}

// camel is the rule's type name: missing-dlq becomes missingDlq.
func camel(id string) string {
	parts := strings.Split(id, "-")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// snake is the rule's file name: missing-dlq becomes missing_dlq.
func snake(id string) string { return strings.ReplaceAll(id, "-", "_") }

var ruleTmpl = template.Must(template.New("rule").Parse(`package rules

import (
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
)

// {{.Type}} is the rule {{.ID}}. Written by rules/internal/newrule as an
// example that works: it reports functions without an explicit timeout.
// Replace the metadata and Check with the rule's own.
type {{.Type}} struct{}

func ({{.Type}}) Meta() lint.Meta {
	return lint.Meta{
		ID:       "{{.ID}}",
		Severity: lint.Warning,
		Title:    "Functions should set their timeout",
		Why: ` + "`" + `A function without a timeout runs with the platform's default (3 seconds
for AWS Lambda), which is rarely what its callers budget for.` + "`" + `,
		Source: "AWS Lambda Developer Guide: configuring function timeout (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html)",
		Ignore: "When the default timeout is the one intended.",
		Failing: ` + "`" + `function "worker" {
  memory = 256
}` + "`" + `,
		Fixed: ` + "`" + `function "worker" {
  memory  = 256
  timeout = "10s"
}` + "`" + `,
		SeeAlso: []string{"implicit-defaults"},
	}
}

func ({{.Type}}) Check(p *lint.Pass) error {
	for _, c := range p.Arch.Components {
		if c.Kind != schema.KindFunction {
			continue
		}
		if c.IsSet(schema.AttrTimeout) {
			continue
		}
		p.Report(c, c.DeclRange, "%s sets no timeout: set timeout to what its callers allow", c.Address())
	}
	return nil
}
`))

var testTmpl = template.Must(template.New("test").Parse(`package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func Test{{.Name}}Meta(t *testing.T) { assertMetaExamples(t, {{.Type}}{}) }

func Test{{.Name}}(t *testing.T) {
	cases := map[string]string{
		"no timeout": ` + "`" + `
function "a" { # want "{{.ID}}"
}
` + "`" + `,
		"an explicit timeout": ` + "`" + `
function "a" {
  timeout = "5s"
}
` + "`" + `,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, {{.Type}}{}) })
	}
}
`))
