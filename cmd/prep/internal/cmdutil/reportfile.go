package cmdutil

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/prep-judge/prep/grader/report"
	"github.com/spf13/cobra"
)

// ReportFiles are the reports a command writes to files beside its main output, as CI jobs
// want: a JUnit file for the test reporter and a JSON file to keep, while the log shows the
// scorecard or annotations.
type ReportFiles struct {
	JUnit string
	JSON  string
}

// AddFlags adds --junit and --json to cmd.
func (f *ReportFiles) AddFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.JUnit, "junit", "", "also write the JUnit XML report to `FILE`, for CI test reporters")
	cmd.Flags().StringVar(&f.JSON, "json", "", "also write the JSON report to `FILE`")
	_ = cmd.MarkFlagFilename("junit", "xml")
	_ = cmd.MarkFlagFilename("json", "json")
}

// Write writes rs to the files asked for: one report as Print writes it when all is false,
// several as one document as PrintAll does when it is true. Missing parent folders are
// created, since CI jobs often collect reports in a folder of their own.
func (f ReportFiles) Write(newPrinter func(string, PrintOptions) (Printer, error), rs []*report.Report, all bool) error {
	for _, out := range []struct{ flag, format, path string }{
		{"--junit", "junit", f.JUnit},
		{"--json", "json", f.JSON},
	} {
		if out.path == "" {
			continue
		}
		p, err := newPrinter(out.format, PrintOptions{})
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if all {
			err = p.PrintAll(&b, rs)
		} else if len(rs) == 1 {
			err = p.Print(&b, rs[0])
		}
		if err == nil {
			err = os.MkdirAll(filepath.Dir(out.path), 0o755)
		}
		if err == nil {
			err = os.WriteFile(out.path, b.Bytes(), 0o644)
		}
		if err != nil {
			return fmt.Errorf("writing the %s report to %s (`%s`): %w", out.format, out.path, out.flag, err)
		}
	}
	return nil
}
