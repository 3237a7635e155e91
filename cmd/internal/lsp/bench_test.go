package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/archiehq/archie/cmd/internal/lsp/lsptest"
	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/rules"
	"github.com/archiehq/archie/schema/archgen"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// generated writes an architecture of about n components to a scratch
// directory and returns the directory and its first file.
func generated(tb testing.TB, n int) (string, string) {
	tb.Helper()
	dir := filepath.ToSlash(tb.TempDir())
	if err := os.Mkdir(dir+"/.git", 0o755); err != nil {
		tb.Fatal(err)
	}
	files := archgen.Files(n)
	for _, f := range files {
		if err := os.WriteFile(dir+"/"+f.Name, f.Src, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir, files[0].Name
}

// session starts a server on dir and opens name, waiting for its first
// diagnostics.
func session(tb testing.TB, dir, name string, debounce time.Duration) (*lsptest.Client, string, string, func()) {
	tb.Helper()
	s := New(Options{FS: os.DirFS("/"), Rules: rules.All(), Debounce: debounce})
	ctx, cancel := context.WithCancel(context.Background())
	c, wait := lsptest.Start(ctx, s.Serve)
	if _, err := c.Initialize(uriOf(dir)); err != nil {
		tb.Fatal(err)
	}
	src, err := os.ReadFile(dir + "/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	u := uriOf(dir + "/" + name)
	if err := c.Open(u, string(src)); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.WaitVersion(u, 1, time.Minute); err != nil {
		tb.Fatal(err)
	}
	return c, u, string(src), func() {
		if err := c.Shutdown(); err != nil {
			tb.Error(err)
		}
		if err := wait(); err != nil {
			tb.Error(err)
		}
		cancel()
	}
}

// edit changes the owner of the first service: a keystroke's worth.
func edit(tb testing.TB, c *lsptest.Client, u, src string, version int32) {
	tb.Helper()
	i := strings.Index(src, `owner = "team-0"`) + len(`owner = "team-`)
	pos := newLines([]byte(src)).position(i)
	end := pos
	end.Character++
	if err := c.Edit(u, version, protocol.Range{Start: pos, End: end}, fmt.Sprint(version%10)); err != nil {
		tb.Fatal(err)
	}
	src = src[:i] + fmt.Sprint(version%10) + src[i+1:]
	_ = src
}

// BenchmarkChangeToDiagnostics is the time from a change of an open file
// of a warm server to the fresh diagnostics of its architecture, the
// default debounce included. BenchmarkLintProject is its yardstick: the
// same lint of the same files, without a server.
func BenchmarkChangeToDiagnostics(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir, name := generated(b, n)
			c, u, src, stop := session(b, dir, name, DefaultDebounce)
			defer stop()
			version := int32(1)
			b.ResetTimer()
			for range b.N {
				version++
				edit(b, c, u, src, version)
				if _, err := c.WaitVersion(u, version, time.Minute); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenToDiagnostics is the time from opening a file of an
// architecture on a fresh server to its first diagnostics.
func BenchmarkOpenToDiagnostics(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir, name := generated(b, n)
			src, err := os.ReadFile(dir + "/" + name)
			if err != nil {
				b.Fatal(err)
			}
			u := uriOf(dir + "/" + name)
			for range b.N {
				b.StopTimer()
				s := New(Options{FS: os.DirFS("/"), Rules: rules.All()})
				ctx, cancel := context.WithCancel(context.Background())
				c, wait := lsptest.Start(ctx, s.Serve)
				if _, err := c.Initialize(uriOf(dir)); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := c.Open(u, string(src)); err != nil {
					b.Fatal(err)
				}
				if _, err := c.WaitVersion(u, 1, time.Minute); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				c.Shutdown()
				wait()
				cancel()
				b.StartTimer()
			}
		})
	}
}

func BenchmarkLintProject(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir, _ := generated(b, n)
			fsys := os.DirFS("/")
			for range b.N {
				if _, err := lint.LintProject(context.Background(), []lint.Target{{FS: fsys, Path: fsName(dir), Display: "."}}, lint.Options{Rules: rules.All()}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Memory stays flat over 10,000 edits, each linted: the heap after the
// last is within 2 MB of the heap after the first thousand.
func TestMemoryFlatOverEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("lints 10,000 times")
	}
	dir, name := generated(t, 10)
	// A short debounce, so that each edit is linted at once.
	c, u, src, stop := session(t, dir, name, time.Millisecond)
	defer stop()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var base uint64
	for version := int32(2); version <= 10_001; version++ {
		edit(t, c, u, src, version)
		if _, err := c.WaitVersion(u, version, 10*time.Second); err != nil {
			t.Fatalf("version %d: %v", version, err)
		}
		if version == 1_001 {
			base = heap()
		}
	}
	if end := heap(); end > base+2<<20 {
		t.Errorf("heap grew from %d KB after 1,000 edits to %d KB after 10,000", base>>10, end>>10)
	} else {
		t.Logf("heap %d KB after 1,000 edits, %d KB after 10,000", base>>10, end>>10)
	}
}
