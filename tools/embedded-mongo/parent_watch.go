package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"
)

// errParentExited is the cause the store stops with when the process that started it has gone.
var errParentExited = errors.New("parent process exited")

// watchParent cancels the store when its parent dies, so a `kill -9` of Front Door never leaves the store running as
// an orphan on the data directory (issue 21 row 8). The parent holds the write end of our stdin pipe and never writes:
// the kernel closes it when the parent dies, however it dies, and the read here returns at once. Polling the parent
// pid as well covers a pipe that some other process inherited and keeps open.
func watchParent(cancel context.CancelCauseFunc) {
	parent := os.Getppid()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		cancel(errParentExited)
	}()
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != parent {
				cancel(errParentExited)
				return
			}
		}
	}()
}
