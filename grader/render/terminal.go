package render

// Text made safe to print: what a terminal would act on is dropped, tabs are expanded.

import (
	"regexp"
	"strings"
	"unicode"
)

// printable drops what a terminal would act on rather than show: ANSI escape sequences
// (a learner's program may colour its output) and other control characters. The scorecard
// decides its own colours, and without colour it promises none.
func printable(s string) string {
	s = ansiEscape.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

var ansiEscape = regexp.MustCompile(`\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])`)

func expandTabs(s string, stop int) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := stop - col%stop
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}
