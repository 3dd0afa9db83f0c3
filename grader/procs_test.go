package grader

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// userCacheEnv returns the environment that points os.UserCacheDir, under which prep keeps
// its grading folders and tools, at a fresh folder, and the folder it then names. Each
// platform reads a variable of its own: XDG_CACHE_HOME alone would leave a test on macOS or
// Windows grading in the user's real cache, where it can find nothing of its own.
func userCacheEnv(t *testing.T) (env []string, cache string) {
	t.Helper()
	dir := t.TempDir()
	// The path as prep will print it and its processes will carry it: macOS reaches temporary
	// folders through a link (/var is /private/var), Windows may name them by a short 8.3 name.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	switch runtime.GOOS {
	case "windows":
		return []string{"LocalAppData=" + dir}, dir
	case "darwin", "ios":
		return []string{"HOME=" + dir}, filepath.Join(dir, "Library", "Caches")
	default:
		return []string{"XDG_CACHE_HOME=" + dir}, dir
	}
}

// isolateUserCache points this process's user cache at a fresh folder for the rest of the
// test, and returns it.
func isolateUserCache(t *testing.T) string {
	t.Helper()
	env, cache := userCacheEnv(t)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	if got, err := os.UserCacheDir(); err != nil || got != cache {
		t.Fatalf("os.UserCacheDir() = %q, %v after setting %q; want %q", got, err, env, cache)
	}
	return cache
}

// processesMentioning lists the command lines of the running processes that contain s.
func processesMentioning(t *testing.T, s string) []string {
	t.Helper()
	// Give the kernel a moment to reap the killed group.
	time.Sleep(100 * time.Millisecond)
	procs, err := process.Processes()
	if err != nil {
		t.Fatalf("listing the running processes: %v", err)
	}
	var out []string
	for _, p := range procs {
		// A process that has ended meanwhile, or another user's, has no command line to read,
		// and cannot be one of the grader's.
		cmdline, err := p.Cmdline()
		if err == nil && strings.Contains(cmdline, s) {
			out = append(out, cmdline)
		}
	}
	return out
}
