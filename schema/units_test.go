package schema

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	good := map[string]time.Duration{
		"150ms": 150 * time.Millisecond, "29s": 29 * time.Second, "15m": 15 * time.Minute,
		"2h": 2 * time.Hour, "4d": 96 * time.Hour, "1w": 7 * 24 * time.Hour, "1y": 365 * 24 * time.Hour,
		"1m30s": 90 * time.Second, "1.5s": 1500 * time.Millisecond, "0s": 0, " 10 s ": 10 * time.Second,
	}
	for in, want := range good {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "10", "s", "10x", "1..5s", "-5s", "10S", "9999999999y"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for in, want := range map[time.Duration]string{
		0: "0s", 150 * time.Millisecond: "150ms", 90 * time.Second: "90s", 15 * time.Minute: "15m",
		48 * time.Hour: "2d", 365 * 24 * time.Hour: "1y", 1500 * time.Microsecond: "1.5ms",
	} {
		if got := FormatDuration(in); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", in, got, want)
		}
		if back, err := ParseDuration(FormatDuration(in)); err != nil || back != in {
			t.Errorf("round trip of %v: %v, %v", in, back, err)
		}
	}
}

func TestParseSize(t *testing.T) {
	good := map[string]int64{"512B": 512, "2KB": 2048, "1.5KB": 1536, "1MB": 1 << 20, "1GB": 1 << 30, "0B": 0}
	for in, want := range good {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "12", "KB", "-1KB", "1kb", "1e400KB", "NaNKB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func TestNestingBound(t *testing.T) {
	for src, atLeast := range map[string]int{
		`a = [[[1]]]`:          3,
		`a = "${"${"${x}"}"}"`: 3,
		`a = - - - 1`:          3,
		"# -------------":      13,
	} {
		if got := nestingBound([]byte(src)); got < atLeast {
			t.Errorf("nestingBound(%q) = %d, below the nesting %d it must bound", src, got, atLeast)
		}
	}
}
