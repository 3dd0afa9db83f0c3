package workerpool

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
	reference "github.com/prep-judge/prep/challenges/workerpool/reference"
)

// TestOverheadPerInput measures what Map itself costs per input, beside the reference, in
// calls of Map over 100 to 10 000 inputs. It must not grow with the number of inputs: a Map
// that wakes every waiting goroutine whenever a worker frees up, or scans its inputs for the
// next one, falls behind by the size of the call.
//
// The harness times many cheap operations, so each operation is one input: Map runs in the
// background with 4 workers, and every call of fn waits to hand its input to the next
// operation. An operation thus lasts as long as Map takes to start the next call. When Map
// has called fn for every input, it is called again. (Timing whole calls of Map instead would
// make a call over 10 000 inputs one operation, and the harness's batches of them far too long.)
func TestOverheadPerInput(t *testing.T) {
	judgeGate.Performance(t)
	var solution, ref judgeStreams
	defer solution.stop()
	defer ref.stop()
	kit.Measure(t, kit.PerfSpec{
		Operation: "Map's cost per input", Sizes: []int{100, 1000, 10000},
		// Goroutine hand-offs are noisy, and solutions differ in how many they make per
		// input: a goroutine per input is fine. Only a cost that grows with the inputs, or
		// one far above the reference's (challenge.toml allows 20 times), fails.
		Solution:  func(n int) kit.Workload { return solution.workload(Map, n) },
		Reference: func(n int) kit.Workload { return ref.workload(reference.Map, n) },
	})
}

const judgePerfWorkers = 4

// judgeStreams makes the workloads of one implementation, and stops the previous one's Map
// when it makes a new one, so that no more than one runs at a time.
type judgeStreams struct{ last *judgeStream }

func (ss *judgeStreams) workload(mapFn judgeMapFunc, n int) kit.Workload {
	ss.stop()
	s := &judgeStream{mapFn: mapFn, calls: make(chan int), inputs: make([]int, n), seen: make([]bool, n)}
	for i := range s.inputs {
		s.inputs[i] = i
	}
	ss.last = s
	return kit.Workload{
		// Before measuring, start Map and let it settle: a Map that starts a goroutine per
		// input starts them all at once, work that belongs to the whole call, not to the
		// inputs measured next.
		Fill: func(i int) {
			if i == 0 && s.done == nil {
				s.start()
				judgeQuiet()
			}
		},
		// Which input comes next depends on how the workers are scheduled, so the result
		// checked is whether it is one fn had not yet been called with in this call of Map:
		// always, for a correct Map.
		Op: func(int) int { return s.fresh(s.next()) },
	}
}

// fresh reports, as 1 or 0, whether in is an input of the current call of Map that fn had not
// been called with yet, and marks it called.
func (s *judgeStream) fresh(in int) int {
	if in < 0 || in >= len(s.seen) || s.seen[in] {
		return 0
	}
	s.seen[in] = true
	return 1
}

// judgeQuiet waits until the number of goroutines has stopped changing for 5ms, or two
// seconds have passed.
func judgeQuiet() {
	deadline := time.Now().Add(2 * time.Second)
	last, still := runtime.NumGoroutine(), 0
	for still < 5 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		if n := runtime.NumGoroutine(); n != last {
			last, still = n, 0
			continue
		}
		still++
	}
}

func (ss *judgeStreams) stop() {
	if ss.last != nil {
		ss.last.stop()
	}
}

type judgeMapFunc func(context.Context, int, []int, func(context.Context, int) (int, error)) ([]int, error)

// judgeStream is a call of Map that hands its inputs out one at a time.
type judgeStream struct {
	mapFn  judgeMapFunc
	inputs []int
	calls  chan int      // each call of fn sends its input here, then returns
	cancel func()        // cancels the current call of Map's ctx, and makes its fn calls return
	done   chan struct{} // closed when the current call of Map has returned; nil before one starts
	quit   chan struct{} // closed by cancel
	seen   []bool        // the inputs fn has been called with in the current call of Map
}

func (s *judgeStream) fn(ctx context.Context, in int) (int, error) {
	select {
	case s.calls <- in:
		return in, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-s.quit: // stopped, even if Map passed another ctx
		return 0, context.Canceled
	}
}

func (s *judgeStream) start() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	quit := make(chan struct{})
	s.cancel, s.done, s.quit = func() { cancel(); close(quit) }, done, quit
	clear(s.seen)
	go func() {
		defer close(done)
		_ = kit.Catch(func() { _, _ = s.mapFn(ctx, judgePerfWorkers, s.inputs, s.fn) })
	}()
}

// next waits for the next call of fn and returns its input.
func (s *judgeStream) next() int {
	for {
		if s.done == nil {
			s.start()
		}
		select {
		case in := <-s.calls:
			return in
		case <-s.done:
			s.cancel()
			s.done = nil // every input was called: call Map again
		}
	}
}

// stop cancels the current call of Map and waits a moment for it to return.
func (s *judgeStream) stop() {
	if s.done == nil {
		return
	}
	s.cancel()
	select {
	case <-s.done:
	case <-time.After(kit.Patience):
	}
	s.done = nil
}
