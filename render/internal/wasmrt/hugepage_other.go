//go:build (darwin || freebsd) && (amd64 || arm64)

package wasmrt

// adviseHugePages does nothing here: the reservation is faulted in the
// system's base pages.
func adviseHugePages([]byte) {}
