//go:build !unix

package simulate

// cpuSeconds is not measured outside Unix systems.
func cpuSeconds() float64 { return 0 }
