package render

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"

	"github.com/prep-judge/prep/grader/report"
)

// CISchema names the version of the document `prep ci --format json` prints.
const CISchema = "prep.ci/v1"

// JSON prints the "prep.report/v1" document of the outside contract, and for several reports
// the "prep.ci/v1" document that wraps them. Scripts parse it, so it holds exactly what the
// contract promises: the three suites in order, and arrays that are empty rather than null.
type JSON struct{}

// Print writes r as one JSON document followed by a newline.
func (JSON) Print(w io.Writer, r *report.Report) error {
	if r == nil {
		return errNilReport
	}
	return encode(w, contractReport(r))
}

// ciDocument is the "prep.ci/v1" document: the overall outcome first, so that a script can
// stop reading there, then each challenge's report.
type ciDocument struct {
	Schema   string     `json:"schema"`
	Passed   bool       `json:"passed"`
	Score    int        `json:"score"`
	MaxScore int        `json:"max_score"`
	Reports  []ciReport `json:"reports"`
}

// ciReport is one challenge's report in a CI document. Beside the contract's fields it names
// the folder graded, because a practice repo may hold the same challenge twice and a script
// needs to tell which result belongs to which folder. The embedded report's own Dir is not
// encoded, so this field is the only "dir".
type ciReport struct {
	*report.Report
	Dir string `json:"dir,omitempty"`
}

// PrintAll writes the reports as one "prep.ci/v1" document. It passes only when at least one
// report was given and all of them passed.
func (JSON) PrintAll(w io.Writer, rs []*report.Report) error {
	if err := checkAll(rs); err != nil {
		return err
	}
	_, _, score, maxScore, _ := totals(rs)
	doc := ciDocument{
		Schema:   CISchema,
		Passed:   allPassed(rs),
		Score:    score,
		MaxScore: maxScore,
		Reports:  make([]ciReport, 0, len(rs)),
	}
	for _, r := range rs {
		dir := ""
		if r.Dir != "" {
			dir = filepath.ToSlash(filepath.Clean(r.Dir))
		}
		doc.Reports = append(doc.Reports, ciReport{Report: contractReport(r), Dir: dir})
	}
	return encode(w, doc)
}

func encode(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	// Messages hold Go code and diffs full of < > &; escaping them for HTML would only make
	// the document harder for people to read.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	return flush(w, &b)
}

// contractReport returns a copy of r shaped as the contract promises, whatever the grader
// left out: the schema set, the three suites in order, and every array present. The caller's
// report is not changed.
func contractReport(r *report.Report) *report.Report {
	c := *r
	if c.Schema == "" {
		c.Schema = report.Schema
	}
	c.Suites = suites(r)
	for i := range c.Suites {
		tests := make([]report.Test, len(c.Suites[i].Tests))
		for j, t := range c.Suites[i].Tests {
			tests[j] = contractTest(t)
		}
		c.Suites[i].Tests = tests
	}
	c.Diagnostics = append([]report.Diagnostic{}, r.Diagnostics...)
	return &c
}

func contractTest(t report.Test) report.Test {
	if t.Measurements == nil {
		return t
	}
	ms := make([]report.Measurement, len(t.Measurements))
	for i, m := range t.Measurements {
		m.Sizes = nonNil(m.Sizes)
		m.NsPerOp = finites(m.NsPerOp)
		m.RefNsPerOp = finites(m.RefNsPerOp)
		m.Growth = finite(m.Growth)
		m.RefGrowth = finite(m.RefGrowth)
		m.Slowdown = finite(m.Slowdown)
		m.AllocsPerOp = finite(m.AllocsPerOp)
		m.RefAllocsPerOp = finite(m.RefAllocsPerOp)
		ms[i] = m
	}
	t.Measurements = ms
	return t
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func finites(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = finite(x)
	}
	return out
}
