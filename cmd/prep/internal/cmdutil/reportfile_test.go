package cmdutil

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prep-judge/prep/grader/report"
	"github.com/spf13/cobra"
)

type namePrinter string

func (p namePrinter) Print(w io.Writer, r *report.Report) error {
	_, err := fmt.Fprintf(w, "%s one %s\n", p, r.Challenge)
	return err
}

func (p namePrinter) PrintAll(w io.Writer, rs []*report.Report) error {
	_, err := fmt.Fprintf(w, "%s all %d\n", p, len(rs))
	return err
}

func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	newPrinter := func(format string, _ PrintOptions) (Printer, error) { return namePrinter(format), nil }
	rs := []*report.Report{{Challenge: "lru"}, {Challenge: "topk"}}

	var files ReportFiles
	cmd := &cobra.Command{Run: func(*cobra.Command, []string) {}}
	files.AddFlags(cmd)
	cmd.SetArgs([]string{"--junit", filepath.Join(dir, "reports", "junit.xml"), "--json", filepath.Join(dir, "report.json")})
	cmd.SetOut(&bytes.Buffer{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if err := files.Write(newPrinter, rs, true); err != nil {
		t.Fatal(err)
	}
	if err := (ReportFiles{}).Write(newPrinter, rs, true); err != nil {
		t.Errorf("writing no files: %v", err)
	}
	for name, want := range map[string]string{"reports/junit.xml": "junit all 2\n", "report.json": "json all 2\n"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	if err := (ReportFiles{JSON: filepath.Join(dir, "one.json")}).Write(newPrinter, rs[:1], false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "one.json")); string(b) != "json one lru\n" {
		t.Errorf("one report = %q", b)
	}

	err := (ReportFiles{JUnit: filepath.Join(dir, "report.json", "x.xml")}).Write(newPrinter, rs, true)
	if err == nil || !strings.Contains(err.Error(), "(`--junit`)") {
		t.Errorf("err = %v, want one naming the flag", err)
	}
}
