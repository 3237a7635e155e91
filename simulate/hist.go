package simulate

import (
	"math"
)

// Histogram is a fixed-size, log-bucketed histogram of positive values in
// the style of HdrHistogram: a value's bucket is read straight from the
// bits of its float64 (exponent and the top mantissa bits), so recording
// costs a few instructions and no logarithm. With histMantissaBits = 7
// each power of two is split in 128 buckets, so a bucket is at most
// 1/128 wide relative to its lower edge and a quantile reported at the
// bucket's midpoint is within 0.4% of the true value. Memory is fixed
// (about 45 KB) whatever the number of samples.
type Histogram struct {
	counts []uint64
	zero   uint64 // values <= histMin (zero latency: a rejected request)
	n      uint64
	sum    float64
	min    float64
	max    float64
}

const (
	histMantissaBits = 7
	histSub          = 1 << histMantissaBits
	// Values are seconds; the range covers 1 µs to about 2^25 s (a year).
	histMinExp = -20
	histMaxExp = 25
	histMin    = 1.0 / (1 << -histMinExp)
)

// NewHistogram returns an empty histogram.
func NewHistogram() *Histogram {
	return &Histogram{counts: make([]uint64, (histMaxExp-histMinExp)*histSub), min: math.Inf(1)}
}

func histIndex(v float64) int {
	bits := math.Float64bits(v)
	exp := int(bits>>52&0x7ff) - 1023
	if exp < histMinExp {
		return -1
	}
	if exp >= histMaxExp {
		return (histMaxExp-histMinExp)*histSub - 1
	}
	mant := int(bits >> (52 - histMantissaBits) & (histSub - 1))
	return (exp-histMinExp)*histSub + mant
}

// bucketBounds returns the lower and upper edge of bucket i.
func bucketBounds(i int) (float64, float64) {
	exp := i/histSub + histMinExp
	mant := i % histSub
	base := math.Ldexp(1, exp)
	lo := base * (1 + float64(mant)/histSub)
	hi := base * (1 + float64(mant+1)/histSub)
	return lo, hi
}

// Record adds one value (seconds).
func (h *Histogram) Record(v float64) {
	h.n++
	h.sum += v
	if v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	if v <= histMin {
		h.zero++
		return
	}
	h.counts[histIndex(v)]++
}

// recordN adds n values v at once.
func (h *Histogram) recordN(v float64, n uint64) {
	if n == 0 {
		return
	}
	h.n += n
	h.sum += v * float64(n)
	h.min = math.Min(h.min, v)
	h.max = math.Max(h.max, v)
	if v <= histMin {
		h.zero += n
		return
	}
	h.counts[histIndex(v)] += n
}

// Count is the number of values recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Mean of the values recorded, 0 for none.
func (h *Histogram) Mean() float64 {
	if h.n == 0 {
		return 0
	}
	return h.sum / float64(h.n)
}

// Max is the largest value recorded, 0 for none.
func (h *Histogram) Max() float64 {
	if h.n == 0 {
		return 0
	}
	return h.max
}

// Quantile returns the value below which a fraction q of the values lie,
// at the midpoint of its bucket and clamped to the exact minimum and
// maximum.
func (h *Histogram) Quantile(q float64) float64 {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	seen := h.zero
	if seen >= rank {
		return math.Max(h.min, 0)
	}
	for i, c := range h.counts {
		if c == 0 {
			continue
		}
		seen += c
		if seen >= rank {
			lo, hi := bucketBounds(i)
			return math.Min(math.Max((lo+hi)/2, h.min), h.max)
		}
	}
	return h.max
}

// Buckets calls fn for every non-empty bucket in order, with its edges and
// count; values at or below 1 µs come first as the bucket [0, 1 µs].
func (h *Histogram) Buckets(fn func(lo, hi float64, n uint64)) {
	if h.zero > 0 {
		fn(0, histMin, h.zero)
	}
	for i, c := range h.counts {
		if c > 0 {
			lo, hi := bucketBounds(i)
			fn(lo, hi, c)
		}
	}
}

// Min is the smallest value recorded, 0 for none.
func (h *Histogram) Min() float64 {
	if h.n == 0 {
		return 0
	}
	return h.min
}
