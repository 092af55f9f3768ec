//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockFileName is kept in the data directory; FerretDB only opens *.sqlite files there, so it never sees it.
const lockFileName = "embedded-mongo.lock"

// errDataDirInUse says which process holds the data directory, so the person starting a second store can stop it.
type errDataDirInUse struct {
	dir    string
	holder string
}

func (e errDataDirInUse) Error() string {
	return fmt.Sprintf("DATA_DIR %s is in use by another embedded store (pid %s); stop it, or set DATA_DIR to another directory", e.dir, e.holder)
}

// lockDataDir takes an exclusive flock on the data directory's lock file for as long as this process lives. Two
// stores on one set of SQLite files each serialise writes only among their own clients, so atomicity breaks (issue 21
// row 8); the kernel releases a flock when its holder dies, even by SIGKILL, so a lock is never left behind.
// It waits up to `wait` for a holder that is still shutting down (a store whose parent has just died).
func lockDataDir(dir string, wait time.Duration) (*os.File, error) {
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cannot open lock file %s: %w", path, err)
	}
	deadline := time.Now().Add(wait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			_ = f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			holder := holderOf(f)
			_ = f.Close()
			return nil, errDataDirInUse{dir: dir, holder: holder}
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The holder's pid, for the message a second store gives and for people looking at the directory.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

func holderOf(f *os.File) string {
	buf := make([]byte, 32)
	n, _ := f.ReadAt(buf, 0)
	if pid := strings.TrimSpace(string(buf[:n])); pid != "" {
		return pid
	}
	return "unknown"
}
