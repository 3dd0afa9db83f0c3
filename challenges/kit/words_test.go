package kit

import (
	"testing"
	"time"
)

func TestWords(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Plural(1, "call"), "1 call"},
		{Plural(0, "call"), "0 calls"},
		{Plural(3, "goroutine"), "3 goroutines"},
		{And([]int{}), ""},
		{And([]int{1}), "1"},
		{And([]int{1, 2}), "1 and 2"},
		{And([]string{"a", "b", "c"}), "a, b and c"},
		{Duration(time.Hour), "1h"},
		{Duration(2 * time.Minute), "2m"},
		{Duration(time.Hour + 5*time.Second), "1h0m5s"},
		{Duration(90 * time.Minute), "1h30m"},
		{Duration(5*time.Second - time.Nanosecond), "4.999999999s"},
		{Duration(time.Millisecond), "1ms"},
		{Duration(0), "0s"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
