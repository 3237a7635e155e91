package lint

import (
	"context"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzParseConfig feeds arbitrary configurations, custom rules included,
// to the parser and runs what loads over a small architecture: no input
// may panic.
func FuzzParseConfig(f *testing.F) {
	for _, seed := range []string{
		"config {\n  fail_on = \"warning\"\n}\nrule \"every-function\" {\n  max_hops = 3\n}\n",
		"rule \"c\" {\n  kind = \"function\"\n  condition = self.memory <= 3008\n  message = \"${self.name}\"\n}\n",
		"rule \"c\" {\n  kind = [\"function\", \"queue\"]\n  condition = alltrue([for t in self.triggers : t.mode == \"poll\"])\n}\n",
		"rule \"c\" {\n  kind = \"function\"\n  condition = try(self.triggers[0].batch_size, 1) > 0 && can(regex(\"x\", self.name))\n}\n",
		"rule \"c\" {\n  kind = \"queue\"\n  condition = self.retention / 3600 > length(self.callers)\n}\n",
	} {
		f.Add(seed)
	}
	arch, diags := schema.Parse(context.Background(), ".", []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(customArch)}})
	if diags.HasErrors() {
		f.Fatal(diags.Error())
	}
	f.Fuzz(func(t *testing.T, src string) {
		cfg, diags := ParseConfig([]byte(src), ".archie.hcl", configRules())
		if diags.HasErrors() {
			return
		}
		if _, err := runRules(context.Background(), arch, configRules(), cfg); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzSuppressions parses arbitrary comments in an architecture file.
func FuzzSuppressions(f *testing.F) {
	for _, seed := range []string{
		suppressionArch,
		"# archie-ignore-file: a -- b\n/* archie-ignore: x */ function \"f\" { memory = 1 } // archie-ignore:y--z\n",
		"function \"f\" {\n  calls = [\n    function.g, # archie-ignore: a\n  ]\n}\n# archie-ignore b\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		file, diags := hclsyntax.ParseConfig([]byte(src), "m.hcl", hcl.InitialPos)
		if diags.HasErrors() || file == nil {
			return
		}
		sups, _ := ParseSuppressions(file, "m.hcl")
		for _, s := range sups {
			if len(s.Rules) == 0 || s.Scope.Filename != "m.hcl" {
				t.Fatalf("suppression without rules or scope: %+v", s)
			}
		}
	})
}
