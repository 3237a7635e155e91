package site

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/textfmt"
)

// kindTitle is the heading of a kind's table on a service page.
func kindTitle(k schema.Kind) string {
	switch k {
	case schema.KindAPI:
		return "APIs"
	case schema.KindStateMachine:
		return "State machines"
	case schema.KindBus:
		return "Event buses"
	case schema.KindFirehose:
		return "Firehose streams"
	case schema.KindExternal:
		return "External systems"
	}
	s := string(k)
	return strings.ToUpper(s[:1]) + s[1:] + "s"
}

// kindSingular is the first column's title of a kind's table.
func kindSingular(k schema.Kind) string {
	switch k {
	case schema.KindAPI:
		return "API"
	case schema.KindStateMachine:
		return "State machine"
	case schema.KindBus:
		return "Bus"
	case schema.KindFirehose:
		return "Firehose"
	case schema.KindExternal:
		return "System"
	}
	s := string(k)
	return strings.ToUpper(s[:1]) + s[1:]
}

// dur formats a duration attribute, "" when absent.
func dur(c *schema.Component, name schema.AttrName) string {
	d, ok := c.Dur(name)
	if !ok {
		return ""
	}
	return fmtDur(d)
}

func fmtDur(d time.Duration) string {
	if d >= 365*24*time.Hour && d%(365*24*time.Hour) == 0 {
		return fmt.Sprintf("%dy", d/(365*24*time.Hour))
	}
	return schema.FormatDuration(d)
}

// num formats a numeric attribute, "" when absent.
func num(c *schema.Component, name schema.AttrName) string {
	v, ok := c.Num(name)
	if !ok {
		return ""
	}
	return fmtNum(v)
}

// fmtNum writes a number without trailing zeros and with thousands
// separators for whole numbers.
func fmtNum(v float64) string {
	if s, ok := outOfScale(v); ok {
		return s
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return thousands(int64(v))
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// fmtFixed writes v with digits after the point and thousands separators.
func fmtFixed(v float64, digits int) string {
	if s, ok := outOfScale(v); ok {
		return s
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', digits, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := thousands(n)
	if frac != "" {
		out += "." + frac
	}
	if v < 0 && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	return out
}

// outOfScale formats a number too large for the digit grouping (whose
// int64 would overflow), or not a number at all, in scientific notation:
// 1.2e+18. ok is false for a number the other formats can write.
func outOfScale(x float64) (s string, ok bool) { return textfmt.OutOfScale(x) }

func thousands(n int64) string { return textfmt.Thousands(n) }

// usd formats money as every report does (textfmt.USD).
func usd(v float64) string { return textfmt.USD(v) }

// ms formats milliseconds.
func ms(v float64) string {
	switch {
	case v >= 10000:
		return fmtFixed(v/1000, 1) + " s"
	case v >= 100:
		return fmtFixed(v, 0) + " ms"
	case v >= 10:
		return fmtFixed(v, 1) + " ms"
	}
	return fmtFixed(v, 2) + " ms"
}

// seconds formats a time span given in seconds.
func seconds(v float64) string {
	switch {
	case v >= 3600:
		return fmtFixed(v/3600, 1) + " h"
	case v >= 60:
		return fmtFixed(v/60, 1) + " min"
	}
	return fmtFixed(v, 1) + " s"
}

// count formats a count of events, which the simulator may give as a
// fraction when it scales a window to a month.
func count(v float64) string {
	if v >= 100 || v == math.Trunc(v) {
		return fmtFixed(math.Round(v), 0)
	}
	return fmtFixed(v, 1)
}

// pct formats a share.
func pct(v float64) string {
	if v > 0 && v < 0.001 {
		return "<0.1%"
	}
	return fmtFixed(v*100, 1) + "%"
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// plural is "1 thing" or "n things".
func plural(n int, one, many string) string { return textfmt.Plural(n, one, many) }

// andList joins words as "a, b and c".
func andList(words []string) string { return textfmt.List(words, "and") }

// attrText writes any attribute value the way a user would read it.
func attrText(a *schema.Attr) string {
	if a == nil {
		return ""
	}
	switch a.Type {
	case schema.TypeString:
		return a.Str
	case schema.TypeNumber, schema.TypeInt:
		return fmtNum(a.Num)
	case schema.TypeBool:
		return strconv.FormatBool(a.Bool)
	case schema.TypeDuration:
		return fmtDur(a.Duration)
	case schema.TypeSize:
		return sizeText(a.Size)
	case schema.TypeRef, schema.TypeRefList:
		var s []string
		for _, r := range a.Refs {
			s = append(s, r.Address())
		}
		return strings.Join(s, ", ")
	case schema.TypeStringList:
		return strings.Join(a.Strings, ", ")
	case schema.TypeAny:
		return anyText(a.Any)
	}
	return ""
}

func sizeText(n int64) string {
	for _, u := range []struct {
		suffix string
		unit   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if n >= u.unit && n%u.unit == 0 {
			return fmt.Sprintf("%d%s", n/u.unit, u.suffix)
		}
	}
	return fmt.Sprintf("%dB", n)
}

// anyText writes a filter or event pattern compactly, keys sorted.
func anyText(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case float64:
		return fmtNum(v)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = anyText(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		parts := make([]string, 0, len(v))
		for _, k := range sortedKeys(v) {
			parts = append(parts, k+" = "+anyText(v[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
