package main

import (
	"os"
	"syscall"
)

// stopSignals are the signals that end a run of prep on goos, cancelling its context so that
// it stops its process groups and removes what it made. On Unix, closing the terminal sends
// SIGHUP, which would otherwise end prep at once and leave its children (each in a process
// group of its own, so the terminal's hangup never reaches them) running until their own
// guards notice. On Windows the go runtime delivers a console's close, logoff and shutdown
// events as SIGTERM; SIGHUP never comes.
func stopSignals(goos string) []os.Signal {
	if goos == "windows" {
		return []os.Signal{os.Interrupt, syscall.SIGTERM}
	}
	return []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
}
