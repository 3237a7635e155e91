package site

import (
	"math"
	"testing"
)

// Numbers beyond the digit grouping print in scientific notation, never as
// an overflowed int64 ("--9,223,372,036,854,775,808").
func TestNumberFormatsOutOfScale(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{fmtNum(1e300), "1e+300"},
		{fmtNum(-9.3e18), "-9.3e+18"},
		{fmtNum(1234567), "1,234,567"},
		{usd(1e300), "$1e+300"},
		{usd(-92233720368547760), "$-9.22e+16"},
		{usd(1234.5), "$1,234.50"},
		{count(math.Inf(1)), "infinite"},
		{ms(math.NaN()), "n/a ms"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
