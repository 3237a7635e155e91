package report

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/archiehq/archie/schema/golden"
	"github.com/archiehq/archie/simulate"
)

// Golden files for the three output formats.
func TestGoldenFormats(t *testing.T) {
	for _, mode := range modes {
		rep := run(t, burstSrc, simulate.Options{Mode: mode, Seed: 1})
		for _, format := range Formats {
			var b bytes.Buffer
			if err := WriteReport(&b, rep, format); err != nil {
				t.Fatal(err)
			}
			ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
			golden.Check(t, filepath.Join("testdata", fmt.Sprintf("burst-%s.%s", mode, ext)), b.Bytes())
		}
	}
}

func TestGoldenReplicated(t *testing.T) {
	rep := run(t, burstSrc, simulate.Options{Mode: simulate.ModeDES, Seed: 1, Replications: 3})
	for _, format := range Formats {
		var b bytes.Buffer
		if err := WriteReport(&b, rep, format); err != nil {
			t.Fatal(err)
		}
		ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
		golden.Check(t, filepath.Join("testdata", "burst-des-replicated."+ext), b.Bytes())
		if format == "table" {
			checkAligned(t, b.String())
		}
	}
}

// checkAligned: every row of a table is as wide as its header, and each
// right-aligned column ends where its header ends.
func checkAligned(t *testing.T, text string) {
	t.Helper()
	var head string
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "  ENTRY"):
			head = line
		case head != "" && line == "":
			head = ""
		case head != "":
			for _, col := range []string{"MEAN", "P50", "P95", "P99"} {
				end := strings.Index(head, col) + len(col)
				if end > len([]rune(line)) || []rune(line)[end-1] == ' ' {
					t.Errorf("column %s not aligned:\n%s\n%s", col, head, line)
				}
			}
		}
	}
}

// Numbers far beyond what the digit grouping holds print in scientific
// notation, never as an overflowed int64.
func TestNumberFormatsOutOfScale(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{count(1e300), "1e+300"},
		{count(9.3e18), "9.3e+18"},
		{count(-1e300), "-1e+300"},
		{count(math.NaN()), "n/a"},
		{count(math.Inf(1)), "infinite"},
		{count(1234567), "1,234,567"},
		{usd(1e300), "$1e+300"},
		{usd(9.2e16), "$9.2e+16"},
		{usd(1234.5), "$1,234.50"},
		{usd(math.NaN()), "$n/a"},
		{decimal(1e300), "1e+300"},
		{qty(1e300), "1e+300"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// The table shows a warnings section when the workload has warnings, and
// none when it has not.
func TestWarningsSection(t *testing.T) {
	for _, ws := range [][]string{nil, {"only 298 arrivals in the 5m window"}} {
		rep := run(t, burstSrc, simulate.Options{Mode: simulate.ModeAnalytic})
		rep.Workloads[0].Warnings = ws
		for _, format := range []string{"table", "markdown"} {
			var b strings.Builder
			if err := WriteReport(&b, rep, format); err != nil {
				t.Fatal(err)
			}
			head := map[string]string{"table": "WARNINGS\n- ", "markdown": "### Warnings\n\n- "}[format]
			if shown := strings.Contains(b.String(), head); shown != (len(ws) > 0) {
				t.Errorf("%s: warnings section shown: %v, warnings: %d", format, shown, len(ws))
			}
			for _, w := range ws {
				if !strings.Contains(b.String(), "- "+w+"\n") {
					t.Errorf("%s: warning %q not shown", format, w)
				}
			}
		}
	}
}

// Golden reports of a delivery stream with a processor, a backup bucket
// and an endpoint: its ingestion line, its destinations' requests, its
// notes.
func TestGoldenFirehose(t *testing.T) {
	src := readTestdata("../testdata/firehose.arch.hcl")
	for _, mode := range modes {
		rep := run(t, src, simulate.Options{Mode: mode, Seed: 1})
		var b bytes.Buffer
		if err := WriteReport(&b, rep, "table"); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "firehose-"+mode+".txt"), b.Bytes())
	}
}
