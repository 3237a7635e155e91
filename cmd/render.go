package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/archiehq/archie/lint"
	"github.com/archiehq/archie/lint/format"
	"github.com/archiehq/archie/render"
	"github.com/archiehq/archie/schema"
	"github.com/archiehq/archie/schema/fsroot"
	"github.com/archiehq/archie/simulate"
	"github.com/spf13/cobra"
)

type renderOptions struct {
	Path      string
	Format    string
	Output    string
	View      string
	Direction string
	Findings  bool
	DataEdges bool
	Critical  string // workload whose slowest path to highlight
	From      string
	Scale     float64
	NoColor   bool

	formatSet bool // --format given: -o's extension does not choose
}

func newRenderCmd(io IO) *cobra.Command {
	o := &renderOptions{}
	c := &cobra.Command{
		Use:   "render [PATH]",
		Short: "Draw a diagram of an architecture",
		Long: `Draw an architecture (a directory of *.arch.hcl files, or one file; default .)
as SVG, PNG, Graphviz DOT, Mermaid or D2.

Shapes tell component kinds apart; edges show how work crosses them: sync
calls solid with a filled arrow, asynchronous deliveries dashed with an
empty arrow, queue and stream pollers dotted, data reads and writes thin
grey, failure routes red and dashed. A legend lists the styles used.
Work flows left to right, from entry points to stores. The all view leaves
reads and writes out (--data-edges draws them); a failure destination
shared by several components is named on each ("on failure → dlq")
instead of drawn; five or more services wrap into rows.
SVG nodes and edges carry stable ids (function.create_order,
edge.api.public->function.create_order) and classes (kind-function,
mode-async, finding-error) for styling and scripting.

--critical-path WORKLOAD highlights the workload's slowest path, from
its entry along the slowest branch at every fork, in bold orange (class
critical-path), each edge labelled with the p99 time spent from the
component it leads to onwards; the legend gives the end-to-end p99.
The figures come from the simulator's analytic model (archie simulate
--mode analytic reports the same end-to-end latency).

Views:
  all            every component, services as frames (default); services
                 with more than 40 components are folded into one node
  service:NAME   one service, and every component one edge away from it
  pattern:NAME   a pattern's members (with their roles) and their neighbours
  context        one node per service, edges counted per mode

Without --format, the extension of -o chooses it (.svg .png .dot .gv .mmd
.mermaid .d2); otherwise SVG. PNG is never written to a terminal.

Exit codes: 0 drawn; 2 invalid input or command line.`,
		Example: `  # the whole architecture as SVG
  archie render examples/pub-sub -o pub-sub.svg

  # the same with every read and write drawn
  archie render examples/fan-out-fan-in --data-edges -o photos.svg

  # one service, top to bottom, as PNG with lint findings drawn on it
  archie render examples/broken/sync-chain --view service:checkout --direction TB --findings -o checkout.png

  # a Mermaid diagram for a README (GitHub draws Mermaid in Markdown)
  archie render examples/pub-sub --format mermaid --view context > context.mmd

  # the slowest path of workload "summer_sale", with latencies on its edges
  archie render --critical-path summer_sale -o slowest.svg examples/robust-api

  # feed your own Graphviz or D2 toolchain
  archie render examples/pub-sub --format dot | dot -Tpdf -o architecture.pdf
  archie render examples/streams-pipeline --format d2 --view pattern:clickstream | d2 - clickstream.svg`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.Path = "."
			if len(args) == 1 {
				o.Path = args[0]
			}
			o.formatSet = c.Flags().Changed("format")
			return renderRun(c.Context(), io, o)
		},
	}
	f := c.Flags()
	f.StringVarP(&o.Format, "format", "f", "svg", "output format: "+strings.Join(render.Formats(), ", "))
	f.StringVarP(&o.Output, "output", "o", "", "write to this file instead of standard output")
	f.StringVar(&o.View, "view", "all", "what to draw: all, context, service:NAME or pattern:NAME")
	f.StringVar(&o.Direction, "direction", "LR", "layout direction: LR (left to right) or TB (top to bottom)")
	f.BoolVar(&o.Findings, "findings", false, "lint (as archie lint does, with .archie.hcl and suppressions) and draw the findings on the diagram")
	f.BoolVar(&o.DataEdges, "data-edges", false, "draw reads and writes in the all view too (service and pattern views always draw them)")
	f.StringVar(&o.Critical, "critical-path", "", "highlight this workload's slowest path, with p99 latencies on its edges")
	f.StringVar(&o.From, "from", "", "read infrastructure code instead of *.arch.hcl: "+joinFormats())
	f.Float64Var(&o.Scale, "scale", 2, "PNG pixels per SVG pixel")
	f.BoolVar(&o.NoColor, "no-color", false, "never colour messages")
	return c
}

