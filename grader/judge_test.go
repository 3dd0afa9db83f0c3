package grader

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges/kit"
)

// Every hidden top-level test is renamed and wrapped, in the order the testing package would
// run them: by file name, then as each file declares them.
func TestJudgeHidden(t *testing.T) {
	hidden := map[string][]byte{
		"race_test.go":        []byte("package lru\n\nimport \"testing\"\n\nfunc TestZ(t *testing.T) {}\n"),
		"correctness_test.go": []byte("package lru\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) {}\n\n// TestA is declared second.\nfunc TestA(t *testing.T) { helper() }\n\nfunc Testify() {}\n"),
		"helpers_test.go":     []byte("package lru\n\nfunc helper() {}\n"),
	}
	out, err := judgeHidden("lru", hidden)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out["correctness_test.go"]); !strings.Contains(got, "func judgedTestB(t *testing.T) {}") ||
		!strings.Contains(got, "// TestA is declared second.\nfunc judgedTestA(t *testing.T) { helper() }") || !strings.Contains(got, "func Testify() {}") {
		t.Errorf("renamed correctness_test.go:\n%s", got)
	}
	if string(out["helpers_test.go"]) != string(hidden["helpers_test.go"]) {
		t.Errorf("a file without tests changed:\n%s", out["helpers_test.go"])
	}
	gen := string(out[judgeFile])
	b, a, z := strings.Index(gen, "func TestB("), strings.Index(gen, "func TestA("), strings.Index(gen, "func TestZ(")
	if b < 0 || a < b || z < a {
		t.Errorf("the wrappers are not in the order the tests run:\n%s", gen)
	}
	if !strings.Contains(gen, "func TestA(t *testing.T) { judge.Judge(t, judgedTestA) }") {
		t.Errorf("generated:\n%s", gen)
	}
}

// A failure in the judge's file is never undone by a later line.
func TestReadOutcomes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "judge.jsonl")
	lines := `{"test":"TestA","result":"fail","returned":true}
{"test":"TestA","result":"pass","returned":true}
{"test":"TestB","result":"pass","returned":true}
not json
{"test":"","result":"pass"}
`
	if err := os.WriteFile(path, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	got := readOutcomes(path)
	if got["TestA"].Result != kit.ResultFail || got["TestB"].Result != kit.ResultPass || len(got) != 2 {
		t.Errorf("readOutcomes = %+v", got)
	}
	if len(readOutcomes(filepath.Join(t.TempDir(), "missing"))) != 0 {
		t.Error("a missing file gave outcomes")
	}
}
