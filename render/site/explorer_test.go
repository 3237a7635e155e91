package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/archgen"
)

// explorerProbe drives the explorer as a reader would, in the page
// itself, and records what it saw on the body's data-probe attribute:
// search and Enter on the fan-out-fan-in service diagram, the selection
// and its neighbours, the panel, each overlay (of the first figure that
// has it) switched off and on, a
// workload's slowest path, drill-down from the context view, and every
// resource the page fetched.
const explorerProbe = `(function () {
  "use strict";
  var out = {errors: []};
  try {
    var figures = Array.prototype.slice.call(document.querySelectorAll("figure.archie-explorer"));
    out.figures = figures.length;
    out.addressed = document.querySelectorAll("g.node[data-address]").length;
    out.edges = document.querySelectorAll("g.edge[data-from][data-to]").length;
    var fig = figures.filter(function (f) { return f.querySelector('g.node[data-address="function.render_zoom"]'); })[0];
    var search = fig.querySelector("input[type=search]");
    search.value = "render_zoom";
    search.dispatchEvent(new Event("input"));
    search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    out.selected = Array.prototype.map.call(fig.querySelectorAll(".archie-selected"), function (e) { return e.getAttribute("data-address"); });
    out.neighbours = Array.prototype.map.call(fig.querySelectorAll("g.node.archie-neighbour"), function (e) { return e.getAttribute("data-address"); }).sort();
    var expected = {};
    fig.querySelectorAll("g.edge[data-from]").forEach(function (e) {
      var f = e.getAttribute("data-from"), t = e.getAttribute("data-to");
      if (f === "function.render_zoom") expected[t] = true;
      if (t === "function.render_zoom") expected[f] = true;
    });
    out.expectedNeighbours = Object.keys(expected).sort();
    var outline = fig.querySelector(".archie-selected :is(polygon, path, ellipse)");
    out.selectedStroke = outline ? getComputedStyle(outline).stroke : "";
    var other = fig.querySelector("g.node:not(.archie-selected):not(.archie-neighbour)");
    out.fadedOpacity = other ? getComputedStyle(other).opacity : "none";
    var panel = fig.querySelector(".archie-panel");
    out.panel = panel && !panel.hidden ? panel.textContent : "";
    out.overlays = {};
    figures.forEach(function (fig) { fig.querySelectorAll(".archie-overlays label").forEach(function (l) {
      var box = l.querySelector("input");
      var name = l.textContent.trim();
      box.click();
      var off = {cls: fig.className};
      var sample = {"Data edges": "g.edge.mode-read, g.edge.mode-write, g.edge.mode-read-write",
        "Failure edges": "g.edge.mode-on-failure, g.edge.mode-dead-letter"}[name];
      if (sample) off.display = getComputedStyle(fig.querySelector(sample)).display;
      off.path = fig.querySelectorAll(".archie-path").length;
      box.click();
      var on = {cls: fig.className, path: fig.querySelectorAll(".archie-path").length};
      if (sample) on.display = getComputedStyle(fig.querySelector(sample)).display;
      if (!out.overlays[name]) out.overlays[name] = {first: off, second: on};
    }); });
    var ctx = document.querySelector('figure.archie-explorer[data-view="context"]');
    ctx.querySelector("input[type=search]").value = "media";
    ctx.querySelector("input[type=search]").dispatchEvent(new Event("input"));
    ctx.querySelector("input[type=search]").dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
    var open = ctx.querySelector(".archie-panel a.archie-open");
    out.drill = open ? open.getAttribute("href") : "";
    out.drillTarget = open ? !!document.getElementById(open.getAttribute("href").slice(1)) : false;
    out.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
  } catch (e) {
    out.errors.push(String(e && e.stack || e));
  }
  document.body.setAttribute("data-probe", JSON.stringify(out));
})();`

type probeResult struct {
	Errors             []string
	Figures            int
	Addressed          int
	Edges              int
	Selected           []string
	Neighbours         []string
	ExpectedNeighbours []string
	FadedOpacity       string
	SelectedStroke     string
	Panel              string
	Overlays           map[string]struct{ First, Second probeOverlay }
	Drill              string
	DrillTarget        bool
	Resources          []string
}

type probeOverlay struct {
	Cls     string
	Display string
	Path    int
}

