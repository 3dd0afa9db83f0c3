package rules

import (
	"strings"
	"testing"
)

// The statement's rules name everything the checks use: every allowed package, every
// identifier rule and directive, and a challenge's own extra packages.
func TestMarkdownStatesEveryRule(t *testing.T) {
	md := Markdown([]string{"container/heap", "encoding/csv"})
	var want []string
	for _, p := range append(append([]string(nil), AllowedImports...), "encoding/csv") {
		want = append(want, "`"+p+"`")
	}
	for p := range WhyForbidden {
		want = append(want, "`"+p+"`")
	}
	for p, r := range IdentRules {
		for _, n := range r.Only {
			want = append(want, "`"+p+"."+n+"`")
		}
		for n := range r.Deny {
			if r.Only == nil {
				want = append(want, "`"+p+"."+n+"`")
			}
		}
	}
	for _, d := range AllowedDirectives {
		want = append(want, "`//"+d+"`")
	}
	for _, w := range want {
		if !strings.Contains(md, w) {
			t.Errorf("the rules do not mention %s:\n%s", w, md)
		}
	}
}
