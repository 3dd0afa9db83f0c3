package grader

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/internal/mutate"
	"github.com/prep-judge/prep/grader/report"
)

// mutantsEnv names the challenges TestMutants measures: "all", or names separated by commas.
const mutantsEnv = "PREP_MUTANTS"

// killTarget is the share of a challenge's mutants, equivalent ones aside, its hidden suites
// must kill.
const killTarget = 0.95

// TestMutants measures the hidden suites: it grades every mutant of each challenge's reference
// solution (see grader/internal/mutate for the operators) as a learner's submission, and
// reports how many the suites kill. It grades one submission per mutant, minutes per
// challenge, so it runs only when asked:
//
//	PREP_MUTANTS=all go test ./grader -run TestMutants -v -timeout 3h
//	PREP_MUTANTS=lru,topk PREP_MUTANTS_REPORT=/tmp/mutants.md go test ./grader -run TestMutants -v
//
// A mutant is killed when its verdict is anything but accepted; one that does not compile
// (compile_error, api_mismatch) is stillborn and not counted. testdata/NAME/equivalent_mutants.txt
// lists the mutants that behave exactly as the reference does, one a line: the mutant's ID,
// then why it is equivalent. The test fails when a challenge kills less than 95% of its other
// mutants, or kills one listed as equivalent (then the list is wrong).
func TestMutants(t *testing.T) {
	want := os.Getenv(mutantsEnv)
	if want == "" {
		t.Skipf("grades every mutant of the references; set %s=all or %s=lru,topk to run it", mutantsEnv, mutantsEnv)
	}
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, c := range set.All() {
		if want != "all" && !slices.Contains(strings.Split(want, ","), c.Name) {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			row := measureMutants(t, c)
			rows = append(rows, row)
		})
	}
	summary := "| challenge | mutants | stillborn | equivalent | killed | survived | kill rate |\n| --- | --: | --: | --: | --: | --: | --: |\n" + strings.Join(rows, "")
	t.Logf("\n%s", summary)
	if path := os.Getenv("PREP_MUTANTS_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(summary), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// measureMutants grades every mutant of c's reference and returns the challenge's row of the
// summary table.
func measureMutants(t *testing.T, c *challenges.Challenge) string {
	ref, err := c.ReferenceFiles()
	if err != nil {
		t.Fatal(err)
	}
	mutants, err := mutate.Generate(ref)
	if err != nil {
		t.Fatal(err)
	}
	equivalent := readEquivalents(t, filepath.Join(corpusDir, c.Name, "equivalent_mutants.txt"))
	var stillborn, killed, equiv int
	var survivors []string
	for _, m := range mutants {
		dir := t.TempDir()
		for name, data := range m.Files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		started := time.Now()
		r, err := Grade(context.Background(), Options{Dir: dir, Challenge: c, Timeout: 10 * time.Second})
		if err != nil {
			t.Errorf("%s: %v", m.ID, err)
			continue
		}
		_, isEquivalent := equivalent[m.ID]
		outcome := string(r.Verdict)
		switch {
		case r.Verdict == report.CompileError || r.Verdict == report.APIMismatch:
			stillborn++
			outcome = "stillborn (" + outcome + ")"
		case r.Verdict == report.Accepted && isEquivalent:
			equiv++
			outcome = "equivalent: " + equivalent[m.ID]
		case r.Verdict == report.Accepted:
			survivors = append(survivors, fmt.Sprintf("%s: %s", m.ID, m.Change))
			outcome = "SURVIVED"
		case isEquivalent:
			t.Errorf("%s is listed as equivalent, but the suites kill it (%s): take it off the list", m.ID, r.Verdict)
			killed++
		default:
			killed++
		}
		t.Logf("%-40s %-60s %s in %s", m.ID, clip(m.Change, 60), outcome, time.Since(started).Round(10*time.Millisecond))
	}
	counted := killed + len(survivors)
	rate := 1.0
	if counted > 0 {
		rate = float64(killed) / float64(counted)
	}
	for _, s := range survivors {
		t.Logf("survivor: %s", s)
	}
	if rate < killTarget {
		t.Errorf("the suites kill %d of %d mutants (%.0f%%), below the %.0f%% target; the survivors are listed above",
			killed, counted, 100*rate, 100*killTarget)
	}
	return fmt.Sprintf("| %s | %d | %d | %d | %d | %d | %.0f%% |\n", c.Name, len(mutants), stillborn, equiv, killed, len(survivors), 100*rate)
}

// readEquivalents reads a list of equivalent mutants: an ID (file:line:column operator) and
// the reason, a line each; blank lines and # comments are skipped.
func readEquivalents(t *testing.T, path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// The ID is "file:line:col operator"; the reason follows after " -- ".
		id, reason, ok := strings.Cut(line, " -- ")
		if !ok {
			t.Fatalf("%s: %q has no reason: write `ID -- why it is equivalent`", path, line)
		}
		out[strings.TrimSpace(id)] = strings.TrimSpace(reason)
	}
	return out
}

func clip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
