package simulate

import "math"

// grid is a probability distribution of a duration on a uniform grid
// [0, n*dt): p[i] is the probability of the bin [i*dt, (i+1)*dt). The
// analytic mode sums a sync path's hop times by convolution and takes the
// last of parallel branches as the product of their CDFs. tail holds the
// mass beyond the grid.
type grid struct {
	dt   float64
	p    []float64
	tail float64
}

const gridBins = 2048

func newGrid(dt float64) *grid { return &grid{dt: dt, p: make([]float64, gridBins)} }

// atZero is the distribution of no time at all.
func atZero(dt float64) *grid {
	g := newGrid(dt)
	g.p[0] = 1
	return g
}

// fromCDF discretises a distribution given its CDF. Bin i stands for the
// value i*dt and holds the mass of ((i-0.5)dt, (i+0.5)dt], so a constant
// lands on its own bin and sums of bins are sums of values.
func fromCDF(dt float64, cdf func(float64) float64) *grid {
	g := newGrid(dt)
	prev := cdf(0.5 * dt)
	g.p[0] = prev
	for i := 1; i < gridBins; i++ {
		c := cdf((float64(i) + 0.5) * dt)
		g.p[i] = c - prev
		prev = c
	}
	g.tail = math.Max(0, 1-prev)
	return g
}

// uniformGrid is the uniform distribution on [0, w].
func uniformGrid(dt, w float64) *grid {
	if w <= 0 {
		return atZero(dt)
	}
	return fromCDF(dt, func(x float64) float64 { return math.Min(1, math.Max(0, x/w)) })
}

// conv is the distribution of the sum of independent a and b.
func conv(a, b *grid) *grid {
	out := newGrid(a.dt)
	na, nb := last(a.p), last(b.p)
	for i := 0; i <= na; i++ {
		if a.p[i] == 0 {
			continue
		}
		pi := a.p[i]
		for j := 0; j <= nb && i+j < gridBins; j++ {
			out.p[i+j] += pi * b.p[j]
		}
	}
	var mass float64
	for _, v := range out.p {
		mass += v
	}
	out.tail = math.Max(0, 1-mass)
	return out
}

func last(p []float64) int {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] > 0 {
			return i
		}
	}
	return 0
}

// maxOf is the distribution of the largest of independent a and b.
func maxOf(a, b *grid) *grid {
	out := newGrid(a.dt)
	var ca, cb, prev float64
	for i := range gridBins {
		ca += a.p[i]
		cb += b.p[i]
		c := ca * cb
		out.p[i] = c - prev
		prev = c
	}
	out.tail = math.Max(0, 1-prev)
	return out
}

// mix is w*a + (1-w)*b.
func mix(w float64, a, b *grid) *grid {
	out := newGrid(a.dt)
	for i := range gridBins {
		out.p[i] = w*a.p[i] + (1-w)*b.p[i]
	}
	out.tail = w*a.tail + (1-w)*b.tail
	return out
}

func (g *grid) mean() float64 {
	var m float64
	for i, v := range g.p {
		m += v * float64(i) * g.dt
	}
	return m
}

// quantile interpolates linearly within the bin where the CDF crosses q.
func (g *grid) quantile(q float64) float64 {
	var c float64
	for i, v := range g.p {
		if c+v >= q && v > 0 {
			frac := (q - c) / v
			return math.Max(0, (float64(i)-0.5+frac)*g.dt)
		}
		c += v
	}
	return float64(gridBins) * g.dt
}

// capAt is the distribution of min(X, t): the mass beyond t, on the grid
// or past it, moves to t's bin.
func capAt(g *grid, t float64) *grid {
	if math.IsInf(t, 1) {
		return g
	}
	k := int(math.Round(t / g.dt))
	if k >= gridBins {
		return g
	}
	out := newGrid(g.dt)
	copy(out.p[:k], g.p[:k])
	for _, v := range g.p[k:] {
		out.p[k] += v
	}
	out.p[k] += g.tail
	return out
}

// convPow is the distribution of the sum of k independent copies of g
// (per-message calls, k the mean batch): for a fractional k, the sums of
// floor(k) and ceil(k) copies mixed so that the mean is k copies'.
func convPow(g *grid, k float64) *grid {
	if k <= 1 {
		return g
	}
	lo := math.Floor(k)
	a := convN(g, int(lo))
	if k == lo {
		return a
	}
	return mix(k-lo, conv(a, g), a)
}

// convN is the sum of n >= 1 independent copies of g, by repeated
// squaring.
func convN(g *grid, n int) *grid {
	var out *grid
	for sq := g; n > 0; n >>= 1 {
		if n&1 == 1 {
			if out == nil {
				out = sq
			} else {
				out = conv(out, sq)
			}
		}
		if n > 1 {
			sq = conv(sq, sq)
		}
	}
	return out
}
