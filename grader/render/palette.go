package render

// The colours and symbols a scorecard is drawn with, switched on or off per printer.

import (
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/prep-judge/prep/grader/report"
)

// palette holds the colours and symbols of one printer. Each colour is its own color.Color
// with colour switched on or off explicitly, so that the caller's decision holds whatever
// the package-global color.NoColor says, and two printers in one process can differ.
type palette struct {
	green, red, yellow, bold, faint, boldGreen, boldRed *color.Color

	pass, fail, skip, error string // status markers, all of one width
	dot, dash, micro        string
}

func newPalette(on bool) palette {
	p := palette{
		green:     color.New(color.FgGreen),
		red:       color.New(color.FgRed),
		yellow:    color.New(color.FgYellow),
		bold:      color.New(color.Bold),
		faint:     color.New(color.Faint),
		boldGreen: color.New(color.Bold, color.FgGreen),
		boldRed:   color.New(color.Bold, color.FgRed),
	}
	for _, c := range []*color.Color{p.green, p.red, p.yellow, p.bold, p.faint, p.boldGreen, p.boldRed} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	if on {
		p.pass, p.fail, p.skip, p.error = "✓", "✗", "○", "!"
		p.dot, p.dash, p.micro = " · ", " — ", "µs"
	} else {
		// Like go test's output: words, not symbols, so that a log read in any encoding
		// stays legible and `grep FAIL` finds every failure.
		p.pass, p.fail, p.skip, p.error = "PASS ", "FAIL ", "SKIP ", "ERROR"
		p.dot, p.dash, p.micro = " - ", " - ", "us"
	}
	return p
}

// marker returns the symbol for a status and the colour to show it in.
func (p palette) marker(s report.Status) cell {
	switch s {
	case report.Pass:
		return cell{text: p.pass, style: p.green}
	case report.Skipped:
		return cell{text: p.skip, style: p.yellow}
	case report.Error:
		return cell{text: p.error, style: p.red}
	}
	return cell{text: p.fail, style: p.red}
}

// markerWidth is how many columns a marker takes, so that text after it lines up.
func (p palette) markerWidth() int { return utf8.RuneCountInString(p.pass) }
