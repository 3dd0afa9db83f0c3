package boundedqueue

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prep-judge/prep/challenges/kit"
)

// The calls of a sequential scenario use three contexts, named in transcripts and repro tests
// as they are here: ctx, which is never done; cancelled, which was cancelled before the
// first call; and expired, whose deadline had passed before the first call.
var (
	judgeCtx       = context.Background()
	judgeCancelled = func() context.Context {
		c, cancel := context.WithCancel(context.Background())
		cancel()
		return c
	}()
	// The deadline has passed, so the context is done for good and its timer is stopped: there
	// is nothing for judgeStopExpired to release.
	judgeExpired, judgeStopExpired = context.WithDeadline(context.Background(), time.Unix(0, 0))
)

// judgeContext returns the context a transcript names.
func judgeContext(name string) context.Context {
	switch name {
	case "cancelled":
		return judgeCancelled
	case "expired":
		return judgeExpired
	}
	return judgeCtx
}

// judgeOp is one call on the queue: q.Put(ctx, v), q.Take(ctx) or q.Len(), with ctx one of
// "ctx", "cancelled" and "expired".
type judgeOp struct {
	kind judgeKind
	ctx  string
	v    int
}

type judgeKind int

const (
	judgePutOp judgeKind = iota
	judgeTakeOp
	judgeLenOp
)

func judgePut(ctx string, v int) judgeOp { return judgeOp{kind: judgePutOp, ctx: ctx, v: v} }
func judgeTake(ctx string) judgeOp       { return judgeOp{kind: judgeTakeOp, ctx: ctx} }
func judgeLen() judgeOp                  { return judgeOp{kind: judgeLenOp} }

// done reports whether the call's context is done before the call.
func (o judgeOp) done() bool { return o.ctx == "cancelled" || o.ctx == "expired" }

func (o judgeOp) call() string {
	switch o.kind {
	case judgeTakeOp:
		return fmt.Sprintf("q.Take(%s)", o.ctx)
	case judgeLenOp:
		return "q.Len()"
	}
	return fmt.Sprintf("q.Put(%s, %d)", o.ctx, o.v)
}

// do makes the call on q with the context given and returns its result as Go source.
func (o judgeOp) do(q *Queue, ctx context.Context) string {
	switch o.kind {
	case judgeTakeOp:
		v, err := q.Take(ctx)
		return fmt.Sprintf("%d, %s", v, judgeShowErr(err))
	case judgeLenOp:
		return fmt.Sprint(q.Len())
	}
	return judgeShowErr(q.Put(ctx, o.v))
}

// judgeCtxErr is the error a call with the named context must return when it gives up.
func judgeCtxErr(name string) string {
	if name == "cancelled" {
		return "context.Canceled"
	}
	return "context.DeadlineExceeded"
}

