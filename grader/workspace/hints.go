package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prep-judge/prep/grader/internal/robust"
)

// hintsFile, inside the StateDir of a practice repository's root, records how many hints of
// each challenge the learner has seen, so that `prep hint` gives the next one each time.
// Hints belong to a challenge rather than a folder: starting the challenge again in another
// folder does not hide what was already read.
const hintsFile = "hints.json"

type hintsState struct {
	Shown map[string]int `json:"shown"`
}

// HintsShown returns how many hints of each challenge have been shown in the repository
// rooted at root, by challenge name.
func HintsShown(root string) (map[string]int, error) {
	path := filepath.Join(root, StateDir, hintsFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]int{}, nil
	}
	if err != nil {
		return nil, err
	}
	var s hintsState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s is damaged (%v); delete it to start the hints again", path, err)
	}
	if s.Shown == nil {
		s.Shown = map[string]int{}
	}
	return s.Shown, nil
}

// SetHintsShown records that n hints of challenge have been shown in the repository rooted at
// root.
func SetHintsShown(root, challenge string, n int) error {
	shown, err := HintsShown(root)
	if err != nil {
		return err
	}
	shown[challenge] = n
	b, err := json.MarshalIndent(hintsState{Shown: shown}, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Join(root, StateDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Written beside and renamed into place, so that an interrupted write leaves the old
	// state rather than a damaged one. The rename is retried while Windows' indexer or an
	// antivirus scanner has the old file open.
	tmp, err := os.CreateTemp(dir, hintsFile+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if err = errors.Join(err, tmp.Close()); err == nil {
		err = robust.Rename(tmp.Name(), filepath.Join(dir, hintsFile))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
