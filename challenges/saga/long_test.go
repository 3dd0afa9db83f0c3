package saga

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// judgeLongSaga describes a saga of n steps named step0001, step0002, ..., in a pattern: every
// fifth step's Compensate fails (the 3rd, 8th, ...), every seventh's is nil (the 5th, 12th,
// ...), and the last action fails, or the one before the last cancels ctx, or all succeed.
type judgeLongSaga struct {
	n         int
	cancelled bool // the action of step n-1 cancels ctx, so step n never starts
	succeed   bool // every action succeeds
}

func (l judgeLongSaga) saga() judgeSaga {
	s := judgeSaga{steps: make([]judgeStepSpec, l.n)}
	for i := range s.steps {
		st := judgeStepSpec{name: fmt.Sprintf("step%04d", i+1)}
		switch {
		case i%7 == 4:
			st.undo = judgeUndoNone
		case i%5 == 2:
			st.undo = judgeUndoFails
		}
		s.steps[i] = st
	}
	switch {
	case l.succeed:
	case l.cancelled:
		s.steps[l.n-2].cancels = true
	default:
		s.steps[l.n-1].fails = true
	}
	return s
}

func (l judgeLongSaga) describe() string {
	d := fmt.Sprintf("a saga of %d steps step0001 to step%04d, in which every 5th step's Compensate fails (step0003, step0008, ...) "+
		"and every 7th step's is nil (step0005, step0012, ...), unless both", l.n, l.n)
	switch {
	case l.succeed:
		return d + ", and every action succeeds"
	case l.cancelled:
		return d + fmt.Sprintf(", and action step%04d cancels ctx", l.n-1)
	}
	return d + fmt.Sprintf(", and action step%04d fails", l.n)
}

// judgeLongContext is how many lines before the first that differs a long saga's transcript
// shows: enough to see where Run was, not thousands of lines that went right.
const judgeLongContext = 4

// judgeShortSteps is how many steps the short saga of the same pattern has, which is run first.
const judgeShortSteps = 36

// judgeVerifyLong runs a long saga and compares it with the model, as judgeVerify does. A
// mistake that a saga of judgeShortSteps steps of the same pattern already shows is reported on
// that one, with the usual transcript; one that only the long saga shows is reported with the
// lines around the first difference, and a test that builds the saga in a loop.
func judgeVerifyLong(t *testing.T, l judgeLongSaga) {
	t.Helper()
	short := l
	short.n = judgeShortSteps
	if !judgeVerify(t, short.saga(), judgeOptions{leaks: true, context: fmt.Sprintf("before the saga of %d steps, the same pattern with %d: ", l.n, short.n)}) {
		return
	}
	s := l.saga()
	leaks := kit.StartLeakCheck()
	o := s.run()
	if !o.failed() {
		if leaked := leaks.Leaked(kit.LeakPatience); len(leaked) > 0 {
			kit.Fail(t, kit.Record{Kind: kit.LeakDetected,
				Summary: kit.DescribeLeaks("Run(ctx, steps), with "+l.describe()+",", leaked) +
					"\nEvery step and compensation had returned, so Run had nothing left to do: a goroutine it started that is still running is leaked."})
		}
		return
	}
	// judgeExplain describes the saga step by step, and quotes Run's error whole; this saga is
	// described by its pattern, and its error can run to pages.
	if o.err != nil {
		o.err = judgeShortError{o.err}
	}
	why := strings.TrimPrefix(judgeExplain(s, o), "Run with "+s.describe()+": ")
	from := max(o.at-judgeLongContext, 0)
	kit.Fail(t, kit.Record{Kind: o.kind,
		Summary: fmt.Sprintf("Run with %s: %s (the transcript starts at line %d of the %d a correct Run gives; the lines before it went right). "+
			"The same saga with %d steps goes right: does Run keep the completed steps, or their errors, in something of a fixed size, or stop after some count? A saga has up to a few thousand steps.",
			l.describe(), why, from+1, len(s.expect().calls)+len(s.showWant(s.expect().wraps)), short.n),
		Want: o.want[min(from, len(o.want)):], Got: o.got[min(from, len(o.got)):], Repro: l.repro()})
}

