package simulate

import "math"

// ErlangB is the blocking probability of a loss system with c servers
// offered a erlangs (Poisson arrivals; any service-time distribution with
// that mean): the share of sync invocations throttled at a concurrency
// limit of c. The recursion B(k) = a B(k-1) / (k + a B(k-1)) is stable for
// large c.
func ErlangB(c int, a float64) float64 {
	if a <= 0 {
		return 0
	}
	if c <= 0 {
		return 1
	}
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	return b
}

// ErlangC is the probability that an arrival waits in an M/M/c queue
// offered a = lambda/mu erlangs; 1 when the queue is unstable (a >= c).
func ErlangC(c int, a float64) float64 {
	if a <= 0 {
		return 0
	}
	if a >= float64(c) {
		return 1
	}
	b := ErlangB(c, a)
	return float64(c) * b / (float64(c) - a*(1-b))
}

// MMc describes a stable M/M/c queue.
type MMc struct {
	C      int
	Lambda float64 // arrivals per second
	Mu     float64 // services per second per server
}

// Wait is the probability of waiting.
func (q MMc) Wait() float64 { return ErlangC(q.C, q.Lambda/q.Mu) }

// Stable reports whether the queue has a steady state.
func (q MMc) Stable() bool { return q.Lambda < float64(q.C)*q.Mu }

// MeanWait is the mean time in queue, Wq = C / (c mu - lambda).
func (q MMc) MeanWait() float64 {
	if !q.Stable() {
		return math.Inf(1)
	}
	return q.Wait() / (float64(q.C)*q.Mu - q.Lambda)
}

// MeanSojourn is the mean time in system, Wq + 1/mu.
func (q MMc) MeanSojourn() float64 { return q.MeanWait() + 1/q.Mu }

// SojournTail is P(T > t) for the time in system T = Wq + S: with
// probability 1 - C no wait, else an exponential wait of rate
// alpha = c mu - lambda, followed by an exponential service of rate mu.
func (q MMc) SojournTail(t float64) float64 {
	if t < 0 {
		return 1
	}
	c := q.Wait()
	alpha := float64(q.C)*q.Mu - q.Lambda
	mu := q.Mu
	var conv float64 // P(Exp(alpha) + Exp(mu) > t)
	if math.Abs(alpha-mu) < 1e-9*mu {
		conv = (1 + mu*t) * math.Exp(-mu*t)
	} else {
		conv = (alpha*math.Exp(-mu*t) - mu*math.Exp(-alpha*t)) / (alpha - mu)
	}
	return (1-c)*math.Exp(-mu*t) + c*conv
}

// SojournQuantile inverts SojournTail by bisection.
func (q MMc) SojournQuantile(p float64) float64 {
	lo, hi := 0.0, 1/q.Mu
	for q.SojournTail(hi) > 1-p {
		hi *= 2
		if hi > 1e12 {
			return math.Inf(1)
		}
	}
	for range 200 {
		mid := (lo + hi) / 2
		if q.SojournTail(mid) > 1-p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// MGc is an M/G/c queue: Poisson arrivals, c servers, service times of
// any distribution with squared coefficient of variation SCV (variance
// over mean squared: 1 exponential, 0 constant, e^σ² - 1 lognormal).
// Its waits follow the Allen-Cunneen approximation (Allen, Probability,
// Statistics and Queueing Theory, 2nd ed., 1990, eq. 6.39; Hopp and
// Spearman, Factory Physics, "Kingman's equation" for c = 1):
//
//	Wq(M/G/c) = Wq(M/M/c) x (1 + SCV) / 2
//
// exact for one server (Pollaczek-Khinchine) and within a few percent for
// several. The probability of waiting is Erlang C's and the wait, given
// that one waits, is taken as exponential with that mean.
type MGc struct {
	MMc
	SCV float64
}

// WaitRate is the rate of the exponential wait of those who wait:
// (c mu - lambda) x 2 / (1 + SCV).
func (q MGc) WaitRate() float64 {
	return (float64(q.C)*q.Mu - q.Lambda) * 2 / (1 + q.SCV)
}

// MeanWait is the mean time in queue, Wq = C / WaitRate.
func (q MGc) MeanWait() float64 {
	if !q.Stable() {
		return math.Inf(1)
	}
	return q.Wait() / q.WaitRate()
}

// QueueRatio is r of the geometric queue length P(Lq >= k) = C r^k whose
// mean is lambda Wq (Little's law): r = lambda / (lambda + WaitRate),
// rho for M/M/c.
func (q MGc) QueueRatio() float64 {
	return q.Lambda / (q.Lambda + q.WaitRate())
}
