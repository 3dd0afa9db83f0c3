package testjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func load(t *testing.T, name string) *Execution {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := NewExecution()
	within, err := e.Read(f, 0)
	if err != nil || !within {
		t.Fatalf("Read = %v, %v", within, err)
	}
	return e
}

type outcome struct {
	Name     string
	Action   Action
	Children []string
}

func outcomes(e *Execution) []outcome {
	var out []outcome
	for _, t := range e.Tests() {
		out = append(out, outcome{t.Name, t.Action, t.Children})
	}
	return out
}

func TestReplay(t *testing.T) {
	cases := []struct {
		file    string
		pkg     Action
		want    []outcome
		signsOf string // the test whose output (with the package's) shows the signs
		signs   Signs
	}{
		{
			file: "mixed.jsonl", pkg: ActionFail,
			want: []outcome{
				{"TestPass", ActionPass, []string{"TestPass/sub"}},
				{"TestPass/sub", ActionPass, nil},
				{"TestFail", ActionFail, nil},
				{"TestSkip", ActionSkip, nil},
			},
			signsOf: "TestFail",
		},
		{
			// A crash ends the stream without the package's own terminal event.
			file: "panic.jsonl", pkg: "",
			want: []outcome{
				{"TestPanic", ActionFail, []string{"TestPanic/x"}},
				{"TestPanic/x", ActionFail, nil},
			},
			signsOf: "TestPanic", signs: Signs{Panic: true},
		},
		{
			file: "exit.jsonl", pkg: "",
			want:    []outcome{{"TestExit", ActionFail, nil}},
			signsOf: "TestExit", signs: Signs{Panic: true},
		},
		{
			// The timeout's panic ends the binary while the parent test is still running.
			file: "timeout.jsonl", pkg: "",
			want: []outcome{
				{"TestSleep", ActionRun, []string{"TestSleep/x"}},
				{"TestSleep/x", ActionFail, nil},
			},
			signsOf: "TestSleep/x", signs: Signs{Timeout: true, Panic: true},
		},
		{
			file: "race.jsonl", pkg: ActionFail,
			want:    []outcome{{"TestRace", ActionFail, nil}},
			signsOf: "TestRace", signs: Signs{Race: true},
		},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			e := load(t, tc.file)
			if diff := cmp.Diff(tc.want, outcomes(e)); diff != "" {
				t.Errorf("tests (-want +got):\n%s", diff)
			}
			if e.Action != tc.pkg {
				t.Errorf("package action = %q, want %q", e.Action, tc.pkg)
			}
			if got := SignsOf(e.Test(tc.signsOf).Output + e.Output()); got != tc.signs {
				t.Errorf("signs of %s = %+v, want %+v", tc.signsOf, got, tc.signs)
			}
		})
	}
}

func TestOutputHasNoFraming(t *testing.T) {
	e := load(t, "mixed.jsonl")
	got := e.Test("TestFail").Output
	if strings.Contains(got, "=== RUN") || strings.Contains(got, "--- FAIL") {
		t.Errorf("output keeps test2json's framing: %q", got)
	}
	if !strings.Contains(got, "got 1, want 2") {
		t.Errorf("output lost the failure message: %q", got)
	}
}

func TestReadStopsAtLimit(t *testing.T) {
	line := `{"Action":"output","Test":"TestX","Output":"` + strings.Repeat("x", 1000) + `\n"}` + "\n"
	e := NewExecution()
	within, err := e.Read(strings.NewReader(strings.Repeat(line, 100)), 10_000)
	if err != nil {
		t.Fatal(err)
	}
	if within {
		t.Fatal("Read did not report the output limit")
	}
	if e.OutputBytes > 12_000 {
		t.Errorf("Read went on to %d bytes past a limit of 10000", e.OutputBytes)
	}
}

func TestKeptOutputIsBounded(t *testing.T) {
	e := NewExecution()
	chunk := strings.Repeat("y", 999) + "\n"
	for i := 0; i < 1000; i++ {
		e.Add(Event{Action: ActionOutput, Test: "TestBig", Output: chunk})
	}
	out := e.Test("TestBig").Output
	if len(out) > maxKept+200 {
		t.Errorf("kept %d bytes of output, more than the %d bound", len(out), maxKept)
	}
	if !strings.Contains(out, "bytes of output left out") {
		t.Error("the cut is not marked")
	}
}

func TestNonJSONLinesAreKept(t *testing.T) {
	e := NewExecution()
	if _, err := e.Read(strings.NewReader("# pkg\nfoo.go:1:2: undefined: x\n"), 0); err != nil {
		t.Fatal(err)
	}
	if len(e.NonJSON) != 2 {
		t.Errorf("NonJSON = %q, want both lines", e.NonJSON)
	}
}

// Running out of memory reads differently on each platform, and every form is the same sign.
func TestOutOfMemorySigns(t *testing.T) {
	for platform, out := range map[string]string{
		"linux":      "fatal error: runtime: out of memory\n\nruntime stack:\n",
		"heap":       "runtime: out of memory: cannot allocate 1073741824-byte block (3221225472 in use)\nfatal error: out of memory\n",
		"windows":    "runtime: VirtualAlloc of 67108864 bytes failed with errno=1455\nfatal error: out of memory\n",
		"mmap error": "runtime: cannot allocate memory\nfatal error: runtime: cannot allocate memory\n",
	} {
		if s := SignsOf(out); !s.OOM || !s.Panic {
			t.Errorf("%s: SignsOf(%q) = %+v, want OOM and Panic", platform, out, s)
		}
	}
	if s := SignsOf("panic: index out of range [3] with length 3\n"); s.OOM {
		t.Errorf("a panic read as out of memory: %+v", s)
	}
}
