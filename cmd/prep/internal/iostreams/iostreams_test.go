package iostreams

import (
	"os"
	"testing"
)

func TestColorEnabled(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		tty  bool
		want bool
	}{
		{"terminal", nil, true, true},
		{"pipe", nil, false, false},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, true, false},
		{"NO_COLOR empty", map[string]string{"NO_COLOR": ""}, true, false},
		{"TERM=dumb", map[string]string{"TERM": "dumb"}, true, false},
		{"TERM=xterm", map[string]string{"TERM": "xterm-256color"}, true, true},
		{"CLICOLOR_FORCE in a pipe", map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{"CLICOLOR_FORCE with TERM=dumb", map[string]string{"CLICOLOR_FORCE": "1", "TERM": "dumb"}, false, true},
		{"CLICOLOR_FORCE=0", map[string]string{"CLICOLOR_FORCE": "0"}, false, false},
		{"NO_COLOR beats CLICOLOR_FORCE", map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			if got := colorEnabled(lookup, tt.tty); got != tt.want {
				t.Errorf("colorEnabled = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTest(t *testing.T) {
	ios, in, out, errOut := Test()
	in.WriteString("x")
	ios.Out.Write([]byte("o"))
	ios.ErrOut.Write([]byte("e"))
	if ios.In != in || out.String() != "o" || errOut.String() != "e" {
		t.Error("Test streams are not the returned buffers")
	}
	if ios.IsStdoutTTY || ios.IsStderrTTY || ios.ColorEnabled {
		t.Error("Test streams claim a terminal")
	}
}

// A console that cannot be taken to handle escape sequences (an old Windows console) gets
// neither colour nor a live progress line; a pipe never asks the console at all.
func TestEscapesWork(t *testing.T) {
	for _, tc := range []struct {
		tty, handles, want, asked bool
	}{
		{tty: true, handles: true, want: true, asked: true},
		{tty: true, handles: false, want: false, asked: true},
		{tty: false, handles: true, want: false, asked: false},
	} {
		asked := false
		enable := func(*os.File) bool { asked = true; return tc.handles }
		if got := escapesWork(tc.tty, enable, os.Stdout); got != tc.want || asked != tc.asked {
			t.Errorf("tty %v, handles %v: escapesWork = %v (asked %v), want %v (asked %v)", tc.tty, tc.handles, got, asked, tc.want, tc.asked)
		}
	}
}
