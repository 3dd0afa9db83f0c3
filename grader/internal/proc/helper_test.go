//go:build unix || windows

package proc

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// helperEnv makes the test binary play one of the processes of a command under test instead
// of running the tests.
const helperEnv = "PROC_TEST_HELPER"

// helperLifetime bounds how long a helper process lives, should a test fail to end it.
const helperLifetime = 30 * time.Second

func TestMain(m *testing.M) {
	if role := os.Getenv(helperEnv); role != "" {
		playHelper(role)
		return
	}
	os.Exit(m.Run())
}

// playHelper plays a helper process:
//
//	parent:ROLE  starts the test binary as ROLE, sharing its output, and waits for it
//	sleeper      says "ready" and sleeps
//	hog          says "ready" and allocates memory a megabyte at a time
func playHelper(role string) {
	time.AfterFunc(helperLifetime, func() { os.Exit(3) })
	switch parent, child, _ := strings.Cut(role, ":"); parent {
	case "parent":
		exe, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		c := exec.Command(exe)
		c.Env = append(os.Environ(), helperEnv+"="+child)
		c.Stdout, c.Stderr = os.Stdout, os.Stderr
		if err := c.Run(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	case "sleeper":
		fmt.Println("ready")
		time.Sleep(helperLifetime)
	case "hog":
		fmt.Println("ready")
		var kept [][]byte
		// Far past any limit a test sets, not so far as to trouble the machine if the watch fails.
		for range 256 {
			b := make([]byte, 1<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			kept = append(kept, b)
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(helperLifetime)
		fmt.Println(len(kept))
	default:
		fmt.Fprintln(os.Stderr, "unknown helper role", role)
		os.Exit(2)
	}
	os.Exit(0)
}

// helperCommand returns a command of helper processes, as playHelper describes role, and
// what they print.
func helperCommand(ctx context.Context, t *testing.T, role string) (*Cmd, *lockedBuffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := Command(ctx, exe)
	cmd.Env = append(os.Environ(), helperEnv+"="+role)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	return cmd, out
}

// waitForOutput waits until the helpers have printed want.
func waitForOutput(t *testing.T, out *lockedBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the helpers did not print %q; they printed:\n%s", want, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
