package textfmt

import (
	"math"
	"testing"
)

func TestGroupDigits(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "7": "7", "999": "999", "1000": "1,000", "7990": "7,990",
		"123456": "123,456", "1234567": "1,234,567", "-1": "-1", "-1000": "-1,000",
		"-123456789": "-123,456,789", "": "",
	} {
		if got := GroupDigits(in); got != want {
			t.Errorf("GroupDigits(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Thousands(math.MinInt64); got != "-9,223,372,036,854,775,808" {
		t.Errorf("Thousands(MinInt64) = %q", got)
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 findings"}, {1, "1 finding"}, {2, "2 findings"}, {-1, "-1 findings"}} {
		if got := Plural(c.n, "finding", "findings"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestList(t *testing.T) {
	for _, c := range []struct {
		words      []string
		conj, want string
	}{
		{nil, "and", ""},
		{[]string{"a"}, "and", "a"},
		{[]string{"a", "b"}, "and", "a and b"},
		{[]string{"a", "b", "c"}, "or", "a, b or c"},
	} {
		if got := List(c.words, c.conj); got != c.want {
			t.Errorf("List(%q, %q) = %q, want %q", c.words, c.conj, got, c.want)
		}
	}
}

func TestOutOfScale(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
		ok   bool
	}{
		{math.NaN(), "n/a", true},
		{math.Inf(1), "infinite", true},
		{math.Inf(-1), "-infinite", true},
		{1.2e18, "1.2e+18", true},
		{-1e15, "-1e+15", true},
		{999999999999999, "", false},
		{0, "", false},
	} {
		got, ok := OutOfScale(c.x)
		if got != c.want || ok != c.ok {
			t.Errorf("OutOfScale(%g) = %q, %v; want %q, %v", c.x, got, ok, c.want, c.ok)
		}
	}
}

func TestUSD(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "$0.00"}, {math.Copysign(0, -1), "$0.00"}, {-0.001, "-$0.0010"},
		{1, "$1.00"}, {0.01, "$0.01"}, {0.005, "$0.01"}, {0.1, "$0.10"},
		{1234.5, "$1,234.50"}, {1234567.891, "$1,234,567.89"}, {-2.5, "-$2.50"},
		{0.0042, "$0.0042"}, {0.00012345, "$0.00012"}, {0.0049, "$0.0049"},
		{1e-20, "$1e-20"}, {1e300, "$1e+300"}, {9.2e16, "$9.2e+16"},
		{math.NaN(), "$n/a"}, {math.Inf(1), "$infinite"},
	} {
		if got := USD(c.x); got != c.want {
			t.Errorf("USD(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
