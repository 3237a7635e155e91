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
	for k := 1; k <= c && b != 0; k++ {
		// Once b underflows to 0 it stays 0: a small load at a large limit
		// (1 erlang at the account's 1,000) is done in about 180 steps.
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

// WindowBatch is a batching window: a poller that finds a message opens a
// window of W seconds and takes the batch when the window closes or when
// B messages are there, whichever comes first, with messages arriving as
// Poisson at lambda a second. With N(W) the arrivals in a window (Poisson
// of mean lambda W) and T the time the batch closes, a batch holds
//
//	size = 1 + sum_{j=1}^{B-1} P(N(W) >= j)
//
// messages, and their waits sum to the integral over [0, T) of the
// messages there, whose mean is sum_{k=0}^{B-2} (k+1) x the expected time
// with k arrivals since the window opened, (1/lambda) P(N(W) >= k+1):
//
//	wait = (1/lambda) sum_{j=1}^{B-1} j P(N(W) >= j) / size
//
// the mean wait of a message from its arrival to its batch's start. It is
// exact when a poller is free as the window opens (renewal-reward over
// one window; Poisson process, e.g. S. Ross, Stochastic Processes, 2nd
// ed., 1996, ch. 2 and 3).
func WindowBatch(lambda float64, B int, W float64) (size, wait float64) {
	if W <= 0 || B <= 1 {
		return 1, 0
	}
	if lambda <= 0 {
		return 1, W
	}
	m := lambda * W
	if k := float64(B - 1); m-k > 12*math.Sqrt(m)+12 {
		// The batch fills well before the window closes.
		return float64(B), k / (2 * lambda)
	}
	var cdf, sumP, sumJP float64 // cdf = P(N <= j-1)
	logm := math.Log(m)
	for j := 1; j < B; j++ {
		lg, _ := math.Lgamma(float64(j))
		cdf += math.Exp(-m + float64(j-1)*logm - lg) // P(N = j-1)
		tail := math.Max(0, 1-cdf)
		if tail < 1e-15 {
			break
		}
		sumP += tail
		sumJP += float64(j) * tail
	}
	size = 1 + sumP
	return size, sumJP / lambda / size
}

// windowWaitCDF is the distribution given to a batching window's wait of
// mean w (at most W): uniform on [0, 2w], or, when 2w passes W, uniform on
// [0, W] with an atom at W that keeps the mean.
func windowWaitCDF(w, W float64) func(float64) float64 {
	if w <= 0 {
		return func(float64) float64 { return 1 }
	}
	if 2*w <= W {
		return func(x float64) float64 { return math.Min(1, x/(2*w)) }
	}
	q := math.Min(1, 2*w/W-1)
	return func(x float64) float64 {
		if x >= W {
			return 1
		}
		return (1 - q) * x / W
	}
}
