package site

import (
	"crypto/sha256"
	"encoding/base64"
	"github.com/archiehq/archie/lint/ruledocs"
	"regexp"
	"strings"
	"testing"
)

var (
	idAttr    = regexp.MustCompile(`\sid="([^"]*)"`)
	localHref = regexp.MustCompile(`href="#([^"]*)"`)
	anyURL    = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^"'\s<>)]*`)
)

func TestHTMLSelfContained(t *testing.T) {
	arch := "render/site/testdata/arch/payments"
	s := build(t, input(t, arch), "out", Renderer{})
	data, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)

	for _, want := range []string{
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-`,
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		"@media print", "@media (max-width: 800px)",
		`<nav class="toc"`,
		`<section class="page" id="p-index">`,
		`<section class="page" id="p-services-payments">`,
		`<section class="page" id="p-patterns-settlements">`,
		`<section class="page" id="p-workloads-checkout">`,
		`<section class="page" id="p-findings">`,
		"<svg", // diagrams are inline
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the HTML lacks %q", want)
		}
	}
	for _, banned := range []string{"<link", " src=", "<iframe", "<?xml", "<!DOCTYPE svg"} {
		if strings.Contains(doc, banned) {
			t.Errorf("the HTML contains %q: it must load nothing", banned)
		}
	}
	// Two script elements: the explorer's data, which does not run, and
	// the explorer, allowed by its hash and by nothing else.
	scripts := regexp.MustCompile(`<script[^>]*>`).FindAllString(doc, -1)
	if len(scripts) != 2 || scripts[0] != `<script type="application/json" id="archie-data">` || scripts[1] != `<script>` {
		t.Errorf("script elements %q, want the data block and the explorer", scripts)
	}
	if !strings.Contains(doc, "<script>"+explorerJS+"</script>") {
		t.Error("the explorer's script is not embedded byte for byte (its hash would not match)")
	}
	sum := sha256.Sum256([]byte(explorerJS))
	if !strings.Contains(doc, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'\">") {
		t.Error("the Content-Security-Policy does not allow the explorer by its hash")
	}
	// The only URLs are SVG namespaces and the rules' documentation, as
	// links a reader may follow; nothing is fetched.
	for _, u := range anyURL.FindAllString(doc, -1) {
		if strings.HasPrefix(u, "http://www.w3.org/") || strings.HasPrefix(u, ruledocs.Prefix()) {
			continue
		}
		t.Errorf("unexpected URL in the HTML: %s", u)
	}

	// User text is escaped, not interpreted.
	if strings.Contains(doc, "<script>alert(1)</script>") || strings.Contains(doc, "<b>recorded</b>") {
		t.Error("user text reached the HTML unescaped")
	}
	if !strings.Contains(doc, "&lt;b&gt;recorded&lt;/b&gt;") || !strings.Contains(doc, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("user text is missing or escaped unexpectedly")
	}

	// IDs are unique, also across the inline SVGs, and every in-page link
	// has a target.
	ids := map[string]int{}
	for _, m := range idAttr.FindAllStringSubmatch(doc, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q appears %d times", id, n)
		}
	}
	links := localHref.FindAllStringSubmatch(doc, -1)
	if len(links) < 30 {
		t.Errorf("only %d in-page links", len(links))
	}
	for _, m := range links {
		if ids[m[1]] == 0 {
			t.Errorf("link to #%s has no target", m[1])
		}
	}
}

func TestInlineSVG(t *testing.T) {
	svg := `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="10pt"><g id="node1"><use href="#node1"/><path fill="url(#grad)"/></g><linearGradient id="grad"/></svg>`
	got := inlineSVG([]byte(svg), "p-x-f1-")
	want := `<svg width="10pt"><g id="p-x-f1-node1"><use href="#p-x-f1-node1"/><path fill="url(#p-x-f1-grad)"/></g><linearGradient id="p-x-f1-grad"/></svg>`
	if got != want {
		t.Errorf("inlineSVG:\n got %s\nwant %s", got, want)
	}
}

// TestExplorerAttrs: node groups get their address, edge groups their
// ends, read from render's stable ids (Graphviz escapes "->").
func TestExplorerAttrs(t *testing.T) {
	svg := `<g id="function.create_order" class="node kind&#45;function">` +
		`<g id="edge.api.public&#45;&gt;function.create_order" class="edge mode&#45;sync">` +
		`<g id="edge.function.a&#45;&gt;queue.b.async" class="edge mode&#45;async">` +
		`<g id="service.checkout" class="cluster service">`
	got := inlineSVG([]byte(svg), "p-x-f1-")
	want := `<g id="p-x-f1-function.create_order" data-address="function.create_order" class="node kind&#45;function">` +
		`<g id="p-x-f1-edge.api.public&#45;&gt;function.create_order" data-from="api.public" data-to="function.create_order" class="edge mode&#45;sync">` +
		`<g id="p-x-f1-edge.function.a&#45;&gt;queue.b.async" data-from="function.a" data-to="queue.b" class="edge mode&#45;async">` +
		`<g id="p-x-f1-service.checkout" class="cluster service">`
	if got != want {
		t.Errorf("explorer attributes:\n got %s\nwant %s", got, want)
	}
}
