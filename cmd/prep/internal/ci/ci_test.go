package ci

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prep-judge/prep/cmd/prep/internal/cmdtest"
	"github.com/prep-judge/prep/cmd/prep/internal/cmdutil"
	"github.com/prep-judge/prep/cmd/prep/internal/factory"
	"github.com/prep-judge/prep/grader"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestNewCmdCI(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    CIOptions
		wantErr string
	}{
		{name: "defaults", args: []string{}, want: CIOptions{Dir: ".", Format: "text", Jobs: DefaultJobs()}},
		{
			name: "every flag",
			args: []string{"practice", "--format", "github", "-j", "3", "--timeout", "2m", "--verbose", "--junit", "j.xml", "--json", "r.json"},
			want: CIOptions{Dir: "practice", Format: "github", Jobs: 3, Timeout: 2 * time.Minute, Verbose: true,
				Files: cmdutil.ReportFiles{JUnit: "j.xml", JSON: "r.json"}},
		},
		{name: "unknown format", args: []string{"--format", "xml"}, wantErr: "unknown format \"xml\" for `--format`; use one of text, json, junit, github"},
		{name: "negative jobs", args: []string{"--jobs", "-1"}, wantErr: "`--jobs` must be at least 1, got -1"},
		{name: "two folders", args: []string{"a", "b"}, wantErr: "`prep ci` grades one repository, got [\"a\" \"b\"]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory(&cmdtest.Grader{})
			var got *CIOptions
			cmd := NewCmdCI(f, func(o *CIOptions) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			cmd.SilenceUsage, cmd.SilenceErrors = true, true
			err := cmd.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want the usage error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Dir != tt.want.Dir || got.Format != tt.want.Format || got.Jobs != tt.want.Jobs ||
				got.Timeout != tt.want.Timeout || got.Verbose != tt.want.Verbose || got.Files != tt.want.Files {
				t.Errorf("options = %+v, want %+v", got, tt.want)
			}
			if got.Ctx == nil {
				t.Error("no context")
			}
		})
	}
}

// stub is the learner's file in a folder that was started and not solved: Get is on line 9.
const stub = `package lru

type LRUCache struct{}

func Constructor(capacity int) LRUCache {
	return LRUCache{}
}

func (c *LRUCache) Get(key int) int {
	return -1
}

func (c *LRUCache) Put(key, value int) {}
`

// repo makes a practice repository in a fresh working directory holding the named challenge
// folders, each started for lru with the stub in it.
func repo(t *testing.T, folders ...string) {
	t.Helper()
	t.Chdir(t.TempDir())
	if err := os.WriteFile("go.mod", []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range folders {
		if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: "lru", Started: cmdtest.Now}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "lru.go"), []byte(stub), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// passing is the report of a folder that passed every suite.
func passing() *report.Report {
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", DurationMS: 3210,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Pass, MaxScore: 50, DurationMS: 410, Tests: []report.Test{
				{Name: "TestClassicSequence", Status: report.Pass, DurationMS: 1},
				{Name: "TestEdgeCases", Status: report.Pass, DurationMS: 2},
			}},
			{Name: report.Race, Status: report.Pass, MaxScore: 20, DurationMS: 1200, Tests: []report.Test{
				{Name: "TestConcurrentGetPut", Status: report.Pass, DurationMS: 800},
			}},
			{Name: report.Performance, Status: report.Pass, MaxScore: 30, DurationMS: 1500, Tests: []report.Test{
				{Name: "TestGrowth", Status: report.Pass, DurationMS: 1400},
			}},
		},
	}
	r.Finish()
	return r
}

// failing is the report of the stub: every suite fails on the first call that matters.
func failing() *report.Report {
	wrong := func(name, prefix string) report.Test {
		return report.Test{Name: name, Status: report.Fail, Verdict: report.WrongAnswer, DurationMS: 1,
			Message: prefix + "call 4: c.Get(1) returned -1, want 1 (key 1 should still be cached)\n\nreproduce it with this test:\nfunc TestRepro(t *testing.T) {\n    c := Constructor(2)\n}"}
	}
	r := &report.Report{
		Challenge: "lru", Title: "LRU cache", DurationMS: 2150,
		Suites: []report.Suite{
			{Name: report.Correctness, Status: report.Fail, MaxScore: 50, DurationMS: 300, Tests: []report.Test{
				wrong("TestClassicSequence", ""),
				{Name: "TestEdgeCases", Status: report.Pass, DurationMS: 2},
			}},
			{Name: report.Race, Status: report.Fail, MaxScore: 20, DurationMS: 900, Tests: []report.Test{
				wrong("TestConcurrentGetPut", "concurrent use is tested only on a cache that works with one goroutine: "),
			}},
			{Name: report.Performance, Status: report.Fail, MaxScore: 30, DurationMS: 100, Tests: []report.Test{
				wrong("TestGrowth", "performance is measured only on a cache that works: "),
			}},
		},
	}
	r.Finish()
	return r
}

