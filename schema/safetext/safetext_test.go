package safetext

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, text, line string }{
		{"plain text", "plain text", "plain text"},
		{"a\tb\nc", "a\tb\nc", "a\tb\\nc"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`, `\x1b[31mred\x1b[0m`},
		{"nul\x00bs\x08del\x7f", `nul\x00bs\x08del\x7f`, `nul\x00bs\x08del\x7f`},
		{"over\rwrite", `over\rwrite`, `over\rwrite`},
		{"crlf\r\nline", "crlf\nline", `crlf\r\nline`},
		{"::error file=x::owned", `\x3a:error file=x::owned`, `\x3a:error file=x::owned`},
		{"ok\n  ::warning::x", "ok\n  \\x3a:warning::x", `ok\n  ::warning::x`},
		{"\u00a0::add-mask::x", "\u00a0\\x3a:add-mask::x", "\u00a0\\x3a:add-mask::x"},
		{"a ##[error]b", `a ##\x5berror]b`, `a ##\x5berror]b`},
		{"c1\u0085 bidi\u202e sep\u2028", `c1\u0085 bidi\u202e sep\u2028`, `c1\u0085 bidi\u202e sep\u2028`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
		{"a::b is fine", "a::b is fine", "a::b is fine"},
		{"日本語", "日本語", "日本語"},
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"arch/main.arch.hcl", "arch/main.arch.hcl"},
		{"my arch.hcl", `"my arch.hcl"`},
		{"x\n::error::y.arch.hcl", `"x\n::error::y.arch.hcl"`},
		{"esc\x1b.hcl", `"esc\x1b.hcl"`},
		{"rtl\u202e.hcl", `"rtl\u202e.hcl"`},
		{"", `""`},
	} {
		if got := Name(tc.in); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Check reports what makes s unsafe output, or "".
func check(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if Unsafe(r) || r == '\n' && !multiline {
			return "control character"
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), "::") {
			return "line starting with ::"
		}
	}
	if strings.Contains(s, "##[") {
		return "##["
	}
	return ""
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "::error::x", "\n ::x", "a\x1b[2Jb", "##[set-output]", "#\n#[", "\xff\xfe", "\u2028::x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if why := check(Text(s), true); why != "" {
			t.Fatalf("Text(%q) = %q: %s", s, Text(s), why)
		}
		if why := check(Line(s), false); why != "" {
			t.Fatalf("Line(%q) = %q: %s", s, Line(s), why)
		}
		if why := check(Name(s), false); why != "" {
			t.Fatalf("Name(%q) = %q: %s", s, Name(s), why)
		}
		var v struct{ X string }
		if err := xml.Unmarshal([]byte("<a><X>"+strings.NewReplacer("<", "&lt;", "&", "&amp;").Replace(XML(s))+"</X></a>"), &v); err != nil {
			t.Fatalf("XML(%q) = %q: not XML text: %v", s, XML(s), err)
		}
		if Text(Text(s)) != Text(s) && !strings.Contains(s, "::") {
			// escapes are plain ASCII, so escaping again changes nothing
			t.Fatalf("Text is not stable on %q", s)
		}
	})
}

// Plain text, the common case, is returned as it is after one scan; the
// yardstick is copying the same bytes.
func BenchmarkTextPlain(b *testing.B) {
	s := strings.Repeat("function.create_order calls external.payments with no timeout; ", 20)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = Text(s)
	}
}

func BenchmarkTextHostile(b *testing.B) {
	s := strings.Repeat("a\n::error::x \x1b[2J ##[add-mask] \u202e ", 40)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = Text(s)
	}
}

func BenchmarkCopyYardstick(b *testing.B) {
	s := strings.Repeat("function.create_order calls external.payments with no timeout; ", 20)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = strings.Clone(s)
	}
}
