//go:build linux

package prefault

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// resident counts the pages of [start, end) that are in memory (mincore(2)).
func resident(t *testing.T, start, end uintptr) (in, pages int) {
	t.Helper()
	vec := make([]byte, (end-start)/pageSize)
	if _, _, errno := syscall.Syscall(syscall.SYS_MINCORE, start, end-start, uintptr(unsafe.Pointer(&vec[0]))); errno != 0 {
		t.Fatalf("mincore: %v", errno)
	}
	for _, v := range vec {
		in += int(v & 1)
	}
	return in, len(vec)
}

// TestHeapFaultedIn: after Heap, every page of the range it returns is in
// memory, so the heap's next spans take no page faults; in a process that
// skipped it (ARCHIE_PREFAULT=0) the same range is mostly not.
func TestHeapFaultedIn(t *testing.T) {
	if os.Getenv("PREFAULT_CHILD") != "" {
		s, e := next()
		in, pages := resident(t, s, e)
		os.Stdout.WriteString("child " + strconv.Itoa(in) + " " + strconv.Itoa(pages) + "\n")
		return
	}
	start, end := Heap()
	if end == 0 {
		t.Skip("this kernel has no MADV_POPULATE_WRITE (Linux 5.14)")
	}
	in, pages := resident(t, start, end)
	t.Logf("after Heap: %d of %d pages in memory", in, pages)
	if in != pages {
		t.Errorf("after Heap, %d of the %d pages it populated are in memory", in, pages)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestHeapFaultedIn$")
	cmd.Env = append(os.Environ(), "PREFAULT_CHILD=1", "ARCHIE_PREFAULT=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	var childIn, childPages int
	for line := range strings.SplitSeq(string(out), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "child" {
			childIn, _ = strconv.Atoi(f[1])
			childPages, _ = strconv.Atoi(f[2])
		}
	}
	t.Logf("without Heap: %d of %d pages in memory", childIn, childPages)
	if childPages >= 64 && childIn > childPages/2 {
		t.Errorf("without Heap, %d of %d pages of the heap's free range are in memory already: the check above proves nothing", childIn, childPages)
	}
}