// fakeGrader grades each folder with the report its function gives, recording the calls.
type fakeGrader struct {
	mu      sync.Mutex
	reports map[string]func() *report.Report // by folder, slash-separated
	errs    map[string]error
	calls   []grader.Options
	before  func(grader.Options)
}

func (g *fakeGrader) grade(ctx context.Context, o grader.Options) (*report.Report, error) {
	g.mu.Lock()
	g.calls = append(g.calls, o)
	g.mu.Unlock()
	if g.before != nil {
		g.before(o)
	}
	dir := filepath.ToSlash(o.Dir)
	if err := g.errs[dir]; err != nil {
		return nil, err
	}
	r := g.reports[dir]()
	r.Dir = o.Dir
	return r, nil
}

// options returns the options of `prep ci` over g with the real printers, and the buffers
// behind stdout and stderr.
func options(g *fakeGrader, format string) (*CIOptions, *bytes.Buffer, *bytes.Buffer) {
	f, out, errOut := cmdtest.Factory(&cmdtest.Grader{})
	return &CIOptions{
		IO: f.IOStreams, Challenges: f.Challenges, Grade: g.grade, NewPrinter: factory.NewPrinter, WriteStepSummary: f.WriteStepSummary,
		Getenv: f.Getenv, Now: f.Now, Ctx: context.Background(),
		Dir: ".", Format: format, Jobs: 2,
	}, out, errOut
}

func twoFolders() *fakeGrader {
	return &fakeGrader{reports: map[string]func() *report.Report{"lru": passing, "lru-stub": failing}}
}

// TestCIFormats holds each format's output for a repository of one passing and one failing
// folder to a golden file: the printers are the real ones, the grader a fake.
func TestCIFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "junit", "github"} {
		t.Run(format, func(t *testing.T) {
			repo(t, "lru", "lru-stub")
			opts, out, errOut := options(twoFolders(), format)
			err := ciRun(opts)
			if !errors.Is(err, cmdutil.ErrNotPassed) {
				t.Errorf("err = %v, want ErrNotPassed", err)
			}
			cmdtest.Golden(t, "ci."+format, out.Bytes())
			if errOut.Len() > 0 {
				t.Errorf("stderr = %q, want nothing", errOut)
			}
		})
	}
}

func TestCIGitHubStepSummary(t *testing.T) {
	repo(t, "lru", "lru-stub")
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("from an earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts, out, _ := options(twoFolders(), "github")
	opts.WriteStepSummary = factory.New().WriteStepSummary
	opts.Getenv = func(k string) string {
		if k == "GITHUB_STEP_SUMMARY" {
			return summary
		}
		return ""
	}
	if err := ciRun(opts); !errors.Is(err, cmdutil.ErrNotPassed) {
		t.Errorf("err = %v", err)
	}
	b, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "from an earlier step\n### prep\n") {
		t.Errorf("the summary was not appended to what was there:\n%s", b)
	}
	cmdtest.Golden(t, "ci.summary.md", b[len("from an earlier step\n"):])
	if strings.Contains(out.String(), "### prep") {
		t.Error("the summary reached stdout")
	}

	// Other formats leave the summary alone.
	opts, _, _ = options(twoFolders(), "text")
	opts.Getenv = func(string) string { return summary }
	ciRun(opts)
	if b2, _ := os.ReadFile(summary); !bytes.Equal(b, b2) {
		t.Error("--format text wrote the job summary")
	}
}

