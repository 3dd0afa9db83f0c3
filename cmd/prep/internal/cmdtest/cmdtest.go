// Package cmdtest is what the tests of prep's commands share: a Factory of fakes over a small,
// fixed set of challenges, and golden files. The fixed set keeps golden output stable when
// challenges are added to prep.
package cmdtest

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
)

// Formats are the report formats of the fake printer, as render names them.
var Formats = []string{"text", "json", "junit", "github"}

// Now is the fake clock's time.
var Now = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func toml(title, difficulty, pkg string, topics string) []byte {
	return fmt.Appendf(nil, `title = %q
summary = "A challenge for tests."
difficulty = %q
topics = [%s]
package = %q
hints = ["one", "two", "three"]

[points]
correctness = 50
race = 20
performance = 30

[[performance]]
operation = "Get"
expect = "O(1)"
max_slowdown = 10
`, title, difficulty, topics, pkg)
}

var fixture = fstest.MapFS{
	"lru/challenge.toml":         {Data: toml("LRU cache", "medium", "lru", `"data structures", "caching", "concurrency"`)},
	"lru/README.md":              {Data: []byte("# LRU cache\n")},
	"lru/_scaffold/lru.go":       {Data: []byte("package lru\n\n// Stub.\n")},
	"lru/_scaffold/lru_test.go":  {Data: []byte("package lru\n")},
	"lru/reference/lru.go":       {Data: []byte("package lru\n\n// Reference.\n")},
	"twosum/challenge.toml":      {Data: toml("Two sum", "easy", "twosum", `"arrays"`)},
	"twosum/README.md":           {Data: []byte("# Two sum\n")},
	"twosum/_scaffold/twosum.go": {Data: []byte("package twosum\n")},
	"twosum/reference/twosum.go": {Data: []byte("package twosum\n")},
	"ratelimit/challenge.toml":   {Data: toml("Rate limiter", "hard", "ratelimit", `"concurrency", "time"`)},
	"ratelimit/README.md":        {Data: []byte("# Rate limiter\n")},
	"ratelimit/_scaffold/rl.go":  {Data: []byte("package ratelimit\n")},
	"ratelimit/reference/rl.go":  {Data: []byte("package ratelimit\n")},
}

// Challenges returns the fixed set: twosum (easy), lru (medium) and ratelimit (hard).
func Challenges() (*challenges.Set, error) { return challenges.Load(fixture) }

// Grader is a fake grader that records its calls.
type Grader struct {
	// Report is what Grade returns, with Challenge and Dir filled in from the options.
	Report report.Report
	// Err, when set, is returned instead of a report.
	Err error
	// Calls are the options of every call.
	Calls []grader.Options
	// Before, when set, runs at the start of every call, to look at the folder being graded.
	Before func(opts grader.Options)
}

// Grade records opts and returns g.Report or g.Err.
func (g *Grader) Grade(ctx context.Context, opts grader.Options) (*report.Report, error) {
	g.Calls = append(g.Calls, opts)
	if g.Before != nil {
		g.Before(opts)
	}
	if g.Err != nil {
		return nil, g.Err
	}
	r := g.Report
	r.Challenge, r.Dir = opts.Challenge.Name, opts.Dir
	return &r, nil
}

// Passed is a report that passed, Failed one that did not.
var (
	Passed = report.Report{Schema: report.Schema, Passed: true, Verdict: report.Accepted, Score: 100, MaxScore: 100}
	Failed = report.Report{Schema: report.Schema, Passed: false, Verdict: report.WrongAnswer, Score: 50, MaxScore: 100}
)

// Printer is a fake printer that writes one line naming its format and options.
type Printer struct {
	Format string
	cmdutil.PrintOptions
}

// Print writes what would be printed, in one line.
func (p Printer) Print(w io.Writer, r *report.Report) error {
	_, err := fmt.Fprintf(w, "[%s color=%v verbose=%v] %s passed=%v verdict=%s\n",
		p.Format, p.Color, p.Verbose, r.Challenge, r.Passed, r.Verdict)
	return err
}

// PrintAll writes a line naming the format and options, then one line for each report.
func (p Printer) PrintAll(w io.Writer, rs []*report.Report) error {
	fmt.Fprintf(w, "[%s all color=%v verbose=%v] %d reports\n", p.Format, p.Color, p.Verbose, len(rs))
	for _, r := range rs {
		if _, err := fmt.Fprintf(w, "  %s in %s passed=%v verdict=%s score=%d/%d\n",
			r.Challenge, filepath.ToSlash(r.Dir), r.Passed, r.Verdict, r.Score, r.MaxScore); err != nil {
			return err
		}
	}
	return nil
}

// WriteStepSummary writes one line for each report, as a stand-in for the Markdown table.
func WriteStepSummary(w io.Writer, rs []*report.Report) error {
	for _, r := range rs {
		if _, err := fmt.Fprintf(w, "| %s | %s | %v |\n", r.Challenge, filepath.ToSlash(r.Dir), r.Passed); err != nil {
			return err
		}
	}
	return nil
}

// Factory returns a Factory of fakes, with the buffers behind its stdout and stderr.
func Factory(g *Grader) (f *cmdutil.Factory, stdout, stderr *bytes.Buffer) {
	ios, _, stdout, stderr := iostreams.Test()
	return &cmdutil.Factory{
		IOStreams:  ios,
		Challenges: Challenges,
		Grade:      g.Grade,
		NewPrinter: func(format string, opts cmdutil.PrintOptions) (cmdutil.Printer, error) {
			return Printer{format, opts}, nil
		},
		Formats:          Formats,
		WriteStepSummary: WriteStepSummary,
		Now:              func() time.Time { return Now },
		Getenv:           func(string) string { return "" },
	}, stdout, stderr
}

var update = flag.Bool("update", false, "rewrite golden files in testdata with the output the tests produce")

// testdata is the testdata folder of the package under test, found before any test changes
// the working directory.
var testdata = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Join(wd, "testdata")
}()

// Golden fails t unless got equals testdata/name, or rewrites the file with -update.
func Golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(testdata, name)
	if *update || os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run `go test -update` if the change is intended)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// GoVet runs `go vet ./...` in dir, a folder that `prep start` made a module of its own, and
// fails t with the output unless it passes. It skips when go is not on PATH.
func GoVet(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Skipf("%s is not a module of its own, so it would build as part of another: %v", dir, err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	// The folder must build alone: offline, with no workspace and nothing to download.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet in %s: %v\n%s", dir, err, out)
	}
}
