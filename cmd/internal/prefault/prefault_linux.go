package prefault

import (
	"syscall"
	"unsafe"
)

// madvPopulateWrite is MADV_POPULATE_WRITE (include/uapi/asm-generic/mman-common.h).
const madvPopulateWrite = 23

const pageSize = 4096

// probe is a heap object: where it lies tells which chunk the heap is
// filling.
var probe *[16]byte

// next returns the rest of the 4 MiB chunk of the heap that a new object
// lands in, from that object's page on: the runtime hands out pages from
// the lowest free address, so that is where the next spans go. (The pages
// below it are in use, or are the part of the first chunk the runtime
// skips to randomise where the heap starts, which nothing ever touches.)
func next() (start, end uintptr) {
	probe = new([16]byte)
	p := uintptr(unsafe.Pointer(probe))
	return p &^ (pageSize - 1), p&^(chunk-1) + chunk
}

// Heap faults in, writable, the rest of the heap's current chunk (see
// next) and returns the range it populated, empty if Linux did not.
func Heap() (start, end uintptr) {
	start, end = next()
	if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvPopulateWrite); errno != 0 {
		return 0, 0
	}
	return start, end
}
