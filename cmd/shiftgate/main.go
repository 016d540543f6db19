// Command shiftgate is a security gate for CI: it scans a repository, judges the
// findings with the repository's policy, writes reports and exits 0 (pass), 1 (fail),
// 2 (nothing judged: usage or policy error) or 3 (a check could not run, fail-closed).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/shiftgate/shiftgate/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
