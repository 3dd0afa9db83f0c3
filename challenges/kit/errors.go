package kit

import (
	"errors"
	"slices"
	"sync"
)

var (
	errorsMu sync.Mutex
	errorsBy = map[string]error{}
)

// ErrorFor returns the error whose text is text, the same value every time: the error a
// test's step returns, so that a solution that passes it on can be told, with errors.Is, from
// one that returns a copy with the same text or an error of its own. Safe for concurrent use.
func ErrorFor(text string) error {
	errorsMu.Lock()
	defer errorsMu.Unlock()
	if errorsBy[text] == nil {
		errorsBy[text] = errors.New(text)
	}
	return errorsBy[text]
}

// ErrorGiven says which error of ErrorFor err is or wraps (errors.Is), by its text, trying the
// texts in order so that an error wrapping several reads the same every time. When err wraps
// none, copied reports whether its text is one of theirs: a new error made with the same text,
// which errors.Is does not match.
func ErrorGiven(err error) (text string, found, copied bool) {
	errorsMu.Lock()
	defer errorsMu.Unlock()
	texts := make([]string, 0, len(errorsBy))
	for t := range errorsBy {
		texts = append(texts, t)
	}
	slices.Sort(texts)
	for _, t := range texts {
		if errors.Is(err, errorsBy[t]) {
			return t, true, false
		}
	}
	if err != nil {
		_, copied = errorsBy[err.Error()]
	}
	return "", false, copied
}
