package kit

import (
	"fmt"
	"strings"
	"time"
)

// Plural is n and the noun, the noun with an s unless n is 1: "1 goroutine", "3 calls".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// And lists xs as a sentence does: "1", "1 and 2", "1, 2 and 3"; "" for none.
func And[T any](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// Duration writes d as a person would, without the zero units time.Duration's String keeps:
// "1h" rather than "1h0m0s", "2m" rather than "2m0s", "1h0m5s" as it is.
func Duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