func TestCIReportFiles(t *testing.T) {
	repo(t, "lru", "lru-stub")
	opts, out, _ := options(twoFolders(), "github")
	opts.Files = cmdutil.ReportFiles{JUnit: "reports/prep-junit.xml", JSON: "prep-report.json"}
	if err := ciRun(opts); !errors.Is(err, cmdutil.ErrNotPassed) {
		t.Errorf("err = %v", err)
	}
	if !strings.HasPrefix(out.String(), "prep lru: accepted") {
		t.Errorf("stdout is not the github format:\n%s", out)
	}
	junit, err := os.ReadFile("reports/prep-junit.xml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Failures int    `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(junit, &doc); err != nil {
		t.Fatalf("the JUnit file does not parse: %v", err)
	}
	if doc.Failures != 3 || len(doc.Suites) != 6 {
		t.Errorf("JUnit: %d failures in %d suites, want 3 in 6", doc.Failures, len(doc.Suites))
	}
	if b, err := os.ReadFile("prep-report.json"); err != nil || !strings.Contains(string(b), `"schema": "prep.ci/v1"`) {
		t.Errorf("prep-report.json = %.80q, %v", b, err)
	}
}

func TestCIExitStatus(t *testing.T) {
	damaged := func(t *testing.T, dir string) {
		if err := os.MkdirAll(filepath.Join(dir, ".prep"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".prep", "challenge.json"), []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		folders []string
		damaged string // a folder whose marker is damaged
		reports map[string]func() *report.Report
		errs    map[string]error

		wantErr     error  // matched with errors.Is
		wantErrText string // a part of the message
		wantOut     bool   // whether the reports are printed
	}{
		{name: "all passed", folders: []string{"a", "b"}, reports: map[string]func() *report.Report{"a": passing, "b": passing}, wantOut: true},
		{name: "one not passed", folders: []string{"a", "b"}, reports: map[string]func() *report.Report{"a": passing, "b": failing},
			wantErr: cmdutil.ErrNotPassed, wantOut: true},
		{name: "one could not be graded", folders: []string{"a", "b"}, reports: map[string]func() *report.Report{"a": passing},
			errs:        map[string]error{"b": &workspace.InputError{Dir: "b", Problem: "has only test files"}},
			wantErrText: "could not grade 1 of the 2 challenge folders:\n  b: folder b has only test files", wantOut: true},
		// The message names the marker as the platform spells paths: c\.prep\... on Windows.
		{name: "a damaged marker", folders: []string{"a"}, damaged: "c", reports: map[string]func() *report.Report{"a": failing},
			wantErrText: "could not grade 1 of the 2 challenge folders:\n  c: " + filepath.Join("c", ".prep", "challenge.json") + " is damaged", wantOut: true},
		{name: "none could be graded", folders: []string{"a", "b"},
			errs:        map[string]error{"a": errors.New("broken a"), "b": errors.New("broken b")},
			wantErrText: "could not grade any of the 2 challenge folders:\n  a: broken a\n  b: broken b"},
		{name: "the only folder could not be graded", folders: []string{"a"}, errs: map[string]error{"a": errors.New("broken a")},
			wantErrText: "broken a"},
		{name: "no go", folders: []string{"a", "b"}, errs: map[string]error{"a": grader.ErrNoGo, "b": grader.ErrNoGo}, wantErr: grader.ErrNoGo},
		{name: "no folders", wantErrText: "no challenge folders in .: start one with `prep start NAME`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo(t, tt.folders...)
			if tt.damaged != "" {
				damaged(t, tt.damaged)
			}
			g := &fakeGrader{reports: tt.reports, errs: tt.errs}
			opts, out, _ := options(g, "text")
			err := ciRun(opts)
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.wantErrText != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErrText) {
					t.Errorf("err = %v, want %q", err, tt.wantErrText)
				}
				if errors.Is(err, cmdutil.ErrNotPassed) {
					t.Error("a run that could not grade everything exits as if it had")
				}
			case err != nil:
				t.Errorf("err = %v", err)
			}
			if got := out.Len() > 0; got != tt.wantOut {
				t.Errorf("printed reports: %v, want %v\n%s", got, tt.wantOut, out)
			}
		})
	}
}

func TestCIAnnotatesUngradable(t *testing.T) {
	repo(t, "a", "b")
	g := &fakeGrader{reports: map[string]func() *report.Report{"a": passing}, errs: map[string]error{"b": errors.New("unknown challenge \"gone\"\nsecond line")}}
	opts, out, _ := options(g, "github")
	ciRun(opts)
	if want := "::error title=prep could not grade b::unknown challenge \"gone\"%0Asecond line\n"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("stdout starts %q, want %q", out, want)
	}
}

