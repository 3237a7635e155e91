package rules

import (
	"math"
	"testing"
	"time"
)

func TestFmtDur(t *testing.T) {
	cases := map[time.Duration]string{
		0:                                  "0s",
		150 * time.Millisecond:             "150ms",
		1500 * time.Millisecond:            "1.5s",
		30 * time.Second:                   "30s",
		6 * time.Minute:                    "6m",
		185 * time.Second:                  "3m5s",
		90 * time.Minute:                   "1h30m",
		time.Hour + 5*time.Second:          "1h5s",
		24 * time.Hour:                     "1d",
		14 * 24 * time.Hour:                "14d",
		365 * 24 * time.Hour:               "1y",
		time.Duration(math.MaxInt64):       "forever",
		mulDur(365*24*time.Hour, 1000):     "forever",
		addDur(math.MaxInt64-1, time.Hour): "forever",
	}
	for d, want := range cases {
		if got := fmtDur(d); got != want {
			t.Errorf("fmtDur(%d) = %q, want %q", int64(d), got, want)
		}
	}
}
