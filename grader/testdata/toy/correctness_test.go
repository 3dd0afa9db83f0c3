package toy

import (
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

func TestAdd(t *testing.T) {
	var c Counter
	var got []string
	want := []string{"c.Add(1) = 1", "c.Add(2) = 3"}
	got = append(got, kitCall("c.Add(1)", c.Add(1)), kitCall("c.Add(2)", c.Add(2)))
	if got[1] != want[1] {
		kit.Fail(t, kit.Record{Summary: "c.Add(2) returned the wrong total", Want: want, Got: got})
	}
}

func TestSum(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []int
		want int
	}{{"empty", nil, 0}, {"three", []int{1, 2, 3}, 6}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sum(tc.xs); got != tc.want {
				t.Errorf("Sum(%v) = %d, want %d", tc.xs, got, tc.want)
			}
		})
	}
}

// TestAddLeavesNothingRunning checks that Add starts nothing that outlives it.
func TestAddLeavesNothingRunning(t *testing.T) {
	var c Counter
	done := kit.CheckLeaks(t, "c.Add(1)")
	c.Add(1)
	done()
}
