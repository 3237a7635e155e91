package cmd

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// A command that ignores its context still ends at --timeout (plus the
// grace period) with exit code 2 and what it was doing; one that honours
// its context ends at once.
func TestTimeout(t *testing.T) {
	stuck := &cobra.Command{Use: "stuck", RunE: func(c *cobra.Command, _ []string) error {
		doing(c.Context(), "spinning on purpose")
		select {} // never returns, never looks at the context
	}}
	polite := &cobra.Command{Use: "polite", RunE: func(c *cobra.Command, _ []string) error {
		doing(c.Context(), "waiting for the context")
		<-c.Context().Done()
		return c.Context().Err()
	}}
	for _, tc := range []struct {
		cmd  *cobra.Command
		want string
		max  time.Duration
	}{
		{stuck, "archie: timed out after 100ms while spinning on purpose", timeoutGrace + 5*time.Second},
		{polite, "archie: timed out after 100ms while waiting for the context", 5 * time.Second},
	} {
		t.Run(tc.cmd.Use, func(t *testing.T) {
			var out, errOut bytes.Buffer
			start := time.Now()
			code := execute(context.Background(), []string{tc.cmd.Use, "--timeout", "100ms"}, IO{Out: &out, Err: &errOut}, tc.cmd)
			if code != ExitInvalid {
				t.Errorf("exit %d, want %d", code, ExitInvalid)
			}
			if !strings.Contains(errOut.String(), tc.want) || !strings.Contains(errOut.String(), "raise --timeout") {
				t.Errorf("stderr %q, want %q", errOut.String(), tc.want)
			}
			if d := time.Since(start); d > tc.max {
				t.Errorf("took %s", d)
			}
		})
	}
}

func TestTimeoutFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Execute(context.Background(), []string{"version", "--timeout", "-1s"}, IO{Out: &out, Err: &errOut}); code != ExitInvalid ||
		!strings.Contains(errOut.String(), "--timeout -1s: give a positive duration") {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	out.Reset()
	errOut.Reset()
	if code := Execute(context.Background(), []string{"version", "--timeout", "0"}, IO{Out: &out, Err: &errOut}); code != ExitOK {
		t.Errorf("--timeout 0: exit %d, stderr %q", code, errOut.String())
	}
	out.Reset()
	if code := Execute(context.Background(), []string{"lint", "--help"}, IO{Out: &out, Err: &errOut}); code != ExitOK ||
		!strings.Contains(out.String(), "--timeout duration") || !strings.Contains(out.String(), "10m0s") {
		t.Errorf("lint --help does not document --timeout:\n%s", out.String())
	}
}
