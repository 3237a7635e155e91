package simulate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const burstSrc = `
api "public" { type = "http" }
function "create" {
  memory      = 512
  duration    = "80ms"
  concurrency = 50
  emits       = [queue.work]
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}
queue "work" {}
function "fulfil" {
  duration = "300ms"
  trigger {
    source          = queue.work
    batch_size      = 5
    max_concurrency = 10
  }
}
workload "peak" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 100
  duration = "5m"
  burst {
    at   = "1m"
    rate = 1000
    for  = "30s"
  }
}
`

func TestPlotsDeterministic(t *testing.T) {
	for _, mode := range modes {
		rep := run(t, burstSrc, Options{Mode: mode, Seed: 3})
		a, err := Plots(rep)
		if err != nil {
			t.Fatal(err)
		}
		rep2 := run(t, burstSrc, Options{Mode: mode, Seed: 3})
		b, err := Plots(rep2)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) || len(a) == 0 {
			t.Fatalf("%s: %d and %d plots", mode, len(a), len(b))
		}
		want := map[string]bool{"peak-latency-histogram.svg": true, "peak-latency-cdf.svg": true, "peak-cost.svg": true}
		if mode == ModeDES {
			want["peak-concurrency.svg"] = true
			want["peak-backlog.svg"] = true
		}
		for i := range a {
			delete(want, a[i].Name)
			if a[i].Name != b[i].Name || !bytes.Equal(a[i].SVG, b[i].SVG) {
				t.Errorf("%s: %s differs between two runs with the same seed", mode, a[i].Name)
			}
			if !bytes.HasPrefix(a[i].SVG, []byte("<?xml")) || !strings.Contains(string(a[i].SVG), "Arial") {
				t.Errorf("%s: %s is not an SVG with fallback fonts", mode, a[i].Name)
			}
			if dir := os.Getenv("ARCHIE_PLOTS_DIR"); dir != "" {
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s", mode, a[i].Name)), a[i].SVG, 0o644)
			}
		}
		if len(want) > 0 {
			t.Errorf("%s: missing plots %v", mode, want)
		}
	}
}
