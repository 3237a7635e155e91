package wasmrt

import (
	"context"
	"runtime"
	"testing"
	"unsafe"

	"github.com/tetratelabs/wazero"
)

func TestReservedMemoryDoesNotMove(t *testing.T) {
	const page = 64 << 10
	m := allocate(page, 4096*page)
	defer m.Free()
	if _, slice := m.(*sliceMemory); slice && runtime.GOOS == "linux" {
		t.Error("no address space reserved on Linux")
	}
	b := m.Reallocate(page)
	if len(b) != page {
		t.Fatalf("len %d", len(b))
	}
	b[page-1] = 7
	for _, size := range []uint64{2 * page, 100 * page, 4096 * page} {
		grown := m.Reallocate(size)
		if uint64(len(grown)) != size || grown[page-1] != 7 {
			t.Fatalf("grown to %d: len %d, kept byte %d", size, len(grown), grown[page-1])
		}
		if _, slice := m.(*sliceMemory); !slice && unsafe.SliceData(grown) != unsafe.SliceData(b) {
			t.Errorf("the reservation moved when grown to %d", size)
		}
		grown[size-1] = 1 // writable to the end
	}
	if m.Reallocate(4097*page) != nil {
		t.Error("grew past the maximum")
	}
}

// growing is a module with memory of 1 to 100 pages exporting
// grow(n) = memory.grow(n).
var growing = []byte{
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // types: (i32) -> i32
	0x03, 0x02, 0x01, 0x00,
	0x05, 0x04, 0x01, 0x01, 0x01, 0x64, // memory: min 1, max 100
	0x07, 0x08, 0x01, 0x04, 'g', 'r', 'o', 'w', 0x00, 0x00,
	0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x40, 0x00, 0x0b, // local.get 0; memory.grow
}

func TestReservedMemoryInWazero(t *testing.T) {
	ctx := WithReservedMemory(context.Background())
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	mod, err := r.Instantiate(ctx, growing)
	if err != nil {
		t.Fatal(err)
	}
	grow := mod.ExportedFunction("grow")
	for _, tc := range []struct{ delta, want uint64 }{{9, 1}, {90, 10}, {1, 0xffffffff}} {
		res, err := grow.Call(ctx, tc.delta)
		if err != nil || res[0]&0xffffffff != tc.want {
			t.Errorf("grow(%d) = %v, %v; want %d", tc.delta, res, err, tc.want)
		}
	}
	if size := mod.Memory().Size(); size != 100*65536 {
		t.Errorf("memory size %d", size)
	}
	if !mod.Memory().WriteUint32Le(100*65536-4, 0xdeadbeef) {
		t.Error("the last word is not writable")
	}
}

// TestReservedMemoryCommitsHugePages: commits are whole 2 MiB steps (so
// the kernel can back them with huge pages), never past the reservation.
func TestReservedMemoryCommitsHugePages(t *testing.T) {
	const page = 64 << 10
	m := allocate(page, 100*page) // 6.25 MiB: the last step is partial
	defer m.Free()
	mm, ok := m.(*mappedMemory)
	if !ok {
		t.Skip("no address space reserved here")
	}
	for _, tc := range []struct{ size, committed uint64 }{{page, commitStep}, {32 * page, commitStep}, {33 * page, 2 * commitStep}, {100 * page, uint64(len(mm.reserved))}} {
		if b := m.Reallocate(tc.size); uint64(len(b)) != tc.size {
			t.Fatalf("Reallocate(%d): len %d", tc.size, len(b))
		}
		if mm.committed != tc.committed {
			t.Errorf("Reallocate(%d) committed %d, want %d", tc.size, mm.committed, tc.committed)
		}
	}
	if len(mm.reserved) != 100*page {
		t.Errorf("reserved %d", len(mm.reserved))
	}
}
