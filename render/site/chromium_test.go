package site

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless browser. Without one the browser tests skip,
// except in CI (CI=true), where .ci/run installs Debian's chromium and a
// missing browser is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; .ci/run installs it with apt-get install chromium")
	}
	t.Skip("chromium is not installed: apt-get install chromium to run the browser tests")
	return ""
}

// browse opens an HTML file in headless Chromium, takes a screenshot of
// the given window size, and returns it with the messages the page wrote
// to its console (script errors, Content-Security-Policy violations,
// resources that failed to load).
func browse(t *testing.T, bin, file string, width, height int) (image.Image, []string) {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--enable-logging=stderr", "--v=0",
		"--hide-scrollbars",
		"--screenshot="+shot,
		"--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height),
		"file://"+file,
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	var console []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, ":CONSOLE") {
			console = append(console, line)
		}
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, stderr.String())
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img, console
}

// stats is the mean and variance of an image's luminance over rows
// [y0, y1), and the share of its pixels that are not near white.
func stats(img image.Image, y0, y1 int) (mean, variance, inked float64) {
	b := img.Bounds()
	y1 = min(y1, b.Max.Y)
	var sum, sq float64
	n, ink := 0, 0
	for y := max(y0, b.Min.Y); y < y1; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 65535
			sum += l
			sq += l * l
			n++
			if l < 0.9 {
				ink++
			}
		}
	}
	if n == 0 {
		return 0, 0, 0
	}
	mean = sum / float64(n)
	return mean, sq/float64(n) - mean*mean, float64(ink) / float64(n)
}

// differingRows returns the first and last row where two images differ,
// and how many pixels differ.
func differingRows(a, b image.Image) (first, last, pixels int) {
	first = -1
	bounds := a.Bounds().Intersect(b.Bounds())
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				pixels++
				if first < 0 {
					first = y
				}
				last = y
			}
		}
	}
	return first, last, pixels
}

var figureElement = regexp.MustCompile(`(?s)<figure .*?</figure>`)

func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	s := build(t, input(t, "examples/queue-load-leveling"), "out", Renderer{})
	data, err := s.HTML()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "architecture.html")
	if err := os.WriteFile(page, data, 0o644); err != nil {
		t.Fatal(err)
	}
	shot, console := browse(t, bin, page, 1280, 2000)
	for _, line := range console {
		t.Errorf("console: %s", line)
	}
	if _, variance, inked := stats(shot, 0, 2000); variance < 0.005 || inked < 0.01 {
		t.Errorf("the page looks blank: luminance variance %.4f, %.1f%% of pixels inked", variance, inked*100)
	}
	if dst := os.Getenv("ARCHIE_SCREENSHOT"); dst != "" {
		saveShot(t, shot, dst)
	}

	// The same page without its figures: what differs is the diagrams.
	// They must be there, and not be blank.
	bare := filepath.Join(dir, "bare.html")
	if err := os.WriteFile(bare, figureElement.ReplaceAll(data, []byte("<figure></figure>")), 0o644); err != nil {
		t.Fatal(err)
	}
	without, _ := browse(t, bin, bare, 1280, 2000)
	if dst := os.Getenv("ARCHIE_SCREENSHOT"); dst != "" {
		saveShot(t, without, strings.TrimSuffix(dst, ".png")+"-bare.png")
	}
	first, last, pixels := differingRows(shot, without)
	if pixels < 20000 {
		t.Fatalf("the diagrams change only %d pixels of the screenshot: they are not drawn", pixels)
	}
	// The context diagram is the index's first picture: the rows from the
	// first difference on start with it.
	_, variance, inked := stats(shot, first, min(first+300, last+1))
	if variance < 0.003 || inked < 0.01 {
		t.Errorf("the context diagram (rows %d..) looks blank: variance %.4f, %.1f%% inked", first, variance, inked*100)
	}
	_, blankVariance, _ := stats(without, first, min(first+300, last+1))
	if blankVariance >= variance {
		t.Errorf("the rows of the diagram vary no more with it (%.4f) than without (%.4f)", variance, blankVariance)
	}
}

// TestChromiumReportsConsoleErrors makes sure the console check can fail:
// a page that breaks its own Content-Security-Policy must be caught.
func TestChromiumReportsConsoleErrors(t *testing.T) {
	bin := chromium(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	bad := `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>` +
		`<body><p>remote image</p><img src="https://example.invalid/x.png" alt=""></body></html>`
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, console := browse(t, bin, page, 400, 300)
	if len(console) == 0 {
		t.Fatal("a Content-Security-Policy violation left no console message: the console check sees nothing")
	}
}

func saveShot(t *testing.T, img image.Image, file string) {
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
