// Command embedded-mongo runs FerretDB's embeddable package on its SQLite
// backend so Front Door works with zero configuration and no MongoDB server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dataDir := flag.String("data-dir", "./data", "directory where the SQLite database files are kept")
	port := flag.Int("port", 27017, "TCP port to listen on (loopback only)")
	logLevel := flag.String("log-level", "warn", "FerretDB log level: debug, info, warn or error")
	cpuProfile := flag.String("cpu-profile", "", "write a Go CPU profile to this file until the store stops (for `go tool pprof`)")
	exitWithParent := flag.Bool("exit-with-parent", false, "stop when the parent process exits (stdin must be a pipe from it)")
	lockWait := flag.Duration("lock-wait", 0, "how long to wait for another store to release the data directory")
	flag.Parse()

	if *cpuProfile != "" {
		out, err := os.Create(*cpuProfile)
		if err != nil {
			fail("cpu profile: %v", err)
		}
		if err := pprof.StartCPUProfile(out); err != nil {
			fail("cpu profile: %v", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = out.Close()
		}()
	}

	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("data directory: %v", err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		fail("cannot create data directory %s: %v", abs, err)
	}

	// Held until this process exits (the deferred Close keeps the file, and so the lock, from being collected).
	lock, err := lockDataDir(abs, *lockWait)
	if err != nil {
		fail("%v", err)
	}
	defer lock.Close()

	// Fail fast with a clear message rather than FerretDB's stack trace when the port is taken.
	addr := fmt.Sprintf("127.0.0.1:%d", *port)
	probe, err := net.Listen("tcp", addr)
	if err != nil {
		fail("cannot listen on %s: %v", addr, err)
	}
	_ = probe.Close()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    newLogger(*logLevel),
	})
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	parentCtx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	if *exitWithParent {
		watchParent(cancel)
	}
	ctx, stop := signal.NotifyContext(parentCtx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	// The parent process waits for this line before it pings, so it must be on stdout.
	fmt.Printf("embedded-mongo listening on %s, data in %s\n", addr, abs)

	go func() {
		// SQLite's files are crash-safe, so a shutdown that hangs is cut short rather than left holding the lock.
		<-ctx.Done()
		time.Sleep(5 * time.Second)
		fail("did not stop within 5s; exiting")
	}()
	if err := f.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		fail("FerretDB stopped: %v", err)
	}
	if errors.Is(context.Cause(parentCtx), errParentExited) {
		fmt.Fprintln(os.Stderr, "embedded-mongo: stopped because its parent process exited")
	}
	fmt.Println("embedded-mongo stopped")
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "embedded-mongo: "+format+"\n", args...)
	os.Exit(1)
}
