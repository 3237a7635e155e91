package simulate

// Series holds sampled time series for plots: concurrency of each compute
// component and backlog of each queue or stream, at a fixed number of
// sample points whatever the simulated time, so memory stays flat.
type Series struct {
	T           []float64 // sample times, seconds
	Concurrency []NamedSeries
	Backlog     []NamedSeries
}

// NamedSeries is one line of a chart.
type NamedSeries struct {
	Name   string
	Values []float64
}

// seriesSamples is the number of points per series.
const seriesSamples = 240
