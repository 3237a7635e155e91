package wasmrt

import (
	"context"

	"github.com/tetratelabs/wazero/experimental"
)

// WithReservedMemory returns a context that makes wazero back the linear
// memory of the modules instantiated with it by one reservation of
// address space the size of the memory's maximum, made readable and
// writable as the module grows it. wazero's default grows a Go slice by
// copying it, and a drawing grows memory a page at a time into hundreds
// of megabytes: most of the rasteriser's time went into those copies.
// Where address space cannot be reserved, memory is a Go slice as before.
func WithReservedMemory(ctx context.Context) context.Context {
	return experimental.WithMemoryAllocator(ctx, experimental.MemoryAllocatorFunc(allocate))
}

// sliceMemory is wazero's own way, for when nothing can be reserved: a Go
// slice grown by copying.
type sliceMemory struct{ buf []byte }

func (m *sliceMemory) Reallocate(size uint64) []byte {
	if size <= uint64(cap(m.buf)) {
		m.buf = m.buf[:size]
		return m.buf
	}
	grown := make([]byte, size, max(size, 2*uint64(cap(m.buf))))
	copy(grown, m.buf)
	m.buf = grown
	return m.buf
}

func (m *sliceMemory) Free() { m.buf = nil }
