package main

import (
	"os"
	"slices"
	"syscall"
	"testing"
)

func TestStopSignals(t *testing.T) {
	for _, tc := range []struct {
		goos string
		want []os.Signal
	}{
		{"linux", []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}},
		{"darwin", []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}},
		{"windows", []os.Signal{os.Interrupt, syscall.SIGTERM}},
	} {
		if got := stopSignals(tc.goos); !slices.Equal(got, tc.want) {
			t.Errorf("stopSignals(%q) = %v, want %v", tc.goos, got, tc.want)
		}
	}
}
