package cmdutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

func TestRecordAndLoadPractice(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	started := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, dir := range []string{"lru", "lru-again", "alone"} {
		if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: "lru", Started: started}); err != nil {
			t.Fatal(err)
		}
	}
	// A folder started outside the repository's module is a module, and a root, of its own.
	if err := os.WriteFile(filepath.Join("alone", "go.mod"), []byte("module lru\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ios, _, _, errOut := iostreams.Test()
	now := started.Add(time.Hour)
	RecordGradings(ios, "ci", now,
		&report.Report{Challenge: "lru", Dir: "lru", Verdict: report.WrongAnswer, Score: 50, MaxScore: 100},
		&report.Report{Challenge: "lru", Dir: filepath.Join(root, "alone"), Passed: true, Verdict: report.Accepted, Score: 100, MaxScore: 100},
	)
	if errOut.Len() > 0 {
		t.Fatalf("stderr = %q", errOut)
	}
	for path, want := range map[string]string{
		filepath.Join(root, ".prep", "history.jsonl"):          `"dir":"lru","challenge":"lru","passed":false`,
		filepath.Join(root, "alone", ".prep", "history.jsonl"): `"dir":".","challenge":"lru","passed":true`,
	} {
		b, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s = %q, %v; want a line with %s", path, b, err, want)
		}
	}

	// From a folder inside the repository, all of it is seen, nested roots included.
	p, err := workspace.LoadPractice("lru")
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != root || len(p.Folders) != 3 {
		t.Fatalf("practice at %s with %d folders, want %s with 3", p.Root, len(p.Folders), root)
	}
	if gs := p.Gradings(filepath.Join(root, "lru")); len(gs) != 1 || gs[0].Score != 50 || !gs[0].Time.Equal(now) {
		t.Errorf("gradings of lru = %+v", gs)
	}
	if gs := p.Gradings(filepath.Join(root, "alone")); len(gs) != 1 || !gs[0].Passed {
		t.Errorf("gradings of alone = %+v", gs)
	}
	if !p.Passed("lru") || p.Passed("topk") {
		t.Error("Passed does not follow the history")
	}
}

func TestRecordWarnsWhenItCannotWrite(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module practice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "lru")
	if err := workspace.WriteMarker(dir, workspace.Marker{Challenge: "lru"}); err != nil {
		t.Fatal(err)
	}
	// A file where the root's state folder should be makes the history unwritable.
	if err := os.WriteFile(filepath.Join(root, ".prep"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, _, errOut := iostreams.Test()
	RecordGradings(ios, "submit", time.Now(), &report.Report{Challenge: "lru", Dir: dir})
	if !strings.HasPrefix(errOut.String(), "prep: warning: could not record the grading in ") {
		t.Errorf("stderr = %q, want a warning", errOut)
	}
}

// A folder prep did not start, graded with --challenge, is no practice of the learner's.
func TestRecordSkipsFoldersNotStarted(t *testing.T) {
	root := t.TempDir()
	ios, _, _, errOut := iostreams.Test()
	RecordGradings(ios, "submit", time.Now(), &report.Report{Challenge: "lru", Dir: root})
	if _, err := os.Stat(filepath.Join(root, ".prep")); err == nil || errOut.Len() > 0 {
		t.Errorf("recorded the grading of a folder prep did not start (stderr %q)", errOut)
	}
}
