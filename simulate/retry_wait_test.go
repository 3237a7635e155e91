package simulate

import "testing"

// asyncWaitAfter from its table is, bit for bit, the backoffs summed one
// by one from the first (the maximum times the count past the 65th).
func TestAsyncWaitAfterSumsTheBackoffs(t *testing.T) {
	for k := 0; k <= 300; k++ {
		var want float64
		for i := 1; i <= k; i++ {
			want += asyncBackoff(i)
			if i > 64 {
				want += float64(k-i) * asyncBackoffMax
				break
			}
		}
		if got := asyncWaitAfter(k); got != want {
			t.Fatalf("asyncWaitAfter(%d) = %v, want %v", k, got, want)
		}
	}
	// Nine doubling backoffs, 1+2+...+256 = 511 s, then 5 minutes each: 6
	// hours allow 79 throttles (511 + 70 x 300 = 21,511 s; an 80th would
	// end at 21,811 s).
	if got := asyncMaxThrottles(&node{maxEventAge: 6 * 3600}); got != 79 {
		t.Fatalf("asyncMaxThrottles(6 h) = %d, want 79", got)
	}
}
