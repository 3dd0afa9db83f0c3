package render

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prep-judge/prep/grader/report"
)

// contractKeys are the top-level keys of the contract's document, in its order.
var contractKeys = []string{"schema", "challenge", "passed", "verdict", "score", "max_score", "duration_ms", "suites", "diagnostics"}

// objectKeys lists the keys of the JSON object at the start of data, in document order.
func objectKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("document does not start with an object: %v %v", tok, err)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// checkContract checks one report document against the contract: every key, in order,
// the three suites in order, and arrays where arrays are promised.
func checkContract(t *testing.T, name string, data []byte) {
	t.Helper()
	keys := objectKeys(t, data)
	var inOrder []string
	for _, k := range keys {
		if slices.Contains(contractKeys, k) {
			inOrder = append(inOrder, k)
		}
	}
	if diff := cmp.Diff(contractKeys, inOrder); diff != "" {
		t.Errorf("%s: contract keys (-want +got):\n%s", name, diff)
	}
	var doc struct {
		Schema string `json:"schema"`
		Suites []struct {
			Name  string          `json:"name"`
			Tests json.RawMessage `json:"tests"`
		} `json:"suites"`
		Diagnostics json.RawMessage `json:"diagnostics"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if doc.Schema != report.Schema {
		t.Errorf("%s: schema = %q; want %q", name, doc.Schema, report.Schema)
	}
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
		if !bytes.HasPrefix(s.Tests, []byte("[")) {
			t.Errorf("%s: suite %s tests = %s; want an array", name, s.Name, s.Tests)
		}
	}
	// Suites may be added after the contract's three; the three come first, in order.
	if len(names) > len(report.SuiteNames) {
		names = names[:len(report.SuiteNames)]
	}
	if diff := cmp.Diff(report.SuiteNames, names); diff != "" {
		t.Errorf("%s: suites (-want +got):\n%s", name, diff)
	}
	if !bytes.HasPrefix(doc.Diagnostics, []byte("[")) {
		t.Errorf("%s: diagnostics = %s; want an array", name, doc.Diagnostics)
	}
}

func TestJSONContract(t *testing.T) {
	for _, f := range fixtures {
		var b bytes.Buffer
		if err := (JSON{}).Print(&b, f.report()); err != nil {
			t.Fatal(err)
		}
		checkContract(t, f.name, b.Bytes())
		if !strings.HasPrefix(b.String(), "{\n  \"schema\"") || !strings.HasSuffix(b.String(), "}\n") {
			t.Errorf("%s: want a 2-space indented document ending in a newline, got:\n%s", f.name, b.String())
		}
	}
}

// Whatever the grader left out, the document has what the contract promises.
func TestJSONFillsGaps(t *testing.T) {
	r := &report.Report{
		Challenge: "lru", Verdict: report.RuntimeError,
		Suites: []report.Suite{
			{Name: report.Performance, Status: report.Pass},
			{Name: "fuzz", Status: report.Pass},
			{Name: report.Correctness, Status: report.Fail, Tests: []report.Test{{Name: "TestX", Status: report.Fail,
				Measurements: []report.Measurement{{Operation: "Get"}}}}},
		},
	}
	var b bytes.Buffer
	if err := (JSON{}).Print(&b, r); err != nil {
		t.Fatal(err)
	}
	checkContract(t, "gaps", b.Bytes())
	var got report.Report
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range got.Suites {
		names = append(names, s.Name)
	}
	if diff := cmp.Diff([]string{"correctness", "race", "performance", "fuzz"}, names); diff != "" {
		t.Errorf("suites (-want +got):\n%s", diff)
	}
	if s := got.Suite(report.Race); s.Status != report.Skipped || s.Reason == "" {
		t.Errorf("missing race suite printed as %+v; want skipped with a reason", s)
	}
	for _, key := range []string{`"diagnostics": []`, `"sizes": []`, `"ns_per_op": []`} {
		if !strings.Contains(b.String(), key) {
			t.Errorf("document lacks %s:\n%s", key, b.String())
		}
	}
}

// The document holds everything the report does: decoding it gives the report back.
func TestJSONRoundTrip(t *testing.T) {
	for _, f := range fixtures {
		var b bytes.Buffer
		want := f.report()
		if err := (JSON{}).Print(&b, want); err != nil {
			t.Fatal(err)
		}
		var got report.Report
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, &got, cmpopts.IgnoreFields(report.Report{}, "Dir")); diff != "" {
			t.Errorf("%s: decoded report differs (-printed +decoded):\n%s", f.name, diff)
		}
	}
}

// Ratios can be infinite when a measured time rounds to zero; JSON has no infinity, and the
// report must print all the same.
func TestJSONNonFinite(t *testing.T) {
	r := tooSlowReport()
	m := &r.Suite(report.Performance).Tests[0].Measurements[1]
	m.Slowdown, m.Growth, m.RefGrowth = math.Inf(1), math.NaN(), math.Inf(-1)
	m.RefNsPerOp[0] = math.Inf(1)
	var b bytes.Buffer
	if err := (JSON{}).Print(&b, r); err != nil {
		t.Fatalf("Print with infinite ratios: %v", err)
	}
	var got report.Report
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	gm := got.Suite(report.Performance).Tests[0].Measurements[1]
	if gm.Slowdown != math.MaxFloat64 || gm.Growth != 0 || gm.RefGrowth != -math.MaxFloat64 || gm.RefNsPerOp[0] != math.MaxFloat64 {
		t.Errorf("non-finite figures printed as %v %v %v %v", gm.Slowdown, gm.Growth, gm.RefGrowth, gm.RefNsPerOp[0])
	}
	if !math.IsInf(m.Slowdown, 1) {
		t.Errorf("Print changed the report's figures")
	}
}

func TestJSONPrintAll(t *testing.T) {
	var b bytes.Buffer
	if err := (JSON{}).PrintAll(&b, multiReports()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"schema", "passed", "score", "max_score", "reports"}, objectKeys(t, b.Bytes())); diff != "" {
		t.Errorf("ci document keys (-want +got):\n%s", diff)
	}
	var doc struct {
		Schema   string            `json:"schema"`
		Passed   bool              `json:"passed"`
		Score    int               `json:"score"`
		MaxScore int               `json:"max_score"`
		Reports  []json.RawMessage `json:"reports"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != CISchema || doc.Passed || doc.Score != 170 || doc.MaxScore != 300 || len(doc.Reports) != 3 {
		t.Errorf("ci document = %s %v %d/%d with %d reports; want %s false 170/300 with 3",
			doc.Schema, doc.Passed, doc.Score, doc.MaxScore, len(doc.Reports), CISchema)
	}
	var dirs []string
	for i, raw := range doc.Reports {
		checkContract(t, multiReports()[i].Dir, raw)
		var r struct {
			Dir string `json:"dir"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, r.Dir)
	}
	if diff := cmp.Diff([]string{"lru", "practice/lru-slow", "broken"}, dirs); diff != "" {
		t.Errorf("report folders (-want +got):\n%s", diff)
	}
}

// Passing needs something graded, and everything graded passing.
func TestJSONPrintAllPassed(t *testing.T) {
	for _, c := range []struct {
		name string
		rs   []*report.Report
		want bool
	}{
		{"none", nil, false},
		{"all pass", []*report.Report{acceptedReport(), acceptedReport()}, true},
		{"one fails", []*report.Report{acceptedReport(), raceReport()}, false},
	} {
		var b bytes.Buffer
		if err := (JSON{}).PrintAll(&b, c.rs); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Passed  bool              `json:"passed"`
			Reports []json.RawMessage `json:"reports"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Passed != c.want || doc.Reports == nil {
			t.Errorf("%s: passed = %v, reports = %s; want %v and an array", c.name, doc.Passed, b.String(), c.want)
		}
	}
}
