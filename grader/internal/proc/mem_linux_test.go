package proc

import "testing"

func TestParseStat(t *testing.T) {
	// A command name with spaces and parentheses, as a test binary's could be.
	line := []byte("4242 (a (weird) name) S 1 4240 4240 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 3 0 12345 1234567 2500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0")
	g, rss, ok := parseStat(line)
	if !ok || g != 4240 || rss != 2500 {
		t.Errorf("parseStat = %d, %d, %v; want 4240, 2500, true", g, rss, ok)
	}
}
