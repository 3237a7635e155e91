package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// initCost is what GODEBUG=inittrace=1 reports for one package's init.
type initCost struct {
	pkg           string
	bytes, allocs int
}

// initTrace runs archie with GODEBUG=inittrace=1 and returns the cost of
// each package initialisation, in the order the runtime ran them.
func initTrace(t *testing.T, bin string, args ...string) []initCost {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("archie %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var costs []initCost
	sc := bufio.NewScanner(strings.NewReader(stderr.String()))
	for sc.Scan() {
		// init regexp @0.16 ms, 0.007 ms clock, 0 bytes, 0 allocs
		f := strings.Fields(sc.Text())
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		a, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			t.Fatalf("unexpected inittrace line %q", sc.Text())
		}
		costs = append(costs, initCost{pkg: f[1], bytes: b, allocs: a})
	}
	if len(costs) == 0 {
		t.Fatalf("no inittrace lines in:\n%s", stderr.String())
	}
	return costs
}

// TestStartupInitBudget keeps archie's own package initialisation small:
// every process runs the init of every linked package, whatever the
// command, so a regular expression compiled, a template parsed or a table
// built at package level is paid by each `archie lint`. Such work goes
// behind schema/lazyregexp or sync.OnceValue. The allocations of an init
// are the same on every run of one binary, so the test does not depend on
// the machine's load. The budget leaves room for the map literals of the
// language's tables (schema) and nothing the size of a compiled
// expression or a parsed template.
func TestStartupInitBudget(t *testing.T) {
	bin := archie(t)
	const (
		perPackage = 64 << 10 // bytes; schema's tables take 44 KiB
		total      = 96 << 10
	)
	// Tighter limits for the packages whose package-level work moved to
	// first use (what they allocated before, from this test's trace).
	moved := map[string]int{
		"github.com/archiehq/archie/render/site":               8 << 10,  // was 106 KiB: a template, regexps
		"github.com/archiehq/archie/cmd/internal/lsp":          2 << 10,  // was 56 KiB: regexps
		"github.com/archiehq/archie/schema/imports/serverless": 1 << 10,  // was 16 KiB: regexps
		"github.com/archiehq/archie/render/internal/wasmrt":    1 << 10,  // was 18 KiB: a regexp
		"github.com/archiehq/archie/schema/imports/cfn":        8 << 10,  // was 10 KiB
		"github.com/archiehq/archie/schema/imports/terraform":  2 << 10,  // was 4 KiB
		"github.com/archiehq/archie/render":                    12 << 10, // was 17 KiB
		"github.com/archiehq/archie/lint/diff":                 1 << 10,  // was 3 KiB
	}
	// Linked for nothing archie calls, or only for charts that are now
	// drawn by simulate/charts, and costly to initialise: go-cmp compiles
	// Unicode regular expressions (it came with hclwrite; see
	// schema/internal/hclwrite); gonum/plot parsed its bundled fonts and
	// linked go-latex's symbol tables and, through its PDF back end,
	// encoding/gob.
	unwanted := []string{"github.com/google/go-cmp/", "gonum.org/", "codeberg.org/go-fonts/", "codeberg.org/go-latex/",
		"codeberg.org/go-pdf/", "github.com/ajstarks/svgo", "git.sr.ht/~sbinet/", "encoding/gob"}
	// Every package's init together, the standard library's and third
	// parties' included: 285 KiB when gonum/plot went (608 KiB with it).
	const everything = 352 << 10
	sum, all := 0, 0
	var report strings.Builder
	for _, c := range initTrace(t, bin, "version") {
		all += c.bytes
		for _, u := range unwanted {
			if strings.HasPrefix(c.pkg, u) {
				t.Errorf("archie links and initialises %s", c.pkg)
			}
		}
		if !strings.HasPrefix(c.pkg, "github.com/archiehq/archie") {
			continue
		}
		sum += c.bytes
		fmt.Fprintf(&report, "%s: %d bytes, %d allocs\n", c.pkg, c.bytes, c.allocs)
		limit := perPackage
		if m, ok := moved[c.pkg]; ok {
			limit = m
		}
		if c.bytes > limit {
			t.Errorf("init of %s allocates %d bytes (limit %d): move package-level work to first use", c.pkg, c.bytes, limit)
		}
	}
	if sum > total {
		t.Errorf("archie's package inits allocate %d bytes in all (limit %d)", sum, total)
	}
	if all > everything {
		t.Errorf("the package inits of the whole binary allocate %d bytes (limit %d): a dependency that does work at init came in", all, everything)
	}
	if t.Failed() {
		t.Log("\n" + report.String())
	}
}
