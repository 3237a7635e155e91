package imports

import (
	"context"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"gopkg.in/yaml.v3"
)

// seeds adds every fixture file with one of the extensions as a seed.
func seeds(f *testing.F, exts ...string) {
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		for _, ext := range exts {
			if strings.HasSuffix(p, ext) {
				if src, err := os.ReadFile(p); err == nil {
					f.Add(src)
				}
			}
		}
		return nil
	})
}

// fuzzLoad imports one file of a format from memory: whatever the bytes,
// the importer must return without panicking, and the architecture it
// generates must load without errors.
func fuzzLoad(t *testing.T, format, name string, src []byte) {
	fsys := fstest.MapFS{"in/" + name: {Data: src}}
	p := "in/" + name
	if format == "terraform" {
		p = "in"
	}
	loaded, diags := Load(context.Background(), format, fsys, p, p)
	if loaded == nil || loaded.Arch == nil {
		return
	}
	for _, d := range diags {
		if d.Subject != nil && strings.HasSuffix(d.Subject.Filename, ".arch.hcl") {
			t.Fatalf("the generated architecture is invalid: %s\n%s", d, loaded.Output.Files[0].Src)
		}
	}
}

func FuzzCloudFormation(f *testing.F) {
	seeds(f, ".yaml", ".yml", ".json")
	f.Add([]byte("Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy: !GetAtt [A, Arn]\n"))
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "sam", "template.yaml", src) })
}

// TestMutations feeds a fixed set of byte-level mutations of the fixtures
// through every front end: a deterministic complement to the fuzzers that
// runs in every test run.
func TestMutations(t *testing.T) {
	var srcs []struct {
		format, name string
		src          []byte
	}
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "/fuzz/") {
			return nil
		}
		format := strings.Split(filepath.ToSlash(p), "/")[1]
		name := "template.yaml"
		switch {
		case strings.HasSuffix(p, ".tf"):
			name = "main.tf"
		case format == "serverless" && strings.HasSuffix(p, ".yml"):
			name = "serverless.yml"
		case strings.HasSuffix(p, ".golden"):
			return nil
		}
		if src, err := os.ReadFile(p); err == nil {
			srcs = append(srcs, struct {
				format, name string
				src          []byte
			}{format, name, src})
		}
		return nil
	})
	seed, n := int64(1), 1500
	if testing.Short() {
		n = 200
	}
	// ARCHIE_MUTATIONS=N[,SEED] runs a longer or different series.
	if v := os.Getenv("ARCHIE_MUTATIONS"); v != "" {
		count, s, _ := strings.Cut(v, ",")
		if x, err := strconv.Atoi(count); err == nil {
			n = x
		}
		if x, err := strconv.ParseInt(s, 10, 64); err == nil {
			seed = x
		}
	}
	r := rand.New(rand.NewSource(seed))
	for i := 0; i < n; i++ {
		in := srcs[r.Intn(len(srcs))]
		s := append([]byte{}, in.src...)
		for k := 0; k < 1+r.Intn(4) && len(s) > 0; k++ {
			j := r.Intn(len(s))
			switch r.Intn(3) {
			case 0:
				const alphabet = "{}[]:,-!\"\n #&*|>$.'abc01"
				s[j] = alphabet[r.Intn(len(alphabet))]
			case 1:
				s = append(s[:j], s[min(len(s), j+r.Intn(40)):]...)
			case 2:
				e := min(len(s), j+r.Intn(80))
				s = append(s[:e:e], append(append([]byte{}, s[j:e]...), s[e:]...)...)
			}
		}
		fuzzLoad(t, in.format, in.name, s)
	}
}

func FuzzServerless(f *testing.F) {
	seeds(f, ".yml")
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "serverless", "serverless.yml", src) })
}

