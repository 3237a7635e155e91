//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/archiehq/archie/lint/format"
)

// The secret a CI job would hold in its environment; archie runs with it.
const fakeSecret = "ghp_FAKEsecretTOKEN0123456789"

// attack runs the archie binary in dir with the secret in its environment
// and a time bound, and checks what no hostile input may cause: the secret
// in the output, a hang, a Go stack trace.
func attack(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, archie(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ARCHIE_FAKE_TOKEN="+fakeSecret, "NO_COLOR=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("archie %s does not end:\n%s", strings.Join(args, " "), out.String())
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if strings.Contains(s, fakeSecret) {
		t.Errorf("archie %s printed the secret from the environment:\n%s", strings.Join(args, " "), s)
	}
	if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
		t.Errorf("archie %s crashed:\n%s", strings.Join(args, " "), s)
	}
	return s, code
}

// hostileRepo is a repository with the pub-sub example in arch/, next to
// a directory outside it; both are returned.
func hostileRepo(t *testing.T) (repo, outside string) {
	t.Helper()
	base := t.TempDir()
	repo, outside = filepath.Join(base, "repo"), filepath.Join(base, "outside")
	for _, d := range []string{filepath.Join(repo, ".git"), filepath.Join(repo, "arch"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src := filepath.Join(repoRoot(t), "examples", "pub-sub")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".arch.hcl") {
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(repo, "arch", e.Name()), string(b))
		}
	}
	return repo, outside
}

func writeTestFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// readCommands are every command that reads an architecture, with the
// output formats of lint.
func readCommands() [][]string {
	var cmds [][]string
	for _, f := range format.FormatNames() {
		cmds = append(cmds, []string{"lint", "--format", f, "arch"})
	}
	return append(cmds,
		[]string{"lint", "--workload", "saturday_morning", "arch"},
		[]string{"render", "--format", "dot", "arch"},
		[]string{"render", "--format", "mermaid", "arch"},
		[]string{"render", "--format", "d2", "arch"},
		[]string{"simulate", "arch"},
		[]string{"inspect", "arch"},
		[]string{"inspect", "--format", "json", "arch"},
		[]string{"docs", "arch", "-o", "site"},
		[]string{"docs", "arch", "--format", "html", "-o", "site.html"},
	)
}

// A committed link to /proc/self/environ: its content (the job's
// environment) never reaches any output, and the link is named.
func TestEnvironLinkPrintsNoSecret(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("no /proc here")
	}
	repo, _ := hostileRepo(t)
	symlink(t, "/proc/self/environ", filepath.Join(repo, "arch", "env.arch.hcl"))
	for _, args := range readCommands() {
		out, code := attack(t, repo, args...)
		if code != 2 || !strings.Contains(out, "env.arch.hcl") || !strings.Contains(out, "--root") {
			t.Errorf("archie %s: exit %d, want 2 and the link named with --root:\n%s", strings.Join(args, " "), code, out)
		}
	}
	// Even with the whole disk allowed, /proc is no regular file.
	out, code := attack(t, repo, "--root", "/", "lint", "/proc/self/environ")
	if code != 2 || !strings.Contains(out, "pseudo-file") {
		t.Errorf("--root /: exit %d:\n%s", code, out)
	}
	// fmt skips links in a directory and refuses to read this one.
	if out, code := attack(t, repo, "fmt", "--check", "--diff", "arch"); code == 2 {
		t.Errorf("fmt --check arch: exit %d:\n%s", code, out)
	}
	if out, code := attack(t, repo, "fmt", "--diff", "arch/env.arch.hcl"); code != 2 || !strings.Contains(out, "env.arch.hcl") {
		t.Errorf("fmt arch/env.arch.hcl: exit %d:\n%s", code, out)
	}
	filepath.Walk(filepath.Join(repo, "site"), func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(fakeSecret)) {
				t.Errorf("%s holds the secret", p)
			}
		}
		return nil
	})
}

