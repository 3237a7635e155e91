package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/golden"
)

// run executes archie with args and returns stdout, stderr and the exit
// code.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Execute(context.Background(), args, IO{In: strings.NewReader(stdin), Out: &out, Err: &errOut})
	return out.String(), errOut.String(), code
}

func TestLintGolden(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/broken/*")
	dirs = append(dirs, "testdata/invalid")
	for _, dir := range dirs {
		name := filepath.Base(dir)
		for _, format := range []string{"text", "json"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				out, errOut, code := run(t, "", "lint", "--format", format, "--fail-on", "info", dir)
				if errOut != "" {
					t.Errorf("stderr: %s", errOut)
				}
				switch {
				case name == "invalid" && code != ExitInvalid:
					t.Errorf("exit %d, want 2", code)
				case name != "invalid" && code != ExitFindings:
					t.Errorf("exit %d, want 1", code)
				}
				checkGolden(t, "lint/"+name+"."+format, out)
			})
		}
	}
}

func TestLintExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"lint", "../examples/broken/sync-chain"}, ExitOK}, // a warning, fail-on error
		{[]string{"lint", "--fail-on", "warning", "../examples/broken/sync-chain"}, ExitFindings},
		{[]string{"lint", "../examples/broken/missing-dlq"}, ExitFindings},
		{[]string{"lint", "--disable", "missing-dlq", "../examples/broken/missing-dlq"}, ExitOK},
		{[]string{"lint", "--only", "sync-chain", "../examples/broken/missing-dlq"}, ExitOK},
		{[]string{"lint", "testdata/invalid"}, ExitInvalid},
		{[]string{"lint", "--format", "json", "testdata/invalid"}, ExitInvalid},
		{[]string{"lint", "does/not/exist"}, ExitInvalid},
		{[]string{"lint", "--fail-on", "fatal", "."}, ExitInvalid},
		{[]string{"lint", "--format", "yaml", "."}, ExitInvalid},
		{[]string{"lint", "--only", "sync-chian", "."}, ExitInvalid},
		{[]string{"lint", "--preset", "hygeine", "."}, ExitInvalid},
		{[]string{"lint", "--preset", "hygiene", "../examples/broken/missing-dlq"}, ExitOK},
		{[]string{"lint", "--no-such-flag"}, ExitInvalid},
		{[]string{"lint", "--format", "text", "--format", "json", "."}, ExitInvalid},
		{[]string{"nonsense"}, ExitInvalid},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errOut, code := run(t, "", c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out, errOut)
			}
			if strings.Contains(out+errOut, "goroutine ") || strings.Contains(out+errOut, "panic") {
				t.Errorf("stack trace in output:\n%s%s", out, errOut)
			}
		})
	}
}

func TestUsageErrorsAreHelpful(t *testing.T) {
	_, errOut, _ := run(t, "", "lint", "--only", "sync-chian", ".")
	if !strings.Contains(errOut, `did you mean "sync-chain"`) {
		t.Errorf("no suggestion: %s", errOut)
	}
	_, errOut, _ = run(t, "", "lint", "--preset", "hygeine", ".")
	if !strings.Contains(errOut, `--preset: unknown preset "hygeine" (did you mean "hygiene"?)`) {
		t.Errorf("no suggestion for a preset: %s", errOut)
	}
	_, errOut, _ = run(t, "", "lint", "does/not/exist")
	if !strings.Contains(errOut, "does/not/exist: no such file or directory") {
		t.Errorf("unclear missing-path error: %s", errOut)
	}
}

// Unknown flags and values suggest the closest one and point at the
// command's own help.
func TestUnknownFlagsAndValuesSuggest(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", "--formt", "json"}, "unknown flag: --formt (did you mean --format?)\nRun 'archie lint --help' for usage."},
		{[]string{"fmt", "--chek"}, "(did you mean --check?)\nRun 'archie fmt --help'"},
		{[]string{"lint", "--format", "jsn"}, `unknown format "jsn" (did you mean "json"?)`},
		{[]string{"render", "--format", "svgg"}, `unknown format "svgg" (did you mean "svg"?)`},
		{[]string{"simulate", "--format", "tabel"}, `unknown format "tabel" (did you mean "table"?)`},
		{[]string{"inspect", "--format", "jsn"}, `unknown format "jsn" (did you mean "json"?)`},
		{[]string{"docs", "-o", "x", "--format", "htm"}, `unknown format "htm" (did you mean "html"?)`},
		{[]string{"rules", "--format", "jsno"}, `unknown format "jsno" (did you mean "json"?)`},
		{[]string{"lint", "--from", "samm"}, `unknown format "samm" (did you mean "sam"?)`},
		{[]string{"import", "samm", "x"}, `unknown format "samm" (did you mean "sam"?)`},
		{[]string{"inspect", "a", "b"}, "Run 'archie inspect --help' for usage."},
		{[]string{"lint", "-"}, "-: standard input is read only by archie fmt; give a file or a directory\nRun 'archie lint --help'"},
		{[]string{"render", "-"}, "-: standard input is read only by archie fmt"},
		{[]string{"inspect", "--from", "sam", "-"}, "-: standard input is read only by archie fmt"},
	} {
		_, errOut, code := run(t, "", c.args...)
		if code != ExitInvalid || !strings.Contains(errOut, c.want) {
			t.Errorf("archie %s: exit %d, stderr %q, want %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
}

func TestLintRecursive(t *testing.T) {
	out, _, code := run(t, "", "lint", "--recursive", "--format", "json", "--fail-on", "info", "../examples/broken")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	for _, rule := range []string{"missing-dlq", "sync-chain", "shared-database", "unbounded-concurrency"} {
		if !strings.Contains(out, `"rule": "`+rule+`"`) {
			t.Errorf("no %s finding in recursive run", rule)
		}
	}
}

func TestLintIsDeterministic(t *testing.T) {
	first, _, _ := run(t, "", "lint", "--recursive", "--format", "json", "../examples")
	for i := 0; i < 3; i++ {
		again, _, _ := run(t, "", "lint", "--recursive", "--format", "json", "../examples")
		if again != first {
			t.Fatal("two runs gave different output")
		}
	}
}

func TestHelpHasExamples(t *testing.T) {
	root := newRootCmd(IO{})
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("archie %s --help has no example", c.Name())
		}
	}
}

// The worked examples of every --help that use the bundled examples run as
// written: no exit 2. They run in a scratch directory holding a copy of
// the examples, so the files they write go there.
func TestHelpExamplesRun(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and simulates every example")
	}
	examples, err := filepath.Abs("../examples")
	if err != nil {
		t.Fatal(err)
	}
	// A copy, not a link: archie does not read through a link that leads
	// out of the directory it reads from.
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "examples"), os.DirFS(examples)); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	root := newRootCmd(IO{})
	for _, c := range root.Commands() {
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			args, redirect, _ := strings.Cut(line, " > ")
			if !strings.HasPrefix(line, "archie ") || strings.Contains(line, "|") ||
				!strings.Contains(line, "examples/") && redirect == "" {
				continue
			}
			t.Run(line, func(t *testing.T) {
				out, errOut, code := run(t, "", strings.Fields(args)[1:]...)
				if code == ExitInvalid {
					t.Errorf("exit 2:\n%s", errOut)
				}
				if redirect != "" {
					if err := os.WriteFile(strings.TrimSpace(redirect), []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			})
		}
	}
}

func TestVersion(t *testing.T) {
	out, _, code := run(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "archie ") {
		t.Errorf("version: %q %d", out, code)
	}
}

// The pattern examples are clean under the whole catalog at every
// severity; each broken example fires the rule it is named after.
func TestExamples(t *testing.T) {
	dirs, _ := filepath.Glob("../examples/*")
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() || filepath.Base(dir) == "broken" {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out, _, code := run(t, "", "lint", "--fail-on", "info", "--no-color", dir)
			if code != ExitOK {
				t.Errorf("exit %d:\n%s", code, out)
			}
		})
	}
	broken, _ := filepath.Glob("../examples/broken/*")
	for _, dir := range broken {
		rule := filepath.Base(dir)
		t.Run("broken/"+rule, func(t *testing.T) {
			out, _, _ := run(t, "", "lint", "--format", "json", dir)
			if !strings.Contains(out, `"rule": "`+rule+`"`) {
				t.Errorf("%s does not fire %s:\n%s", dir, rule, out)
			}
			if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
				t.Errorf("no README: %v", err)
			}
		})
	}
}

// archie lint simulates every workload by default (analytic mode);
// --no-simulate skips it, --workload picks workloads, --simulate-mode des
// uses the discrete-event mode.
func TestLintSimulation(t *testing.T) {
	const dir = "../examples/broken/predicted-throttling"
	const finding = `"rule": "predicted-throttling"`
	for _, c := range []struct {
		args    []string
		code    int
		finding bool
		stderr  string
	}{
		{[]string{}, ExitFindings, true, ""},
		{[]string{"--workload", "rush"}, ExitFindings, true, ""},
		{[]string{"--simulate-mode", "des"}, ExitFindings, true, ""},
		{[]string{"--workload", "rush", "--workload", "rush", "--simulate-mode", "analytic"}, ExitFindings, true, ""},
		{[]string{"--no-simulate"}, ExitOK, false, ""},
		{[]string{"--disable", "predicted-throttling"}, ExitOK, false, ""},
		{[]string{"--workload", "rsuh"}, ExitInvalid, false, `no workload "rsuh" (did you mean "rush"?)`},
		{[]string{"--no-simulate", "--workload", "rush"}, ExitInvalid, false, "--no-simulate and --workload do not go together"},
		{[]string{"--simulate-mode", "desk"}, ExitInvalid, false, `--simulate-mode: unknown mode "desk"`},
	} {
		args := append([]string{"lint", "--format", "json", "--fail-on", "warning"}, c.args...)
		out, errOut, code := run(t, "", append(args, dir)...)
		if code != c.code || strings.Contains(out, finding) != c.finding || !strings.Contains(errOut, c.stderr) {
			t.Errorf("archie %s: exit %d (want %d), finding %v (want %v), stderr %q (want %q)\n%s",
				strings.Join(args, " "), code, c.code, strings.Contains(out, finding), c.finding, errOut, c.stderr, out)
		}
	}
	// A static example without workloads is unchanged by the flags.
	with, _, _ := run(t, "", "lint", "--format", "json", "../examples/broken/missing-dlq")
	without, _, _ := run(t, "", "lint", "--format", "json", "--no-simulate", "../examples/broken/missing-dlq")
	if with != without {
		t.Errorf("--no-simulate changed the report of an architecture without workloads")
	}
}

// checkGolden compares got with testdata/golden/name; -update rewrites it.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", "golden", name), []byte(got))
}
