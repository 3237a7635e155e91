package simulate

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// criticalPath finds the workload's path in inline HCL.
func criticalPath(t *testing.T, src, workload string) *Path {
	t.Helper()
	p, err := CriticalPath(context.Background(), load(t, src), workload)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func hopNames(p *Path) []string {
	var out []string
	for _, h := range p.Hops {
		out = append(out, h.Component)
	}
	return out
}

// near allows the analytic grid's resolution: a bin is horizon x 1.05 /
// 2048 wide, under 0.5 ms for these paths.
func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 0.5 {
		t.Errorf("%s = %g ms, want %g", what, got, want)
	}
}

const syncFork = `
api "public" {}
function "f" {
  duration     = "200ms"
  distribution = "constant"
  calls        = [function.g, function.h]
  trigger {
    source = api.public
    route  = "GET /"
  }
}
function "g" {
  duration     = "300ms"
  distribution = "constant"
}
function "h" {
  duration     = "100ms"
  distribution = "constant"
}
workload "peak" {
  entry    = api.public
  route    = "GET /"
  rate     = 10
  duration = "1m"
}
`

// f waits for g and h in turn: the arrival's 600 ms are f's 200, g's 300
// and h's 100. The slowest branch is g; h's time is f's wait off the path.
func TestCriticalPathSyncFork(t *testing.T) {
	p := criticalPath(t, syncFork, "peak")
	if got, want := hopNames(p), []string{"api.public", "function.f", "function.g"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("path %v, want %v", got, want)
	}
	if !p.Sync || p.Mode != ModeAnalytic || p.Workload != "peak" || p.Entry != "api.public" {
		t.Errorf("path header %+v", p)
	}
	near(t, "end-to-end p99", p.Latency.P99, 600)
	near(t, "end-to-end mean", p.Latency.Mean, 600)
	wants := []struct{ p99, mean, selfP99, selfMean float64 }{
		{600, 600, 0, 0},
		{600, 600, 300, 300},
		{300, 300, 300, 300},
	}
	for i, w := range wants {
		h := p.Hops[i]
		near(t, h.Component+" p99", h.P99Ms, w.p99)
		near(t, h.Component+" mean", h.MeanMs, w.mean)
		near(t, h.Component+" self p99", h.SelfP99Ms, w.selfP99)
		near(t, h.Component+" self mean", h.SelfMeanMs, w.selfMean)
	}
	f, g := p.Hops[1], p.Hops[2]
	if f.From != "api.public" || f.Relation != "trigger" || f.Mode != "sync" || f.Edge == nil {
		t.Errorf("edge to f: %+v", f)
	}
	if g.From != "function.f" || g.Relation != "calls" || g.Mode != "sync" || g.Edge == nil || g.Edge.To.Name != "g" {
		t.Errorf("edge to g: %+v", g)
	}
	if p.Hops[0].Edge != nil || p.Hops[0].From != "" {
		t.Errorf("the entry hop has an edge: %+v", p.Hops[0])
	}
}

const asyncFanOut = `
bucket "uploads" {}
function "start" {
  duration     = "50ms"
  distribution = "constant"
  emits        = [topic.events, queue.slow]
  trigger { source = bucket.uploads }
}
topic "events" {}
queue "slow" {}
function "fast" {
  duration     = "100ms"
  distribution = "constant"
  trigger { source = topic.events }
}
function "worker" {
  duration     = "400ms"
  distribution = "constant"
  calls        = [external.payments]
  trigger {
    source     = queue.slow
    batch_size = 1
  }
}
external "payments" {
  latency      = "250ms"
  distribution = "constant"
}
workload "uploads" {
  entry    = bucket.uploads
  rate     = 1
  duration = "1m"
}
`

