//go:build amd64 || arm64

package wasmrt

import "syscall"

// adviseHugePages asks Linux to back the reservation with transparent huge
// pages; where they are off, or on for every mapping anyway, it changes
// nothing.
func adviseHugePages(b []byte) {
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}