// formatByExtension maps an output file's extension to a format.
var formatByExtension = map[string]render.Format{
	".svg": render.FormatSVG, ".png": render.FormatPNG, ".dot": render.FormatDOT, ".gv": render.FormatDOT,
	".mmd": render.FormatMermaid, ".mermaid": render.FormatMermaid, ".d2": render.FormatD2,
}

// outputFormat is the format written to the file out: the one its
// extension names, or --format. An extension archie does not write (.pdf,
// .jpg) is refused rather than filled with SVG, unless --format says
// what to write.
func outputFormat(out string, format render.Format, formatSet bool) (render.Format, error) {
	ext := strings.ToLower(filepath.Ext(out))
	if out == "" || ext == "" {
		return format, nil
	}
	f, ok := formatByExtension[ext]
	switch {
	case ok && !formatSet:
		return f, nil
	case !ok && !formatSet:
		return format, usagef("-o %s: archie render does not write %s files; it writes %s (--format writes one of those formats to any file name). For PDF, JPEG and the like, pipe DOT to Graphviz: archie render --format dot | dot -Tpdf -o diagram.pdf",
			filepath.ToSlash(out), ext, extensionList())
	}
	return format, nil
}

// extensionList lists the extensions -o chooses a format by.
func extensionList() string {
	exts := make([]string, 0, len(formatByExtension))
	for e := range formatByExtension {
		exts = append(exts, e)
	}
	slices.Sort(exts)
	return strings.Join(exts, " ")
}

func renderRun(ctx context.Context, io IO, o *renderOptions) error {
	rf, err := render.ParseFormat(o.Format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if rf, err = outputFormat(o.Output, rf, o.formatSet); err != nil {
		return err
	}
	if _, err := render.ParseView(o.View); err != nil {
		return usagef("--view: %v", err)
	}
	if o.Direction != "LR" && o.Direction != "TB" {
		return usagef("--direction: unknown direction %q: use LR or TB", o.Direction)
	}
	if o.Scale <= 0 || o.Scale > 16 {
		return usagef("--scale: %g is out of range: use a number above 0 and at most 16", o.Scale)
	}
	if rf == render.FormatPNG && o.Output == "" && io.OutTerminal {
		return usagef("refusing to write a PNG to a terminal: use -o FILE or redirect the output")
	}

	if err := anchor(io.Files, o.Path); err != nil {
		return err
	}
	if rf == render.FormatSVG || rf == render.FormatPNG {
		// Graphviz starts while the architecture loads. The drawing waits
		// for it; an error before the drawing is reported at once.
		render.StartGraphviz(ctx)
	}
	arch, err := loadValid(ctx, io, o.From, o.Path, o.NoColor)
	if err != nil {
		return err
	}

	opt := render.Options{Format: rf, View: o.View, Direction: o.Direction, Scale: o.Scale, DataEdges: o.DataEdges,
		Warn: func(msg string) { fmt.Fprintf(io.Err, "archie: warning: %s\n", msg) }}
	if o.Findings {
		report, err := renderLint(ctx, io.Files, arch, o.Path)
		if err != nil {
			return err
		}
		if report.Invalid() {
			if err := format.WriteText(io.Err, report, format.TextOptions{Color: io.ErrTerminal && !o.NoColor}); err != nil {
				return err
			}
			return &exitError{ExitInvalid}
		}
		opt.Findings = report.Findings
	}
	if o.Critical != "" {
		p, err := simulate.CriticalPath(ctx, arch, o.Critical)
		var noWorkload *simulate.NoWorkloadError
		var unknown *simulate.UnknownWorkloadError
		switch {
		case errors.As(err, &noWorkload), errors.As(err, &unknown):
			return usagef("--critical-path: %v", err)
		case err != nil:
			return err
		}
		opt.CriticalPath = p
	}
	// Render to memory first: a failed render leaves no half-written file.
	var out bytes.Buffer
	doing(ctx, "drawing %s", o.Path)
	if err := render.Render(ctx, &out, arch, opt); err != nil {
		var ue *render.UsageError
		if errors.As(err, &ue) {
			return usagef("--view: %s", ue.Msg)
		}
		return err
	}
	if o.Output != "" && o.Output != "-" {
		return writeFile(io.Files, "-o", o.Output, out.Bytes())
	}
	_, err = io.Out.Write(out.Bytes())
	return err
}

// renderLint lints the loaded architecture the way 'archie lint' does,
// so the diagram shows the findings the linter reports.
func renderLint(ctx context.Context, files *fsroot.Roots, arch *schema.Architecture, p string) (*lint.Report, error) {
	return lintLoaded(ctx, files, arch, p, "", true)
}
