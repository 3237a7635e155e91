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
	if err := WriteReport(&b, rep, "json"); err != nil {
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

// Numbers far beyond what the digit grouping holds print in scientific
// notation, never as an overflowed int64.
func TestNumberFormatsOutOfScale(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{count(1e300), "1e+300"},
		{count(9.3e18), "9.3e+18"},
		{count(-1e300), "-1e+300"},
		{count(math.NaN()), "n/a"},
		{count(math.Inf(1)), "infinite"},
		{count(1234567), "1,234,567"},
		{usd(1e300), "$1e+300"},
		{usd(9.2e16), "$9.2e+16"},
		{usd(1234.5), "$1,234.50"},
		{usd(math.NaN()), "$n/a"},
		{decimal(1e300), "1e+300"},
		{qty(1e300), "1e+300"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
