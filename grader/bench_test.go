package grader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/grader/workspace"
)

// The grading benchmarks compare a submit with its floor: the go test builds and runs a person
// would type by hand for the same files, in the same module, with the same cache. Method:
//
//   - the solution is testdata/lru/correct_list, graded against the embedded LRU challenge;
//   - BenchmarkSubmit runs `prep submit --format json` as a process, built once beforehand, so
//     that everything a person waits for counts: starting, finding the go command, the
//     checks, the builds, the suites and printing;
//   - BenchmarkFloor runs, one after the other, `go test -count=1 -vet=off -run <correctness and
//     performance tests>` and `go test -race -count=1 -run <race tests>` in a module laid out as
//     the grader lays it out (kit, reference, hidden tests), which is what prep's work comes
//     down to;
//   - Warm: the build cache is the user's, already holding the standard library and the
//     challenge's own packages, and the same bytes are graded every time, so the builds are
//     answered from the cache; Changed: the same, but the solution's file changes before every
//     iteration (a package variable holding the iteration's number, so that the compiled
//     code changes: an edited comment leaves it as it was, and the go command then has no
//     binary to link again), as when a learner saved an edit, so the solution's package and
//     both test binaries are built again; Cold: every iteration
//     starts from an empty GOCACHE, so the standard library is built too, plain and with the
//     race detector.
//
// Run on a quiet machine, several times, and compare medians (benchstat does this):
//
//	go test ./grader -run '^$' -bench 'Warm|Changed' -benchtime 5x -count 5 | tee bench.txt
//	PREP_BENCH_COLD=1 go test ./grader -run '^$' -bench 'Cold' -benchtime 1x -count 3 -timeout 60m
//
// The performance suite measures for a fixed budget whatever the build costs, so it is part of
// both sides.

func benchSolution(b *testing.B) (string, *challenges.Set) {
	b.Helper()
	set, err := challenges.Default()
	if err != nil {
		b.Fatal(err)
	}
	return filepath.Join(corpusDir, "lru", "correct_list"), set
}

// cacheState is what the build cache holds for an iteration.
type cacheState int

const (
	warm    cacheState = iota // everything, the same bytes graded again
	changed                   // everything but the solution, edited before each iteration
	cold                      // nothing
)

func BenchmarkSubmitWarm(b *testing.B)    { benchSubmit(b, warm) }
func BenchmarkFloorWarm(b *testing.B)     { benchFloor(b, warm) }
func BenchmarkSubmitChanged(b *testing.B) { benchSubmit(b, changed) }
func BenchmarkFloorChanged(b *testing.B)  { benchFloor(b, changed) }
func BenchmarkSubmitCold(b *testing.B)    { benchSubmit(b, cold) }
func BenchmarkFloorCold(b *testing.B)     { benchFloor(b, cold) }

// editSolution returns a function that writes srcs into dir with a package variable holding
// its argument, the iteration's number: a learner's save, which changes the compiled code and
// which the build cache has not seen.
func editSolution(b *testing.B, srcs []workspace.Source, dir string) func(i int) {
	return func(i int) {
		for _, src := range srcs {
			data := append(append([]byte(nil), src.Data...), []byte(fmt.Sprintf("\nvar benchEdit%d = %d\n", i, i))...)
			if err := os.WriteFile(filepath.Join(dir, src.Name), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func coldCache(b *testing.B, state cacheState) {
	if state != cold {
		return
	}
	if os.Getenv("PREP_BENCH_COLD") == "" {
		b.Skip("set PREP_BENCH_COLD=1: each iteration builds the standard library twice")
	}
	b.StopTimer()
	b.Setenv("GOCACHE", b.TempDir())
	b.StartTimer()
}

func benchSubmit(b *testing.B, state cacheState) {
	from, _ := benchSolution(b)
	srcs, _, err := workspace.Sources(from)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	edit := editSolution(b, srcs, dir)
	edit(0)
	name := "prep"
	if runtime.GOOS == "windows" {
		name += ".exe" // Windows runs a program found by its extension
	}
	prep := filepath.Join(b.TempDir(), name)
	build := exec.Command("go", "build", "-o", prep, "github.com/prep-judge/prep/cmd/prep")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building prep: %v\n%s", err, out)
	}
	submit := func() {
		cmd := exec.Command(prep, "submit", dir, "--challenge", "lru", "--format", "json")
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("prep submit: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), `"verdict": "accepted"`) {
			b.Fatalf("the solution was not accepted:\n%s", out)
		}
	}
	// Warm the cache once, as the user's is.
	submit()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if state == changed {
			b.StopTimer()
			edit(i + 1)
			b.StartTimer()
		}
		coldCache(b, state)
		submit()
	}
}

func benchFloor(b *testing.B, state cacheState) {
	dir, set := benchSolution(b)
	c, err := set.Lookup("lru")
	if err != nil {
		b.Fatal(err)
	}
	srcs, _, err := workspace.Sources(dir)
	if err != nil {
		b.Fatal(err)
	}
	m, err := newModule(b.TempDir(), c, srcs)
	if err != nil {
		b.Fatal(err)
	}
	var plainRun, raceRun []string
	for _, s := range []string{"correctness", "performance"} {
		names, err := m.suiteTests(s)
		if err != nil {
			b.Fatal(err)
		}
		plainRun = append(plainRun, names...)
	}
	if raceRun, err = m.suiteTests("race"); err != nil {
		b.Fatal(err)
	}
	goTest := func(args ...string) {
		cmd := exec.Command("go", append([]string{"test", "-count=1", "-vet=off"}, args...)...)
		cmd.Dir = m.root
		cmd.Env = append(goEnv(os.Environ()), "GORACE=atexit_sleep_ms=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("go test %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	pkg := "./" + m.solutionRel
	edit := editSolution(b, srcs, filepath.Join(m.root, filepath.FromSlash(m.solutionRel)))
	floor := func() {
		goTest("-run", "^("+strings.Join(plainRun, "|")+")$", pkg)
		goTest("-race", "-run", "^("+strings.Join(raceRun, "|")+")$", pkg)
	}
	floor()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if state == changed {
			b.StopTimer()
			edit(i + 1)
			b.StartTimer()
		}
		coldCache(b, state)
		floor()
	}
}
