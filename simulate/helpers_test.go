package simulate

import (
	"context"
	"os"
	"testing"

	"github.com/archiehq/archie/schema"
)

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

func run(t testing.TB, src string, opt Options) *Report {
	t.Helper()
	rep, err := Simulate(context.Background(), load(t, src), opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func component(t testing.TB, w WorkloadResult, addr string) ComponentResult {
	t.Helper()
	for _, c := range w.Components {
		if c.Component == addr {
			return c
		}
	}
	t.Fatalf("no component %s in %+v", addr, w.Components)
	return ComponentResult{}
}

func queue(t testing.TB, w WorkloadResult, addr string) QueueResult {
	t.Helper()
	for _, q := range w.Queues {
		if q.Component == addr {
			return q
		}
	}
	t.Fatalf("no queue %s", addr)
	return QueueResult{}
}

func costOf(w WorkloadResult, addr, item string) float64 {
	var usd float64
	for _, it := range w.Cost.Items {
		if it.Component == addr && (item == "" || it.Item == item) {
			usd += it.MonthlyUSD
		}
	}
	return usd
}

// burstSrc is an API whose function is throttled by a burst, and a queue
// behind it (simulate/report's golden reports run it too).
var burstSrc = readTestdata("testdata/burst.arch.hcl")

// readTestdata reads a fixture shared by the tests of simulate and
// simulate/report.
func readTestdata(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(data)
}
