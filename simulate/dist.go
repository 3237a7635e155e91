package simulate

import (
	"math"
	"math/rand/v2"
	"time"
)

// z99 is the standard normal quantile at 0.99.
const z99 = 2.3263478740408408

// Dist is a service-time distribution: a component's own work, an
// external's latency, or a cold start.
type Dist struct {
	Kind  string  // "lognormal", "exponential" or "constant"
	Mean  float64 // seconds
	P99   float64 // seconds, as configured (lognormal only)
	mu    float64 // lognormal parameters of ln X
	sigma float64
	// Capped is set when no lognormal has this mean and p99 (p99 above
	// about 15 x the mean); sigma is then the largest that keeps the mean.
	Capped bool
}

// NewDist fits a distribution. A lognormal is fitted to the mean and the
// 99th percentile: with X = exp(mu + sigma Z), mean = exp(mu + sigma²/2)
// and p99 = exp(mu + z99 sigma), so ln(p99/mean) = z99 sigma - sigma²/2,
// whose smaller root is sigma = z99 - sqrt(z99² - 2 ln(p99/mean)). A p99
// at or below the mean leaves no spread: the value is constant.
func NewDist(kind string, mean, p99 time.Duration) Dist {
	d := Dist{Kind: kind, Mean: mean.Seconds(), P99: p99.Seconds()}
	if d.Mean <= 0 {
		d.Kind = "constant"
		d.Mean = 0
		return d
	}
	if kind == "lognormal" {
		r := d.P99 / d.Mean
		if r <= 1 {
			d.Kind = "constant"
			return d
		}
		disc := z99*z99 - 2*math.Log(r)
		if disc < 0 {
			disc = 0
			d.Capped = true
		}
		d.sigma = z99 - math.Sqrt(disc)
		d.mu = math.Log(d.Mean) - d.sigma*d.sigma/2
	}
	if d.Kind != "lognormal" && d.Kind != "exponential" {
		d.Kind = "constant"
	}
	return d
}

// Sample draws one value.
func (d *Dist) Sample(r *rand.Rand) float64 {
	switch d.Kind {
	case "lognormal":
		return math.Exp(d.mu + d.sigma*r.NormFloat64())
	case "exponential":
		return d.Mean * r.ExpFloat64()
	}
	return d.Mean
}

// CDF is P(X <= x).
func (d *Dist) CDF(x float64) float64 {
	if x < 0 {
		return 0
	}
	switch d.Kind {
	case "lognormal":
		if x == 0 {
			return 0
		}
		return 0.5 * math.Erfc(-(math.Log(x)-d.mu)/(d.sigma*math.Sqrt2))
	case "exponential":
		return 1 - math.Exp(-x/d.Mean)
	}
	if x >= d.Mean {
		return 1
	}
	return 0
}

// MeanBelow is E[min(X, limit)]: the mean of work that stops at a
// timeout. For the lognormal, E[X; X < L] = mean x Φ((ln L - μ - σ²)/σ).
func (d *Dist) MeanBelow(limit float64) float64 {
	switch {
	case d.Mean <= 0 || limit <= 0:
		return 0
	case math.IsInf(limit, 1):
		return d.Mean
	}
	switch d.Kind {
	case "lognormal":
		if d.sigma == 0 {
			return math.Min(d.Mean, limit)
		}
		phi := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
		l := math.Log(limit)
		return d.Mean*phi((l-d.mu-d.sigma*d.sigma)/d.sigma) + limit*(1-phi((l-d.mu)/d.sigma))
	case "exponential":
		return d.Mean * (1 - math.Exp(-limit/d.Mean))
	}
	return math.Min(d.Mean, limit)
}

// Quantile is the inverse of CDF.
func (d *Dist) Quantile(q float64) float64 {
	switch d.Kind {
	case "lognormal":
		return math.Exp(d.mu + d.sigma*math.Sqrt2*math.Erfinv(2*q-1))
	case "exponential":
		return -d.Mean * math.Log(1-q)
	}
	return d.Mean
}

// Variance of the distribution: mean² for the exponential, mean² (e^σ² - 1)
// for the lognormal, none for a constant.
func (d *Dist) Variance() float64 {
	switch d.Kind {
	case "lognormal":
		return d.Mean * d.Mean * math.Expm1(d.sigma*d.sigma)
	case "exponential":
		return d.Mean * d.Mean
	}
	return 0
}
