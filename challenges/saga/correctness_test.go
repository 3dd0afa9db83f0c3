package saga

import (
	"math/rand/v2"
	"testing"
	"time"
)

// judgeSteps makes steps that succeed and whose compensations succeed.
func judgeSteps(names ...string) []judgeStepSpec {
	out := make([]judgeStepSpec, len(names))
	for i, n := range names {
		out[i] = judgeStepSpec{name: n}
	}
	return out
}

// judgeWith returns steps with step i changed by f.
func judgeWith(steps []judgeStepSpec, i int, f func(*judgeStepSpec)) []judgeStepSpec {
	f(&steps[i])
	return steps
}

func judgeFails(st *judgeStepSpec)       { st.fails = true }
func judgeCancels(st *judgeStepSpec)     { st.cancels = true }
func judgeUndoFailing(st *judgeStepSpec) { st.undo = judgeUndoFails }
func judgeNoUndo(st *judgeStepSpec)      { st.undo = judgeUndoNone }

// TestExample is the example of the problem statement: an order whose payment is declined.
func TestExample(t *testing.T) {
	judgeVerify(t, judgeSaga{steps: judgeWith(judgeSteps("reserve", "invoice", "charge", "ship"), 2, judgeFails)}, judgeOptions{leaks: true})
}

// TestEdgeCases pins one rule per subtest, so that a failure names the rule that was broken.
// The sagas are small already, and are reported whole.
func TestEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name string
		saga judgeSaga
	}{
		{"all_succeed", judgeSaga{steps: judgeSteps("reserve", "charge", "ship")}},
		{"no_steps", judgeSaga{}},
		{"first_step_fails", judgeSaga{steps: judgeWith(judgeSteps("reserve", "charge"), 0, judgeFails)}},
		{"failing_step_is_not_compensated", judgeSaga{steps: judgeWith(judgeSteps("reserve", "charge"), 1, judgeFails)}},
		{"reverse_order", judgeSaga{steps: judgeWith(judgeSteps("reserve", "invoice", "charge", "pack", "ship"), 4, judgeFails)}},
		{"nil_compensate_is_skipped", judgeSaga{steps: judgeWith(judgeWith(judgeSteps("reserve", "notify", "charge", "ship"), 1, judgeNoUndo), 3, judgeFails)}},
		{"failed_compensation_does_not_stop_the_others", judgeSaga{steps: judgeWith(judgeWith(judgeSteps("reserve", "hold", "charge"), 1, judgeUndoFailing), 2, judgeFails)}},
		{"error_wraps_every_failure", judgeSaga{steps: judgeWith(judgeWith(judgeWith(judgeSteps("reserve", "hold", "invoice", "charge"), 0, judgeUndoFailing), 2, judgeUndoFailing), 3, judgeFails)}},
		{"cancelled_between_steps", judgeSaga{steps: judgeWith(judgeSteps("reserve", "charge", "ship"), 1, judgeCancels)}},
		{"cancelled_before_run", judgeSaga{steps: judgeSteps("reserve", "charge"), precancelled: true}},
		{"cancelled_and_compensation_fails", judgeSaga{steps: judgeWith(judgeWith(judgeSteps("reserve", "charge", "ship", "notify"), 0, judgeUndoFailing), 2, judgeCancels)}},
		// Names are for messages, not keys: two steps may share one.
		{"repeated_names", judgeSaga{steps: judgeWith(judgeSteps("charge", "charge", "ship"), 2, judgeFails)}},
		{"compensations_run_one_at_a_time", judgeSaga{
			steps: judgeWith(judgeSteps("reserve", "invoice", "charge", "pack", "ship"), 4, judgeFails),
			// Each call lasts a while, so that compensations started at once would overlap.
			hold: 2 * time.Millisecond,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeVerify(t, tc.saga, judgeOptions{leaks: true}) })
	}
}

// TestRandomSagas compares the solution with the model on random sagas. The seeds are fixed,
// so a solution gets the same verdict, and the same shrunk saga, on every run.
func TestRandomSagas(t *testing.T) {
	const sagas = 300
	for i := range sagas {
		rng := rand.New(rand.NewPCG(0x5a6a, uint64(i)))
		if !judgeVerify(t, judgeRandomSaga(rng), judgeOptions{shrink: true, leaks: true}) {
			return
		}
	}
}

var judgeNames = []string{"reserve", "charge", "ship", "invoice", "notify", "pack", "book", "hold", "audit", "email"}

// judgeRandomSaga draws a saga of one to seven steps. Actions fail now and then (the first
// failure is the one that counts), a few cancel ctx, and compensations succeed, fail or are
// nil.
func judgeRandomSaga(rng *rand.Rand) judgeSaga {
	n := 1 + rng.IntN(7)
	names := make([]string, len(judgeNames))
	copy(names, judgeNames)
	rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	s := judgeSaga{precancelled: rng.IntN(25) == 0}
	for i := range n {
		st := judgeStepSpec{name: names[i]}
		switch r := rng.IntN(20); {
		case r < 3:
			st.fails = true
		case r < 5 && i < n-1:
			st.cancels = true
		}
		switch r := rng.IntN(10); {
		case r < 2:
			st.undo = judgeUndoFails
		case r < 4:
			st.undo = judgeUndoNone
		}
		s.steps = append(s.steps, st)
	}
	return s
}

// TestLongSagas runs sagas of hundreds and thousands of steps, which the random sagas never
// reach: a stack kept in a fixed array, or compensations capped at some count, go right on
// seven steps and wrong on three thousand. The steps follow a pattern, so that the saga can be
// described in a line and rebuilt by the test to paste.
func TestLongSagas(t *testing.T) {
	for _, tc := range []struct {
		name string
		saga judgeLongSaga
	}{
		{"300_steps_the_last_failing", judgeLongSaga{n: 300}},
		{"3000_steps_the_last_failing", judgeLongSaga{n: 3000}},
		{"3000_steps_cancelled_near_the_end", judgeLongSaga{n: 3000, cancelled: true}},
		{"3000_steps_all_succeed", judgeLongSaga{n: 3000, succeed: true}},
	} {
		t.Run(tc.name, func(t *testing.T) { judgeVerifyLong(t, tc.saga) })
	}
}
