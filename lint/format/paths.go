package format

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/archiehq/archie/lint"
)

// FindRepoRoot returns the nearest directory at or above dir that holds a
// .git entry (a directory, or a file in a worktree or submodule), or "" when
// there is none. dir is an absolute slash-separated path and fsys is rooted
// at "/", e.g. os.DirFS("/").
func FindRepoRoot(fsys fs.FS, dir string) string {
	d := path.Clean("/" + strings.TrimPrefix(dir, "/"))
	for {
		name := strings.TrimPrefix(path.Join(d, ".git"), "/")
		if _, err := fs.Stat(fsys, name); err == nil {
			return d
		}
		if d == "/" {
			return ""
		}
		d = path.Dir(d)
	}
}

// sourceRoot is the directory that repository-relative paths start from:
// the repository root, or the working directory outside a repository.
func (o FormatOptions) sourceRoot() string {
	if o.RepoRoot != "" {
		return o.RepoRoot
	}
	return o.WorkDir
}

// repoPath maps a file name as the report shows it (relative to the working
// directory, or absolute) to a slash-separated path relative to the
// repository root. inRoot is false when the file lies outside the root (or
// no root is known and the name is absolute); the name is then returned
// absolute when possible.
func (o FormatOptions) repoPath(name string) (p string, inRoot bool) {
	name = strings.ReplaceAll(name, "\\", "/")
	abs := name
	if !lint.IsAbsPath(name) {
		if o.WorkDir == "" {
			clean := path.Clean(name)
			return clean, clean != ".." && !strings.HasPrefix(clean, "../")
		}
		abs = path.Join(o.WorkDir, name)
	}
	abs = path.Clean(abs)
	root := o.sourceRoot()
	if root == "" {
		return abs, false
	}
	root = path.Clean(root)
	switch {
	case abs == root:
		return ".", true
	case root == "/":
		return strings.TrimPrefix(abs, "/"), true
	case strings.HasPrefix(abs, root+"/"):
		return abs[len(root)+1:], true
	}
	return abs, false
}

// architectureDirs lists the architectures of a report as the directories
// of the files it loaded, of its findings and of its errors, sorted. A
// directory of *.arch.hcl files is one architecture.
func architectureDirs(r *lint.Report) []string {
	seen := map[string]bool{}
	add := func(file string) {
		if file != "" {
			seen[path.Dir(strings.ReplaceAll(file, "\\", "/"))] = true
		}
	}
	for name := range r.Files {
		add(name)
	}
	for _, f := range r.Findings {
		add(f.Range.Filename)
	}
	for _, f := range r.Suppressed {
		add(f.Range.Filename)
	}
	for _, d := range r.Errors {
		if d.Subject != nil {
			add(d.Subject.Filename)
		}
	}
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// ruleList is the rules to describe in a report: those that ran, in
// catalog order, then any other rule ID a finding carries (custom rules,
// suppression checks), sorted. index maps an ID to its position.
func ruleList(r *lint.Report) (rules []lint.Meta, index map[string]int) {
	index = map[string]int{}
	for _, m := range r.Rules {
		if _, dup := index[m.ID]; dup {
			continue
		}
		index[m.ID] = len(rules)
		rules = append(rules, m)
	}
	var extra []string
	for _, list := range [][]lint.Finding{r.Findings, r.Suppressed} {
		for _, f := range list {
			if _, ok := index[f.Rule]; !ok {
				index[f.Rule] = -1
				extra = append(extra, f.Rule)
			}
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		index[id] = len(rules)
		rules = append(rules, lint.Meta{ID: id})
	}
	return rules, index
}

// ruleDocURL is the documentation page of a catalog rule.
func ruleDocURL(id string) string { return lint.RuleDocURL(id) }

// diagSeverity names an HCL diagnostic's severity like a finding's.
func diagSeverity(d *hcl.Diagnostic) string {
	if d.Severity == hcl.DiagWarning {
		return "warning"
	}
	return "error"
}

// diagMessage is a diagnostic's summary and detail on one string.
func diagMessage(d *hcl.Diagnostic) string {
	if d.Detail == "" {
		return d.Summary
	}
	return d.Summary + ": " + d.Detail
}