// judgeShowErr renders an error as Go source where it can: nil, context.Canceled.
func judgeShowErr(err error) string {
	switch {
	case err == nil:
		return "nil"
	case err == context.Canceled:
		return "context.Canceled"
	case err == context.DeadlineExceeded:
		return "context.DeadlineExceeded"
	case errors.Is(err, context.Canceled):
		return fmt.Sprintf("context.Canceled (wrapped: %q)", err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("context.DeadlineExceeded (wrapped: %q)", err.Error())
	}
	return fmt.Sprintf("errors.New(%q)", err.Error())
}

// judgeSame reports whether a result got matches the result want, where an error that wraps
// the wanted context error counts as that error: errors.Is(err, context.Canceled) holds for it.
func judgeSame(want, got string) bool {
	if got == want {
		return true
	}
	for _, e := range []string{"context.Canceled", "context.DeadlineExceeded"} {
		if strings.HasSuffix(want, e) && strings.HasPrefix(got, strings.TrimSuffix(want, e)+e+" (wrapped: ") {
			return true
		}
	}
	return false
}

// judgeModel is the obviously correct queue the solution is compared with.
type judgeModel struct {
	capacity int
	items    []int
}

// apply makes op on the model and returns what the solution must return. Calls that would
// wait never reach it: scenarios are normalised so that a call either has what it needs or
// has a context that is already done.
func (m *judgeModel) apply(op judgeOp) string {
	switch op.kind {
	case judgePutOp:
		if len(m.items) == m.capacity {
			return judgeCtxErr(op.ctx)
		}
		m.items = append(m.items, op.v)
		return "nil"
	case judgeTakeOp:
		if len(m.items) == 0 {
			return "0, " + judgeCtxErr(op.ctx)
		}
		v := m.items[0]
		m.items = m.items[1:]
		return fmt.Sprintf("%d, nil", v)
	}
	return fmt.Sprint(len(m.items))
}

// judgeProgram is the whole life of one queue: its capacity and the calls made on it in turn.
// Calls are numbered as the transcript's lines run: call 1 is New, and ops[i] is call i+2.
type judgeProgram struct {
	capacity int
	ops      []judgeOp
}

func (p judgeProgram) setup() string { return fmt.Sprintf("q := New(%d)", p.capacity) }

// cut is p up to its first n calls.
func (p judgeProgram) cut(n int) judgeProgram { return judgeProgram{p.capacity, p.ops[:n]} }

// judgeNormalise makes every call of ops one whose right result is certain: a call with a live
// context never has to wait (a Take on an empty queue gets a cancelled context instead), and
// a call with a done context always would (one that would not is left out, since it may then
// either succeed or fail). Shrinking removes calls, and this keeps what is left valid.
func judgeNormalise(capacity int, ops []judgeOp) []judgeOp {
	n := 0
	out := make([]judgeOp, 0, len(ops))
	for _, op := range ops {
		switch op.kind {
		case judgePutOp:
			switch {
			case n == capacity && !op.done():
				op.ctx = "cancelled"
			case n < capacity && op.done():
				continue
			case n < capacity:
				n++
			}
		case judgeTakeOp:
			switch {
			case n == 0 && !op.done():
				op.ctx = "cancelled"
			case n > 0 && op.done():
				continue
			case n > 0:
				n--
			}
		}
		out = append(out, op)
	}
	return out
}

type judgeScenario = kit.Scenario[*Queue, *judgeModel]

// scenario turns the program into a kit scenario, which runs it under a watchdog with every
// call caught, shrinks it in the program's terms (judgeSimpler) and reports a failure in the
// queue's words (judgeExplain, judgeRepro).
func (p judgeProgram) scenario() judgeScenario {
	sc := judgeScenario{
		Setup:        p.setup(),
		New:          func() *Queue { return New(p.capacity) },
		Model:        func() *judgeModel { return &judgeModel{capacity: p.capacity} },
		Simpler:      kit.SimplerFrom(p.cut, judgeSimpler, judgeProgram.scenario),
		Explain:      func(o kit.Outcome) string { return judgeExplain(p, o) },
		WriteRepro:   func(o kit.Outcome) string { return judgeRepro(p, o) },
		ShowExpected: true,
	}
	for _, op := range p.ops {
		op := op
		sc.Steps = append(sc.Steps, kit.Step[*Queue, *judgeModel]{
			Code: op.call(),
			Do:   func(q *Queue) string { return op.do(q, judgeContext(op.ctx)) },
			Check: func(m *judgeModel, got string) (string, bool) {
				want := m.apply(op)
				return want, judgeSame(want, got)
			},
		})
	}
	return sc
}

// judgeSimpler lists simpler programs, simplest first: fewer calls, then a smaller capacity,
// then values numbered 1, 2, 3 in the order they are put.
func judgeSimpler(p judgeProgram) []judgeProgram {
	var out []judgeProgram
	for _, ops := range kit.Removals(p.ops) {
		ops = judgeNormalise(p.capacity, ops)
		if len(ops) < len(p.ops) {
			out = append(out, judgeProgram{p.capacity, ops})
		}
	}
	for c := 1; c < p.capacity; c++ {
		out = append(out, judgeProgram{c, judgeNormalise(c, p.ops)})
	}
	// Renumber the values, all at once and then one at a time, so that a value that matters
	// (0, say, or a negative one) can stay.
	ordinal := 0
	all := append([]judgeOp(nil), p.ops...)
	var single []judgeProgram
	for i, op := range p.ops {
		if op.kind != judgePutOp {
			continue
		}
		ordinal++
		if op.v == ordinal {
			continue
		}
		all[i].v = ordinal
		one := append([]judgeOp(nil), p.ops...)
		one[i].v = ordinal
		single = append(single, judgeProgram{p.capacity, one})
	}
	if len(single) > 0 {
		out = append(out, judgeProgram{p.capacity, all})
		out = append(out, single...)
	}
	return out
}

// judgeExplain says which call went wrong, what it should have done and why, from the model's
// state before the call.
func judgeExplain(p judgeProgram, o kit.Outcome) string {
	if o.At < 0 || o.Kind == kit.Rejected {
		return "" // New, and a call that ends its goroutine, are the kit's to explain
	}
	m := &judgeModel{capacity: p.capacity}
	for _, op := range p.ops[:o.At] {
		m.apply(op)
	}
	op := p.ops[o.At]
	head := fmt.Sprintf("call %d: %s", o.At+2, op.call())
	state := m.describe()
	switch o.Kind {
	case kit.RuntimeError:
		return head + " panicked: " + kit.PanicMessage(o.Note) + kit.PanicSite(o.Note, New)
	case kit.TimeLimitExceeded:
		head += fmt.Sprintf(" did not return within %s", o.Waited)
		switch {
		case op.kind == judgeLenOp:
			return head + ": Len never waits, so the queue is deadlocked or stuck in a loop. " + judgeReentrant
		case op.kind == judgePutOp && op.done():
			return head + fmt.Sprintf(" (the queue was full and the context "+judgeCtxState(op.ctx)+": Put must stop waiting as soon as ctx is done and return ctx.Err(), %s; wait in a select with a case <-ctx.Done())", judgeCtxErr(op.ctx))
		case op.kind == judgeTakeOp && op.done():
			return head + fmt.Sprintf(" (the queue was empty and the context "+judgeCtxState(op.ctx)+": Take must stop waiting as soon as ctx is done and return 0, ctx.Err(), %s; wait in a select with a case <-ctx.Done())", judgeCtxErr(op.ctx))
		}
		return head + fmt.Sprintf(" (%s, so it had no reason to wait: the queue is deadlocked or stuck in a loop. %s)", state, judgeReentrant)
	}
	want := strings.TrimPrefix(o.Want[len(o.Want)-1], op.call()+" = ")
	got := strings.TrimPrefix(o.Got[len(o.Got)-1], op.call()+" = ")
	s := fmt.Sprintf("%s returned %s, want %s", head, got, want)
	var why string
	switch {
	case op.kind == judgeLenOp:
		why = judgeCount(p.capacity, p.ops[:o.At])
	case op.kind == judgePutOp && op.done() && got == "nil":
		why = fmt.Sprintf("the queue was full, holding its capacity of %d, and the context %s: Put must return ctx.Err() without adding %d", p.capacity, judgeCtxState(op.ctx), op.v)
	case op.kind == judgeTakeOp && op.done() && strings.HasSuffix(got, ", nil"):
		why = "the queue was empty and the context " + judgeCtxState(op.ctx) + ": Take must return 0, ctx.Err()"
	case op.done() && strings.HasPrefix(want, "0, ") && strings.HasSuffix(got, want[3:]):
		why = "a Take that fails returns 0 with its error"
	case op.done():
		why = fmt.Sprintf("Put and Take return ctx.Err() itself when they give up: %s for a context that %s", judgeCtxErr(op.ctx), strings.TrimPrefix(judgeCtxState(op.ctx), "was already "))
	case op.kind == judgePutOp:
		why = state + ": Put had room, so it must add the item and return nil"
	case !strings.HasSuffix(got, ", nil"):
		why = state + ": Take had an item to return, so it must not fail"
	case len(m.items) == 1:
		why = state
	default:
		why = state + ": Take returns the oldest item"
	}
	return s + " (" + why + ")"
}

const judgeReentrant = "A sync.Mutex is not reentrant: a method that calls another locking method (Put calling Len, say) while it holds the lock waits for ever"

// describe says what the model held before a call: "the queue held 5 and 6 (oldest first)".
func (m *judgeModel) describe() string {
	switch n := len(m.items); {
	case n == 0:
		return "the queue was empty"
	case n == 1:
		return fmt.Sprintf("the queue held just %d", m.items[0])
	case n <= 6:
		s := make([]string, n)
		for i, v := range m.items {
			s[i] = fmt.Sprint(v)
		}
		return fmt.Sprintf("the queue held %s and %s (oldest first)", strings.Join(s[:n-1], ", "), s[n-1])
	default:
		return fmt.Sprintf("the queue held %d items, the oldest %d, %d, %d ...", n, m.items[0], m.items[1], m.items[2])
	}
}

// judgeCount says how the model came to hold what it holds, for a wrong Len: "3 items were
// put and 1 taken, so the queue holds 2".
func judgeCount(capacity int, ops []judgeOp) string {
	m := &judgeModel{capacity: capacity}
	puts, takes := 0, 0
	for _, op := range ops {
		switch r := m.apply(op); {
		case op.kind == judgePutOp && !op.done():
			puts++
		case op.kind == judgeTakeOp && strings.HasSuffix(r, ", nil"):
			takes++
		}
	}
	item := func(n int) string {
		if n == 1 {
			return "1 item was"
		}
		return fmt.Sprintf("%d items were", n)
	}
	switch {
	case puts == 0:
		return "nothing was put, so the queue is empty"
	case takes == 0:
		return fmt.Sprintf("%s put and none taken, so the queue holds %d", item(puts), puts)
	}
	return fmt.Sprintf("%s put and %d taken, so the queue holds %d", item(puts), takes, puts-takes)
}

// judgeCtxState says how a done context is done.
func judgeCtxState(name string) string {
	if name == "expired" {
		return "was already past its deadline"
	}
	return "was already cancelled"
}

// judgeRepro writes a test the learner can paste beside their solution: the same calls, each
// result checked, up to the one that went wrong.
func judgeRepro(p judgeProgram, o kit.Outcome) string {
	if o.At < 0 {
		return "" // the kit's test, which makes the queue and nothing else, serves
	}
	var b strings.Builder
	b.WriteString("func TestRepro(t *testing.T) {\n")
	uses := map[string]bool{}
	for _, op := range p.ops[:o.At+1] {
		if op.kind != judgeLenOp {
			uses[op.ctx] = true
		}
	}
	b.WriteString(judgePreamble(uses))
	fmt.Fprintf(&b, "\t%s\n", p.setup())
	m := &judgeModel{capacity: p.capacity}
	for i, op := range p.ops[:o.At+1] {
		want := m.apply(op)
		if i == o.At && o.Kind != kit.WrongAnswer {
			fmt.Fprintf(&b, "\t%s%s\n", op.call(), kit.ReproComment(o))
			continue
		}
		b.WriteString(judgeCheckCode(op.call(), want))
	}
	b.WriteString("}\n")
	return b.String()
}

// judgePreamble declares the contexts a repro test uses.
func judgePreamble(uses map[string]bool) string {
	var b strings.Builder
	parent := "context.Background()"
	if uses["ctx"] {
		b.WriteString("\tctx := context.Background()\n")
		parent = "ctx"
	}
	if uses["cancelled"] {
		fmt.Fprintf(&b, "\tcancelled, cancel := context.WithCancel(%s)\n\tcancel()\n", parent)
	}
	if uses["expired"] {
		fmt.Fprintf(&b, "\texpired, stop := context.WithDeadline(%s, time.Unix(0, 0))\n\tdefer stop()\n", parent)
	}
	return b.String()
}

// judgeCheckCode is Go code that makes call and fails the test unless it returns want.
func judgeCheckCode(call, want string) string {
	q := strings.ReplaceAll(call, `"`, `\"`)
	switch {
	case strings.HasPrefix(call, "q.Len"):
		return fmt.Sprintf("\tif n := %s; n != %s {\n\t\tt.Fatalf(\"%s = %%d, want %s\", n)\n\t}\n", call, want, q, want)
	case strings.HasPrefix(call, "q.Take"):
		v, e, _ := strings.Cut(want, ", ")
		return fmt.Sprintf("\tif v, err := %s; v != %s || %s {\n\t\tt.Fatalf(\"%s = %%v, %%v, want %s\", v, err)\n\t}\n", call, v, judgeErrTest("err", e), q, want)
	}
	return fmt.Sprintf("\tif err := %s; %s {\n\t\tt.Fatalf(\"%s = %%v, want %s\", err)\n\t}\n", call, judgeErrTest("err", want), q, want)
}

// judgeErrTest is the Go condition that is true when the error named v is not want.
func judgeErrTest(v, want string) string {
	if want == "nil" {
		return v + " != nil"
	}
	return fmt.Sprintf("!errors.Is(%s, %s)", v, want)
}
