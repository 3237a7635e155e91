package simulate

import (
	"fmt"
	"math"
	"strconv"

	"github.com/archiehq/archie/schema/textfmt"
)

// The number formats of the engine's notes, warnings and lint messages,
// shared with the report writers (simulate/report) so a figure reads the
// same in both.

// FormatCount formats a whole number with thousands separators.
func FormatCount(x float64) string {
	if s, ok := outOfScale(x); ok {
		return s
	}
	return textfmt.Thousands(int64(math.Round(x)))
}

// outOfScale formats a number too large for the digit grouping (whose
// int64 would overflow into "--9,223,372,036,854,775,808"), or not a
// number at all, in scientific notation: 1.2e+18. ok is false for a number
// the other formats can write.
func outOfScale(x float64) (s string, ok bool) { return textfmt.OutOfScale(x) }

// FormatQuantity formats a quantity of a cost line: whole numbers above 100.
func FormatQuantity(x float64) string {
	if math.Abs(x) >= 100 {
		return FormatCount(x)
	}
	return strconv.FormatFloat(round(x, 3), 'f', -1, 64)
}

// usd formats money as every report does (textfmt.USD).
func usd(x float64) string { return textfmt.USD(x) }

// FormatPercent formats a share (0.25) as a percentage: "25.0%", with two
// decimals below 1%.
func FormatPercent(x float64) string {
	if x == 0 {
		return "0%"
	}
	if x < 0.01 {
		return fmt.Sprintf("%.2f%%", x*100)
	}
	return fmt.Sprintf("%.1f%%", x*100)
}

// FormatLatency formats a latency in milliseconds.
func FormatLatency(msv float64) string {
	switch {
	case msv == 0:
		return "0"
	case msv < 10:
		return fmt.Sprintf("%.2fms", msv)
	case msv < 1000:
		return fmt.Sprintf("%.0fms", msv)
	case msv < 60000:
		return fmt.Sprintf("%.2fs", msv/1000)
	}
	return FormatSeconds(msv / 1000)
}
