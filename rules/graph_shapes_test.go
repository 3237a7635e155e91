package rules

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/schema"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// graphRules are the rules that walk paths, cycles and fan-in; the shapes
// below are the worst cases for them.
func graphRules() []lint.Rule {
	return []lint.Rule{
		apiTimeout{}, concurrencyBudget{}, dlqMismatch{}, nonIdempotentConsumer{}, partialBatch{},
		poisonMessage{}, recursiveLoop{}, sequentialOrchestrator{}, timeoutBudget{},
		triggerAboveReserved{}, visibilityTimeout{},
	}
}

// hostileShapes is an architecture of about 10,000 components built from
// the shapes that would make a careless rule quadratic: a synchronous
// chain 2,000 deep behind an api, an asynchronous ring of 4,000 components
// (one strongly connected component), a function fed by 2,000 queues, and
// an api with 1,000 routes called by 1,000 functions.
func hostileShapes(n int) []schema.SourceFile {
	var b strings.Builder
	b.WriteString("api \"front\" {}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "function \"chain%d\" {\n  timeout = \"10s\"\n", i)
		if i+1 < n {
			fmt.Fprintf(&b, "  calls = [function.chain%d]\n", i+1)
		}
		if i == 0 {
			b.WriteString("  trigger { source = api.front }\n")
		}
		b.WriteString("}\n")
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "queue \"ring%d\" {}\nfunction \"ringer%d\" {\n  emits = [queue.ring%d]\n  trigger { source = queue.ring%d }\n}\n", i, i, i, (i+n-1)%n)
	}
	b.WriteString("function \"sink\" {\n  concurrency = 5\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  trigger {\n    source = queue.in%d\n    max_concurrency = 2\n  }\n", i)
	}
	b.WriteString("}\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "queue \"in%d\" {}\n", i)
	}
	b.WriteString("api \"hub\" {}\n")
	for i := 0; i < n/2; i++ {
		fmt.Fprintf(&b, "function \"route%d\" {\n  trigger {\n    source = api.hub\n    route = \"GET /r%d\"\n  }\n}\n", i, i)
		fmt.Fprintf(&b, "function \"client%d\" {\n  timeout = \"1s\"\n  calls = [api.hub]\n}\n", i)
	}
	return []schema.SourceFile{{Name: "shapes.arch.hcl", Src: []byte(b.String())}}
}

// lintShape loads files, which must hold at least minComponents, and runs
// rules over them, logging how long the rules take beside a parse-only
// baseline (the best of three runs each). The benchmarks judge speed; the
// log shows it for these shapes.
func lintShape(t *testing.T, files []schema.SourceFile, minComponents int, rules []lint.Rule) []lint.Finding {
	t.Helper()
	ctx := context.Background()
	arch, diags := schema.Parse(ctx, ".", files)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if len(arch.Components) < minComponents {
		t.Fatalf("only %d components", len(arch.Components))
	}
	best := func(f func()) time.Duration {
		fastest := time.Duration(1<<62 - 1)
		for range 3 {
			start := time.Now()
			f()
			fastest = min(fastest, time.Since(start))
		}
		return fastest
	}
	parse := best(func() {
		p := hclparse.NewParser()
		for _, f := range files {
			if _, d := p.ParseHCL(f.Src, f.Name); d.HasErrors() {
				t.Fatal(d)
			}
		}
	})
	var findings []lint.Finding
	check := best(func() {
		var err error
		if findings, err = lint.Run(ctx, arch, rules, lint.Config{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%d components: parse %s, the %d rules %s, %d findings", len(arch.Components), parse, len(rules), check, len(findings))
	return findings
}

func TestGraphRulesScaleOnHostileShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("large architecture")
	}
	findings := lintShape(t, hostileShapes(2000), 10000, graphRules())
	loops := 0
	for _, f := range findings {
		if f.Rule == "recursive-loop" {
			loops++
		}
	}
	if loops != 1 {
		t.Errorf("the ring is one loop, got %d recursive-loop findings", loops)
	}
}
