package workspace

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prep-judge/prep/grader/report"
)

func mkdir(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

func touch(t *testing.T, path, data string) {
	t.Helper()
	mkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindRoot(t *testing.T) {
	base := t.TempDir()
	repo := filepath.Join(base, "repo")
	touch(t, filepath.Join(repo, "go.mod"), "module practice\n")
	mkdir(t, filepath.Join(repo, "lru", "sub"))
	gitRepo := filepath.Join(base, "git")
	mkdir(t, filepath.Join(gitRepo, ".git"))
	mkdir(t, filepath.Join(gitRepo, "a", "b"))
	worktree := filepath.Join(base, "worktree")
	touch(t, filepath.Join(worktree, ".git"), "gitdir: elsewhere\n") // a file in worktrees
	loose := filepath.Join(base, "loose")
	mkdir(t, loose)

	for dir, want := range map[string]string{
		repo:                               repo,
		filepath.Join(repo, "lru", "sub"):  repo,
		filepath.Join(gitRepo, "a", "b"):   gitRepo,
		filepath.Join(worktree):            worktree,
		filepath.Join(repo, "not", "made"): repo,
	} {
		if got, err := FindRoot(dir); err != nil || got != want {
			t.Errorf("FindRoot(%s) = %s, %v; want %s", dir, got, err, want)
		}
	}
	// With no go.mod or .git above it, a folder is its own root, unless the temporary folder
	// is itself inside a repository.
	if got, _ := FindRoot(loose); got != loose && !strings.HasPrefix(loose, got) {
		t.Errorf("FindRoot(%s) = %s, want the folder itself", loose, got)
	}
}

func TestFindFolders(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, f := range []string{"lru", "queues/topk", "queues/topk/nested", ".hidden/lru", "_old/lru", "testdata/lru", "vendor/x", "node_modules/y"} {
		if err := WriteMarker(f, Marker{Challenge: filepath.Base(f), Started: time.Unix(0, 0).UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	touch(t, filepath.Join("broken", StateDir, markerFile), "{not json")
	mkdir(t, "plain")

	got, err := FindFolders(".")
	if err != nil {
		t.Fatal(err)
	}
	var dirs, challenges []string
	for _, f := range got {
		dirs = append(dirs, filepath.ToSlash(f.Dir))
		if f.Err != nil {
			challenges = append(challenges, "error")
		} else {
			challenges = append(challenges, f.Marker.Challenge)
		}
	}
	if diff := cmp.Diff([]string{"broken", "lru", "queues/topk", "queues/topk/nested"}, dirs); diff != "" {
		t.Errorf("folders (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"error", "lru", "topk", "nested"}, challenges); diff != "" {
		t.Errorf("challenges (-want +got):\n%s", diff)
	}

	// The repository's root may itself be a challenge folder: one started outside any module.
	got, err = FindFolders("lru")
	if err != nil || len(got) != 1 || got[0].Dir != "lru" {
		t.Errorf("FindFolders(lru) = %+v, %v; want the folder itself", got, err)
	}

	var inputErr *InputError
	if _, err := FindFolders("missing"); !errors.As(err, &inputErr) {
		t.Errorf("FindFolders(missing) = %v, want an InputError", err)
	}
}

func TestHistory(t *testing.T) {
	root := t.TempDir()
	if gs, err := ReadHistory(root); err != nil || gs != nil {
		t.Fatalf("ReadHistory of a new repository = %v, %v; want nothing", gs, err)
	}
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	first := Grading{Time: at, Dir: "lru", Challenge: "lru", Verdict: report.WrongAnswer, Score: 50, MaxScore: 100, By: "submit"}
	second := Grading{Time: at.Add(time.Minute), Dir: "lru", Challenge: "lru", Passed: true, Verdict: report.Accepted, Score: 100, MaxScore: 100, By: "ci"}
	if err := AppendHistory(root, first); err != nil {
		t.Fatal(err)
	}
	// A line damaged by a crash halfway costs that line only.
	f, err := os.OpenFile(HistoryPath(root), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2025-03-01T12:00:30Z","dir":"lru","chall` + "\n")
	f.Close()
	if err := AppendHistory(root, second); err != nil {
		t.Fatal(err)
	}
	got, err := ReadHistory(root)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Grading{first, second}, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
}

func TestHints(t *testing.T) {
	root := t.TempDir()
	shown, err := HintsShown(root)
	if err != nil || len(shown) != 0 {
		t.Fatalf("HintsShown of a new repository = %v, %v", shown, err)
	}
	if err := SetHintsShown(root, "lru", 1); err != nil {
		t.Fatal(err)
	}
	if err := SetHintsShown(root, "topk", 2); err != nil {
		t.Fatal(err)
	}
	if err := SetHintsShown(root, "lru", 2); err != nil {
		t.Fatal(err)
	}
	shown, err = HintsShown(root)
	if diff := cmp.Diff(map[string]int{"lru": 2, "topk": 2}, shown); err != nil || diff != "" {
		t.Errorf("hints shown (-want +got), %v:\n%s", err, diff)
	}
	entries, _ := os.ReadDir(filepath.Join(root, StateDir))
	if len(entries) != 1 {
		t.Errorf("the state folder holds %v, want only %s", entries, hintsFile)
	}
	touch(t, filepath.Join(root, StateDir, hintsFile), "{")
	if _, err := HintsShown(root); err == nil || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("a damaged state file gives %v, want an error saying how to recover", err)
	}
}

func TestRelDir(t *testing.T) {
	root := t.TempDir()
	for dir, want := range map[string]string{
		root:                              ".",
		filepath.Join(root, "lru"):        "lru",
		filepath.Join(root, "a", "b"):     "a/b",
		filepath.Join(root, "..", "else"): filepath.ToSlash(filepath.Join(filepath.Dir(root), "else")),
	} {
		if got := RelDir(root, dir); got != want {
			t.Errorf("RelDir(%s) = %s, want %s", dir, got, want)
		}
	}
}
