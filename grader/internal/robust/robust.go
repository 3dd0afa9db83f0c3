// Package robust renames and removes files the way Windows needs: retried for a moment while
// another process holds them. On Windows a file that an antivirus scanner or the search
// indexer has just opened, or that a test process still exiting has open, cannot be replaced
// or removed until it is let go, which is usually a matter of milliseconds. Elsewhere each
// operation is made once.
package robust

import (
	"errors"
	"os"
	"runtime"
	"syscall"
	"time"
)

// retryFor bounds the retrying, as the go command's own does: long enough for a scanner to
// let go, short enough that a file held for good is reported without much of a wait.
const retryFor = 2 * time.Second

// maxDelay caps the pause between attempts.
const maxDelay = 100 * time.Millisecond

// Rename is os.Rename, retried while Windows reports the target or the source as in use.
func Rename(oldpath, newpath string) error {
	return retry(func() error { return os.Rename(oldpath, newpath) }, transientRenameError)
}

// RemoveAll is os.RemoveAll, retried while Windows reports something in path as in use.
func RemoveAll(path string) error {
	return retry(func() error { return os.RemoveAll(path) }, transientRemoveError)
}

// retry makes op until it succeeds, fails in a way transient does not forgive on this system,
// or retryFor has passed, and returns its last error.
func retry(op func() error, transient func(goos string, err error) bool) error {
	start := time.Now()
	delay := time.Millisecond
	for {
		err := op()
		if err == nil || !transient(runtime.GOOS, err) || time.Since(start)+delay > retryFor {
			return err
		}
		time.Sleep(delay)
		delay = min(2*delay, maxDelay)
	}
}

// Windows' error numbers, spelled out rather than taken from syscall so that the
// classification below builds, and is tested, on every system.
const (
	errorFileNotFound     syscall.Errno = 2
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorDirNotEmpty      syscall.Errno = 145
)

// windowsErrno returns the Windows error number err carries, if goos is windows.
func windowsErrno(goos string, err error) (syscall.Errno, bool) {
	var errno syscall.Errno
	if goos != "windows" || !errors.As(err, &errno) {
		return 0, false
	}
	return errno, true
}

// transientRenameError reports whether a rename that failed with err on goos may succeed if
// made again: on Windows, when another process has the target or the source open without
// allowing it to be deleted. A missing source is not transient: it stays missing.
func transientRenameError(goos string, err error) bool {
	errno, ok := windowsErrno(goos, err)
	return ok && (errno == errorAccessDenied || errno == errorSharingViolation)
}

// transientRemoveError reports whether a removal that failed with err on goos may succeed if
// made again. On Windows, besides a file held open, a file whose deletion is pending until its
// last handle closes still shows in its folder, which then cannot be removed as not empty, and
// a file listed a moment ago may be gone by the time it is removed.
func transientRemoveError(goos string, err error) bool {
	errno, ok := windowsErrno(goos, err)
	if !ok {
		return false
	}
	switch errno {
	case errorAccessDenied, errorSharingViolation, errorFileNotFound, errorDirNotEmpty:
		return true
	}
	return false
}
