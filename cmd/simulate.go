package cmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/simulate"
	"github.com/archiehq/archie/simulate/report"
	"github.com/spf13/cobra"
)

type simulateOptions struct {
	Path     string
	Workload string
	Seed     uint64
	Format   string
	Plots    string
	FreeTier bool
	Pricing  string
	Mode     string
	From     string
	NoColor  bool
	Reps     int
}

func newSimulateCmd(io IO) *cobra.Command {
	o := &simulateOptions{}
	c := &cobra.Command{
		Use:   "simulate [PATH]",
		Short: "Simulate latency, throughput, throttling, backlog and cost under a workload",
		Long: `Push each workload of an architecture (workload blocks in *.arch.hcl) through
its graph and report, per workload: end-to-end latency percentiles of the
entry, successes, throttles (429s), failures and dead-lettered arrivals;
per component invocations, throttles, errors, cold starts and concurrency
against its limit; per queue or stream the peak and final backlog, the
oldest message and the time to drain; and the monthly cost per component
from a bundled us-east-1 price table (dated, with sources; see
docs/simulate.md), for the workload's monthly volume.

Modes:
  des        discrete-event simulation (default): seeded and deterministic,
             with cold starts, Lambda's scaling rate, bursts, retries,
             batching and backlogs over time
  analytic   closed forms (Little's law, Erlang B and C, convolution of hop
             times): instant, exact where queueing theory holds

--replications N runs the discrete-event mode N times with seeds derived
from --seed and reports each figure as the mean over the runs with a 95%
confidence interval (Student's t): "p99 690ms (±35ms)" in the table,
"ci95" fields in JSON. The analytic mode has no randomness and refuses it.

--pricing FILE replaces prices of the bundled table (same HCL format;
'archie simulate --print-prices' writes the table). --free-tier applies
the always-free monthly allowances; the output says whether it did.

Exit codes: 0 simulated; 2 invalid input, no or unknown workload, a
workload too large for the discrete-event mode (over 100 million
invocations and messages: use --mode analytic), or a wrong command line.`,
		Example: `  # every workload of an example, as a table
  archie simulate examples/queue-load-leveling

  # one workload, another seed, JSON for a script
  archie simulate --workload rack_completions --seed 7 --format json examples/queue-load-leveling

  # ten seeded runs: means and 95% confidence intervals
  archie simulate --replications 10 examples/pub-sub

  # charts of latency, concurrency, backlog and cost
  archie simulate --plots charts/ examples/pub-sub

  # quick closed-form estimate with the free tier and your own prices
  archie simulate --print-prices > prices.hcl
  archie simulate --mode analytic --free-tier --pricing prices.hcl examples/pub-sub`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Path = "."
			if len(args) == 1 {
				o.Path = args[0]
			}
			if printPrices, _ := c.Flags().GetBool("print-prices"); printPrices {
				_, err := io.Out.Write(simulate.BundledPrices())
				return err
			}
			return simulateRun(c.Context(), io, o)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.Workload, "workload", "w", "", "simulate only this workload (default: all)")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed of the discrete-event mode: the same seed gives the same output")
	f.IntVar(&o.Reps, "replications", 1, fmt.Sprintf("run the discrete-event mode this many times (1 to %d) with seeds derived from --seed; report means with 95%% confidence intervals", simulate.MaxReplications))
	f.StringVarP(&o.Format, "format", "f", "table", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVar(&o.Plots, "plots", "", "write SVG charts (latency histogram and CDF, concurrency against its limit, backlog, throttles, dead letters, cost) to this directory")
	f.BoolVar(&o.FreeTier, "free-tier", false, "apply the always-free monthly allowances (Lambda, SQS, SNS, Step Functions, DynamoDB)")
	f.StringVar(&o.Pricing, "pricing", "", "HCL file of prices that replace the bundled ones")
	f.StringVar(&o.Mode, "mode", simulate.ModeDES, "des (discrete-event, default) or analytic")
	f.StringVar(&o.From, "from", "", "read infrastructure code instead of *.arch.hcl: "+joinFormats())
	f.BoolVar(&o.NoColor, "no-color", false, "never colour messages")
	f.Bool("print-prices", false, "write the bundled price table (the --pricing format) and exit")
	return c
}

func simulateRun(ctx context.Context, io IO, o *simulateOptions) error {
	if !slices.Contains(report.Formats, o.Format) {
		return usagef("--format: unknown format %q%s: use %s", o.Format, schema.Suggest(o.Format, report.Formats), strings.Join(report.Formats, ", "))
	}
	if o.Mode != simulate.ModeDES && o.Mode != simulate.ModeAnalytic {
		return usagef("--mode: unknown mode %q: use des or analytic", o.Mode)
	}
	if o.Reps < 1 || o.Reps > simulate.MaxReplications {
		return usagef("--replications: %d is out of range: use 1 to %d", o.Reps, simulate.MaxReplications)
	}
	if o.Reps > 1 && o.Mode == simulate.ModeAnalytic {
		return usagef("--replications: the analytic mode has no randomness, so every replication would give the same figures: drop --replications, or use --mode des for confidence intervals")
	}
	if err := anchor(io.Files, o.Path); err != nil {
		return err
	}
	var prices *simulate.Prices
	if o.Pricing != "" {
		src, err := readInput(io.Files, "--pricing", o.Pricing)
		if err != nil {
			return err
		}
		p, diags := simulate.LoadPrices(src, o.Pricing)
		if diags.HasErrors() {
			report := &lint.Report{Errors: diags}
			if err := format.WriteText(io.Err, report, format.TextOptions{Color: io.ErrTerminal && !o.NoColor}); err != nil {
				return err
			}
			return &exitError{ExitInvalid}
		}
		prices = p
	}
	arch, err := loadValid(ctx, io, o.From, o.Path, o.NoColor)
	if err != nil {
		return err
	}
	opt := simulate.Options{Workload: o.Workload, Seed: o.Seed, Mode: o.Mode, FreeTier: o.FreeTier, Prices: prices, Replications: o.Reps}
	progress := newDocsProgress(io)
	if io.ErrTerminal {
		runs := ""
		if o.Reps > 1 {
			runs = fmt.Sprintf(" (%d replications)", o.Reps)
		}
		opt.Progress = func(w string, done float64) {
			progress.step(fmt.Sprintf("simulating %s%s: %3.0f%%", w, runs, done*100))
		}
	}
	doing(ctx, "simulating the workloads of %s", o.Path)
	rep, err := simulate.Simulate(ctx, arch, opt)
	progress.done()
	var noWorkload *simulate.NoWorkloadError
	var unknown *simulate.UnknownWorkloadError
	switch {
	case errors.As(err, &noWorkload), errors.As(err, &unknown):
		return usagef("%v", err)
	case err != nil:
		return err
	}
	if o.Plots != "" {
		plots, err := report.Plots(rep)
		if err != nil {
			return err
		}
		if err := io.Files.MkdirAll(o.Plots, 0o755); err != nil {
			return writeError("--plots", err)
		}
		for _, p := range plots {
			if err := writeFile(io.Files, "--plots", filepath.Join(o.Plots, p.Name), p.SVG); err != nil {
				return err
			}
		}
	}
	return report.WriteReport(io.Out, rep, o.Format)
}
