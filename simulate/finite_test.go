package simulate

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// NaN and infinities are written as null, never fail the encoding, and
// are back in the report afterwards.
func TestJSONNonFinite(t *testing.T) {
	rep := &Report{Mode: "analytic", Workloads: []WorkloadResult{{
		Name: "w", Rate: math.Inf(1), Arrivals: math.NaN(), SimulatedS: 600,
		Entries: []EntryResult{{Component: "function.f", Latency: Latency{Mean: math.Inf(-1), P99: 12}}},
	}}}
	var b bytes.Buffer
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("not JSON:\n%s", b.String())
	}
	for _, want := range []string{`"rate": null`, `"arrivals": null`, `"mean": null`, `"p99": 12`, `"simulated_s": 600`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("want %s in\n%s", want, b.String())
		}
	}
	w := rep.Workloads[0]
	if !math.IsInf(w.Rate, 1) || !math.IsNaN(w.Arrivals) || !math.IsInf(w.Entries[0].Latency.Mean, -1) {
		t.Errorf("the report was not restored: %+v", w)
	}
}