// A folder whose marker names a challenge prep does not know is not graded: it is reported as
// ungradable, naming the challenge and the nearest one, while the others are graded.
func TestCIUnknownChallenge(t *testing.T) {
	repo(t, "a", "b")
	if err := workspace.WriteMarker("b", workspace.Marker{Challenge: "lur", Started: cmdtest.Now}); err != nil {
		t.Fatal(err)
	}
	g := &fakeGrader{reports: map[string]func() *report.Report{"a": passing, "b": passing}}
	opts, _, _ := options(g, "json")
	err := ciRun(opts)
	if err == nil || !strings.Contains(err.Error(), "could not grade 1 of the 2 challenge folders:\n  b: ") || !strings.Contains(err.Error(), `"lur"`) {
		t.Errorf("err = %v, want folder b ungradable for its unknown challenge", err)
	}
	if len(g.calls) != 1 || g.calls[0].Dir != "a" {
		t.Errorf("graded %d folders, want only a", len(g.calls))
	}
}

func TestCIRecordsHistory(t *testing.T) {
	repo(t, "lru", "lru-stub")
	opts, _, _ := options(twoFolders(), "json")
	ciRun(opts)
	gs, err := workspace.ReadHistory(".")
	if err != nil || len(gs) != 2 {
		t.Fatalf("history = %+v, %v; want two gradings", gs, err)
	}
	if gs[0].Dir != "lru" || !gs[0].Passed || gs[1].Dir != "lru-stub" || gs[1].Passed || gs[0].By != "ci" || !gs[0].Time.Equal(cmdtest.Now) {
		t.Errorf("history = %+v", gs)
	}
}

// Gradings run side by side, but never more than --jobs at once.
func TestCIJobs(t *testing.T) {
	folders := []string{"a", "b", "c", "d", "e"}
	repo(t, folders...)
	var mu sync.Mutex
	running, most := 0, 0
	g := &fakeGrader{reports: map[string]func() *report.Report{}, before: func(grader.Options) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		running--
		mu.Unlock()
	}}
	for _, f := range folders {
		g.reports[f] = passing
	}
	opts, out, _ := options(g, "json")
	opts.Jobs = 2
	if err := ciRun(opts); err != nil {
		t.Fatal(err)
	}
	if most != 2 {
		t.Errorf("at most %d gradings ran at once, want 2", most)
	}
	// The document keeps the folders' order, whatever order the gradings finished in.
	if i, j := strings.Index(out.String(), `"dir": "a"`), strings.Index(out.String(), `"dir": "e"`); i < 0 || j < i {
		t.Errorf("reports out of order:\n%s", out)
	}
	for _, c := range g.calls {
		if c.Challenge == nil || c.Challenge.Name != "lru" {
			t.Errorf("graded %s as %v, want lru, the challenge of its marker", c.Dir, c.Challenge)
		}
	}
}

func TestCIInterrupted(t *testing.T) {
	repo(t, "a", "b", "c")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g := &fakeGrader{reports: map[string]func() *report.Report{"a": failing, "b": failing, "c": failing}, before: func(grader.Options) { cancel() }}
	opts, out, _ := options(g, "text")
	opts.Ctx = ctx
	opts.Jobs = 1
	if err := ciRun(opts); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if out.Len() > 0 {
		t.Errorf("printed the reports of an interrupted run:\n%s", out)
	}
	if len(g.calls) != 1 {
		t.Errorf("started %d gradings after the interrupt, want none", len(g.calls)-1)
	}
}

func TestCIProgress(t *testing.T) {
	repo(t, "lru", "lru-stub")
	g := twoFolders()
	g.before = func(o grader.Options) {
		if o.Progress == nil {
			t.Error("no progress callback although stderr is a terminal")
			return
		}
		o.Progress(grader.Event{Step: "building"})
	}
	opts, out, errOut := options(g, "json")
	opts.IO.IsStderrTTY = true
	opts.Jobs = 1
	ciRun(opts)
	for _, want := range []string{"grading 2 folders, 0 done · lru: building", "grading 2 folders, 1 done · lru-stub: building"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr = %q, want %q", errOut, want)
		}
	}
	if strings.Contains(out.String(), "building") {
		t.Error("progress reached stdout")
	}
}
