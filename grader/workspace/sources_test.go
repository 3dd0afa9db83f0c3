package workspace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSourcesReadsSolutionFilesOnly(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.go", "package b\n")
	write(t, dir, "a.go", "package a\n")
	write(t, dir, "a_test.go", "package a\n")
	write(t, dir, "_ignored.go", "package x\n")
	write(t, dir, ".hidden.go", "package x\n")
	write(t, dir, "notes.txt", "hello")
	srcs, skipped, err := Sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].Name != "a.go" || srcs[1].Name != "b.go" || string(srcs[0].Data) != "package a\n" {
		t.Errorf("Sources = %+v", srcs)
	}
	if len(skipped) != 0 {
		t.Errorf("skipped = %v, want none", skipped)
	}
}

// A file too large to be a solution is skipped, not read whole.
func TestSourcesSkipsLargeFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.go", "package a\n")
	write(t, dir, "big.go", "package a\n//"+strings.Repeat("x", MaxFileSize))
	srcs, skipped, err := Sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || len(skipped) != 1 || skipped[0].Name != "big.go" || !strings.Contains(skipped[0].Reason, "larger than 1 MiB") {
		t.Errorf("Sources = %d files, skipped %v", len(srcs), skipped)
	}
}

// A folder of nothing but files prep will not read says why.
func TestSourcesExplainsAFolderOfSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "big.go", strings.Repeat("x", MaxFileSize+1))
	_, _, err := Sources(dir)
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "big.go is larger than") {
		t.Errorf("err = %v", err)
	}
}

func TestSourcesLimitsTheNumberOfFiles(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i <= MaxFiles; i++ {
		write(t, dir, fmt.Sprintf("f%03d.go", i), "package a\n")
	}
	if _, _, err := Sources(dir); err == nil || !strings.Contains(err.Error(), "more than 100 Go files") {
		t.Errorf("err = %v", err)
	}
}

func TestNotRegular(t *testing.T) {
	for mode, want := range map[os.FileMode]string{
		0:                                 "",
		os.ModeSymlink:                    "symbolic link",
		os.ModeNamedPipe:                  "named pipe",
		os.ModeDevice | os.ModeCharDevice: "device",
		os.ModeSocket:                     "socket",
		os.ModeIrregular:                  "not a regular file",
	} {
		if got := notRegular(mode); !strings.Contains(got, want) || (want == "" && got != "") {
			t.Errorf("notRegular(%v) = %q, want %q", mode, got, want)
		}
	}
}
