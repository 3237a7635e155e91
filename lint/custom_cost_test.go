package lint

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Nested for expressions multiply: five levels over a ten-element list
// are 100,000 steps, eight levels 100 million and a lot of memory. Loading
// refuses them with an error at the expression that names the limit,
// before anything is evaluated.
func TestCustomRuleCostBounded(t *testing.T) {
	list := "[0,1,2,3,4,5,6,7,8,9]"
	nest := func(depth int) string {
		e := "1"
		for i := range depth {
			e = fmt.Sprintf("[for x%d in %s : %s]", i, list, e)
		}
		return e
	}
	for _, tc := range []struct {
		name, cond string
		ok         bool
	}{
		{"one level", "length(" + nest(1) + ") > 0", true},
		{"five levels", "length(" + nest(5) + ") > 0", true},
		{"eight levels", "length(" + nest(8) + ") > 0", false},
		{"nested over self", "length([for a in self.calls : [for b in self.calls : [for c in self.calls : 1]]]) >= 0", false},
		{"template loops", `length("%{for a in ` + list + `}%{for b in ` + list + `}%{for c in ` + list + `}%{for d in ` + list + `}%{for e in ` + list + `}%{for f in ` + list + `}%{for g in ` + list + `}xxxxxxxx%{endfor}%{endfor}%{endfor}%{endfor}%{endfor}%{endfor}%{endfor}") > 0`, false},
		{"deep nesting", strings.Repeat("!", 100) + "true", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, diags := ParseConfig([]byte("rule \"custom\" {\n  kind = \"function\"\n  condition = "+tc.cond+"\n}\n"), ".archie.hcl", nil)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %s", d)
			}
			if tc.ok {
				if diags.HasErrors() {
					t.Fatal(diags.Error())
				}
				return
			}
			if !diags.HasErrors() {
				t.Fatal("accepted")
			}
			d := diags[0]
			if d.Subject == nil || d.Subject.Start.Line != 3 || !strings.Contains(d.Summary+d.Detail, "too costly") && !strings.Contains(d.Detail, "nested more than") {
				t.Errorf("diagnostic %s: %s at %v", d.Summary, d.Detail, d.Subject)
			}
			if strings.Contains(d.Summary, "costly") && !strings.Contains(d.Detail, "the limit is 1,000,000") {
				t.Errorf("detail %q does not name the limit", d.Detail)
			}
		})
	}
}

// At lint time the component's real lists count: a condition fine for
// lists of a thousand is refused for a component with longer ones.
func TestCustomRuleCostWithLongLists(t *testing.T) {
	var src strings.Builder
	src.WriteString("function \"f\" {\n  calls = [")
	for i := range 2000 {
		fmt.Fprintf(&src, "function.g%d, ", i)
	}
	src.WriteString("]\n}\n")
	for i := range 2000 {
		fmt.Fprintf(&src, "function \"g%d\" {}\n", i)
	}
	arch := loadArch(t, src.String())
	_, diags := customFindings(t, arch, `
  kind      = "function"
  condition = length([for a in self.calls : [for b in self.calls : 1]]) >= 0`)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "too costly") || !strings.Contains(diags.Error(), "lists of 2000 elements") {
		t.Fatalf("want a cost error, got %v", diags)
	}
}
