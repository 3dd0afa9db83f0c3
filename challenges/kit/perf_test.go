package kit

import (
	"strings"
	"testing"
)

// The decision is tested on figures written by hand, so that it is checked without a clock.
func TestDecide(t *testing.T) {
	spec := PerfSpec{Operation: "Get", Expect: O1, MaxSlowdown: 10}
	sizes := []int{100, 1000, 10000, 100000}
	flat := []float64{20, 21, 22, 25}
	cases := []struct {
		name     string
		ns       []float64
		bytes    []float64
		passed   bool
		observed string
		reason   string
	}{
		{"same as the reference", flat, []float64{32, 32}, true, "O(1)", "grows like O(1) as expected"},
		{"a little slower", []float64{30, 32, 33, 38}, []float64{32, 32}, true, "O(1)", "as expected"},
		{"linear", []float64{200, 2000, 20000, 200000}, []float64{0, 0}, false, "O(n)", "grows like O(n), expected O(1)"},
		{"quadratic", []float64{100, 10000, 1000000, 100000000}, []float64{0, 0}, false, "O(n^2)", "grows like O(n^2)"},
		{"constant but slow", []float64{400, 420, 440, 500}, []float64{0, 0}, false, "O(1)", "slower than the reference"},
		{"copies what it holds", flat, []float64{800, 800000}, false, "slower than O(1)", "allocates 800000 bytes per call at size 100000"},
	}
	t.Run("linear operation allocating linearly", func(t *testing.T) {
		m := Measurement{Sizes: sizes, NsPerOp: flat, RefNsPerOp: flat, BytesPerOp: []float64{800, 800000}, RefBytesPerOp: []float64{32, 32}}
		decide(&m, PerfSpec{Operation: "Run", Expect: ON, MaxSlowdown: 10})
		if !m.Passed {
			t.Errorf("an O(n) operation failed for allocating O(n): %s", m.Reason)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := Measurement{Sizes: sizes, NsPerOp: tc.ns, RefNsPerOp: flat, BytesPerOp: tc.bytes, RefBytesPerOp: []float64{32, 32}}
			decide(&m, spec)
			if m.Passed != tc.passed || m.Observed != tc.observed || !strings.Contains(m.Reason, tc.reason) {
				t.Errorf("decide = passed %v, observed %q, reason %q; want %v, %q, containing %q",
					m.Passed, m.Observed, m.Reason, tc.passed, tc.observed, tc.reason)
			}
		})
	}
}
