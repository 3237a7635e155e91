package render

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"
)

// TestPNG rasterises the fixture and checks the picture: the size the SVG
// asks for at the scale, not blank, and the edges drawn (go-graphviz's own
// PNG renderer drops them, which is why we rasterise the SVG): pixels in
// the colour of sync, async, poll and failure edges are all there.
func TestPNG(t *testing.T) {
	arch := loadFixture(t, "shop")
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := SVG(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	part, err := parseSVG(svg)
	if err != nil {
		t.Fatal(err)
	}
	const scale = 1.5
	data, err := PNG(context.Background(), svg, PNGOptions{Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	// SVG sizes are in points; resvg draws 96 pixels per inch, 72 points.
	wantW, wantH := int(math.Ceil(part.width*96/72*scale)), int(math.Ceil(part.height*96/72*scale))
	if b := img.Bounds(); absInt(b.Dx()-wantW) > 1 || absInt(b.Dy()-wantH) > 1 {
		t.Errorf("PNG is %dx%d, want %dx%d", b.Dx(), b.Dy(), wantW, wantH)
	}
	if v := luminanceVariance(img); v < 100 {
		t.Errorf("PNG looks blank: luminance variance %.1f", v)
	}
	for name, hex := range map[string]string{"sync": colorSync, "async": colorAsync, "poll": colorPoll, "failure": colorFailure, "text": "#1f2328"} {
		if n := countColor(img, hex); n < 50 {
			t.Errorf("%d pixels of the %s colour %s: not drawn", n, name, hex)
		}
	}

	// Same picture, same bytes.
	again, err := PNG(context.Background(), svg, PNGOptions{Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Error("two rasterisations of the same SVG differ")
	}
}

func TestFitScale(t *testing.T) {
	if s := fitScale(1000, 500, 2); s != 2 {
		t.Errorf("small picture scaled to %g", s)
	}
	s := fitScale(40000, 20000, 2)
	if 40000*s > maxSide+1 || 40000*20000*s*s > maxPixels*1.01 {
		t.Errorf("huge picture scaled to %g: %gx%g pixels", s, 40000*s, 20000*s)
	}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func luminanceVariance(img image.Image) float64 {
	var sum, sum2, n float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			l := float64(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
			sum += l
			sum2 += l * l
			n++
		}
	}
	mean := sum / n
	return sum2/n - mean*mean
}

// countColor counts opaque pixels within a small distance of a #rrggbb
// colour (anti-aliasing blends edges' borders).
func countColor(img image.Image, hex string) int {
	var want [3]uint8
	for i := range want {
		var v uint8
		for _, c := range hex[1+2*i : 3+2*i] {
			v <<= 4
			switch {
			case c >= '0' && c <= '9':
				v |= uint8(c - '0')
			default:
				v |= uint8(c-'a') + 10
			}
		}
		want[i] = v
	}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if c.A > 250 && near(c.R, want[0]) && near(c.G, want[1]) && near(c.B, want[2]) {
				n++
			}
		}
	}
	return n
}

func near(a, b uint8) bool { return absInt(int(a)-int(b)) <= 12 }

// TestStackedPartsNotClipped: a part of a stacked SVG (the legend, the
// notes) draws outside its own viewport when its text is wider than
// Graphviz measured it; the PNG must show it, not cut it at the part's
// edge (nested <svg> elements clip unless overflow="visible").
func TestStackedPartsNotClipped(t *testing.T) {
	part := func(w, h int, body string) []byte {
		return fmt.Appendf(nil, `<svg width="%dpt" height="%dpt" viewBox="0.00 0.00 %d.00 %d.00" xmlns="http://www.w3.org/2000/svg">%s</svg>`, w, h, w, h, body)
	}
	// The second part is 100 wide; its bar runs on to 300.
	svg, err := stackSVG(part(400, 40, ""), part(100, 40, `<rect x="10" y="10" width="290" height="20" fill="`+colorFailure+`"/>`))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(svg, []byte(`overflow="visible"`)); n != 2 {
		t.Errorf("%d nested parts overflow visibly, want 2:\n%s", n, svg)
	}
	data, err := PNG(context.Background(), svg, PNGOptions{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// Points to pixels: 96/72. The bar is at y 50 to 70 of the document.
	px := func(pt float64) int { return int(pt * 96 / 72) }
	right := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(px(120), px(52), px(290), px(68)))
	if n, all := countColor(right, colorFailure), (px(290)-px(120))*(px(68)-px(52)); n < all*9/10 {
		t.Errorf("%d of %d pixels past the part's edge drawn: clipped", n, all)
	}
}

// TestRenderPNG: Render's PNG (the rasteriser started while Graphviz lays
// out) is the SVG rasterised, byte for byte.
func TestRenderPNG(t *testing.T) {
	arch := loadFixture(t, "shop")
	var got bytes.Buffer
	if err := Render(context.Background(), &got, arch, Options{Format: FormatPNG, Scale: 1}); err != nil {
		t.Fatal(err)
	}
	d, err := Build(arch, Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg, err := SVG(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	want, err := PNG(context.Background(), svg, PNGOptions{Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Error("Render's PNG differs from the rasterised SVG")
	}
}
