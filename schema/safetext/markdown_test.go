package safetext

import "testing"

func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"plain words":          "plain words",
		"on_failure":           "on_failure",
		"_lead and trail_":     `\_lead and trail\_`,
		"a | b":                `a \| b`,
		"*bold* `code` [l](u)": `\*bold\* \` + "`code\\`" + ` \[l\](u)`,
		"~strike~ back\\slash": `\~strike\~ back\\slash`,
		"<script>&amp;":        "&lt;script>&amp;amp;",
		"# heading":            `\# heading`,
		"- item":               `\- item`,
		"a - b # c":            "a - b # c",
		"one\ntwo\r\nthree":    "one<br>two<br>three",
		"esc\x1b[31m":          `esc\\x1b\[31m`,
		"  spaced  ":           "  spaced  ",
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownCell(t *testing.T) {
	for in, want := range map[string]string{
		"-": "-", "# x": "# x", "a | b": `a \| b`, "<0.1%": "&lt;0.1%", "x\ny": "x<br>y",
	} {
		if got := MarkdownCell(in); got != want {
			t.Errorf("MarkdownCell(%q) = %q, want %q", in, got, want)
		}
	}
}