// Inputs that are no regular file, or too large, are refused before they
// are read: no hang, no memory exhausted.
func TestHostileInputFiles(t *testing.T) {
	cases := []struct {
		name string
		make func(t *testing.T, p string)
		want string
	}{
		{"fifo", func(t *testing.T, p string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
		}, "named pipe"},
		{"dev-zero", func(t *testing.T, p string) { symlink(t, "/dev/zero", p) }, "--root"},
		{"big", func(t *testing.T, p string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(56 << 20); err != nil { // sparse: no disk used
				t.Fatal(err)
			}
		}, "--max-file-size"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			repo, _ := hostileRepo(t)
			c.make(t, filepath.Join(repo, "arch", "x.arch.hcl"))
			for _, args := range [][]string{{"lint", "arch"}, {"inspect", "arch"}, {"fmt", "--check", "arch/x.arch.hcl"}, {"lint", "arch/x.arch.hcl"}} {
				out, code := attack(t, repo, args...)
				if code != 2 || !strings.Contains(out, c.want) || !strings.Contains(out, "x.arch.hcl") {
					t.Errorf("archie %s: exit %d, want 2 and %q:\n%s", strings.Join(args, " "), code, c.want, out)
				}
			}
		})
	}
	// Under a lower limit an ordinary file is refused too, and the
	// message gives the flag.
	repo, _ := hostileRepo(t)
	if out, code := attack(t, repo, "--max-file-size", "100B", "lint", "arch"); code != 2 || !strings.Contains(out, "over the limit of 100B") {
		t.Errorf("--max-file-size 100B: exit %d:\n%s", code, out)
	}
	if out, code := attack(t, repo, "--max-file-size", "lots", "lint", "arch"); code != 2 || !strings.Contains(out, "--max-file-size") {
		t.Errorf("--max-file-size lots: exit %d:\n%s", code, out)
	}
}

// Every writer refuses to write through a symbolic link: the file outside
// keeps its content.
func TestWritersRefuseLinks(t *testing.T) {
	const original = "outside, not archie's to change\n"
	cases := []struct {
		name  string
		setup func(t *testing.T, repo, outside string)
		args  []string
	}{
		{"docs -o through a linked page", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "site", "index.md"))
		}, []string{"docs", "arch", "-o", "site"}},
		{"docs -o through a linked diagrams directory", func(t *testing.T, repo, outside string) {
			symlink(t, outside, filepath.Join(repo, "site", "diagrams"))
		}, []string{"docs", "arch", "-o", "site"}},
		{"docs -o into a linked directory", func(t *testing.T, repo, outside string) {
			os.Remove(filepath.Join(repo, "site"))
			symlink(t, outside, filepath.Join(repo, "site"))
		}, []string{"docs", "arch", "-o", "site"}},
		{"docs --inject", func(t *testing.T, repo, outside string) {
			writeTestFile(t, filepath.Join(repo, "real.md"), "<!-- archie:begin services -->\n<!-- archie:end services -->\n")
			symlink(t, "real.md", filepath.Join(repo, "README.md"))
		}, []string{"docs", "arch", "--inject", "README.md"}},
		{"fmt", func(t *testing.T, repo, outside string) {
			writeTestFile(t, filepath.Join(repo, "other", "real.arch.hcl"), "service   \"x\"   {}\n")
			symlink(t, "../other/real.arch.hcl", filepath.Join(repo, "arch", "link.arch.hcl"))
		}, []string{"fmt", "arch/link.arch.hcl"}},
		{"render -o", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "out.dot"))
		}, []string{"render", "--format", "dot", "-o", "out.dot", "arch"}},
		{"simulate --plots", func(t *testing.T, repo, outside string) {
			symlink(t, outside, filepath.Join(repo, "plots"))
		}, []string{"simulate", "--plots", "plots", "arch"}},
		{"lint --write-baseline", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "baseline.json"))
		}, []string{"lint", "--write-baseline", "baseline.json", "arch"}},
		{"lint --format F=FILE", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "report.json"))
		}, []string{"lint", "--format", "json=report.json", "arch"}},
		{"import -o over a dangling link", func(t *testing.T, repo, outside string) {
			writeTestFile(t, filepath.Join(repo, "queues", "main.tf"), `resource "aws_sqs_queue" "q" { name = "q" }`+"\n")
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "imported", "queues.arch.hcl"))
			os.Remove(filepath.Join(outside, "victim"))
		}, []string{"import", "terraform", "queues", "-o", "imported"}},
		{"init over a dangling link", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "new", "main.arch.hcl"))
			os.Remove(filepath.Join(outside, "victim"))
		}, []string{"init", "new", "--pattern", "pub_sub"}},
		{"init --force over a link", func(t *testing.T, repo, outside string) {
			symlink(t, filepath.Join(outside, "victim"), filepath.Join(repo, "new", "main.arch.hcl"))
		}, []string{"init", "new", "--pattern", "pub_sub", "--force"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			repo, outside := hostileRepo(t)
			for _, d := range []string{"site", "imported", "new"} {
				if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			writeTestFile(t, filepath.Join(outside, "victim"), original)
			c.setup(t, repo, outside)
			before := snapshot(t, outside)
			out, code := attack(t, repo, c.args...)
			if code != 2 || !strings.Contains(out, "symbolic link") && !strings.Contains(out, "exists") {
				t.Errorf("archie %s: exit %d, want 2 and the link named:\n%s", strings.Join(c.args, " "), code, out)
			}
			if after := snapshot(t, outside); after != before {
				t.Errorf("archie %s changed the directory outside:\nbefore:\n%s\nafter:\n%s", strings.Join(c.args, " "), before, after)
			}
		})
	}
}

