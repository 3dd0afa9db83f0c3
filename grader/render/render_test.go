package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prep-judge/prep/grader/report"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name.golden, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update || os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run `go test ./grader/render -update` to create it", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s\nif the change is intended, run `go test ./grader/render -update`", path, diff)
	}
}

// variants are the printers every fixture is rendered with.
var variants = []struct {
	name    string
	printer Printer
}{
	{"text", Text{}},
	{"color", Text{Options: Options{Color: true}}},
	{"verbose", Text{Options: Options{Verbose: true}}},
	{"json", JSON{}},
	{"junit", JUnit{}},
	{"github", GitHub{}},
}

func TestGolden(t *testing.T) {
	for _, f := range fixtures {
		for _, v := range variants {
			name := f.name + "." + v.name
			t.Run(name, func(t *testing.T) {
				var b bytes.Buffer
				if err := v.printer.Print(&b, f.report()); err != nil {
					t.Fatal(err)
				}
				golden(t, name, b.Bytes())
			})
		}
	}
}

func TestGoldenAll(t *testing.T) {
	for _, v := range variants {
		if v.name == "verbose" {
			continue
		}
		name := "multi." + v.name
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := v.printer.PrintAll(&b, multiReports()); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
		})
	}
	t.Run("multi.summary", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteStepSummary(&b, multiReports()); err != nil {
			t.Fatal(err)
		}
		golden(t, "multi.summary", b.Bytes())
	})
}

func TestNew(t *testing.T) {
	for _, f := range Formats {
		p, err := New(f, Options{})
		if err != nil || p == nil {
			t.Errorf("New(%q) = %v, %v; want a printer", f, p, err)
		}
	}
	opts := Options{Color: true, Verbose: true}
	p, _ := New("text", opts)
	if got, ok := p.(Text); !ok || !cmp.Equal(got.Options, opts) {
		t.Errorf("New(\"text\", %+v) = %#v; want a Text with those options", opts, p)
	}
	outlines := map[string]Outline{"lru": {Files: []string{"lru.go"}}}
	p, _ = New("github", Options{Outlines: outlines})
	if got, ok := p.(GitHub); !ok || !cmp.Equal(got.Outlines, outlines) {
		t.Errorf("New(\"github\") = %#v; want a GitHub with the outlines", p)
	}
	_, err := New("xml", Options{})
	want := `unknown format "xml": use text, json, junit or github`
	if err == nil || err.Error() != want {
		t.Errorf("New(\"xml\") error = %v; want %q", err, want)
	}
}

// Printing must not change the report: the caller may print it again in another format.
func TestPrintLeavesReportAlone(t *testing.T) {
	for _, f := range fixtures {
		for _, v := range variants {
			r := f.report()
			r.Diagnostics = nil
			r.Suites = r.Suites[1:] // a report missing a suite gets a stand-in when printed
			before := *r
			before.Suites = append([]report.Suite(nil), r.Suites...)
			if err := v.printer.Print(&bytes.Buffer{}, r); err != nil {
				t.Fatalf("%s.%s: %v", f.name, v.name, err)
			}
			if diff := cmp.Diff(&before, r); diff != "" {
				t.Errorf("%s.%s changed the report (-before +after):\n%s", f.name, v.name, diff)
			}
		}
	}
}

func TestNilReport(t *testing.T) {
	for _, v := range variants {
		if err := v.printer.Print(&bytes.Buffer{}, nil); err == nil {
			t.Errorf("%s: Print(nil) succeeded", v.name)
		}
		if err := v.printer.PrintAll(&bytes.Buffer{}, []*report.Report{acceptedReport(), nil}); err == nil {
			t.Errorf("%s: PrintAll with a nil report succeeded", v.name)
		}
	}
}

type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteErrors(t *testing.T) {
	for _, v := range variants {
		if err := v.printer.Print(failingWriter{}, acceptedReport()); !errors.Is(err, errWrite) {
			t.Errorf("%s: Print to a failing writer = %v; want %v", v.name, err, errWrite)
		}
		if err := v.printer.PrintAll(failingWriter{}, multiReports()); !errors.Is(err, errWrite) {
			t.Errorf("%s: PrintAll to a failing writer = %v; want %v", v.name, err, errWrite)
		}
	}
}

func TestDuration(t *testing.T) {
	for ms, want := range map[int64]string{
		0: "0ms", 12: "12ms", 99: "99ms", 100: "0.10s", 410: "0.41s", 1204: "1.20s",
		9994: "9.99s", 9995: "10.0s", 12345: "12.3s", 59949: "59.9s", 59950: "1m00s", 65000: "1m05s", 3600000: "60m00s",
	} {
		if got := duration(ms); got != want {
			t.Errorf("duration(%d) = %q; want %q", ms, got, want)
		}
	}
}

func TestLines(t *testing.T) {
	got := lines("\n\nfirst  \r\n\tsecond\n\n third\n\n\n")
	want := []string{"first", "\tsecond", "", " third"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if got := lines(" \n\n"); len(got) != 0 {
		t.Errorf("lines of blank text = %q; want none", got)
	}
}
