package site

import (
	"errors"
	"fmt"
	"github.com/archiehq/archie/lint/ruledocs"
	"strings"
	"testing"
)

func fakeSection(name string) (string, error) {
	if name == "diagram:broken" {
		return "", fmt.Errorf("unknown view")
	}
	return "generated " + name + "\nsecond line", nil
}

func TestInject(t *testing.T) {
	src := "# Shop\n\nHand-written intro.\n\n" +
		"<!-- archie:begin services -->\nold table\n<!-- archie:end services -->\n\n" +
		"Text between, kept *exactly*.  \n" +
		"```md\n<!-- archie:begin services -->\nan example in a code block\n<!-- archie:end services -->\n```\n" +
		"  <!-- archie:begin diagram:context -->\n<!-- archie:end diagram:context -->\n" +
		"Tail without newline"
	want := "# Shop\n\nHand-written intro.\n\n" +
		"<!-- archie:begin services -->\n\ngenerated services\nsecond line\n\n<!-- archie:end services -->\n\n" +
		"Text between, kept *exactly*.  \n" +
		"```md\n<!-- archie:begin services -->\nan example in a code block\n<!-- archie:end services -->\n```\n" +
		"  <!-- archie:begin diagram:context -->\n\ngenerated diagram:context\nsecond line\n\n<!-- archie:end diagram:context -->\n" +
		"Tail without newline"
	got, err := Inject([]byte(src), "README.md", fakeSection)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	again, err := Inject(got, "README.md", fakeSection)
	if err != nil || string(again) != want {
		t.Errorf("a second run changed the file: %v\n%s", err, again)
	}
}

func TestInjectKeepsCRLF(t *testing.T) {
	src := "intro\r\n<!-- archie:begin cost -->\r\nold\r\n<!-- archie:end cost -->\r\nend\r\n"
	got, err := Inject([]byte(src), "README.md", fakeSection)
	if err != nil {
		t.Fatal(err)
	}
	want := "intro\r\n<!-- archie:begin cost -->\r\n\r\ngenerated cost\r\nsecond line\r\n\r\n<!-- archie:end cost -->\r\nend\r\n"
	if string(got) != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestInjectErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "line: text" fragments, in order
	}{
		{"no sections", "# Title\n\nText only.\n", []string{"README.md:1: no archie sections to fill"}},
		{"unknown name", "a\n<!-- archie:begin servces -->\n<!-- archie:end servces -->\n",
			[]string{`README.md:2: unknown section "servces"`}},
		{"never closed", "<!-- archie:begin findings -->\ntext\n",
			[]string{"README.md:1: section findings is never closed"}},
		{"end without begin", "x\n\n<!-- archie:end cost -->\n",
			[]string{"README.md:3: archie:end cost without a matching"}},
		{"mismatched", "<!-- archie:begin cost -->\n<!-- archie:end services -->\n",
			[]string{"README.md:2: archie:end services closes section cost opened at line 1"}},
		{"nested", "<!-- archie:begin cost -->\n<!-- archie:begin services -->\n<!-- archie:end services -->\n<!-- archie:end cost -->\n",
			[]string{"README.md:2: archie:begin services inside section cost"}},
		{"no name", "<!-- archie:begin -->\n", []string{"README.md:1: archie:begin needs a section name"}},
		{"unknown verb", "<!-- archie:start cost -->\n", []string{"README.md:1: unknown marker archie:start"}},
		{"render error", "<!-- archie:begin diagram:broken -->\n<!-- archie:end diagram:broken -->\n",
			[]string{"README.md:1: unknown view"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Inject([]byte(tc.src), "README.md", fakeSection)
			var me MarkerErrors
			if !errors.As(err, &me) {
				t.Fatalf("got %v, want marker errors", err)
			}
			if len(me) != len(tc.want) {
				t.Fatalf("got %d errors (%v), want %d", len(me), err, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(me[i].Error(), w) {
					t.Errorf("error %d: got %q, want it to start with %q", i, me[i].Error(), w)
				}
			}
		})
	}
}

func TestSections(t *testing.T) {
	in := input(t, "render/site/testdata/arch/payments")
	s, err := NewSections(t.Context(), in, Options{
		Diagrams:   Renderer{},
		SourcePath: func(file string) string { return relPath("render/site/testdata/arch/payments", file) },
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, wants := range map[string][]string{
		"diagram":         {"```mermaid\n", "flowchart", "record_payment", "\n```"},
		"diagram:context": {"```mermaid\n", "payments", "settlement"},
		"services":        {"| Service | Owner |", "| [`payments`](payments.arch.hcl#L1) | team-payments |"},
		"findings":        {"5 findings (3 errors, 1 warning and 1 info).", "[payments.arch.hcl:17](payments.arch.hcl#L17)", ruledocs.Prefix() + "unbounded-concurrency.md"},
		"cost":            {"| checkout | `api.public` `POST /payments` | 1,000,000 |"},
	} {
		got, err := s.Render(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("section %s lacks %q:\n%s", name, w, got)
			}
		}
		if strings.Contains(got, ".md)") && name != "findings" {
			t.Errorf("section %s links to pages that do not exist beside a README:\n%s", name, got)
		}
	}
	if _, err := s.Render("diagram:service:nope"); err == nil {
		t.Error("an unknown service view rendered")
	}
}
