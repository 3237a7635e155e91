package cmd

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

// DefaultTimeout bounds every command: generous enough for the largest
// architectures measured in docs/performance.md, short enough that a CI job
// fails with a message instead of hanging until the runner kills it.
const DefaultTimeout = 10 * time.Minute

// timeoutGrace is how long a command has to stop on its own once its
// context is cancelled before archie stops waiting for it.
const timeoutGrace = 2 * time.Second

// runLimit is the --timeout of one run and what the command is doing, for
// the message when it runs out.
type runLimit struct {
	timeout time.Duration
	expired chan struct{} // closed timeoutGrace after the deadline

	mu       sync.Mutex
	doing    string
	deadline bool // the deadline passed
	stop     func()
}

type runLimitKey struct{}

// start puts the deadline on the command's context. A timeout of 0 means
// none.
func (l *runLimit) start(c *cobra.Command) error {
	if l.timeout < 0 {
		return usagef("--timeout %s: give a positive duration such as 10m, or 0 for no limit", l.timeout)
	}
	ctx := context.WithValue(c.Context(), runLimitKey{}, l)
	l.setDoing("running " + c.CommandPath())
	if l.timeout > 0 {
		// Cancelled by the timer, after it records why, so that a command
		// returning the context's error is always reported as a timeout.
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		t1 := time.AfterFunc(l.timeout, func() {
			l.mu.Lock()
			l.deadline = true
			l.mu.Unlock()
			cancel()
		})
		t2 := time.AfterFunc(l.timeout+timeoutGrace, func() { close(l.expired) })
		l.stop = func() { t1.Stop(); t2.Stop(); cancel() }
	}
	c.SetContext(ctx)
	return nil
}

func (l *runLimit) setDoing(s string) {
	l.mu.Lock()
	l.doing = s
	l.mu.Unlock()
}

// timedOut reports whether the deadline passed.
func (l *runLimit) timedOut() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.deadline
}

// message says what archie was doing when the time ran out.
func (l *runLimit) message() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprintf("timed out after %s while %s: raise --timeout (0 for no limit), or make the input smaller", l.timeout, l.doing)
}

// doing records what a command is about to do, for the message should
// --timeout run out during it.
func doing(ctx context.Context, format string, args ...any) {
	if l, ok := ctx.Value(runLimitKey{}).(*runLimit); ok {
		l.setDoing(fmt.Sprintf(format, args...))
	}
}
