// Package prefault asks Linux to fault in the Go heap's first mapping in
// one call when archie starts, instead of one page fault per page as the
// heap is first written.
//
// The Go runtime maps its heap 4 MiB at a time (one "chunk", aligned to
// 4 MiB) and touches each page as it first hands it out; every first
// touch is a page fault. A small `archie lint` writes about 500 fresh heap
// pages. On a virtual machine a page fault costs far more than on bare
// metal: 12 to 16 µs each on the 2-core development machine, against about
// 1 µs a page for MADV_POPULATE_WRITE (measured 2026-12-02,
// docs/performance.md#start-up-a-static-binary-the-heap-faulted-in-at-once). Populating
// the chunk that holds the heap when this package initialises turns those
// faults into one system call.
//
// MADV_POPULATE_WRITE is Linux 5.14 and later
// (https://man7.org/linux/man-pages/man2/madvise.2.html, read
// 2026-12-02). On an older kernel, on another system, or if the runtime
// ever lays out its heap differently, the call fails or does nothing and
// archie runs exactly as without it: the pages are zero either way, and
// the runtime is not told anything it relies on.
//
// ARCHIE_PREFAULT=0 turns it off (to measure it).
package prefault

import "os"

// chunk is the runtime's heap mapping unit on 64-bit Linux
// (pallocChunkBytes in runtime/mpagealloc.go: 512 pages of 8 KiB).
const chunk = 4 << 20

func init() {
	if os.Getenv("ARCHIE_PREFAULT") == "0" {
		return
	}
	Heap()
}
