package grader

import (
	"errors"
	"time"

	"github.com/prep-judge/prep/challenges"
)

// Options say what to grade and how.
type Options struct {
	// Dir is the folder that holds the solution.
	Dir string
	// Challenge is the challenge to grade against, which the caller has resolved (see
	// workspace.FolderChallenge): prep looks a challenge up once per grading.
	Challenge *challenges.Challenge
	// Timeout overrides the wall time each suite may take; zero means the challenge's own.
	Timeout time.Duration
	// MaxMemory overrides the resident memory a test process may use, in bytes (the race
	// suite gets several times as much); zero means the challenge's own or the default.
	MaxMemory int64
	// MaxOutput overrides how many bytes one suite's tests may print; zero means the default.
	MaxOutput int64
	// Progress, when set, is told what the grader is doing, for a live display. It is called
	// from the grading goroutines and must not block.
	Progress func(Event)
}

// Event is a step of grading, for progress displays.
type Event struct {
	Suite string // empty for steps that belong to no suite, such as building
	Step  string // such as "building", "running", "done"
}

// ErrNoGo means the go command could not be found or run: prep cannot grade without it.
var ErrNoGo = errors.New("the go command was not found; install Go from https://go.dev/dl and make sure `go` is on your PATH")