// judgeShortError is an error whose message is cut to its start, for quoting in a summary.
type judgeShortError struct{ err error }

func (e judgeShortError) Error() string {
	const keep = 160
	if msg := e.err.Error(); len(msg) > keep {
		return msg[:keep] + fmt.Sprintf("... (%d bytes in all)", len(msg))
	}
	return e.err.Error()
}

// repro writes a test that builds the same saga in a loop and checks the calls and the error.
func (l judgeLongSaga) repro() string {
	s := l.saga()
	e := s.expect()
	var b strings.Builder
	fmt.Fprintf(&b, "// needs context, errors, fmt, slices and testing imported\nfunc TestRepro(t *testing.T) {\n\tconst n = %d\n", l.n)
	b.WriteString(`	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls []string
	errUndo := map[string]error{}
	steps := make([]Step, n)
	for i := range steps {
		name := fmt.Sprintf("step%04d", i+1)
		steps[i] = Step{
			Name:   name,
			Action: func(ctx context.Context) error { calls = append(calls, "action "+name); return nil },
		}
		switch {
		case i%7 == 4: // Compensate is nil
		case i%5 == 2:
			errUndo[name] = errors.New("undo " + name + " failed")
			steps[i].Compensate = func(ctx context.Context) error { calls = append(calls, "compensate "+name); return errUndo[name] }
		default:
			steps[i].Compensate = func(ctx context.Context) error { calls = append(calls, "compensate "+name); return nil }
		}
	}
`)
	switch {
	case l.succeed:
	case l.cancelled:
		b.WriteString("\tsteps[n-2].Action = func(ctx context.Context) error { calls = append(calls, \"action \"+steps[n-2].Name); cancel(); return nil }\n")
	default:
		b.WriteString("\terrLast := errors.New(steps[n-1].Name + \" failed\")\n")
		b.WriteString("\tsteps[n-1].Action = func(ctx context.Context) error { calls = append(calls, \"action \"+steps[n-1].Name); return errLast }\n")
	}
	b.WriteString("\terr := Run(ctx, steps)\n")
	// The calls a correct Run makes: the actions in order, then the compensations of the
	// steps that succeeded and have one, last first.
	b.WriteString("\tvar want []string\n")
	fmt.Fprintf(&b, "\tfor i := range %d {\n\t\twant = append(want, \"action \"+steps[i].Name)\n\t}\n", len(e.done)+l.boolInt(!l.succeed && !l.cancelled))
	if len(e.undone) > 0 {
		fmt.Fprintf(&b, "\tfor i := %d; i >= 0; i-- {\n\t\tif steps[i].Compensate != nil {\n\t\t\twant = append(want, \"compensate \"+steps[i].Name)\n\t\t}\n\t}\n", len(e.done)-1)
	}
	b.WriteString("\tif !slices.Equal(calls, want) {\n\t\tfor i := range min(len(calls), len(want)) {\n\t\t\tif calls[i] != want[i] {\n\t\t\t\tt.Fatalf(\"call %d is %q, want %q\", i+1, calls[i], want[i])\n\t\t\t}\n\t\t}\n\t\tt.Fatalf(\"%d calls, want %d\", len(calls), len(want))\n\t}\n")
	switch {
	case l.succeed:
		b.WriteString("\tif err != nil {\n\t\tt.Errorf(\"Run = %v, want nil\", err)\n\t}\n")
	default:
		cause := "context.Canceled"
		if !l.cancelled {
			cause = "errLast"
		}
		fmt.Fprintf(&b, "\tif !errors.Is(err, %s) {\n\t\tt.Errorf(\"Run returned an error that does not wrap %%v\", %s)\n\t}\n", cause, cause)
		fmt.Fprintf(&b, "\tfor i := range %d {\n\t\tif e := errUndo[steps[i].Name]; e != nil && !errors.Is(err, e) {\n\t\t\tt.Errorf(\"Run returned an error that does not wrap %%q\", e)\n\t\t}\n\t}\n", len(e.done))
	}
	b.WriteString("}\n")
	return b.String()
}

func (judgeLongSaga) boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
