// Command prep is a judge for backend-interview coding challenges in Go: it scaffolds a
// challenge into a folder, then grades the learner's solution against hidden tests for
// correctness, data races and performance. Run `prep --help`, or `prep demo` to see it work.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"

	"github.com/prep-judge/prep/cmd/prep/internal/factory"
	"github.com/prep-judge/prep/cmd/prep/internal/root"
)

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(run())
}

// run is main without os.Exit, whose call skips deferred functions: every cleanup, such as
// removing the demo's temporary folder, has run by the time run returns.
func run() int {
	// An interrupt (or a closed terminal) cancels ctx instead of killing prep, so that commands stop their
	// subprocesses and remove what they made. Once ctx is cancelled, stop restores the default
	// handling, so that a second Ctrl-C ends prep at once if cleaning up hangs.
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals(runtime.GOOS)...)
	defer stop()
	go func() {
		<-ctx.Done()
		stop()
	}()
	return root.Execute(ctx, factory.New(), buildVersion(), os.Args[1:])
}

// buildVersion is the version set at release time or, for `go install ...@v1.2.3`, the module
// version the go command recorded in the binary.
func buildVersion() string {
	if version != "dev" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return version
}
