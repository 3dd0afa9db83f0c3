package challenges

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

var update = flag.Bool("update", false, "rewrite each challenge's budgets.json from its challenge.toml")

// The hidden tests read the performance budgets from BudgetsFile with the kit, which builds
// with the standard library alone. The grader writes that file from challenge.toml; each
// challenge folder here keeps a copy, for `go test ./challenges/NAME`, which must say what
// challenge.toml says (`go test ./challenges -update` rewrites them), and the kit must read
// from it what the TOML library read.
func TestKitReadsTheSameBudgets(t *testing.T) {
	var names []string
	for _, c := range kit.Classes {
		names = append(names, c.Name)
	}
	if !slices.Equal(names, Complexities) {
		t.Errorf("the kit's classes %q and the complexities a budget may expect %q differ", names, Complexities)
	}
	if kit.BudgetsFile != BudgetsFile {
		t.Errorf("the kit reads %s, the grader writes %s", kit.BudgetsFile, BudgetsFile)
	}
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.All() {
		data, err := c.BudgetsJSON()
		if err != nil {
			t.Fatal(err)
		}
		kept := filepath.Join(c.Name, BudgetsFile)
		if *update || os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.WriteFile(kept, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if have, err := os.ReadFile(kept); err != nil || !bytes.Equal(have, data) {
			t.Errorf("%s does not say what %s/challenge.toml says (%v): run `go test ./challenges -update`", kept, c.Name, err)
		}
		got, err := kit.ReadBudgets(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: the kit cannot read %s: %v", c.Name, BudgetsFile, err)
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

// A statement that gives the suites' time limit gives the one challenge.toml sets, which is the
// one the grader enforces.
func TestStatementsGiveTheTimeLimit(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	said := regexp.MustCompile(`Each suite may run for (\d+) seconds`)
	for _, c := range set.All() {
		b, err := c.Statement()
		if err != nil {
			t.Fatal(err)
		}
		m := said.FindSubmatch(b)
		if m == nil {
			continue
		}
		if want := fmt.Sprint(int(c.Limits.Time.Seconds())); string(m[1]) != want {
			t.Errorf("%s/README.md says each suite may run for %s seconds; challenge.toml's [limits] time is %s", c.Name, m[1], want)
		}
	}
}
