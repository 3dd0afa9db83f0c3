package cmdutil

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

// RecordGradings appends reports to the history of the practice repository each graded
// folder belongs to, for `prep status` and `prep solution`; by names the command. Only
// challenge folders, the ones `prep start` made, are practice: a folder graded with
// --challenge, such as a submission kept as test data, is not recorded. A history that cannot
// be written costs the learner only their record, so a failure is a warning on stderr, never
// a failed grading.
func RecordGradings(ios *iostreams.IOStreams, by string, now time.Time, rs ...*report.Report) {
	byRoot := map[string][]workspace.Grading{}
	var roots []string
	for _, r := range rs {
		if r == nil {
			continue
		}
		dir := r.Dir
		if dir == "" {
			dir = "."
		}
		if _, err := workspace.ReadMarker(dir); err != nil {
			continue
		}
		root, err := workspace.FindRoot(dir)
		if err != nil {
			fmt.Fprintf(ios.ErrOut, "prep: warning: could not record the grading of %s: %v\n", dir, err)
			continue
		}
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], workspace.Grading{
			Time:       now.UTC().Truncate(time.Second),
			Dir:        workspace.RelDir(root, dir),
			Challenge:  r.Challenge,
			Passed:     r.Passed,
			Verdict:    r.Verdict,
			Score:      r.Score,
			MaxScore:   r.MaxScore,
			DurationMS: r.DurationMS,
			By:         by,
		})
	}
	for _, root := range roots {
		if err := workspace.AppendHistory(root, byRoot[root]...); err != nil {
			fmt.Fprintf(ios.ErrOut, "prep: warning: could not record the grading in %s: %v\n", workspace.HistoryPath(root), err)
		}
	}
}

// Practice is what prep knows of a practice repository: where it is, the challenge folders
// in it, every grading recorded and the hints shown.
type Practice struct {
	// Root is the repository's root, absolute.
	Root string
	// Folders are the challenge folders below Root, their Dir absolute.
	Folders []workspace.Folder
	// Hints counts the hints shown, by challenge.
	Hints map[string]int

	// gradings holds the history by the absolute path of the folder graded.
	gradings map[string][]workspace.Grading
}

// LoadPractice reads the practice repository that dir belongs to. A challenge folder that is
// a module of its own keeps its history in its own StateDir, so those are read too.
func LoadPractice(dir string) (*Practice, error) {
	root, err := workspace.FindRoot(dir)
	if err != nil {
		return nil, err
	}
	folders, err := workspace.FindFolders(root)
	if err != nil {
		return nil, err
	}
	hints, err := workspace.HintsShown(root)
	if err != nil {
		return nil, err
	}
	p := &Practice{Root: root, Folders: folders, Hints: hints, gradings: map[string][]workspace.Grading{}}
	read := map[string]bool{}
	roots := []string{root}
	for _, f := range folders {
		if r, err := workspace.FindRoot(f.Dir); err == nil {
			roots = append(roots, r)
		}
	}
	for _, r := range roots {
		if read[r] {
			continue
		}
		read[r] = true
		gs, err := workspace.ReadHistory(r)
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			abs := filepath.Join(r, filepath.FromSlash(g.Dir))
			if filepath.IsAbs(filepath.FromSlash(g.Dir)) {
				abs = filepath.FromSlash(g.Dir)
			}
			p.gradings[abs] = append(p.gradings[abs], g)
		}
	}
	return p, nil
}

// Gradings returns the gradings of the folder dir (absolute), oldest first.
func (p *Practice) Gradings(dir string) []workspace.Grading { return p.gradings[dir] }

// Passed reports whether the challenge was ever graded as passed in this repository, in any
// folder, including ones since removed.
func (p *Practice) Passed(challenge string) bool {
	for _, gs := range p.gradings {
		for _, g := range gs {
			if g.Challenge == challenge && g.Passed {
				return true
			}
		}
	}
	return false
}

// ChallengeOf returns the challenge named name or, when name is empty, the one dir was
// started for; cmd names the command for the error that asks for a name.
func ChallengeOf(load func() (*challenges.Set, error), name, dir, cmd string) (*challenges.Challenge, error) {
	set, err := load()
	if err != nil {
		return nil, err
	}
	c, err := lookup(set, name, dir)
	if errors.Is(err, workspace.ErrNotStarted) {
		return nil, FlagErrorf("name the challenge, as in `prep %s lru`, or run it in a folder `prep start` created", cmd)
	}
	return c, err
}

// FolderChallenge returns the challenge to grade the solution in dir against: the one named
// or, when name is empty, the one dir was started for.
func FolderChallenge(load func() (*challenges.Set, error), name, dir string) (*challenges.Challenge, error) {
	set, err := load()
	if err != nil {
		return nil, err
	}
	if name == "" {
		// A missing or empty folder says more than a missing marker, so it is reported first.
		if _, _, err := workspace.Sources(dir); err != nil {
			return nil, err
		}
	}
	c, err := lookup(set, name, dir)
	if errors.Is(err, workspace.ErrNotStarted) {
		return nil, fmt.Errorf("folder %s was not started by `prep start`; pass `--challenge NAME`", dir)
	}
	return c, err
}

// lookup returns the challenge named name or, when name is empty, the one dir was started for.
func lookup(set *challenges.Set, name, dir string) (*challenges.Challenge, error) {
	if name == "" {
		m, err := workspace.ReadMarker(dir)
		if err != nil {
			return nil, err
		}
		name = m.Challenge
	}
	return set.Lookup(name)
}
