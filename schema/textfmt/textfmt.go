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
