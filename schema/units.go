package schema

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

var durationUnits = []struct {
	suffix string
	unit   time.Duration
}{
	{"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour},
	{"d", 24 * time.Hour}, {"w", 7 * 24 * time.Hour}, {"y", 365 * 24 * time.Hour},
}

// ParseDuration reads a duration such as "150ms", "29s", "1m30s", "2h",
// "4d" or "1y". Units: ms, s, m, h, d (24 h), w (7 d), y (365 d).
func ParseDuration(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("empty duration")
	}
	var total float64
	for in != "" {
		i := 0
		for i < len(in) && (in[i] >= '0' && in[i] <= '9' || in[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("%q is not a duration", s)
		}
		n, err := strconv.ParseFloat(in[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration", s)
		}
		in = strings.TrimLeft(in[i:], " ")
		j := 0
		for j < len(in) && in[j] >= 'a' && in[j] <= 'z' {
			j++
		}
		if j == 0 {
			return 0, fmt.Errorf("%q has no unit", s)
		}
		unit, ok := time.Duration(0), false
		for _, u := range durationUnits {
			if in[:j] == u.suffix {
				unit, ok = u.unit, true
				break
			}
		}
		if !ok {
			return 0, fmt.Errorf("%q has an unknown unit %q", s, in[:j])
		}
		total += n * float64(unit)
		in = in[j:]
	}
	if total > math.MaxInt64 {
		return 0, fmt.Errorf("%q is too long", s)
	}
	return time.Duration(total), nil
}

// FormatDuration writes d in the shortest form ParseDuration reads back.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	for i := len(durationUnits) - 1; i >= 0; i-- {
		u := durationUnits[i]
		if u.suffix == "w" {
			continue
		}
		if d%u.unit == 0 {
			return strconv.FormatInt(int64(d/u.unit), 10) + u.suffix
		}
	}
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', -1, 64) + "ms"
}

var sizeUnits = []struct {
	suffix string
	unit   int64
}{
	{"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"TB", 1 << 40}, {"B", 1},
}

// ParseSize reads a size such as "512B", "2KB", "1.5MB" or "1GB", in
// binary units (1KB = 1024 bytes, as AWS counts item and message sizes).
func ParseSize(s string) (int64, error) {
	in := strings.TrimSpace(s)
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(in, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || n < 0 || math.IsInf(n, 0) || math.IsNaN(n) {
			return 0, fmt.Errorf("%q is not a size", s)
		}
		if n*float64(u.unit) > math.MaxInt64/2 {
			return 0, fmt.Errorf("%q is too large", s)
		}
		return int64(math.Round(n * float64(u.unit))), nil
	}
	return 0, fmt.Errorf("%q has no unit", s)
}
