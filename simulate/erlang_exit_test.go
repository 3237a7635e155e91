package simulate

import (
	"math"
	"testing"
)

// ErlangB stops once its recursion underflows to 0; the full recursion
// gives the same value, bit for bit.
func TestErlangBStopsAtZero(t *testing.T) {
	zeros := 0
	for _, c := range []int{1, 10, 100, 1000, 3000} {
		for _, a := range []float64{1e-300, 1e-9, 0.01, 0.5, 1, 3, 50, 200, 999, 1000, 2500, 1e6} {
			want := 1.0
			for k := 1; k <= c; k++ {
				want = a * want / (float64(k) + a*want)
			}
			got := ErlangB(c, a)
			if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Errorf("ErlangB(%d, %g) = %v, want %v", c, a, got, want)
			}
			if want == 0 {
				zeros++
			}
		}
	}
	if zeros == 0 {
		t.Fatal("no case underflowed: the early stop is not exercised")
	}
}