// snapshot lists a directory's files with their content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		b.WriteString(p + "\n")
		if info.Mode().IsRegular() {
			src, _ := os.ReadFile(p)
			b.Write(src)
		}
		return nil
	})
	return b.String()
}

// An imported template's reference out of the repository is named in a
// warning and never read.
func TestImportReferenceOutside(t *testing.T) {
	repo, outside := hostileRepo(t)
	writeTestFile(t, filepath.Join(outside, "leak.yaml"), "Resources:\n  LeakedSecretFn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}}\n")
	writeTestFile(t, filepath.Join(repo, "infra", "template.yaml"), `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: {Runtime: python3.12, Handler: i.h, Code: {ZipFile: x}}
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ../../outside/leak.yaml
`)
	for _, args := range [][]string{{"import", "cloudformation", "infra/template.yaml"}, {"lint", "--from", "cloudformation", "infra"}, {"inspect", "--from", "cloudformation", "infra/template.yaml"}} {
		out, _ := attack(t, repo, args...)
		if strings.Contains(strings.ToLower(out), "leaked") || !strings.Contains(out, "../../outside/leak.yaml") {
			t.Errorf("archie %s:\n%s", strings.Join(args, " "), out)
		}
	}
}

// A link inside the repository in the way of one docs file refuses the
// run before any file is written.
func TestDocsLinkInsideWritesNothing(t *testing.T) {
	repo, _ := hostileRepo(t)
	for _, d := range []string{"site", "other"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	symlink(t, "../other", filepath.Join(repo, "site", "diagrams"))
	out, code := attack(t, repo, "docs", "arch", "-o", "site")
	if code != 2 || !strings.Contains(out, "site/diagrams") || !strings.Contains(out, "symbolic link") {
		t.Errorf("exit %d, want 2 and the link named:\n%s", code, out)
	}
	for _, d := range []string{"site", "other"} {
		entries, _ := os.ReadDir(filepath.Join(repo, d))
		if d == "site" && len(entries) != 1 || d == "other" && len(entries) != 0 {
			t.Errorf("%s was written to: %v", d, entries)
		}
	}
}
