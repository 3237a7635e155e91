package lint

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// optInRule is a checkRule in the hygiene preset.
type optInRule struct{ checkRule }

func (r optInRule) Meta() Meta {
	m := r.checkRule.Meta()
	m.Preset = PresetHygiene
	return m
}

func presetRules() []Rule {
	return []Rule{
		checkRule{id: "every-function", kind: "function", sev: Warning},
		optInRule{checkRule{id: "every-queue", kind: "queue", sev: Error}},
	}
}

func TestPresetsTable(t *testing.T) {
	got := map[string][]string{}
	for _, p := range Presets(presetRules()) {
		if p.Doc == "" {
			t.Errorf("preset %s has no doc line", p.Name)
		}
		got[p.Name] = p.Rules
	}
	want := map[string][]string{
		PresetDefault: {"every-function"},
		PresetHygiene: {"every-queue"},
		PresetAll:     {"every-function", "every-queue"},
	}
	for name, ids := range want {
		if !slices.Equal(got[name], ids) {
			t.Errorf("preset %s selects %v, want %v", name, got[name], ids)
		}
	}
	if len(got) != len(want) {
		t.Errorf("presets %v, want %v", got, want)
	}
}

func TestPresetSelection(t *testing.T) {
	cases := []struct {
		name   string
		config string // .archie.hcl, "" for none
		flags  Flags
		want   []string // rules with findings
	}{
		{"no configuration: the default set", "", Flags{}, []string{"every-function"}},
		{"hygiene alone", `config { presets = ["hygiene"] }`, Flags{}, []string{"every-queue"}},
		{"default and hygiene", `config { presets = ["default", "hygiene"] }`, Flags{}, []string{"every-function", "every-queue"}},
		{"all", `config { presets = ["all"] }`, Flags{}, []string{"every-function", "every-queue"}},
		{"a rule block enables one opt-in rule", `rule "every-queue" { enabled = true }`, Flags{}, []string{"every-function", "every-queue"}},
		{"a rule block turns one off inside its preset", "config { presets = [\"all\"] }\nrule \"every-queue\" { enabled = false }", Flags{}, []string{"every-function"}},
		{"--preset replaces the file's presets", `config { presets = ["default"] }`, Flags{Presets: []string{"hygiene"}}, []string{"every-queue"}},
		{"--enable names an opt-in rule", "", Flags{Enable: []string{"every-queue"}}, []string{"every-function", "every-queue"}},
		{"--only runs an opt-in rule", "", Flags{Only: []string{"every-queue"}}, []string{"every-queue"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"r/.git/HEAD": "", "r/main.arch.hcl": twoComponents}
			if c.config != "" {
				files["r/.archie.hcl"] = c.config
			}
			r, err := LintProject(context.Background(), []Target{{FS: project(files), Path: "r", Display: "r"}}, Options{Rules: presetRules(), Flags: c.flags})
			if err != nil || r.Invalid() {
				t.Fatalf("%v %v", err, r.Errors)
			}
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.Rule)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("findings of %v, want %v", got, c.want)
			}
		})
	}
}

func TestPresetErrors(t *testing.T) {
	cases := []configError{
		{"unknown preset", "config {\n  presets = [\"default\", \"hygeine\"]\n}", "2:25", `Unknown preset "hygeine" (did you mean "hygiene"?); the presets are "default", "hygiene" and "all".`},
		{"not a list", "config {\n  presets = \"hygiene\"\n}", "2:13", `presets takes a non-empty list of preset names`},
		{"empty list", "config {\n  presets = []\n}", "2:13", `presets takes a non-empty list`},
		{"not a string", "config {\n  presets = [\"default\", 3]\n}", "2:25", `preset names as strings, not a number`},
		{"listed twice", "config {\n  presets = [\"hygiene\", \"hygiene\"]\n}", "2:25", `"hygiene" is listed twice`},
		{"top-level presets", `presets = ["hygiene"]`, "1:1", "settings go in a config block (fail_on, presets)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := ParseConfig([]byte(c.src), ".archie.hcl", presetRules())
			assertDiag(t, diags, c.at, c.want)
		})
	}
	fsys := project(map[string]string{"r/.git/HEAD": "", "r/main.arch.hcl": twoComponents})
	_, err := LintProject(context.Background(), []Target{{FS: fsys, Path: "r", Display: "r"}}, Options{Rules: presetRules(), Flags: Flags{Presets: []string{"hygeine"}}})
	var fe *FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `--preset: unknown preset "hygeine" (did you mean "hygiene"?)`) {
		t.Errorf("got %v", err)
	}
}

// An archie-ignore comment naming an opt-in rule that is off is not an
// unused suppression: the rule did not run.
func TestSuppressionOfAnOptInRuleThatIsOff(t *testing.T) {
	src := "# archie-ignore: every-queue -- drained by hand\nqueue \"jobs\" {}\n"
	for _, presets := range [][]string{nil, {"hygiene"}} {
		fsys := project(map[string]string{"r/.git/HEAD": "", "r/main.arch.hcl": src})
		r, err := LintProject(context.Background(), []Target{{FS: fsys, Path: "r", Display: "r"}}, Options{Rules: presetRules(), Flags: Flags{Presets: presets}})
		if err != nil || r.Invalid() {
			t.Fatalf("%v %v", err, r.Errors)
		}
		if len(r.Findings) != 0 {
			t.Errorf("presets %v: findings %+v", presets, r.Findings)
		}
		if want := len(presets); len(r.Suppressed) != want {
			t.Errorf("presets %v: %d suppressed, want %d", presets, len(r.Suppressed), want)
		}
	}
}
