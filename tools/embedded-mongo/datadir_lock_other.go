//go:build !unix

package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

// lockDataDir cannot take a flock here (Front Door runs on Linux and macOS, where datadir_lock_unix.go does). Rather
// than refuse to start, the store says plainly that nothing stops a second store on the same files.
func lockDataDir(dir string, _ time.Duration) (*os.File, error) {
	fmt.Fprintf(os.Stderr, "embedded-mongo: warning: DATA_DIR %s is not locked on %s; never start two stores on it\n", dir, runtime.GOOS)
	return nil, nil
}
