package charts

import (
	"math"
	"strconv"
)

// Tick is a mark on an axis; only major ticks have a label (and a grid
// line).
type Tick struct {
	Value float64
	Label string
}

// maxTicks bounds the ticks of one axis, whatever its range: an axis
// far from zero and narrow (1e16 to 1e16+1) could otherwise step by less
// than the precision of its values.
const maxTicks = 64

// NiceTicks marks a linear axis from lo to hi every 1, 2, 2.5 or 5 times a
// power of ten, whichever gives four to eight labels, with a minor tick
// between labels. prefix goes before each label ("$").
func NiceTicks(lo, hi float64, prefix string) []Tick {
	step := niceStep(lo, hi)
	if step == 0 {
		return nil
	}
	var ts []Tick
	for i := math.Ceil(lo / step * 2); i*step/2 <= hi*(1+1e-9)+step*1e-9 && len(ts) < maxTicks; i++ {
		v := i * step / 2
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		t := Tick{Value: v}
		if math.Mod(i, 2) == 0 {
			t.Label = label(v, prefix)
		}
		ts = append(ts, t)
	}
	return ts
}

// niceStep is the distance between labelled ticks of a linear axis, 0
// when the range is empty or not finite.
func niceStep(lo, hi float64) float64 {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return 0
	}
	raw := (hi - lo) / 5
	base := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*base >= raw*0.8 {
			return m * base
		}
	}
	return 10 * base
}

// NiceMax rounds the top of an axis starting at zero up to a value its
// ticks label, so the highest value sits under a labelled grid line: the
// lowest multiple of a nice step at or above hi whose axis is labelled at
// its top (0.062 gives 0.08, as 0 to 0.07 would be labelled every 0.02).
func NiceMax(hi float64) float64 {
	if niceStep(0, hi) == 0 {
		return hi
	}
	base := math.Pow(10, math.Floor(math.Log10(hi/5)))
	best := math.Inf(1)
	for _, b := range [...]float64{base / 10, base, base * 10} {
		for _, m := range [...]float64{1, 2, 2.5, 5} {
			top := math.Ceil(hi/(m*b)*(1-1e-9)) * m * b
			if top >= best || top < hi*(1-1e-9) {
				continue
			}
			if step := niceStep(0, top); math.Abs(math.Round(top/step)*step-top) <= top*1e-9 {
				best = top
			}
		}
	}
	if math.IsInf(best, 1) {
		return hi
	}
	return best
}

// LogTicks marks a log axis at 1, 2 and 5 times the powers of ten it
// spans (only at the powers of ten when it spans more than two), with
// minor ticks at the other multiples.
func LogTicks(lo, hi float64, prefix string) []Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	wide := math.Log10(hi/lo) > 2
	var ts []Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := base * float64(m)
			if v < lo*0.999 || v > hi*1.001 {
				continue
			}
			t := Tick{Value: v}
			if m == 1 || !wide && (m == 2 || m == 5) {
				t.Label = label(v, prefix)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

func label(v float64, prefix string) string {
	if v < 0 {
		return "-" + prefix + Short(-v)
	}
	return prefix + Short(v)
}

// Short formats a number in at most three significant digits with a k, M
// or B suffix: 1250000 is 1.25M.
func Short(x float64) string {
	neg := x < 0
	if neg {
		x = -x
	}
	suffix := ""
	for _, u := range [...]struct {
		s string
		v float64
	}{{"B", 1e9}, {"M", 1e6}, {"k", 1e3}} {
		if x >= u.v*0.9995 {
			x, suffix = x/u.v, u.s
			break
		}
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	s := strconv.FormatFloat(v, 'f', -1, 64) + suffix
	if neg && v != 0 {
		return "-" + s
	}
	return s
}
