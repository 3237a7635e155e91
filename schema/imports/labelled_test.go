package imports

import (
	"bufio"
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// labelledRecall is the recall recorded for the labelled graphs of
// testdata/labelled: live edges found out of all live edges. A change
// that finds fewer fails TestLabelledGraphs; one that finds more moves
// lines from "miss" to "edge" and raises these figures.
const (
	labelledFound = 78
	labelledLive  = 85
)

// A labelled edge of testdata/labelled/*/labels.txt.
type labelledEdge struct {
	kind, edge, why string // kind: edge, miss or extra; edge: "FROM TO RELATION"
	line            int
}

func readLabels(t *testing.T, file string) []labelledEdge {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelledEdge
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		head, why, ok := strings.Cut(text, " -- ")
		fields := strings.Fields(head)
		if !ok || len(fields) != 4 || !slices.Contains([]string{"edge", "miss", "extra"}, fields[0]) {
			t.Fatalf("%s:%d: want KIND FROM TO RELATION -- WHY, got %q", file, n, text)
		}
		out = append(out, labelledEdge{kind: fields[0], edge: strings.Join(fields[1:], " "), why: why, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// usesSAM tells whether a template of dir declares the SAM transform.
func usesSAM(t *testing.T, dir string) bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(src), "AWS::Serverless-2016-10-31") {
			return true
		}
	}
	return false
}

// TestLabelledGraphs imports twenty-six public patterns whose live edges were
// labelled by hand (testdata/labelled/README.md) and checks the edges
// the importer finds against the labels: every "edge" is found, no "miss"
// is found, and nothing else is found but the "extra" edges, which are
// known not to be live. It logs the recall.
func TestLabelledGraphs(t *testing.T) {
	const root = "testdata/labelled"
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(root)
	found, live, patterns := 0, 0, 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		patterns++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			labels := readLabels(t, path.Join(root, name, "labels.txt"))
			format := "sam"
			if tf, _ := filepath.Glob(filepath.Join(root, name, "*.tf")); len(tf) > 0 {
				format = "terraform"
			} else if _, err := os.Stat(filepath.Join(root, name, "serverless.yml")); err == nil {
				format = "serverless"
			} else if !usesSAM(t, filepath.Join(root, name)) {
				format = "cloudformation"
			}
			loaded, diags := Load(context.Background(), format, fsys, name, name)
			if diags.HasErrors() || loaded == nil || loaded.Arch == nil {
				t.Fatalf("import: %v", diags)
			}
			got := map[string]bool{}
			for _, edge := range loaded.Arch.Edges {
				got[edge.From.Address()+" "+edge.To.Address()+" "+string(edge.Relation)] = true
			}
			// A named source ("schedule") is no component and has no
			// edge: its trigger is labelled with the source as inspect
			// writes it.
			for _, c := range loaded.Arch.Components {
				for _, tr := range c.Triggers {
					if tr.Source == nil {
						got[tr.SourceName+" "+c.Address()+" trigger"] = true
					}
				}
			}
			known := map[string]bool{}
			for _, l := range labels {
				known[l.edge] = true
				switch l.kind {
				case "edge":
					live++
					if got[l.edge] {
						found++
					} else {
						t.Errorf("labels.txt:%d: live edge %s not found (%s)", l.line, l.edge, l.why)
					}
				case "miss":
					live++
					if got[l.edge] {
						found++
						t.Errorf("labels.txt:%d: %s is found now: make it an edge line and raise labelledFound", l.line, l.edge)
					}
				case "extra":
					if !got[l.edge] {
						t.Errorf("labels.txt:%d: extra edge %s is no longer found: remove the line", l.line, l.edge)
					}
				}
			}
			var unknown []string
			for edge := range got {
				if !known[edge] {
					unknown = append(unknown, edge)
				}
			}
			slices.Sort(unknown)
			for _, edge := range unknown {
				t.Errorf("found %s, which labels.txt does not list: label it edge or extra", edge)
			}
		})
	}
	if patterns != 26 {
		t.Errorf("%d labelled patterns, want 26", patterns)
	}
	t.Logf("labelled graphs: %d of %d live edges found (%.0f%%)", found, live, 100*float64(found)/float64(live))
	if found < labelledFound || live != labelledLive {
		t.Errorf("found %d of %d live edges, recorded %d of %d", found, live, labelledFound, labelledLive)
	}
}