func FuzzTerraform(f *testing.F) {
	seeds(f, ".tf")
	f.Add([]byte("resource \"aws_sqs_queue\" \"q\" {\n  redrive_policy = jsonencode({deadLetterTargetArn = aws_sqs_queue.q.arn})\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) { fuzzLoad(t, "terraform", "main.tf", src) })
}

// TestStructuralMutations swaps values of the YAML fixtures for values of
// other shapes (a map where a string was, an intrinsic where a list was):
// valid YAML that no template would hold, which byte mutations rarely
// produce.
func TestStructuralMutations(t *testing.T) {
	var docs []struct {
		format, name string
		node         *yaml.Node
	}
	_ = filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		var n yaml.Node
		if yaml.Unmarshal(src, &n) != nil {
			return nil
		}
		format, name := "sam", "template.yaml"
		if strings.Contains(filepath.ToSlash(p), "/serverless/") {
			format, name = "serverless", "serverless.yml"
		}
		docs = append(docs, struct {
			format, name string
			node         *yaml.Node
		}{format, name, &n})
		return nil
	})
	replacements := []string{"{}", "[]", "x", "42", "-1", "true", "null", "{Ref: Nope}", "!GetAtt [A]", "!Sub", "[[[]]]", "{a: {b: {c: 1}}}", "!If [c, {}, []]", "'${self:x}'", "1e400"}
	r := rand.New(rand.NewSource(3))
	n := 600
	if testing.Short() {
		n = 100
	}
	if v := os.Getenv("ARCHIE_MUTATIONS"); v != "" {
		count, s, _ := strings.Cut(v, ",")
		if x, err := strconv.Atoi(count); err == nil {
			n = x
		}
		if x, err := strconv.ParseInt(s, 10, 64); err == nil {
			r = rand.New(rand.NewSource(x))
		}
	}
	for i := 0; i < n; i++ {
		d := docs[r.Intn(len(docs))]
		var all []*yaml.Node
		var walk func(*yaml.Node)
		walk = func(x *yaml.Node) {
			all = append(all, x)
			for _, c := range x.Content {
				walk(c)
			}
		}
		cp := deepCopy(d.node)
		walk(cp)
		for k := 0; k < 1+r.Intn(3); k++ {
			target := all[r.Intn(len(all))]
			var repl yaml.Node
			if yaml.Unmarshal([]byte("v: "+replacements[r.Intn(len(replacements))]), &repl) != nil || len(repl.Content) == 0 {
				continue
			}
			*target = *repl.Content[0].Content[1]
		}
		src, err := yaml.Marshal(cp)
		if err != nil {
			continue
		}
		fuzzLoad(t, d.format, d.name, src)
	}
}

func deepCopy(n *yaml.Node) *yaml.Node {
	cp := *n
	cp.Content = make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		cp.Content[i] = deepCopy(c)
	}
	if n.Alias != nil {
		cp.Alias = deepCopy(n.Alias)
	}
	return &cp
}

// TestTerraformStructuralMutations replaces attribute values of the .tf
// fixtures with values of other types and with references to things that
// do not exist.
func TestTerraformStructuralMutations(t *testing.T) {
	var files [][]byte
	_ = filepath.WalkDir("testdata/terraform", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
			if src, err := os.ReadFile(p); err == nil {
				files = append(files, src)
			}
		}
		return nil
	})
	values := []string{`{}`, `[]`, `"x"`, `42`, `-1`, `true`, `null`, `aws_sqs_queue.nope.arn`, `module.nope.out`, `var.nope`,
		`local.nope`, `jsonencode({a = [1, {b = aws_lambda_function.nope.arn}]})`, `[for x in var.nope : x]`, `"${each.key}"`,
		`count.index`, `templatefile("nope.json", {})`, `file("nope")`, `{ for k, v in local.nope : k => v }`, `1e400`, `"\u0000"`}
	r := rand.New(rand.NewSource(5))
	n := 400
	if testing.Short() {
		n = 80
	}
	if v := os.Getenv("ARCHIE_MUTATIONS"); v != "" {
		count, s, _ := strings.Cut(v, ",")
		if x, err := strconv.Atoi(count); err == nil {
			n = x
		}
		if x, err := strconv.ParseInt(s, 10, 64); err == nil {
			r = rand.New(rand.NewSource(x))
		}
	}
	for i := 0; i < n; i++ {
		f, diags := hclwrite.ParseConfig(files[r.Intn(len(files))], "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			continue
		}
		var bodies []*hclwrite.Body
		var walk func(*hclwrite.Body)
		walk = func(b *hclwrite.Body) {
			bodies = append(bodies, b)
			for _, nb := range b.Blocks() {
				walk(nb.Body())
			}
		}
		walk(f.Body())
		for k := 0; k < 1+r.Intn(4); k++ {
			b := bodies[r.Intn(len(bodies))]
			var names []string
			for name := range b.Attributes() {
				names = append(names, name)
			}
			if len(names) == 0 {
				continue
			}
			sort.Strings(names)
			src := values[r.Intn(len(values))]
			toks, _ := hclsyntax.LexExpression([]byte(src), "v", hcl.InitialPos)
			var wt hclwrite.Tokens
			for _, tk := range toks {
				if tk.Type == hclsyntax.TokenEOF {
					continue
				}
				wt = append(wt, &hclwrite.Token{Type: tk.Type, Bytes: tk.Bytes})
			}
			b.SetAttributeRaw(names[r.Intn(len(names))], wt)
		}
		fuzzLoad(t, "terraform", "main.tf", f.Bytes())
	}
}
