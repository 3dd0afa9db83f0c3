package workspace

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/prep-judge/prep/grader/report"
)

// A practice repository is a folder (usually a git repository) of challenge folders, each
// made by `prep start`, with the history of their gradings and the hints shown in its
// StateDir: what `prep status`, `prep solution` and `prep hint` read and `prep submit`,
// `prep ci` and `prep watch` add to.

// RecordGradings appends reports to the history of the practice repository each graded
// folder belongs to, for `prep status` and `prep solution`; by names the command. Only
// challenge folders, the ones `prep start` made, are practice: a folder graded with
// --challenge, such as a submission kept as test data, is not recorded. It returns what could
// not be recorded, each error naming the folder or the history file.
func RecordGradings(by string, now time.Time, rs ...*report.Report) []error {
	var errs []error
	byRoot := map[string][]Grading{}
	var roots []string
	for _, r := range rs {
		if r == nil {
			continue
		}
		dir := r.Dir
		if dir == "" {
			dir = "."
		}
		if _, err := ReadMarker(dir); err != nil {
			continue
		}
		root, err := FindRoot(dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("could not record the grading of %s: %w", dir, err))
			continue
		}
		if _, ok := byRoot[root]; !ok {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], Grading{
			Time:       now.UTC().Truncate(time.Second),
			Dir:        RelDir(root, dir),
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
		if err := AppendHistory(root, byRoot[root]...); err != nil {
			errs = append(errs, fmt.Errorf("could not record the grading in %s: %w", HistoryPath(root), err))
		}
	}
	return errs
}

// Practice is what prep knows of a practice repository: where it is, the challenge folders
// in it, every grading recorded and the hints shown.
type Practice struct {
	// Root is the repository's root, absolute.
	Root string
	// Folders are the challenge folders below Root, their Dir absolute.
	Folders []Folder
	// Hints counts the hints shown, by challenge.
	Hints map[string]int

	// gradings holds the history by the absolute path of the folder graded.
	gradings map[string][]Grading
}

// LoadPractice reads the practice repository that dir belongs to. A challenge folder that is
// a module of its own keeps its history in its own StateDir, so those are read too.
func LoadPractice(dir string) (*Practice, error) {
	root, err := FindRoot(dir)
	if err != nil {
		return nil, err
	}
	folders, err := FindFolders(root)
	if err != nil {
		return nil, err
	}
	hints, err := HintsShown(root)
	if err != nil {
		return nil, err
	}
	p := &Practice{Root: root, Folders: folders, Hints: hints, gradings: map[string][]Grading{}}
	read := map[string]bool{}
	roots := []string{root}
	for _, f := range folders {
		if r, err := FindRoot(f.Dir); err == nil {
			roots = append(roots, r)
		}
	}
	for _, r := range roots {
		if read[r] {
			continue
		}
		read[r] = true
		gs, err := ReadHistory(r)
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
func (p *Practice) Gradings(dir string) []Grading { return p.gradings[dir] }

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