// TestExplorerInChromium loads the HTML docs of a bundled example in
// headless Chromium with the probe above: no console message (a script
// error or a Content-Security-Policy violation would write one), no
// resource fetched, and search, selection, overlays and drill-down work.
func TestExplorerInChromium(t *testing.T) {
	bin := chromium(t)
	s := build(t, input(t, "examples/fan-out-fan-in"), "out", Renderer{})
	data, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	var got probeResult
	probe(t, bin, data, explorerProbe, &got)
	if len(got.Errors) > 0 {
		t.Fatalf("the probe failed: %v", got.Errors)
	}
	if got.Figures < 3 || got.Addressed < 10 || got.Edges < 10 {
		t.Errorf("%d explorable figures, %d nodes with data-address, %d edges with data-from/data-to", got.Figures, got.Addressed, got.Edges)
	}
	if strings.Join(got.Selected, " ") != "function.render_zoom" {
		t.Errorf("search and Enter selected %q, want function.render_zoom", got.Selected)
	}
	if len(got.ExpectedNeighbours) == 0 || strings.Join(got.Neighbours, " ") != strings.Join(got.ExpectedNeighbours, " ") {
		t.Errorf("neighbours marked %q, want %q", got.Neighbours, got.ExpectedNeighbours)
	}
	if got.SelectedStroke != "rgb(9, 105, 218)" {
		t.Errorf("the selection is not outlined: stroke %q", got.SelectedStroke)
	}
	if got.FadedOpacity == "1" || got.FadedOpacity == "none" {
		t.Errorf("the rest of the diagram is not faded: opacity %s", got.FadedOpacity)
	}
	if !strings.Contains(got.Panel, "function.render_zoom") || !strings.Contains(got.Panel, "memory") {
		t.Errorf("the side panel does not describe the selection: %q", got.Panel)
	}
	for _, name := range []string{"Data edges", "Failure edges"} {
		o, ok := got.Overlays[name]
		if !ok {
			t.Errorf("no %q overlay; overlays: %v", name, got.Overlays)
			continue
		}
		if o.First.Display != "none" || o.Second.Display == "none" {
			t.Errorf("%s: display %q when off, %q when on again", name, o.First.Display, o.Second.Display)
		}
	}
	pathShown := false
	for name, o := range got.Overlays {
		if strings.HasPrefix(name, "Slowest path: ") {
			pathShown = o.First.Path > 0 && o.Second.Path == 0
		}
	}
	if !pathShown {
		t.Errorf("no slowest-path overlay that marks the path and unmarks it: %v", got.Overlays)
	}
	if got.Drill != "#p-services-media" || !got.DrillTarget {
		t.Errorf("drill-down from the context view leads to %q (target exists: %v), want #p-services-media", got.Drill, got.DrillTarget)
	}
	if len(got.Resources) > 0 {
		t.Errorf("the page fetched %q", got.Resources)
	}
}

// probe loads the page with a probe script run after the explorer
// (allowed by its own hash) and decodes what it left on the body's
// data-probe attribute. Console messages fail the test.
func probe(t *testing.T, bin string, data []byte, script string, result any) {
	t.Helper()
	sum := sha256.Sum256([]byte(script))
	probeHash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	page := strings.Replace(string(data), "script-src "+explorerScriptHash(), "script-src "+explorerScriptHash()+" "+probeHash, 1)
	page = strings.Replace(page, "</body>", "<script>"+script+"</script>\n</body>", 1)
	file := filepath.Join(t.TempDir(), "docs.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, console := dumpDOM(t, bin, file)
	for _, line := range console {
		t.Errorf("console: %s", line)
	}
	m := regexp.MustCompile(`data-probe="([^"]*)"`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe left no result: the page's scripts did not run\n%.2000s", dom)
	}
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), result); err != nil {
		t.Fatal(err)
	}
}

// findingsProbe switches the findings overlay of the first diagram with
// findings off and on, recording the border colour of a node with a
// finding each time.
const findingsProbe = `(function () {
  "use strict";
  var out = {};
  try {
    var shape = document.querySelector('figure.archie-explorer g.node[class*="finding-"] :is(polygon, path, ellipse)');
    var fig = shape.closest("figure");
    var box = Array.prototype.filter.call(fig.querySelectorAll(".archie-overlays label"), function (l) { return l.textContent.trim() === "Findings"; })[0].querySelector("input");
    out.drawn = getComputedStyle(shape).stroke;
    box.click();
    out.off = getComputedStyle(shape).stroke;
    box.click();
    out.on = getComputedStyle(shape).stroke;
  } catch (e) {
    out.error = String(e && e.stack || e);
  }
  document.body.setAttribute("data-probe", JSON.stringify(out));
})();`

// TestExplorerFindingsOverlay: on docs with findings, the findings overlay
// takes the severity colour off the offending nodes and puts it back.
func TestExplorerFindingsOverlay(t *testing.T) {
	bin := chromium(t)
	s := build(t, input(t, "render/site/testdata/arch/payments"), "out", Renderer{})
	data, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Drawn, Off, On, Error string }
	probe(t, bin, data, findingsProbe, &got)
	if got.Error != "" {
		t.Fatalf("the probe failed: %s", got.Error)
	}
	if got.Drawn == got.Off || got.On != got.Drawn {
		t.Errorf("a finding's border: %q drawn, %q with the overlay off, %q on again", got.Drawn, got.Off, got.On)
	}
}

// dumpDOM loads a page in headless Chromium and returns the DOM after its
// scripts ran, and the console messages.
func dumpDOM(t *testing.T, bin, file string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--enable-logging=stderr", "--v=0", "--window-size=1280,2000",
		"--dump-dom", "file://"+file,
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	var console []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	return stdout.String(), console
}

// TestHTMLSize640: the one-file docs of a 640-component architecture stay
// under 6 MB, explorer and its data included.
func TestHTMLSize640(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out 65 diagrams")
	}
	arch, diags := schema.Parse(context.Background(), "generated", archgen.Files(640))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	findings, err := lint.Run(context.Background(), arch, rules.All(), lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(context.Background(), Input{Arch: arch, Lint: &lint.Report{Findings: findings}, Rules: rules.All()}, Options{Diagrams: Renderer{}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("640 components: %d bytes, %d findings", len(data), len(findings))
	if len(data) >= 6_000_000 {
		t.Errorf("the HTML of 640 components is %d bytes, want under 6 MB", len(data))
	}
	if n := strings.Count(string(data), "data-address="); n < 640 {
		t.Errorf("%d nodes carry data-address, want at least 640", n)
	}
}
