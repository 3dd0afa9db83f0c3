package kit

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestGateChild is run by TestGate in a process of its own, since a gate that stops must fail
// the test it guards: each subtest passes its gate, then says it went on.
func TestGateChild(t *testing.T) {
	if os.Getenv("KIT_GATE_CHILD") == "" {
		t.Skip("run by TestGate")
	}
	works := func(ok bool) func(*testing.T, string) bool {
		return func(t *testing.T, context string) bool {
			if !ok {
				t.Error(context + "Get(1) returned 0, want 1")
			}
			return ok
		}
	}
	broken, fine := Gate{Solution: "a cache", Works: works(false)}, Gate{Solution: "a cache", Works: works(true)}
	t.Run("performance", func(t *testing.T) { broken.Performance(t); t.Log("went on") })
	t.Run("concurrency", func(t *testing.T) { broken.Concurrency(t); t.Log("went on") })
	t.Run("own_words", func(t *testing.T) {
		broken.Require(t, "memory is measured only on a cache that works: ")
		t.Log("went on")
	})
	t.Run("works", func(t *testing.T) { fine.Performance(t); fine.Concurrency(t); t.Log("went on") })
}

func TestGate(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestGateChild$", "-test.v")
	cmd.Env = append(os.Environ(), "KIT_GATE_CHILD=1")
	out, _ := cmd.CombinedOutput()
	text := string(out)
	for _, want := range []string{
		"performance is measured only on a cache that works: Get(1) returned 0, want 1",
		"concurrent use is tested only on a cache that works with one goroutine: Get(1) returned 0, want 1",
		"memory is measured only on a cache that works: Get(1) returned 0, want 1",
		"--- FAIL: TestGateChild/performance",
		"--- FAIL: TestGateChild/concurrency",
		"--- FAIL: TestGateChild/own_words",
		"--- PASS: TestGateChild/works",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the gated tests' output lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "went on"); n != 1 {
		t.Errorf("%d tests went on past their gate, want only the one that works:\n%s", n, text)
	}
}
