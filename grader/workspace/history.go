package workspace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/prep-judge/prep/grader/report"
)

// historyFile, inside the StateDir of a practice repository's root, records every grading.
//
// It is JSON Lines: one Grading per line, appended and never rewritten. Appending one line
// with one write keeps concurrent writers (a `prep watch` beside a `prep submit`, the
// gradings of one `prep ci`) from interleaving on local file systems, and a line that is
// damaged anyway, by a crash halfway or a merge, costs that one record only: ReadHistory
// skips it. Fields may be added; readers ignore what they do not know.
const historyFile = "history.jsonl"

// Grading is one line of the history: the outcome of grading one folder once.
type Grading struct {
	Time time.Time `json:"time"`
	// Dir is the folder graded, relative to the repository's root with forward slashes ("."
	// for the root itself), so that the record does not depend on where prep ran.
	Dir        string         `json:"dir"`
	Challenge  string         `json:"challenge"`
	Passed     bool           `json:"passed"`
	Verdict    report.Verdict `json:"verdict"`
	Score      int            `json:"score"`
	MaxScore   int            `json:"max_score"`
	DurationMS int64          `json:"duration_ms"`
	// By names the command that graded: "submit", "ci" or "watch".
	By string `json:"by,omitempty"`
}

// HistoryPath returns the path of the history of the repository rooted at root.
func HistoryPath(root string) string {
	return filepath.Join(root, StateDir, historyFile)
}

// AppendHistory adds gradings to the history of the repository rooted at root, creating its
// StateDir if needed.
func AppendHistory(root string, gs ...Grading) error {
	if len(gs) == 0 {
		return nil
	}
	var b bytes.Buffer
	for _, g := range gs {
		line, err := json.Marshal(g)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.MkdirAll(filepath.Join(root, StateDir), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(HistoryPath(root), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(b.Bytes())
	return errors.Join(err, f.Close())
}

// ReadHistory returns the history of the repository rooted at root, oldest first; none when
// nothing was graded there yet. Lines that are not a grading are skipped.
func ReadHistory(root string) ([]Grading, error) {
	f, err := os.Open(HistoryPath(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var gs []Grading
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		var g Grading
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil || g.Challenge == "" {
			continue
		}
		gs = append(gs, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", HistoryPath(root), err)
	}
	return gs, nil
}
