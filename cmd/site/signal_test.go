package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// siteBinary builds the real command once for the tests that signal it.
func siteBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the command")
	}
	exe := filepath.Join(t.TempDir(), "site")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

// runaway is a layout that never ends and writes nothing while it runs.
const runaway = `{{define "main"}}{{range 1000000000}}{{range 1000000000}}{{end}}{{end}}{{end}}`

// TestSignalStopsBuild sends SIGTERM to a build stuck in a layout: it ends
// within a second and leaves no unfinished folder.
func TestSignalStopsBuild(t *testing.T) {
	exe := siteBinary(t)
	dir := smallSite(t)
	os.WriteFile(filepath.Join(dir, "layouts/space.html"), []byte(runaway), 0o644)
	var stderr bytes.Buffer
	cmd := exec.Command(exe, "build", "-src", dir, "-o", filepath.Join(dir, "public"))
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until it is drawing pages: its unfinished folder is there.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(dir, ".public.new-*")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the build never started writing\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	sent := time.Now()
	stopWithin(t, cmd, "the build")
	t.Logf("ended %s after SIGTERM: %s", time.Since(sent).Round(time.Millisecond), strings.TrimSpace(stderr.String()))
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, unfinished := range []string{".public.new-*", ".public.old-*"} {
		if m, _ := filepath.Glob(filepath.Join(dir, unfinished)); len(m) > 0 {
			t.Errorf("left %v", m)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("public was made")
	}
}

// TestSignalStopsServe sends SIGTERM to a preview whose first build is
// stuck in a layout: it ends within a second and removes its folder.
func TestSignalStopsServe(t *testing.T) {
	exe := siteBinary(t)
	dir := smallSite(t)
	os.WriteFile(filepath.Join(dir, "layouts/space.html"), []byte(runaway), 0o644)
	tmp := t.TempDir()
	var stdout bytes.Buffer
	cmd := exec.Command(exe, "serve", "-src", dir, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m, _ := filepath.Glob(filepath.Join(tmp, "site-serve-*", ".public.new-*")); len(m) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the preview never started building")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	stopWithin(t, cmd, "the preview")
	if m, _ := filepath.Glob(filepath.Join(tmp, "*")); len(m) > 0 {
		t.Errorf("left %v", m)
	}
}

// stopWithin sends cmd SIGTERM and fails unless it ends within a second.
func stopWithin(t *testing.T, cmd *exec.Cmd, what string) {
	t.Helper()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s was still running 1s after SIGTERM", what)
	}
}
