//go:build !windows

package kit

import "time"

// instant is a reading of the harness's clock, only good for measuring intervals with since.
type instant struct {
	t time.Time
}

// now reads the harness's clock.
func now() instant { return instant{time.Now()} }

// since returns the time elapsed since a.
func since(a instant) time.Duration { return time.Since(a.t) }
