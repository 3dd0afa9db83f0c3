package render

// Text laid out in columns: cells padded to line up, measured before colour is added.

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
)

// Layout, in columns. Tests sit under their suite; a test's details (its message and
// measurements) line up with the test's name, so the marker column stays clear to scan.
const (
	testIndent = 4
	columnGap  = 3
	labelWidth = 9 // "verdict  ", "score    ": the scorecard's closing lines
)

// cell is one piece of a line that is padded to line up with the pieces above and below it;
// the padding is measured on the text, before any colour is added.
type cell struct {
	text  string
	style *color.Color
	// wide marks text that may run past its column, such as a skipped suite's reason; it
	// takes no part in the column's width, so that one long reason does not push every
	// other line's time far to the right.
	wide bool
}

func (c cell) render() string { return c.with(c.text) }

// with shows text in the cell's colour.
func (c cell) with(text string) string {
	if c.style == nil {
		return text
	}
	return c.style.Sprint(text)
}

func widths(rows [][]cell) []int {
	var cols []int
	for _, row := range rows {
		for i, c := range row {
			if i >= len(cols) {
				cols = append(cols, 0)
			}
			if !c.wide {
				cols[i] = max(cols[i], utf8.RuneCountInString(c.text))
			}
		}
	}
	return cols
}

// layout lays cells out in their columns, left or right aligned, with no padding after the last
// cell so that no line ends in spaces.
func layout(row []cell, cols []int, right []bool, gap int) string {
	var b strings.Builder
	last := len(row) - 1
	for last > 0 && row[last].text == "" {
		last--
	}
	for i := 0; i <= last; i++ {
		c := row[i]
		if i > 0 {
			b.WriteString(strings.Repeat(" ", gap))
		}
		n := 0
		if i < len(cols) {
			n = cols[i] - utf8.RuneCountInString(c.text)
		}
		fill := strings.Repeat(" ", max(n, 0))
		switch {
		case i < len(right) && right[i]:
			b.WriteString(fill + c.render())
		case i == last:
			b.WriteString(c.render())
		default:
			b.WriteString(c.render() + fill)
		}
	}
	return b.String()
}

func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(n-utf8.RuneCountInString(s), 1))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
