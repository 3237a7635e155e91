package charts

// palette is Okabe and Ito's colour-blind-safe set ("Color Universal
// Design", https://jfly.uni-koeln.de/color/), darkest first, yellow last
// for its low contrast on white.
var palette = [...]string{
	"#0072B2", // blue
	"#E69F00", // orange
	"#009E73", // bluish green
	"#D55E00", // vermilion
	"#CC79A7", // reddish purple
	"#56B4E9", // sky blue
	"#000000", // black
	"#F0E442", // yellow
}

// Colours is the number of colours of the palette.
const Colours = len(palette)

// Colour is colour i of the palette; past its end the colours repeat
// (callers then tell lines apart by their dashes).
func Colour(i int) string {
	n := len(palette)
	return palette[(i%n+n)%n]
}
