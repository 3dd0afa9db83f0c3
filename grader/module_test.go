package grader

import (
	"go/version"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/prep-judge/prep/challenges"
)

func TestPathSpellings(t *testing.T) {
	tests := []struct {
		name        string
		goos        string
		root        string
		solutionRel string
		want        []string
	}{
		{
			name: "linux", goos: "linux",
			root: "/home/ada/.cache/prep/work/lru-0", solutionRel: "challenges/lru",
			want: []string{
				"/home/ada/.cache/prep/work/lru-0/challenges/lru/",
				"/home/ada/.cache/prep/work/lru-0/",
				"challenges/lru/",
			},
		},
		{
			name: "darwin", goos: "darwin",
			root: "/Users/ada/Library/Caches/prep/work/lru-1", solutionRel: "challenges/lru",
			want: []string{
				"/Users/ada/Library/Caches/prep/work/lru-1/challenges/lru/",
				"/Users/ada/Library/Caches/prep/work/lru-1/",
				"challenges/lru/",
			},
		},
		{
			name: "windows", goos: "windows",
			root: `C:\Users\ada\AppData\Local\prep\work\lru-0`, solutionRel: "challenges/lru",
			want: []string{
				`C:\Users\ada\AppData\Local\prep\work\lru-0\challenges\lru\`,
				`c:\Users\ada\AppData\Local\prep\work\lru-0\challenges\lru\`,
				`C:/Users/ada/AppData/Local/prep/work/lru-0/challenges/lru/`,
				`c:/Users/ada/AppData/Local/prep/work/lru-0/challenges/lru/`,
				`C:\Users\ada\AppData\Local\prep\work\lru-0\`,
				`c:\Users\ada\AppData\Local\prep\work\lru-0\`,
				`C:/Users/ada/AppData/Local/prep/work/lru-0/`,
				`c:/Users/ada/AppData/Local/prep/work/lru-0/`,
				`challenges\lru\`,
				`challenges/lru/`,
			},
		},
		{
			name: "windows with a lowercase drive", goos: "windows",
			root: `d:\cache\prep\work\lru-2`, solutionRel: "challenges/lru",
			want: []string{
				`d:\cache\prep\work\lru-2\challenges\lru\`,
				`D:\cache\prep\work\lru-2\challenges\lru\`,
				`d:/cache/prep/work/lru-2/challenges/lru/`,
				`D:/cache/prep/work/lru-2/challenges/lru/`,
				`d:\cache\prep\work\lru-2\`,
				`D:\cache\prep\work\lru-2\`,
				`d:/cache/prep/work/lru-2/`,
				`D:/cache/prep/work/lru-2/`,
				`challenges\lru\`,
				`challenges/lru/`,
			},
		},
		{
			name: "windows share", goos: "windows",
			root: `\\server\home\prep\work\lru-0`, solutionRel: "challenges/lru",
			want: []string{
				`\\server\home\prep\work\lru-0\challenges\lru\`,
				`//server/home/prep/work/lru-0/challenges/lru/`,
				`\\server\home\prep\work\lru-0\`,
				`//server/home/prep/work/lru-0/`,
				`challenges\lru\`,
				`challenges/lru/`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pathSpellings(tt.goos, tt.root, tt.solutionRel); !slices.Equal(got, tt.want) {
				t.Errorf("pathSpellings(%q, %q, %q) =\n%q\nwant\n%q", tt.goos, tt.root, tt.solutionRel, got, tt.want)
			}
		})
	}
}

// TestRewritePathsWindows strips every spelling of a Windows module's paths that the
// compiler, the test binary and the runtime write, replacing as rewritePaths does.
func TestRewritePathsWindows(t *testing.T) {
	const root = `C:\Users\ada\AppData\Local\prep\work\lru-0`
	tests := []struct{ in, want string }{
		{`C:\Users\ada\AppData\Local\prep\work\lru-0\challenges\lru\lru.go:12:2: undefined: x`, `lru.go:12:2: undefined: x`},
		{`c:\Users\ada\AppData\Local\prep\work\lru-0\challenges\lru\lru.go:12:2: undefined: x`, `lru.go:12:2: undefined: x`},
		{"\tC:/Users/ada/AppData/Local/prep/work/lru-0/challenges/lru/lru.go:40 +0x1d", "\tlru.go:40 +0x1d"},
		{"\tc:/Users/ada/AppData/Local/prep/work/lru-0/challenges/kit/perf.go:300", "\tchallenges/kit/perf.go:300"},
		{`challenges\lru\lru.go:3:1: syntax error`, `lru.go:3:1: syntax error`},
		{`challenges/lru/lru.go:3:1: syntax error`, `lru.go:3:1: syntax error`},
		{`opening C:\Users\ada\AppData\Local\prep\work\lru-0\go.mod`, `opening go.mod`},
		{`D:\elsewhere\lru.go:1`, `D:\elsewhere\lru.go:1`},
	}
	for _, tt := range tests {
		got := tt.in
		for _, p := range pathSpellings("windows", root, "challenges/lru") {
			got = strings.ReplaceAll(got, p, "")
		}
		if got != tt.want {
			t.Errorf("rewriting %q gave %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRewritePaths(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the paths below are Unix paths")
	}
	m := &module{root: "/cache/prep/work/lru-0", solutionRel: "challenges/lru"}
	tests := []struct{ in, want string }{
		{"/cache/prep/work/lru-0/challenges/lru/lru.go:12:2: undefined: x", "lru.go:12:2: undefined: x"},
		{"\t/cache/prep/work/lru-0/challenges/kit/perf.go:300 +0x1d", "\tchallenges/kit/perf.go:300 +0x1d"},
		{"challenges/lru/lru_test.go:9: got 1", "lru_test.go:9: got 1"},
		{"lru." + judgedPrefix + "TestGet(0x1)", "lru.TestGet(0x1)"},
	}
	for _, tt := range tests {
		if got := m.rewritePaths(tt.in); got != tt.want {
			t.Errorf("rewritePaths(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The grading module's go directive is goDirective, and is new enough for the standard
// library the hidden tests and the kit use: testing/synctest needs Go 1.25, and synctest
// refuses to run in a module older than Go 1.23, whose timers' channels are the old
// asynchronous ones.
func TestModuleGoDirective(t *testing.T) {
	set, err := challenges.Default()
	if err != nil {
		t.Fatal(err)
	}
	needs := map[string]string{`"testing/synctest"`: "go1.25"}
	kit, err := challenges.KitFiles()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.All() {
		hidden, err := c.HiddenTests()
		if err != nil {
			t.Fatal(err)
		}
		for _, files := range []map[string][]byte{hidden, kit} {
			for name, data := range files {
				for use, need := range needs {
					if strings.Contains(string(data), use) && version.Compare("go"+goDirective, need) < 0 {
						t.Errorf("%s/%s uses %s, which needs %s; the grading module says go %s", c.Name, name, use, need, goDirective)
					}
				}
			}
		}
	}
	c, err := set.Lookup("ratelimiter")
	if err != nil {
		t.Fatal(err)
	}
	m, err := newModule(t.TempDir(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(m.root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "\ngo "+goDirective+"\n") {
		t.Errorf("the grading module's go.mod is\n%s\nwant the directive go %s", gomod, goDirective)
	}
}
