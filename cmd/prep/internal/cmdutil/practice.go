package cmdutil

import (
	"errors"
	"fmt"
	"time"

	"github.com/prep-judge/prep/challenges"
	"github.com/prep-judge/prep/cmd/prep/internal/iostreams"
	"github.com/prep-judge/prep/grader/report"
	"github.com/prep-judge/prep/grader/workspace"
)

// RecordGradings appends reports to the history of their practice repositories (see
// workspace.RecordGradings); by names the command. A history that cannot be written costs the
// learner only their record, so a failure is a warning on stderr, never a failed grading.
func RecordGradings(ios *iostreams.IOStreams, by string, now time.Time, rs ...*report.Report) {
	for _, err := range workspace.RecordGradings(by, now, rs...) {
		fmt.Fprintf(ios.ErrOut, "prep: warning: %v\n", err)
	}
}

// ChallengeOf returns the challenge named name or, when name is empty, the one dir was
// started for; cmd names the command for the error that asks for a name.
func ChallengeOf(load func() (*challenges.Set, error), name, dir, cmd string) (*challenges.Challenge, error) {
	set, err := load()
	if err != nil {
		return nil, err
	}
	c, err := workspace.FolderChallenge(set, name, dir)
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
	c, err := workspace.FolderChallenge(set, name, dir)
	if errors.Is(err, workspace.ErrNotStarted) {
		return nil, fmt.Errorf("folder %s was not started by `prep start`, so prep cannot tell which challenge it holds; pass `--challenge NAME` (see `prep list`)", dir)
	}
	return c, err
}
