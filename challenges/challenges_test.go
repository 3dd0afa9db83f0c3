package challenges

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

func TestDefaultLoads(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.All()) == 0 {
		t.Fatal("no challenges")
	}
	c, err := s.Lookup("lru")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c)
}

// The hidden tests read the performance budgets with the kit's own small reader, since the kit
// builds with the standard library alone; for every challenge it must read what the TOML
// library reads.
func TestKitReadsTheSameBudgets(t *testing.T) {
	var names []string
	for _, c := range kit.Classes {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, Complexities) {
		t.Errorf("the kit's classes %q and the complexities a budget may expect %q differ", names, Complexities)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.All() {
		data, err := fs.ReadFile(c.FS(), "challenge.toml")
		if err != nil {
			t.Fatal(err)
		}
		got, err := kit.ReadBudgets(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: the kit cannot read challenge.toml: %v", c.Name, err)
			continue
		}
		var want []kit.Budget
		for _, b := range c.Performance {
			class, _ := kit.ClassNamed(b.Expect)
			want = append(want, kit.Budget{Operation: b.Operation, Expect: class, MaxSlowdown: b.MaxSlowdown})
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the kit reads the budgets\n%+v\nthe TOML library\n%+v", c.Name, got, want)
		}
	}
}

// A statement never states the rules itself, which it could only get wrong: `prep start`
// appends them, from the data the grader checks them with, and the statement points there.
func TestStatementsLeaveTheRulesToPrep(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.All() {
		b, err := c.Statement()
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Contains(s, "Only the standard library is available") || !strings.Contains(s, "*What your solution may use*") {
			t.Errorf("%s/README.md must point to *What your solution may use* for the rules, not state them", c.Name)
		}
	}
}
