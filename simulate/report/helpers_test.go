package report

import (
	"context"
	"os"
	"testing"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
)

var modes = []string{simulate.ModeAnalytic, simulate.ModeDES}

// burstSrc is the architecture of the golden reports and charts: an API
// whose function is throttled by a burst, and a queue behind it. The
// engine's tests (package simulate) run the same one.
var burstSrc = readTestdata("../testdata/burst.arch.hcl")

// load parses inline HCL into an architecture, failing the test on any
// diagnostic.
func load(t testing.TB, src string) *schema.Architecture {
	t.Helper()
	arch, diags := schema.Parse(context.Background(), "test", []schema.SourceFile{{Name: "main.arch.hcl", Src: []byte(src)}})
	if diags.HasErrors() {
		t.Fatalf("invalid test architecture: %s", diags.Error())
	}
	return arch
}

func run(t testing.TB, src string, opt simulate.Options) *simulate.Report {
	t.Helper()
	rep, err := simulate.Simulate(context.Background(), load(t, src), opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func component(t testing.TB, w simulate.WorkloadResult, addr string) simulate.ComponentResult {
	t.Helper()
	for _, c := range w.Components {
		if c.Component == addr {
			return c
		}
	}
	t.Fatalf("no component %s in %+v", addr, w.Components)
	return simulate.ComponentResult{}
}

// readTestdata reads a fixture shared by the tests of simulate and
// simulate/report.
func readTestdata(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(data)
}
