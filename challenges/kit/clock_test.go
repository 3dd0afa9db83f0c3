package kit

import (
	"testing"
	"time"
)

func TestTicksToDuration(t *testing.T) {
	const year = 365 * 24 * time.Hour
	tests := []struct {
		name        string
		ticks, freq int64
		want        time.Duration
	}{
		{"zero", 0, 10_000_000, 0},
		{"one tick at 10 MHz", 1, 10_000_000, 100 * time.Nanosecond},
		{"a batch at 10 MHz", 2_000, 10_000_000, 200 * time.Microsecond},
		{"seconds and a remainder", 25_000_003, 10_000_000, 2*time.Second + 500*time.Millisecond + 300},
		{"a nanosecond counter", 1_234_567_890, 1_000_000_000, 1_234_567_890},
		{"an uneven frequency", 3_579_545, 3_579_545, time.Second},
		// ticks*1e9 overflows an int64 here: a year of uptime at 10 MHz.
		{"no overflow after a year", int64(year/time.Second) * 10_000_000, 10_000_000, year},
		{"backwards", -2_000, 10_000_000, -200 * time.Microsecond},
		{"no frequency", 5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ticksToDuration(tt.ticks, tt.freq); got != tt.want {
				t.Errorf("ticksToDuration(%d, %d) = %v, want %v", tt.ticks, tt.freq, got, tt.want)
			}
		})
	}
}

func TestClockMonotonic(t *testing.T) {
	start := now()
	prev := time.Duration(0)
	for i := 0; i < 10_000; i++ {
		d := since(start)
		if d < prev {
			t.Fatalf("the clock went back from %v to %v", prev, d)
		}
		prev = d
	}
}

// TestClockResolution busies the processor for far less than Windows' 15.6 ms step of
// time.Now, which the harness's clock must still see.
func TestClockResolution(t *testing.T) {
	start := now()
	x := 1
	for i := 0; i < 20_000; i++ {
		x = x*31 + i
	}
	sink += x
	if d := since(start); d <= 0 {
		t.Errorf("a short busy loop took %v by the harness's clock", d)
	}
}

func TestClockAgreesWithTime(t *testing.T) {
	// The harness's reading is bracketed by time.Now's, so a busy machine lengthens both
	// alike and nothing here depends on how long the sleep really took.
	wall := time.Now()
	start := now()
	time.Sleep(20 * time.Millisecond)
	got := since(start)
	want := time.Since(wall)
	// The sleep lasts at least 20 ms by the runtime's clock, which may be a little coarser than
	// the harness's; time.Since may be a step of up to 15.6 ms short on Windows.
	if got < 19*time.Millisecond || got > want+16*time.Millisecond {
		t.Errorf("the harness's clock measured a sleep of 20ms as %v, time.Since around it as %v", got, want)
	}
}

func TestMeasureClockStep(t *testing.T) {
	// A clock that moves 15.6 ms at a time, as Windows's does, read every 100 µs of real time.
	var now time.Time
	reads := 0
	coarse := func() time.Time {
		reads++
		if reads%156 == 0 {
			now = now.Add(15600 * time.Microsecond)
		}
		return now
	}
	if got := measureClockStep(coarse, 3, time.Second); got != 15600*time.Microsecond {
		t.Errorf("coarse clock: step %v, want 15.6ms", got)
	}
	var fine time.Time
	if got := measureClockStep(func() time.Time { fine = fine.Add(40 * time.Nanosecond); return fine }, 5, time.Second); got != 40*time.Nanosecond {
		t.Errorf("fine clock: step %v, want 40ns", got)
	}
	stuck := 0
	if got := measureClockStep(func() time.Time {
		stuck++
		return time.Unix(0, 0).Add(time.Duration(stuck/1000) * time.Millisecond)
	}, 5, 3*time.Millisecond); got != time.Millisecond {
		t.Errorf("budget-bounded clock: step %v, want 1ms", got)
	}
	// Measured once for the process: every workload that asks gets the same answer.
	if a, b := ClockStep(), ClockStep(); a != b {
		t.Errorf("ClockStep() = %v, then %v", a, b)
	}
}
