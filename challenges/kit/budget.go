package kit

import (
	"encoding/json"
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

// BudgetsFile holds the budgets, in the folder the hidden tests run in: the grader writes it
// beside them from the challenge's metadata, and each challenge folder of prep's repository
// keeps a copy checked against its challenge.toml.
const BudgetsFile = "budgets.json"

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

// ReadBudgets reads performance budgets as JSON, one object per measured operation:
//
//	[{"operation": "Get", "expect": "O(1)", "max_slowdown": 10}]
func ReadBudgets(r io.Reader) ([]Budget, error) {
	var raw []struct {
		Operation   string   `json:"operation"`
		Expect      string   `json:"expect"`
		MaxSlowdown *float64 `json:"max_slowdown"`
	}
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, err
	}
	budgets := make([]Budget, len(raw))
	for i, b := range raw {
		if b.Operation == "" || b.Expect == "" || b.MaxSlowdown == nil {
			return nil, fmt.Errorf("budget %d: operation, expect and max_slowdown are all required", i+1)
		}
		c, ok := ClassNamed(b.Expect)
		if !ok {
			return nil, fmt.Errorf("budget %d (%s): unknown complexity %q: write one of %s", i+1, b.Operation, b.Expect, classNames())
		}
		if *b.MaxSlowdown < 1 {
			return nil, fmt.Errorf("budget %d (%s): max_slowdown must be at least 1, found %v", i+1, b.Operation, *b.MaxSlowdown)
		}
		budgets[i] = Budget{Operation: b.Operation, Expect: c, MaxSlowdown: *b.MaxSlowdown}
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
		f, err := os.Open(BudgetsFile)
		if err != nil {
			budgetsErr = fmt.Errorf("reading the performance budgets: %w", err)
			return
		}
		defer f.Close()
		budgets, budgetsErr = ReadBudgets(f)
		if budgetsErr != nil {
			budgetsErr = fmt.Errorf("%s: %w", BudgetsFile, budgetsErr)
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
	return Budget{}, fmt.Errorf("%s has no budget for the operation %q: add a [[performance]] table for it, with its expected complexity and max_slowdown, to challenge.toml", BudgetsFile, operation)
}
