package kit

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Budget is what a challenge's metadata asks of one measured operation: the complexity it
// must have and how many times the reference's cost per call it may take at any size.
type Budget struct {
	Operation   string
	Expect      Class
	MaxSlowdown float64
}

// MetadataFile is the challenge's metadata, in the folder the hidden tests run in: the
// challenge's own folder in prep's repository, and the grading module's package folder, where
// the grader writes it.
const MetadataFile = "challenge.toml"

// Classes are the complexity classes a budget can name, by name.
var Classes = []Class{O1, OLogN, ON, ONLogN, ON2}

// ClassNamed returns the class with the given name, such as "O(n log n)".
func ClassNamed(name string) (Class, bool) {
	for _, c := range Classes {
		if c.Name == name {
			return c, true
		}
	}
	return Class{}, false
}

// ReadBudgets reads the performance budgets from a challenge.toml, one table per measured
// operation:
//
//	[[performance]]
//	operation = "Get"
//	expect = "O(1)"
//	max_slowdown = 10
//
// The kit is copied into every grading module and builds with the standard library alone, so
// it reads only these tables, written this way: one key per line, a string or a number for a
// value. The challenges package reads the whole file with a TOML library and checks that both
// agree.
func ReadBudgets(r io.Reader) ([]Budget, error) {
	var budgets []Budget
	in := false // inside a [[performance]] table
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
			continue
		case text == "[[performance]]":
			budgets = append(budgets, Budget{})
			in = true
			continue
		case strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]") && !strings.HasPrefix(text, "[\""):
			in = false
			continue
		case !in:
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		if !ok {
			return nil, fmt.Errorf("line %d: want key = value in a [[performance]] table, found %q", line, text)
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if i := strings.Index(value, " #"); i >= 0 && !strings.HasPrefix(value, `"`) {
			value = strings.TrimSpace(value[:i])
		}
		b := &budgets[len(budgets)-1]
		switch key {
		case "operation", "expect":
			quoted, err := strconv.QuotedPrefix(value)
			if err != nil {
				return nil, fmt.Errorf("line %d: %s must be a string in double quotes, found %s", line, key, value)
			}
			s, _ := strconv.Unquote(quoted)
			if key == "operation" {
				b.Operation = s
				continue
			}
			c, ok := ClassNamed(s)
			if !ok {
				return nil, fmt.Errorf("line %d: unknown complexity %q: write one of %s", line, s, classNames())
			}
			b.Expect = c
		case "max_slowdown":
			f, err := strconv.ParseFloat(value, 64)
			if err != nil || f < 1 {
				return nil, fmt.Errorf("line %d: max_slowdown must be a number of at least 1, found %s", line, value)
			}
			b.MaxSlowdown = f
		default:
			return nil, fmt.Errorf("line %d: unknown key %q in a [[performance]] table: want operation, expect or max_slowdown", line, key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i, b := range budgets {
		if b.Operation == "" || b.Expect.Name == "" || b.MaxSlowdown == 0 {
			return nil, fmt.Errorf("[[performance]] table %d: operation, expect and max_slowdown are all required", i+1)
		}
	}
	return budgets, nil
}

func classNames() string {
	var names []string
	for _, c := range Classes {
		names = append(names, strconv.Quote(c.Name))
	}
	return strings.Join(names, ", ")
}

var (
	budgetsOnce sync.Once
	budgets     []Budget
	budgetsErr  error
)

// budgetFor returns the metadata's budget for the named operation.
func budgetFor(operation string) (Budget, error) {
	budgetsOnce.Do(func() {
		f, err := os.Open(MetadataFile)
		if err != nil {
			budgetsErr = fmt.Errorf("reading the performance budgets: %w", err)
			return
		}
		defer f.Close()
		budgets, budgetsErr = ReadBudgets(f)
		if budgetsErr != nil {
			budgetsErr = fmt.Errorf("%s: %w", MetadataFile, budgetsErr)
		}
	})
	if budgetsErr != nil {
		return Budget{}, budgetsErr
	}
	for _, b := range budgets {
		if b.Operation == operation {
			return b, nil
		}
	}
	return Budget{}, fmt.Errorf("%s has no [[performance]] table for the operation %q: add one with its expected complexity and max_slowdown", MetadataFile, operation)
}
