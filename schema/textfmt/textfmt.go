// Package textfmt holds the small formatting helpers that reports, the
// docs site and messages share: digit grouping, counted nouns, word lists
// and numbers too large or not finite to group.
package textfmt

import (
	"math"
	"strconv"
	"strings"
)

// GroupDigits puts a comma between groups of three digits of a whole
// number written in decimal, with or without a leading minus: "-1234567"
// becomes "-1,234,567".
func GroupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Thousands writes n with comma separators: 7,990.
func Thousands(n int64) string { return GroupDigits(strconv.FormatInt(n, 10)) }

// Plural is "1 thing" or "n things", with the word for each given.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// List joins words as "a, b and c" (conj "and") or "a, b or c" (conj
// "or"), with no comma before the conjunction.
func List(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// OutOfScale writes a number too large for digit grouping (whose int64
// would overflow into "--9,223,372,036,854,775,808"), or not a number at
// all, in scientific notation: 1.2e+18, "infinite", "n/a". ok is false
// for a number the other formats can write.
func OutOfScale(x float64) (s string, ok bool) {
	switch {
	case math.IsNaN(x):
		return "n/a", true
	case math.IsInf(x, 1):
		return "infinite", true
	case math.IsInf(x, -1):
		return "-infinite", true
	case math.Abs(x) >= 1e15:
		return strconv.FormatFloat(x, 'g', 3, 64), true
	}
	return "", false
}

// USD is the one way archie writes money (simulation reports, the docs
// site, diffs): dollars and cents with grouped thousands, "$1,234.56"; an
// amount that rounds to no cents but is not zero with two significant
// digits, "$0.0042", "$0.00013", so that a small workload does not read
// as free; and an amount whose cents would overflow, or not a number, as
// OutOfScale writes it, "$1.2e+18".
func USD(x float64) string {
	if s, ok := OutOfScale(x * 100); ok { // whole cents must fit an int64
		if !math.IsNaN(x) {
			s, _ = OutOfScale(x)
		}
		return "$" + s
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	cents := int64(math.Round(x * 100))
	if cents == 0 && x > 0 {
		decimals := 1 - int(math.Floor(math.Log10(x)))
		if decimals > 12 {
			return sign + "$" + strconv.FormatFloat(x, 'g', 2, 64)
		}
		return sign + "$" + strconv.FormatFloat(x, 'f', decimals, 64)
	}
	if cents == 0 {
		sign = ""
	}
	return sign + "$" + Thousands(cents/100) + "." + strconv.FormatInt(cents%100+100, 10)[1:]
}
