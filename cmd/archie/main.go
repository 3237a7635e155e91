// Command archie lints, simulates and draws serverless architectures
// written in the archie HCL language.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/archiehq/archie/cmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cmd.Execute(ctx, os.Args[1:], cmd.StdIO())
	stop()
	os.Exit(code)
}