// An asynchronous entry ends when its last work ends: start's 50 ms, then
// the worker behind the queue (400 ms and a 250 ms sync call) finishes
// after fast (100 ms) behind the topic.
func TestCriticalPathAsync(t *testing.T) {
	p := criticalPath(t, asyncFanOut, "uploads")
	want := []string{"bucket.uploads", "function.start", "queue.slow", "function.worker", "external.payments"}
	if got := hopNames(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("path %v, want %v", got, want)
	}
	if p.Sync {
		t.Error("a bucket entry is asynchronous")
	}
	near(t, "end-to-end p99", p.Latency.P99, 700)
	wants := []struct{ p99, self float64 }{{700, 0}, {700, 50}, {650, 0}, {650, 400}, {250, 250}}
	for i, w := range wants {
		h := p.Hops[i]
		near(t, h.Component+" p99", h.P99Ms, w.p99)
		near(t, h.Component+" mean", h.MeanMs, w.p99)
		near(t, h.Component+" self p99", h.SelfP99Ms, w.self)
		near(t, h.Component+" self mean", h.SelfMeanMs, w.self)
	}
	modes := []string{"", "async", "async", "poll", "sync"}
	rels := []string{"", "trigger", "emits", "trigger", "calls"}
	for i, h := range p.Hops {
		if h.Mode != modes[i] || h.Relation != rels[i] {
			t.Errorf("hop %d %s: mode %q relation %q, want %q %q", i, h.Component, h.Mode, h.Relation, modes[i], rels[i])
		}
	}
}

// The path follows the slower branch when it changes: a slow fast.
func TestCriticalPathTakesTheSlowerBranch(t *testing.T) {
	src := strings.Replace(asyncFanOut, `duration     = "100ms"`, `duration     = "900ms"`, 1)
	p := criticalPath(t, src, "uploads")
	want := []string{"bucket.uploads", "function.start", "topic.events", "function.fast"}
	if got := hopNames(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("path %v, want %v", got, want)
	}
	near(t, "end-to-end p99", p.Latency.P99, 950)
}

// The end-to-end figures are the ones archie simulate --mode analytic
// reports for the entry, and the same input gives the same path.
func TestCriticalPathAgreesWithSimulate(t *testing.T) {
	for _, tc := range []struct{ src, workload string }{{syncFork, "peak"}, {asyncFanOut, "uploads"}} {
		p := criticalPath(t, tc.src, tc.workload)
		rep := run(t, tc.src, Options{Mode: ModeAnalytic})
		if got, want := p.Latency, rep.Workloads[0].Entries[0].Latency; got != want {
			t.Errorf("%s: path latency %+v, simulate's %+v", tc.workload, got, want)
		}
		if again := criticalPath(t, tc.src, tc.workload); !reflect.DeepEqual(p, again) {
			t.Errorf("%s: two runs differ", tc.workload)
		}
	}
}

// A lognormal hop: the p99 shares add up to the end-to-end p99 and the
// means to its mean.
func TestCriticalPathSharesAddUp(t *testing.T) {
	src := strings.NewReplacer(`distribution = "constant"`, `duration_p99 = "900ms"`).Replace(syncFork)
	p := criticalPath(t, src, "peak")
	var p99, mean float64
	for _, h := range p.Hops {
		p99 += h.SelfP99Ms
		mean += h.SelfMeanMs
	}
	near(t, "sum of p99 shares", p99, p.Hops[0].P99Ms)
	near(t, "sum of mean shares", mean, p.Latency.Mean)
	if p.Latency.P99 <= 600 {
		t.Errorf("lognormal hops: end-to-end p99 %g ms, want above the 600 ms mean", p.Latency.P99)
	}
}

func TestCriticalPathErrors(t *testing.T) {
	arch := load(t, syncFork)
	_, err := CriticalPath(context.Background(), arch, "nope")
	var ue *UnknownWorkloadError
	if !errors.As(err, &ue) || !reflect.DeepEqual(ue.Names, []string{"peak"}) {
		t.Errorf("unknown workload: %v", err)
	}
	noWorkload := load(t, strings.Split(syncFork, "workload")[0])
	_, err = CriticalPath(context.Background(), noWorkload, "peak")
	var ne *NoWorkloadError
	if !errors.As(err, &ne) {
		t.Errorf("no workload: %v", err)
	}
}
