//go:build !linux

package prefault

// Heap does nothing outside Linux.
func Heap() (start, end uintptr) { return 0, 0 }
