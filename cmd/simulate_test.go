package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeArch(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.arch.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const simArch = `
api "public" {
  throttle_rate = 1000
}

function "create" {
  concurrency = 10
  duration    = "200ms"
  timeout     = "5s"
  trigger {
    source = api.public
    route  = "POST /orders"
  }
}

workload "peak" {
  entry    = api.public
  route    = "POST /orders"
  rate     = 100
  duration = "1m"
}
`

func TestSimulateCommand(t *testing.T) {
	dir := writeArch(t, simArch)
	out, errOut, code := run(t, "", "simulate", "--format", "json", "--seed", "3", dir)
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep struct {
		Workloads []struct {
			Name    string
			Entries []struct{ Throttled float64 }
			Cost    struct {
				FreeTier bool `json:"free_tier"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Workloads) != 1 || rep.Workloads[0].Name != "peak" || rep.Workloads[0].Entries[0].Throttled == 0 || rep.Workloads[0].Cost.FreeTier {
		t.Errorf("unexpected report %+v", rep)
	}
	again, _, _ := run(t, "", "simulate", "--format", "json", "--seed", "3", dir)
	if again != out {
		t.Error("the same seed gave different output")
	}

	// Replications: means with intervals, the same bytes every time, and
	// one replication is the plain run.
	reps, errOut, code := run(t, "", "simulate", "--format", "json", "--seed", "3", "--replications", "4", dir)
	if code != ExitOK || errOut != "" {
		t.Fatalf("--replications 4: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(reps, `"replications": 4`) || !strings.Contains(reps, `"ci95": {`) {
		t.Errorf("--replications 4 gave no intervals:\n%s", reps)
	}
	if again, _, _ := run(t, "", "simulate", "--format", "json", "--seed", "3", "--replications", "4", dir); again != reps {
		t.Error("the same seed and replications gave different output")
	}
	if one, _, _ := run(t, "", "simulate", "--format", "json", "--seed", "3", "--replications", "1", dir); one != out {
		t.Error("--replications 1 differs from a plain run")
	}

	plots := filepath.Join(t.TempDir(), "charts")
	if _, errOut, code := run(t, "", "simulate", "--mode", "analytic", "--free-tier", "--plots", plots, dir); code != ExitOK {
		t.Fatalf("analytic with plots: exit %d: %s", code, errOut)
	}
	if names, _ := filepath.Glob(filepath.Join(plots, "peak-*.svg")); len(names) < 3 {
		t.Errorf("plots written: %v", names)
	}

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--workload", "peek"}, `no workload "peek"`},
		{[]string{"--format", "yaml"}, "unknown format"},
		{[]string{"--mode", "fast"}, "unknown mode"},
		{[]string{"--pricing", filepath.Join(dir, "missing.hcl")}, "--pricing"},
		{[]string{"--replications", "0"}, "--replications: 0 is out of range: use 1 to 1000"},
		{[]string{"--replications", "-3"}, "--replications: -3 is out of range"},
		{[]string{"--replications", "1001"}, "--replications: 1001 is out of range"},
		{[]string{"--replications", "ten"}, "--replications"},
		{[]string{"--replications", "5", "--mode", "analytic"}, "the analytic mode has no randomness"},
	} {
		_, errOut, code := run(t, "", append(append([]string{"simulate"}, c.args...), dir)...)
		if code != ExitInvalid || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	none := writeArch(t, `function "f" {}`)
	if _, errOut, code := run(t, "", "simulate", none); code != ExitInvalid || !strings.Contains(errOut, `workload "peak"`) {
		t.Errorf("no workload: exit %d, stderr %q", code, errOut)
	}
	bad := filepath.Join(dir, "prices.hcl")
	os.WriteFile(bad, []byte("lambda_request = 1\n"), 0o644)
	if _, errOut, code := run(t, "", "simulate", "--pricing", bad, dir); code != ExitInvalid || !strings.Contains(errOut, "prices.hcl:1") {
		t.Errorf("bad pricing: exit %d, stderr %q", code, errOut)
	}
}

func TestLintWorkload(t *testing.T) {
	dir := writeArch(t, simArch)
	out, _, code := run(t, "", "lint", "--workload", "peak", "--format", "json", dir)
	if code != ExitOK || !strings.Contains(out, "predicted-throttling") {
		t.Errorf("exit %d, want a predicted-throttling warning: %s", code, out)
	}
	// Every workload is simulated by default; --no-simulate skips it.
	if out, _, _ := run(t, "", "lint", "--format", "json", dir); !strings.Contains(out, "predicted-throttling") {
		t.Error("no simulator findings without --workload")
	}
	if out, _, _ := run(t, "", "lint", "--no-simulate", "--format", "json", dir); strings.Contains(out, "predicted-throttling") {
		t.Error("simulator findings with --no-simulate")
	}
	if _, errOut, code := run(t, "", "lint", "--workload", "nope", dir); code != ExitInvalid || !strings.Contains(errOut, "peak") {
		t.Errorf("unknown workload: exit %d, stderr %q", code, errOut)
	}
}

// A workload too large to simulate event by event is refused at once,
// with its position and the way out, never run for hours.
func TestSimulateRefusesHugeWorkloads(t *testing.T) {
	dir := writeArch(t, strings.Replace(strings.Replace(simArch, "rate     = 100", "rate     = 1000000", 1), `duration = "1m"`, `duration = "24h"`, 1))
	_, errOut, code := run(t, "", "simulate", dir)
	if code != ExitInvalid || !strings.Contains(errOut, "main.arch.hcl:16:1") || !strings.Contains(errOut, "--mode analytic") || strings.Contains(errOut, "goroutine") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := run(t, "", "simulate", "--mode", "analytic", dir); code != ExitOK {
		t.Fatalf("analytic: exit %d, stderr %q", code, errOut)
	}
	// lint simulates it in the analytic mode; in the discrete-event mode
	// the refusal is an error at the workload block, not a crash.
	if out, errOut, code := run(t, "", "lint", dir); code != ExitOK {
		t.Errorf("lint: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code := run(t, "", "lint", "--simulate-mode", "des", "--no-color", dir)
	if code != ExitInvalid || !strings.Contains(out, "main.arch.hcl:16:1") || !strings.Contains(out, "could not be simulated") || strings.Contains(out+errOut, "goroutine") {
		t.Errorf("lint --simulate-mode des: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
}
